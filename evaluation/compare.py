"""The first-sight and current letters2 figures side by side (a Markdown table for the docs):
``python -m evaluation.compare evaluation/results/letters2_first_sight_holdout.json NOW.json``."""

from __future__ import annotations

import json
import sys

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


def score(figure: dict) -> float:
    return figure["accuracy"] if "accuracy" in figure else figure["f1"]


def table(first: dict, now: dict) -> str:
    rows = ["| field | first sight | now | wrong now |", "|---|---:|---:|---:|"]
    for key, name in FIELDS:
        a, b = first["figures"][key], now["figures"][key]
        rows.append(f"| {name} | {score(a):.3f} | {score(b):.3f} | {b['wrong']} |")
    return "\n".join(rows)


if __name__ == "__main__":
    from pathlib import Path

    first, now = (json.loads(Path(p).read_text(encoding="utf8")) for p in sys.argv[1:3])
    print(table(first, now))
