"""Challenge set "factors": the rationale factors of a decision and the status of each
(``doc.spans["rationale_factors"]``, ``span._.status``; see ``evaluation/gold/factors/GUIDE.md``).

Each invented item holds a disputed item's request line, its outcome ("upheld" or
"overturned"), an invented "Decision rationale:" passage and the factors that passage invokes
with their status (``{"pain_relief": "not_documented", ...}``; ``{}``: the passage weighs none,
e.g. a factor word used as background). The item is put as the one disputed item of a minimal
invented letter (header, a case summary that names no factor, the item with its outcome, guideline
lines and the rationale, wrapped like extracted PDF text), so it goes through the same code
path as a real letter. Per item, compared with ``evaluation.factors.decision_factors`` for
decision 0:

- ``factors``: the set of factor labels (precision, recall, F1);
- ``factor_status``: the status of every label both found and expected (accuracy); a factor
  with several spans has the status ``evaluation.factors`` gives it (a finding outweighs a
  requirement; between findings the later one).
"""

from __future__ import annotations

import textwrap
from typing import Any

from evaluation.factors import decision_factors
from evaluation.facts import Tally, collapse

HEAD = """Case Number: CM16-0999002
Date Assigned: 09/14/2016 Date of Injury: 07/21/2011
Decision Date: 10/20/2016 UR Denial Date: 08/30/2016
Priority: Standard Application Received: 09/06/2016
CLINICAL CASE SUMMARY
The injured worker is a 47 year old man who was hurt when he slipped from a loading dock at
work. He has been seen regularly by his treating physician. The physician asked for the item
below, which utilization review did not certify.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
"""
GUIDELINES = """Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.
"""


def wrap(text: str) -> str:
    """Line-wrap a passage like extracted PDF text (a passage's own line breaks are kept)."""
    if "\n" in text:
        return text
    return textwrap.fill(text, width=96)


def letter(item: dict[str, Any]) -> str:
    """A minimal invented letter whose one disputed item is ``item``."""
    outcome = item["outcome"].capitalize()
    rationale = wrap("Decision rationale: " + item["rationale"])
    return f"{HEAD}{item['request']}: {outcome}\n{GUIDELINES}{rationale}\n"


def score(nlp: Any, items: list[dict[str, Any]], tally: Tally) -> None:
    docs = nlp.pipe(letter(item) for item in items)
    for item, doc in zip(items, docs, strict=True):
        found = decision_factors(doc).get("0", {})
        want = item["factors"]
        tally.items("factors", sorted(found), sorted(want), case=item["id"])
        where = collapse(item["rationale"])[:120]
        for label in sorted(set(found) & set(want)):
            status = found[label]
            tally.value("factor_status", status, want[label], item["id"], f"{label}: {where}")
