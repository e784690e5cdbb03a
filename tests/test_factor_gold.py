"""The factor gold files (``evaluation/gold/factors``): well formed, one known set each, and every
set selectable with ``python -m evaluation.factors --set``. Reads the gold only (no letter)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from evaluation import factors

LABELS = {
    "functional_improvement",
    "pain_relief",
    "return_to_work",
    "urine_drug_screen",
    "opioid_agreement",
    "mme_above_120",
    "duration_of_use",
    "weaning_recommended",
    "failed_first_line",
}
#: Set -> the folder of ../shared its letters come from, and how many letters it holds.
SETS = {
    "dev": ("letters", 14),
    "dev2": ("letters", 25),
    "dev3": ("letters", 25),
    "tune": ("letters2", 25),
    "holdout": ("letters2", 25),
}
PATHS = sorted(factors.GOLD.glob("*.json"))


def test_every_set_has_its_letters_and_a_command_line_choice():
    sets = Counter(json.loads(p.read_text(encoding="utf8"))["set"] for p in PATHS)
    assert sets == Counter({name: count for name, (_, count) in SETS.items()})
    for name, (_, count) in SETS.items():
        assert len(factors.load_gold(factors.GOLD, name)) == count
    assert len(factors.load_gold(factors.GOLD, "all")) == len(PATHS)


@pytest.mark.parametrize("name", [*SETS, "all"])
def test_the_command_line_accepts_each_set(name, monkeypatch):
    seen = {}

    def fake_load(**kwargs):  # stop before the pipeline is loaded
        seen.update(kwargs)
        raise SystemExit(0)

    monkeypatch.setattr("imr_nlp.load", fake_load)
    with pytest.raises(SystemExit) as stop:
        factors.main(["--set", name])
    assert stop.value.code == 0 and "model" in seen


def test_an_unknown_set_is_refused():
    with pytest.raises(SystemExit) as stop:
        factors.main(["--set", "dev9"])
    assert stop.value.code == 2


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_gold_file_is_well_formed(path):
    data = json.loads(path.read_text(encoding="utf8"))
    assert data["case"] == path.stem
    folder = SETS[data["set"]][0]
    assert data["source"] == f"{folder}/{data['case']}.pdf"
    ids = [d["id"] for d in data["decisions"]]
    assert ids == [str(i) for i in range(len(ids))]  # 0-based, in letter order, none skipped
    for decision in data["decisions"]:
        labels = [f["label"] for f in decision["factors"]]
        assert len(labels) == len(set(labels)), f"{path.stem} {decision['id']}: a label twice"
        for factor in decision["factors"]:
            assert factor["label"] in LABELS
            assert factor["status"] in factors.STATUSES
            assert 0 < len(factor["note"]) <= 80
    factors.gold_map(data)  # the scorer reads it without error
