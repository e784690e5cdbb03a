"""Challenge set ``diagnoses4`` (round 4 of ``diagnoses``): the patient's diagnoses,
``doc._.case.diagnoses``, on realistic invented case summaries written blind (without reading the
library's rules, code or earlier items beyond the format). The emphasis is on the hard forms:
ICD-10-CM descriptions written out in full ("other intervertebral disc displacement, lumbar
region", "..., subsequent encounter", "..., sequela"), ICD codes before or after the description,
"has filed a claim for ...", "the diagnoses were noted to include", "Assessment:" and
"Impression:" blocks, diagnoses split over a line break, abbreviations (DDD, CTS, CRPS, HNP, s/p),
"status post" items (kept, as the letters2 conventions keep them), "X pain" listed as a diagnosis
against pain mentioned only as a symptom, psychiatric and internal-medicine diagnoses (major
depressive disorder, hypertension, diabetes), and the conditions that are not diagnoses: rule-outs,
"no evidence of", "negative for", unrelated history-of conditions, and conditions named only in
imaging findings, in a guideline quotation or in a past denied request. Comorbidities that the
summary states as current diagnoses ("comorbid conditions include hypertension") are counted.
Scored as round 1."""

from evaluation.challenge.diagnoses import score

__all__ = ["score"]
