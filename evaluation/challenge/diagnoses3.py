"""Challenge set ``diagnoses3`` (round 3 of ``diagnoses``): the patient's diagnoses,
``doc._.case.diagnoses``, on realistic invented case summaries written before reading the rules
(injury mechanism, treatment history, exam and imaging findings, one or two diagnosis lists in
prose, numbered, dashed, indented or capitalised shapes, ICD-10-CM codes before or after the
description, "status post", "history of", comorbidities, abbreviations, rule-outs, negations and
conditions named only in test findings or the rationale). Scored as round 1."""

from evaluation.challenge.diagnoses import score

__all__ = ["score"]
