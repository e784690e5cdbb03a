"""The first-sight and current letters2 figures side by side (a Markdown table for the docs),
then the values that are wrong now where the library gave None at first sight:
``python -m evaluation.compare evaluation/results/letters2_first_sight_holdout.json NOW.json``
(results files given between the two are shown as columns "step 1", "step 2", ...).

A wrong value is worse than a missing one, so a change that turns a None into a wrong value is a
regression even when the accuracy rises. The results files list every value error of a value
field (case, field, decision, reference, prediction); an item absent from a file's errors was
right. An item was None at first sight when its first-sight error has no prediction, or when it
had no error and its reference is None (None == None was right).

Set fields (diagnoses, drugs mentioned, reviewer states and specialties) have no None item: their
counterpart is a wrong item that is new, predicted now in a letter where the first-sight run did
not predict it wrongly (items compared by their words, ignoring case and punctuation). Results
files written before ``set_errors`` existed have no item lists: then only counts are shown.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

FIELDS = (
    ("treatment_exact", "treatment text exact"),
    ("outcome", "outcome"),
    ("category", "category"),
    ("drug", "request drug"),
    ("strength_mg", "request strength"),
    ("quantity", "request quantity"),
    ("ca_sources", "claims administrator guideline sources"),
    ("reviewer_sources", "reviewer guideline sources"),
    ("drugs_mentioned", "drugs mentioned (F1)"),
    ("diagnoses", "patient's diagnoses (F1)"),
)

NOT_ITEMISED = {"treatment_exact", "treatment_nocase"}  # evaluation.facts keeps no letter text


def score(figure: dict) -> float:
    return figure["accuracy"] if "accuracy" in figure else figure["f1"]


def table(first: dict, now: dict, between: Sequence[dict] = ()) -> str:
    """First sight, any results in between (e.g. after the tune half) and now, per field."""
    mid = "".join(f" step {i} |" for i in range(1, len(between) + 1))
    rows = [f"| field | first sight |{mid} now | wrong now |"]
    rows.append("|---|---:|" + "---:|" * len(between) + "---:|---:|")
    for key, name in FIELDS:
        a, b = first["figures"][key], now["figures"][key]
        cells = "".join(f" {score(r['figures'][key]):.3f} |" for r in between)
        rows.append(f"| {name} | {score(a):.3f} |{cells} {score(b):.3f} | {b['wrong']} |")
    return "\n".join(rows)


def empty(value: Any) -> bool:
    """No value: None or an empty list (as in evaluation.facts)."""
    return value is None or value == []


def _key(error: dict) -> tuple[str, str, str]:
    return error["case"], error["field"], error.get("where", "")


def wrong_where_none(first: dict, now: dict) -> dict[str, list[dict[str, Any]]]:
    """Per value field, the items that were None at first sight and are a wrong value now (each
    error of ``now`` with its first-sight prediction, ``first``: None or [])."""
    before = {_key(e): e for e in first["errors"]}
    out: dict[str, list[dict[str, Any]]] = {}
    for e in now["errors"]:
        if empty(e["pred"]):
            continue  # missing now, not wrong
        old = before[_key(e)]["pred"] if _key(e) in before else e["ref"]  # no error: was right
        if empty(old):
            out.setdefault(e["field"], []).append({**e, "first": old})
    return out


def wrong_where_none_report(found: dict[str, list[dict[str, Any]]], fields: Iterable[str]) -> str:
    """A count per field (every value field of the results, 0 included) and the items; the
    treatment text fields, whose errors are not kept (letter text), are marked so."""
    lines = ["| field | wrong now, None at first sight |", "|---|---:|"]
    for f in fields:
        count = "not itemised" if f in NOT_ITEMISED else len(found.get(f, []))
        lines.append(f"| {f} | {count} |")
    for field, items in found.items():
        for e in items:
            where = f" {e['where']}" if e.get("where") else ""
            lines.append(f"- {field}: {e['case']}{where}: ref {e['ref']!r}, now {e['pred']!r}")
    return "\n".join(lines)


def _words(item: Any) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(item).lower()))


def new_wrong_items(first: dict, now: dict) -> dict[str, list[dict[str, Any]]] | None:
    """Per set field, the wrong items of ``now`` that ``first`` did not have wrong in the same
    letter; None when ``first`` does not itemise its set errors."""
    if "set_errors" not in first:
        return None
    before = {
        (e["case"], e["field"], _words(w["item"])) for e in first["set_errors"] for w in e["wrong"]
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for e in now.get("set_errors", []):
        for w in e["wrong"]:
            if (e["case"], e["field"], _words(w["item"])) not in before:
                out.setdefault(e["field"], []).append({"case": e["case"], "item": w["item"]})
    return out


def new_wrong_items_report(found: dict[str, list[dict[str, Any]]] | None, fields: Iterable[str]):
    """A count per set field and the items (or why there are none to show)."""
    if found is None:
        return "(the first results file does not itemise set errors)"
    lines = ["| field | new wrong items |", "|---|---:|"]
    lines += [f"| {f} | {len(found.get(f, []))} |" for f in fields]
    for field, items in found.items():
        lines += [f"- {field}: {e['case']}: {e['item']!r}" for e in items]
    return "\n".join(lines)


def set_fields(result: dict) -> list[str]:
    """The set fields of a results file, in its order."""
    return [k for k, f in result["figures"].items() if f.get("kind") == "set"]


def value_fields(result: dict) -> list[str]:
    """The value (not set) fields of a results file, in its order."""
    return [k for k, f in result["figures"].items() if f.get("kind") == "value"]


if __name__ == "__main__":
    from pathlib import Path

    if len(sys.argv) < 3:
        sys.exit("usage: python -m evaluation.compare FIRST.json [STEP.json ...] NOW.json")
    first, *between, now = (json.loads(Path(p).read_text(encoding="utf8")) for p in sys.argv[1:])
    print(table(first, now, between))
    print()
    print("Wrong now where the library gave None at first sight (value fields):")
    print(wrong_where_none_report(wrong_where_none(first, now), value_fields(now)))
    print()
    print("Set fields: wrong items now that the first-sight run did not have wrong:")
    print(new_wrong_items_report(new_wrong_items(first, now), set_fields(now)))
