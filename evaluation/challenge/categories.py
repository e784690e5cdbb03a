"""Challenge set ``categories``: the treatment category of a disputed item's request line.

Each item is a request line as it stands on its outcome line (``"line"``) and the category the
conventions give it (``"category"``, one of API.md's 15). The line is put into a minimal invented
letter (header, a bland case summary that names no treatment, one outcome line, the two guideline
lines and a rationale) and the whole letter goes through the pipeline, so the category comes from
the decision the letter yields, as for a real letter. A letter that yields no decision, or none
whose request is the item's line, counts as missing.
"""

from __future__ import annotations

from typing import Any

from evaluation.facts import MISSING_DECISION, Tally, collapse

HEAD = """Case Number: CM16-0999990
Date Assigned: 11/01/2016 Date of Injury: 05/05/2010
Decision Date: 12/01/2016 UR Denial Date: 10/20/2016
Priority: Standard Application Received: 10/25/2016
CLINICAL CASE SUMMARY
The injured worker is a 52 year old female who hurt her lower back and right arm lifting boxes
at work. She reports ongoing pain and limited motion. The treating provider asked for the item
below, and utilization review did not certify it.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
"""
TAIL = """: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.
Decision rationale: The records give no reason that supports this item at this time. The
request is not medically necessary.
"""


def letter(line: str) -> str:
    """A minimal invented letter whose one disputed item is ``line``."""
    return HEAD + line + TAIL


def decision_for(doc, line: str):
    """The decision whose request is ``line`` (whitespace collapsed), else MISSING_DECISION."""
    want = collapse(line)
    for decision in doc._.decisions:
        if collapse(decision.treatment) == want:
            return decision
    return MISSING_DECISION


def score(nlp, items: list[dict[str, Any]], tally: Tally) -> None:
    docs = nlp.pipe(letter(item["line"]) for item in items)
    for item, doc in zip(items, docs, strict=True):
        decision = decision_for(doc, item["line"])
        pred = decision if decision is MISSING_DECISION else decision.category
        tally.value("category", pred, item["category"], item["id"], where=item["line"])
