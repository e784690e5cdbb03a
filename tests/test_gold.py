"""The library reproduces the gold annotations of all 5 seeds and 64 dev letters."""

from __future__ import annotations

import pytest

from evaluation.evaluate import CASE_FIELDS, Scores, evaluate, score_letter

from .conftest import gold_letters

GOLD = gold_letters()
pytestmark = pytest.mark.letters


@pytest.fixture(scope="module")
def evaluated(nlp, shared):
    return evaluate(nlp, GOLD, shared)


def test_gold_covers_every_letter(shared):
    ids = {g["id"] for g in GOLD}
    expected = {p.stem for p in (shared / "seeds").glob("*.txt")}
    expected |= {p.stem for p in (shared / "letters").glob("*.pdf")}
    assert ids == expected


@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_decisions_and_outcomes(evaluated, gold):
    _, docs = evaluated
    scores = Scores()
    score_letter(docs[gold["id"]], dict(gold, case={}), scores)
    assert scores.errors == []
    assert scores.found_decisions == scores.gold_decisions == len(gold["decisions"])


def test_case_facts_at_least_99_percent(evaluated):
    scores, _ = evaluated
    right, total = sum(scores.field_right.values()), sum(scores.field_total.values())
    assert total == len(GOLD) * len(CASE_FIELDS)
    assert right / total >= 0.99, [e for e in scores.errors if "case." in e]


def test_decision_fields_at_least_97_percent_each(evaluated):
    scores, _ = evaluated
    figures = scores.figures()
    fields = {k: v for k, v in figures.items() if k.startswith("decision.")}
    assert len(fields) == 8, "decision-field gold is missing"
    low = {k: round(v, 3) for k, v in fields.items() if v < 0.97}
    assert not low, (low, scores.field_errors)
