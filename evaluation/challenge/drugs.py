"""Challenge set ``drugs``: the generic ingredients of every medication a passage names.

Each item is an invented passage of a case summary or a rationale with the set of generic
ingredients it names (``"drugs"``, the ``drugs_mentioned`` convention of letters2/README.md).
The passage is put into a minimal invented letter (header, case summary, one disputed item with
its rationale): a passage that reads as a rationale (it speaks of guidelines, recommendations or
medical necessity) goes into the rationale, any other into the case summary, so that it takes
the path a real letter's text takes. The predicted set is, as ``evaluation.facts`` scores
``drugs_mentioned``, the generics of every DRUG entity inside the passage, split at "/".
"""

from __future__ import annotations

import re
from typing import Any

from evaluation.facts import Tally

HEAD = (
    "Case Number: CM16-0999990\n"
    "Date Assigned: 11/01/2016 Date of Injury: 05/05/2010\n"
    "Decision Date: 12/01/2016 UR Denial Date: 10/20/2016\n"
    "Priority: Standard Application Received: 10/25/2016\n"
    "CLINICAL CASE SUMMARY\n"
    "The injured worker is a 50 year old female who hurt her lower back lifting a box at work.\n"
)
ISSUES = (
    "\nIMR ISSUES, DECISIONS AND RATIONALES\n"
    "The Final Determination rests on the decisions for the disputed items/services listed "
    "below:\n"
    "Physical therapy for the lumbar spine, six sessions: Upheld\n"
    "Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.\n"
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.\n"
    "Decision rationale: "
)
TAIL = "\nThe request is not medically necessary.\n"
#: A passage with one of these reads as a rationale.
RATIONALE = re.compile(
    r"(?i)\b(?:MTUS|ODG|guidelines?|recommend\w*|medically necessary|indicated|supported)\b"
)


def letter(passage: str) -> tuple[str, str, str]:
    """The letter text with ``passage`` in its summary or rationale; the text before and after
    the passage."""
    if RATIONALE.search(passage):
        before = HEAD + "Treatment has included therapy and home exercise.\n" + ISSUES
        after = TAIL
    else:
        before = HEAD
        after = "\n" + ISSUES + "Therapy is not shown to help." + TAIL
    return before + passage + after, before, after


def predicted(doc: Any, before: str, after: str) -> list[str]:
    """The generics of the DRUG entities of the passage (between ``before`` and ``after``,
    found again in the cleaned text, which may join the passage's blank lines), split at "/"."""
    start = len(before)
    end = doc.text.find(after.strip().splitlines()[0], start)
    end = len(doc.text) if end == -1 else end
    return sorted(
        {
            g
            for e in doc.ents
            if e.label_ == "DRUG" and start <= e.start_char and e.end_char <= end
            for g in e.kb_id_.split("/")
            if g
        }
    )


def score(nlp: Any, items: list[dict[str, Any]], tally: Tally) -> None:
    texts = [letter(item["text"]) for item in items]
    for item, (_, before, after), doc in zip(
        items, texts, nlp.pipe(t for t, _, _ in texts), strict=True
    ):
        if not doc.text.startswith(before):
            raise ValueError(f"{item['id']}: the letter's text before the passage changed")
        ref = sorted({d.lower() for d in item["drugs"]})
        tally.items("drugs_mentioned", predicted(doc, before, after), ref, case=item["id"])
