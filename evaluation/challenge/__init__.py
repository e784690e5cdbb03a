"""Challenge sets: invented items, written without looking at the rules, that score one part of
the library on language the rules were not written from (the nearest this repository can come
to unseen letters once every real letter has been read).

Each set is a module of this package with a data file ``data/<name>.jsonl`` (one invented item a
line, each with a unique ``"id"``) and a function ``score(nlp, items, tally)`` that runs the
library on every item and adds its comparisons to an ``evaluation.facts.Tally`` (``case`` = the
item id). Items are split like letters2: sorted by the sha256 of their id, the first half is the
holdout (never read while tuning), the rest the tune half. Run ``python -m evaluation.challenge``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
SPLITS = ("all", "tune", "holdout")


def set_names() -> list[str]:
    """The challenge sets: every module of this package with a data file."""
    names = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    return sorted(n for n in names if (DATA / f"{n}.jsonl").exists())


def load_items(name: str) -> list[dict[str, Any]]:
    """The items of set ``name`` (blank lines and lines starting with '#' skipped)."""
    items = []
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf8").splitlines():
        if line.strip() and not line.startswith("#"):
            items.append(json.loads(line))
    ids = [i["id"] for i in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"challenge set {name}: an id is used twice")
    return items


def split_items(items: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """The items of ``split``: by the sha256 of their id, the first half is the holdout."""
    if split == "all":
        return items
    ranked = sorted(items, key=lambda i: hashlib.sha256(i["id"].encode()).hexdigest())
    half = len(ranked) // 2
    keep = {i["id"] for i in (ranked[:half] if split == "holdout" else ranked[half:])}
    return [i for i in items if i["id"] in keep]


def scorer(name: str):
    """The ``score`` function of set ``name``."""
    return importlib.import_module(f"{__name__}.{name}").score
