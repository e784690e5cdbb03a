"""Challenge set "requests": the fields the request grammar reads from a disputed item's request
line (drug, strength in mg, quantity and its unit, refills, frequency).

Each invented line is put as the one disputed item of a minimal invented letter (header, a case
summary that names no drug, the item with its outcome, guideline lines and a rationale that
names no number), so it goes through the same code path as a real letter's request, and the
fields of ``doc._.decisions[0]`` are compared with the item's keys (a key left out of an item
is not scored for it):

- ``drug``: ``Decision.drug``;
- ``strength_mg``: the sorted amounts of ``Decision.strength`` when they are mg numbers (unit
  "mg", "mg/ml" or none written), else None: a percentage or a mcg strength gives no mg
  number (letters2/README.md: "the mg numbers only");
- ``quantity`` (as float), ``quantity_unit`` (the library's unit names: "g" and "ml"; an item
  keyed with the unit's word, "grams" or "millilitres", names the same unit), ``refills``;
- ``frequency``: the text of ``Decision.frequency``, lower case, whitespace collapsed;
- ``frequency_per_day``: ``Decision.frequency.per_day`` (as float).
"""

from __future__ import annotations

from typing import Any

from evaluation.facts import MISSING_DECISION, Tally, collapse, strength_mg

HEAD = """Case Number: CM16-0999001
Date Assigned: 11/02/2016 Date of Injury: 04/12/2012
Decision Date: 12/05/2016 UR Denial Date: 10/18/2016
Priority: Standard Application Received: 10/24/2016
CLINICAL CASE SUMMARY
The injured worker is a 52 year old female who hurt her low back lifting boxes at work. She
has had conservative care and reports ongoing pain. The treating physician asked for the item
below, which utilization review did not certify.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
"""
TAIL = """: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.
Decision rationale: The records do not show what the prior care achieved or why more is
needed now. Therefore, the request is not medically necessary.
"""

FIELDS = (
    "drug",
    "strength_mg",
    "quantity",
    "quantity_unit",
    "refills",
    "frequency",
    "frequency_per_day",
)


def letter(line: str) -> str:
    """A minimal invented letter whose one disputed item is ``line``."""
    return HEAD + line + TAIL


def values(dec: Any) -> dict[str, Any]:
    """The comparable fields of a Decision."""
    freq = dec.frequency
    return {
        "drug": dec.drug,
        "strength_mg": strength_mg(dec.strength),
        "quantity": None if dec.quantity is None else float(dec.quantity),
        "quantity_unit": dec.quantity_unit,
        "refills": dec.refills,
        "frequency": None if freq is None else collapse(freq.text).lower(),
        "frequency_per_day": None if freq is None or freq.per_day is None else float(freq.per_day),
    }


# The unit words an item may be keyed with, by the library's unit name.
UNIT_NAMES = {"grams": "g", "gram": "g", "millilitres": "ml", "milliliters": "ml"}


def expected(item: dict[str, Any], key: str) -> Any:
    ref = item[key]
    if ref is None:
        return None
    if key == "quantity_unit":
        return UNIT_NAMES.get(ref, ref)
    if key == "strength_mg":
        return sorted(map(float, ref))
    if key in ("quantity", "frequency_per_day"):
        return float(ref)
    if key == "frequency":
        return collapse(ref).lower()
    return ref


def score(nlp: Any, items: list[dict[str, Any]], tally: Tally) -> None:
    docs = nlp.pipe(letter(item["line"]) for item in items)
    for item, doc in zip(items, docs, strict=True):
        decisions = doc._.decisions
        found = values(decisions[0]) if decisions else None
        for key in FIELDS:
            if key in item:
                pred = MISSING_DECISION if found is None else found[key]
                tally.value(key, pred, expected(item, key), item["id"], collapse(item["line"]))
