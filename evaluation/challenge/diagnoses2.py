"""Challenge set ``diagnoses2`` (round 2 of ``diagnoses``): the patient's diagnoses,
``doc._.case.diagnoses``, on new invented items written before reading the rules (long summaries,
several lists, the physician's own wording, psychiatric and internal-medicine diagnoses, ICD-10-CM
descriptions with codes, capitals, wrapped lines, and distractors). Scored as round 1."""

from evaluation.challenge.diagnoses import score

__all__ = ["score"]
