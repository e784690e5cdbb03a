"""Challenge set ``diagnoses5`` (round 5 of ``diagnoses``): the patient's diagnoses,
``doc._.case.diagnoses``, on 120 realistic invented case summaries written blind (without reading
the library's rules, code, docs or earlier items beyond the format), each 6-9 lines wrapped at
about 92 columns as in a PDF's text, so that nearly a third of the diagnoses run over a line break.

Emphasis, as in round 4 but with new wording: ICD-10-CM descriptions written out in full, with
their commas ("other spondylosis with radiculopathy, lumbar region", "..., subsequent encounter for
fracture with routine healing", "..., sequela"), ICD-10 codes before or after the description and
ICD-9 codes in one item ("722.10 Displacement of lumbar intervertebral disc without myelopathy");
numbered and semicolon lists after "Diagnoses:", "Assessment:", "Impression:", "Diagnostic
Impressions:", "the diagnoses were noted to include", "the current diagnoses are", "the working
diagnosis is", "was diagnosed with", "carries a diagnosis of", "has filed a claim for ..." (the
conditions claimed count, body parts do not); abbreviations kept as written (DDD, CTS, CRPS, HNP,
ACDF, TKA, DJD, PTSD); "status post" and "s/p" items kept when they are listed among the diagnoses
(a narrative "underwent ..." is a procedure, not a diagnosis); "X pain" listed as a diagnosis
against pain only complained of; psychiatric and internal-medicine diagnoses, including
comorbidities stated as current (type 2 diabetes, hypertension, GERD, obstructive sleep apnea,
chronic kidney disease) and diagnoses labelled nonindustrial. Not diagnoses: rule-outs ("rule
out", "needs to be ruled out", "to exclude"), "no evidence of", "negative for", a diagnosis
excluded by testing or explicitly not made, remote or resolved history ("breast cancer treated in
2007 with no recurrence", a childhood fracture), conditions named only in imaging findings, in a
guideline quotation of the rationale (ten items carry a rationale naming conditions) or in a past
denied request. One item has no diagnosis at all. Diagnoses are lower case, as written, without
their codes, each once, in letter order. Scored as round 1."""

from evaluation.challenge.diagnoses import score

__all__ = ["score"]
