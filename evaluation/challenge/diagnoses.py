"""Challenge set ``diagnoses``: the patient's diagnoses, ``doc._.case.diagnoses``.

Each item is an invented case summary (and, optionally, the rationale of its one decision) with the
diagnoses the summary states, as written, lower case (letters2/README.md). The item is put into a
minimal invented letter (header, case summary, one decision with its guideline lines and
rationale) so that it takes the path of a real letter, and the library's diagnoses are compared
with ``evaluation.facts.predicted_diagnoses`` and the lenient ``diagnosis_matches``.
"""

from __future__ import annotations

from typing import Any

from evaluation.facts import Tally, collapse, diagnosis_matches, predicted_diagnoses

HEADER = """Case Number: CM16-0999997
Date Assigned: 11/02/2016 Date of Injury: 03/04/2011
Decision Date: 12/02/2016 UR Denial Date: 10/21/2016
Priority: Standard Application Received: 10/26/2016
CLINICAL CASE SUMMARY
"""
DECISIONS = """
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Requested service x 1: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment
Guidelines 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009.
Decision rationale: {rationale}
"""
NEUTRAL_RATIONALE = "The records do not support the request. It is not medically necessary."


def letter(item: dict[str, Any]) -> str:
    """The invented letter of one item."""
    rationale = item.get("rationale") or NEUTRAL_RATIONALE
    return HEADER + item["summary"].rstrip() + "\n" + DECISIONS.format(rationale=rationale)


def score(nlp, items: list[dict[str, Any]], tally: Tally) -> None:
    """Compare the library's case diagnoses of every item with the item's ``diagnoses``."""
    texts = [letter(item) for item in items]
    for item, doc in zip(items, nlp.pipe(texts), strict=True):
        ref = [collapse(d).lower() for d in item["diagnoses"]]
        pred = predicted_diagnoses(doc)
        tally.items("diagnoses", pred, ref, diagnosis_matches, case=item["id"])
