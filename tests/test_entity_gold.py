"""Span-level entity gold: well formed, and the rules' figures on it do not regress.

The floors are the levels reached on the gold (every gold letter was also used to develop the
rules, so these are development figures); a change that makes a label worse fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import imr_nlp
from evaluation.evaluate import evaluate_entities, read_source

GOLD = sorted(
    (Path(__file__).resolve().parents[1] / "evaluation" / "gold" / "entities").glob("*.json")
)
pytestmark = pytest.mark.letters
FLOORS = {  # strict F1 and value accuracy reached on the gold (5 seeds and 24 dev letters)
    "DATE": (0.99, 0.99),
    "DRUG": (0.99, 0.99),
    "GUIDELINE": (0.99, 0.99),
    "INJURY_DATE": (0.99, 0.99),
    "QUANTITY": (0.99, 0.99),
    "REFILLS": (0.99, 0.99),
    "STRENGTH": (0.99, 0.99),
    "FREQUENCY": (0.99, 0.99),
    "DIAGNOSIS": (0.95, 0.93),
}


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_file_is_well_formed(shared, path):
    gold = json.loads(path.read_text(encoding="utf8"))
    assert gold["complete"] is True, "drafts stay out of evaluation/gold/entities until finished"
    raw = read_source(shared, gold["source"])
    previous_end = 0
    for ent in gold["entities"]:
        assert ent["label"] in imr_nlp.LABELS
        assert previous_end <= ent["start"] < ent["end"] <= len(raw)
        if "text" in ent:
            assert raw[ent["start"] : ent["end"]] == ent["text"]
        previous_end = ent["end"]


@pytest.fixture(scope="module")
def golds():
    return [json.loads(p.read_text(encoding="utf8")) for p in GOLD]


@pytest.fixture(scope="module")
def entity_scores(nlp, shared, golds):
    """The pipeline's entity scores on the gold, computed once for the module (about 3 s)."""
    return evaluate_entities(nlp, golds, shared)


def test_entity_figures_do_not_regress(golds, entity_scores):
    assert golds, "no entity gold"
    rows = {row["label"]: row for row in entity_scores.table()}
    low = {
        (label, measure): round(rows[label][measure], 3)
        for label, floors in FLOORS.items()
        for measure, floor in zip(("strict F1", "value accuracy"), floors, strict=True)
        if rows[label][measure] < floor
    }
    assert set(FLOORS) <= set(rows), "a label has no gold"
    assert not low, low


def test_links_at_least_98_percent(golds, entity_scores):
    assert all("decision" in e for g in golds for e in g["entities"]), "link gold is missing"
    scores = entity_scores
    figures = scores.link_figures()
    assert figures["entities with link gold (found)"] > 1000
    assert figures["link accuracy (decision and role)"] >= 0.98, [
        e for e in scores.errors if " link " in e
    ]
