"""Challenge set ``sources``: the guideline sources of one party's guideline line.

Each item is the citation text of one party's part of a decision block (``"text"``, as it follows
its label "Claims Administrator guideline:" or "MAXIMUS guideline:"; the letter form's fixed
lead-ins are written as placeholders, see the data file's header), the party (``"party"``:
"claims_administrator" or "reviewer") and the sources the conventions give it (``"sources"``, in
order of appearance). The text is put as that party's part into the one decision block of a
minimal invented letter (header, a bland summary, an outcome line, the two guideline lines and a
rationale), the whole letter goes through the pipeline, and the sources are read from the
decision as ``evaluation.facts.guideline_sources`` reads them for a real letter.

Compared, for each item (distinct keys, order of first appearance kept):
- ``sources``: the collapsed keys (MTUS, ODG, ACOEM, none, OTHER) as one ordered value;
- ``sources_exact``: the exact keys as one ordered value; a source other than the four is the
  library's name lower-cased (``source_key(name, exact=True)``), and it counts as the expected
  name when the two are the same once "http(s)://", "www." and a path are dropped, or the same
  letters and digits, or one's words contain all the content words of the other
  (``diagnosis_matches``), or both are names of one row of the library's vocabulary of sources
  (``patterns/sources.jsonl``: a body's full name and its short form name one body):
  "uptodate.com" is "UpToDate", "N Engl J Med" is "n engl j med", "CMS" is "Centers for
  Medicare & Medicaid Services";
- ``source_items``: the exact keys as a set, for precision and recall.
A letter without a decision counts as missing.
"""

from __future__ import annotations

import re
from typing import Any

from evaluation.facts import (
    MISSING_DECISION,
    Tally,
    diagnosis_matches,
    guideline_sources,
    source_key,
)
from imr_nlp.entities.sources import vocabulary

PARTIES = {"claims_administrator": "The Claims Administrator", "reviewer": "The Expert Reviewer"}
LEAD_INS = {"{NC}": "Decision based on Non-MTUS Citation", "{DB}": "Decision based on"}
OTHER_PART = "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Introduction."

HEAD = """Case Number: CM16-0999980
Date Assigned: 11/01/2016 Date of Injury: 05/05/2010
Decision Date: 12/01/2016 UR Denial Date: 10/20/2016
Priority: Standard Application Received: 10/25/2016
CLINICAL CASE SUMMARY
The injured worker is a 49 year old male who hurt his lower back and left knee unloading a truck
at work. He reports ongoing pain and limited motion. The treating provider asked for the item
below, and utilization review did not certify it.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Lumbosacral support brace, purchase: Upheld
"""
TAIL = """Decision rationale: The records give no reason that supports this item at this time. The
request is not medically necessary.
"""


def expanded(item: dict[str, Any]) -> str:
    """The item's text with the form's lead-ins written out."""
    text = item["text"].replace("{party}", PARTIES[item["party"]])
    for mark, words in LEAD_INS.items():
        text = text.replace(mark, words)
    return text


def letter(item: dict[str, Any]) -> str:
    """A minimal invented letter whose one decision block has the item's text as its party's
    guideline part."""
    text = expanded(item)
    ca = text if item["party"] == "claims_administrator" else OTHER_PART
    reviewer = text if item["party"] == "reviewer" else OTHER_PART
    return f"{HEAD}Claims Administrator guideline: {ca}\nMAXIMUS guideline: {reviewer}\n{TAIL}"


def predicted(doc, party: str) -> list[str] | Any:
    """The party's sources of the letter's first decision, as evaluation.facts reads them."""
    if not doc._.decisions:
        return MISSING_DECISION
    decision = doc._.decisions[0]
    return guideline_sources(
        getattr(decision, f"{party}_guidelines"), getattr(decision, f"{party}_cited_nothing")
    )


def distinct(keys: list[str]) -> list[str]:
    """``keys`` without repeats, in order of first appearance."""
    return list(dict.fromkeys(keys))


def bare(name: str) -> str:
    """A web address's domain without scheme, "www." and path; other names lower-cased."""
    name = name.strip().lower()
    name = re.sub(r"^https?://", "", name)
    name = re.sub(r"^www\.", "", name)
    return name.split("/")[0] if re.fullmatch(r"[\w.-]+\.[a-z]{2,}(/\S*)?", name) else name


def same_source(pred: str, ref: str) -> bool:
    """A predicted exact key counts as the reference one (see the module docstring)."""
    if pred == ref:
        return True
    if pred in ("MTUS", "ODG", "ACOEM", "none") or ref in ("MTUS", "ODG", "ACOEM", "none"):
        return False
    p, r = bare(pred), bare(ref)
    if p == r or re.sub(r"[^a-z0-9]", "", p) == re.sub(r"[^a-z0-9]", "", r):
        return True
    row = vocabulary().row(ref)
    if row is not None and vocabulary().row(pred) is row:
        return True
    return diagnosis_matches(p, r)


def exact_keys(pred: list[str], ref: list[str]) -> list[str]:
    """The predicted exact keys, each written as the reference key it counts as, if any."""
    out = []
    for name in pred:
        key = source_key(name, exact=True)
        match = next((r for r in ref if same_source(key, r)), None)
        out.append(match if match is not None else key)
    return out


def score(nlp, items: list[dict[str, Any]], tally: Tally) -> None:
    docs = nlp.pipe(letter(item) for item in items)
    for item, doc in zip(items, docs, strict=True):
        where = item["text"]  # as in the data file (placeholders, line breaks)
        pred = predicted(doc, item["party"])
        ref_exact = distinct([source_key(s, exact=True) for s in item["sources"]])
        ref = distinct([source_key(s) for s in item["sources"]])
        if pred is MISSING_DECISION:
            tally.value("sources", pred, ref, item["id"], where)
            tally.value("sources_exact", pred, ref_exact, item["id"], where)
            tally.items("source_items", [], ref_exact, case=item["id"])
            continue
        tally.value("sources", distinct([source_key(s) for s in pred]), ref, item["id"], where)
        exact = distinct(exact_keys(pred, ref_exact))
        tally.value("sources_exact", exact, ref_exact, item["id"], where)
        tally.items("source_items", exact, ref_exact, case=item["id"])
