"""Span-level entity gold: well formed, and the rules' figures on it do not regress.

The issue-3 targets (strict F1 0.97 for most labels) are not all met yet; the floors below are the
levels reached so far, so that a change that makes a label worse fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import imr_nlp
from imr_nlp.evaluate import evaluate_entities, read_source

GOLD = sorted((Path(__file__).parent / "gold" / "entities").glob("*.json"))
pytestmark = pytest.mark.letters
FLOORS = {  # strict F1 reached on the gold so far (5 seeds and 13 dev letters)
    "DATE": 0.97,
    "DRUG": 0.97,
    "GUIDELINE": 0.97,
    "INJURY_DATE": 0.95,
    "QUANTITY": 0.97,
    "REFILLS": 0.97,
    "STRENGTH": 0.93,
    "FREQUENCY": 0.88,
    "DIAGNOSIS": 0.70,
}


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_file_is_well_formed(shared, path):
    gold = json.loads(path.read_text(encoding="utf8"))
    assert gold["complete"] is True, "drafts stay out of tests/gold/entities until finished"
    raw = read_source(shared, gold["source"])
    previous_end = 0
    for ent in gold["entities"]:
        assert ent["label"] in imr_nlp.LABELS
        assert previous_end <= ent["start"] < ent["end"] <= len(raw)
        if "text" in ent:
            assert raw[ent["start"] : ent["end"]] == ent["text"]
        previous_end = ent["end"]


def test_entity_figures_do_not_regress(nlp, shared):
    golds = [json.loads(p.read_text(encoding="utf8")) for p in GOLD]
    assert golds, "no entity gold"
    rows = {row["label"]: row for row in evaluate_entities(nlp, golds, shared).table()}
    low = {
        label: round(rows[label]["strict F1"], 3)
        for label, floor in FLOORS.items()
        if label in rows and rows[label]["strict F1"] < floor
    }
    assert not low, low
