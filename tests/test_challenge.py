"""The challenge sets (evaluation/challenge): well formed, split the protocol's way, and no set's
figure falls below the floor recorded in evaluation/challenge/floors.json (raise a floor when a
change lifts a figure; lower one only with the reason in the commit)."""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import pytest

from evaluation.challenge import load_items, scorer, set_names, split_items
from evaluation.facts import Tally

FLOORS = json.loads(
    (Path(__file__).parents[1] / "evaluation" / "challenge" / "floors.json").read_text("utf8")
)


def test_every_set_has_items_with_unique_ids_and_a_floor():
    names = set_names()
    assert names == sorted(FLOORS)
    for name in names:
        items = load_items(name)
        whole_letters = all("facts" in i for i in items)  # one item = a letter of many fields
        assert len(items) >= (10 if whole_letters else 90), name
        assert len({i["id"] for i in items}) == len(items), name


def test_halves_are_disjoint_complete_and_chosen_by_the_hash_of_the_id():
    items = [{"id": f"x-{i:03d}"} for i in range(41)]
    holdout, tune = split_items(items, "holdout"), split_items(items, "tune")
    assert len(holdout) == 20 and len(tune) == 21
    assert {i["id"] for i in holdout}.isdisjoint(i["id"] for i in tune)
    first = min(items, key=lambda i: hashlib.sha256(i["id"].encode()).hexdigest())
    assert first in holdout
    assert split_items(items, "all") == items


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_figure_falls_below_its_floor(nlp, name):
    tally = Tally()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scorer(name)(nlp, load_items(name), tally)
    figures = tally.figures()
    for field, floor in FLOORS[name].items():
        f = figures[field]
        score = f["accuracy"] if f["kind"] == "value" else f["f1"]
        assert score >= floor["min"], (name, field, score)
        assert f["wrong"] <= floor["max_wrong"], (name, field, f["wrong"])


FACT_KEYS = {"letter", "case_number", "header", "patient", "reviewer", "diagnoses"}
FACT_KEYS |= {"drugs_mentioned", "decisions"}
DECISION_KEYS = {"treatment", "outcome", "category", "drug", "strength", "strength_mg"}
DECISION_KEYS |= {"quantity", "quantity_unit", "refills", "frequency"}
DECISION_KEYS |= {"claims_administrator_guideline_sources", "reviewer_guideline_sources"}


def test_whole_letter_items_carry_every_field_of_a_letters2_facts_file():
    for name in set_names():
        for item in load_items(name):
            if "facts" not in item:
                continue
            facts = item["facts"]
            assert set(facts) >= FACT_KEYS, item["id"]
            if facts["case_number"] is None:  # a layout without a case number (2014-2015)
                assert facts["letter"] == item["id"], item["id"]
                assert not any(facts["header"].values()), item["id"]
            else:
                assert facts["case_number"] in item["text"], item["id"]
            assert facts["decisions"], item["id"]
            for dec in facts["decisions"]:
                assert set(dec) >= DECISION_KEYS, item["id"]
                assert dec["outcome"] in ("upheld", "overturned"), item["id"]
                assert " ".join(dec["treatment"].split()) in " ".join(item["text"].split())


def test_floors_are_raised_never_lowered(tmp_path):
    from evaluation.challenge.__main__ import raise_floors

    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"s": {"a": {"max_wrong": 3, "min": 0.9}}}), "utf8")
    figures = {
        "s": {
            "a": {"kind": "value", "accuracy": 0.95678, "wrong": 1},
            "b": {"kind": "set", "f1": 0.8, "wrong": 4},
        },
        "t": {"a": {"kind": "value", "accuracy": 0.5, "wrong": 9}},
    }
    raise_floors(figures, path)
    floors = json.loads(path.read_text("utf8"))
    assert floors["s"]["a"] == {"max_wrong": 1, "min": 0.956}
    assert floors["s"]["b"] == {"max_wrong": 4, "min": 0.8}
    raise_floors({"s": {"a": {"kind": "value", "accuracy": 0.7, "wrong": 5}}}, path)
    assert json.loads(path.read_text("utf8"))["s"]["a"] == {"max_wrong": 1, "min": 0.956}
    assert floors["t"]["a"] == {"max_wrong": 9, "min": 0.5}


@pytest.mark.parametrize(
    ("pred", "ref", "same"),
    [
        ("uptodate.com", "uptodate", True),  # a web address is its domain's name
        ("cms", "centers for medicare & medicaid services", True),  # one row of the vocabulary
        ("fda", "u.s. food and drug administration", True),
        ("apa", "american psychological association", False),  # APA is the Psychiatric one
        ("cms", "cdc", False),
        ("mtus", "MTUS", False),  # the four core keys are compared as they are
    ],
)
def test_a_short_form_and_the_full_name_of_one_body_are_one_source(pred, ref, same):
    from evaluation.challenge.sources import same_source

    assert same_source(pred, ref) is same
