"""Challenge set ``diagnoses6`` (round 6 of ``diagnoses``): the patient's diagnoses,
``doc._.case.diagnoses``, on 120 invented case summaries written blind (without reading the
library's rules, code, docs or earlier items beyond the format), wrapped at about 93 columns as in
a PDF's text, so that 70 of the 308 diagnoses run over a line break.

Items 001-083 (70%) follow the kinds and lengths of real summaries: one to five diagnoses after
"is undergoing treatment for", "the diagnoses have included", "was diagnosed as having", "the
current diagnoses are", "has filed a claim for", "the working diagnoses are"; injuries, ICD-10-CM
descriptions in prose ("..., initial encounter"), post-surgical states ("status post ..."),
psychiatric and internal-medicine comorbidities, and one hedged "possible ..." diagnosis kept as
written. Items 084-120 (30%) are harder: numbered and upper-case lists ("ASSESSMENT: 1. ..."),
codes before or after the description (ICD-10 and ICD-9), "Dx:" with abbreviations (CTS, DDD,
GERD), slash forms, DSM wordings with commas, and conditions that are NOT the patient's
diagnoses: rule-outs ("r/o", "rule out", "needed to be ruled out", "ruled out on examination"),
"no evidence of", conditions excluded by a test or considered and not confirmed, remote or resolved
history, family history, a prior settled claim, imaging-only findings, a prior denied request,
and guideline conditions quoted in the rationale (five items carry a rationale). One item has no
diagnosis. Diagnoses are lower case, as written, without their codes, each once, in letter order.
Scored as round 1."""

from evaluation.challenge.diagnoses import score

__all__ = ["score"]
