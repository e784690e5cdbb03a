"""Challenge set "factors6": round 6 of the rationale factors (``doc.spans["rationale_factors"]``
and each span's ``_.status``), invented passages written blind (without reading the rules, the code
or the earlier sets' items). About half are ordinary rationales of realistic length (a guideline
paraphrase, the findings about this patient, the conclusion) for every kind of request (opioids and
other drugs, imaging, therapy, injections, surgery, DME, programs, consultations, labs), upheld and
overturned. The other half stresses the factors real rationales invoke most, worded without the
obvious keywords ("tried everything short of surgery", "the prescriptions go back to 2011", "the lab
confirmed the expected medication in her sample", "signed the clinic's narcotic policy", "can sit
through a two-hour class"); a status decided by a finding several sentences away from the
criterion; findings reported in the patient's history ("the patient reported", "per the PR-2")
rather than the reviewer's voice; mixed statuses in one item; later conclusions that overturn an
earlier statement; pure guideline restatement (requirement); and background mentions that are not
factors (injury dates, a steroid pack that steps down, "weaned off crutches", "returned to the
clinic", a pain score behind an imaging request, red flags and objective findings). The items and
the scoring are those of round 1 (``evaluation.challenge.factors``)."""

from __future__ import annotations

from evaluation.challenge.factors import score

__all__ = ["score"]
