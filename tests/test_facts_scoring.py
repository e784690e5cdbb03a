"""The scoring helpers of evaluation.facts, on invented inputs (no letters needed)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from evaluation.facts import (
    MISSING_DECISION,
    SPLITS,
    Tally,
    align,
    collapse,
    diagnosis_matches,
    guideline_sources,
    listed,
    match_counts,
    prf,
    source_key,
    split_of,
)


def test_collapse_and_case():
    assert collapse("  Knee  brace\n for the  left knee ") == "Knee brace for the left knee"
    assert collapse("MRI  Lumbar").lower() == "mri lumbar"


@pytest.mark.parametrize(
    ("predicted", "reference", "expected"),
    [
        ("Lumbar radiculopathy.", "lumbar radiculopathy", True),  # punctuation, case
        ("radiculopathy", "lumbar radiculopathy", True),  # reference words hold the prediction's
        ("left knee sprain of the medial ligament", "left knee sprain", True),
        ("left knee sprain", "right knee sprain", False),  # laterality counts
        ("hypertension", "diabetes mellitus", False),
        ("of the", "sprain of the wrist", False),  # no content words
        ("", "sprain", False),
    ],
)
def test_diagnosis_matches(predicted, reference, expected):
    assert diagnosis_matches(predicted, reference) is expected


def test_match_counts_is_one_to_one_and_prefers_exact():
    ref = ["cervical strain", "lumbar strain"]
    pred = ["strain", "lumbar strain", "cervical strain", "gout"]
    assert match_counts(pred, ref, diagnosis_matches) == (2, 2, 0)
    assert match_counts(["a"], ["a", "a"], lambda x, y: x == y) == (1, 0, 1)


def test_prf():
    assert prf(3, 1, 2) == pytest.approx({"precision": 0.75, "recall": 0.6, "f1": 2 / 3})
    assert prf(0, 2, 0) == {"precision": 0.0, "recall": None, "f1": None}
    assert prf(0, 1, 1)["f1"] == 0.0


def test_align_pairwise_when_counts_agree():
    assert align(["x", "y"], ["completely", "different"]) == [(0, 0), (1, 1)]


def test_align_by_similarity_keeps_order_and_leaves_unmatched():
    reference = ["MRI of the lumbar spine", "Physical therapy 8 sessions", "Knee brace"]
    predicted = ["physical therapy 8 sessions", "knee brace, left"]
    assert align(predicted, reference) == [(0, 1), (1, 2)]
    assert align(["MRI of the lumbar spine", "zzzz", "knee brace"], reference[::2]) == [
        (0, 0),
        (2, 1),
    ]
    assert align([], reference) == []


def test_source_keys():
    assert source_key("MTUS") == "MTUS"
    assert source_key("odg") == "ODG"
    assert source_key("none") == "none"
    assert source_key("UpToDate") == "OTHER"
    assert source_key("UpToDate", exact=True) == "uptodate"
    assert guideline_sources([], cited_nothing=True) == ["none"]
    assert guideline_sources([SimpleNamespace(source="ODG")], cited_nothing=False) == ["ODG"]


def test_tally_separates_wrong_from_missing():
    tally = Tally()
    tally.value("drug", "naproxen", "naproxen", "A")
    tally.value("drug", "ibuprofen", "naproxen", "B")  # wrong
    tally.value("drug", None, "naproxen", "C")  # missing
    tally.value("drug", "tramadol", None, "D")  # a value where there is none: wrong
    tally.value("drug", None, None, "E")
    tally.value("drug", MISSING_DECISION, None, "F")  # decision not found: missing
    tally.value("sources", [], ["MTUS"], "G")  # an empty set is missing
    figures = tally.figures()
    assert figures["drug"]["accuracy"] == pytest.approx(2 / 6)
    assert (figures["drug"]["wrong"], figures["drug"]["missing"]) == (2, 2)
    assert figures["drug"]["reference_values"] == 3
    assert figures["sources"]["missing"] == 1
    assert [e["case"] for e in tally.errors] == ["B", "C", "D", "F", "G"]


def test_tally_sets():
    tally = Tally()
    tally.items("states", ["california"], ["california"])
    tally.items("states", ["nevada", "oregon"], ["oregon", "texas"], case="B")
    f = tally.figures()["states"]
    assert (f["precision"], f["recall"], f["exact_set_accuracy"]) == (2 / 3, 2 / 3, 0.5)
    assert (f["wrong"], f["missing"]) == (1, 1)
    # the unmatched items are listed per letter; a letter with none is not listed
    assert tally.set_errors == [
        {
            "case": "B",
            "field": "states",
            "wrong": [{"item": "nevada"}],
            "missing": [{"item": "texas"}],
        }
    ]
    long = " ".join(f"w{i}" for i in range(15))
    assert listed([long]) == [{"item": " ".join(f"w{i}" for i in range(12)) + " ..."}]


def test_split_file_follows_its_rule():
    split = json.loads(SPLITS.read_text(encoding="utf8"))
    cases = split["tune"] + split["holdout"]
    assert len(split["tune"]) == len(split["holdout"]) == 25
    assert len(set(cases)) == 50
    assert split_of(cases) == {"holdout": split["holdout"], "tune": split["tune"]}
    assert split_of(["b", "a", "c"], n_holdout=1) == split_of(["c", "a", "b"], n_holdout=1)


def test_a_new_folder_of_letters_is_scored_with_its_own_split(tmp_path):
    """``--letters DIR``: text letters and their facts, split on the spot by sha256."""
    import imr_nlp
    from evaluation.facts import evaluate, load_facts, split_cases

    sample = json.loads(
        (Path(imr_nlp.__file__).parent / "data" / "sample_letter.json").read_text(encoding="utf8")
    )
    case = sample["case"]
    (tmp_path / "facts").mkdir()
    (tmp_path / "letter.txt").write_text(imr_nlp.sample_text(), encoding="utf8")
    decisions = [
        {"treatment": d["treatment"], "outcome": d["outcome"]} for d in sample["decisions"]
    ]
    decisions[0]["outcome"] = "overturned"  # one wrong reference value: it must count
    facts = {
        "letter": "letter.txt",
        "case_number": case["case_number"],
        "header": {k: None for k in ("date_of_injury", "decision_date", "ur_denial_date")},
        "patient": {"age": case["patient_age"], "sex": case["patient_sex"]},
        "reviewer": {"license_states": [], "specialties": []},
        "diagnoses": [],
        "drugs_mentioned": [],
        "decisions": decisions,
    }
    facts["header"].update(date_assigned=None, application_received=None)
    (tmp_path / "facts" / "x.json").write_text(json.dumps(facts), encoding="utf8")
    result = evaluate(tmp_path, "all", model=False)
    figures = result["figures"]
    assert result["corpus"] == tmp_path.name and result["letters"] == 1
    assert figures["case_number"]["accuracy"] == 1.0
    assert figures["patient_age"]["accuracy"] == 1.0
    assert figures["outcome"]["wrong"] == 1 and figures["outcome"]["items"] == 3
    assert "category" not in figures  # a field the facts leave out is not scored
    # no recorded split for this folder: half its cases (rounded down) are the holdout
    assert split_cases("no-such-corpus", ["a", "b", "c"]) == split_of(["a", "b", "c"], 1)
    assert load_facts(tmp_path, "holdout") == []
    assert len(load_facts(tmp_path, "tune")) == 1


def test_strength_mg_keeps_mg_numbers_only():
    from evaluation.facts import strength_mg

    def strength(unit, *amounts):
        return SimpleNamespace(unit=unit, amounts=amounts)

    assert strength_mg(strength("mg", 325, 10)) == [10.0, 325.0]
    assert strength_mg(strength("", 50)) == [50.0]  # no unit written: the number as read
    assert strength_mg(strength("MG/ML", 15)) == [15.0]
    assert strength_mg(strength("%", 5)) is None  # a patch's percentage is no mg number
    assert strength_mg(strength("mcg/hr", 25)) is None
    assert strength_mg(None) is None


def test_tallies_merge_into_one():
    a, b, both = Tally(), Tally(), Tally()
    for tally, (pred, ref) in ((a, ("x", "x")), (b, ("y", "z"))):
        tally.value("drug", pred, ref, case=pred)
        both.value("drug", pred, ref, case=pred)
    a.items("states", ["ca"], ["ca", "nv"], case="A")
    both.items("states", ["ca"], ["ca", "nv"], case="A")
    a.merge(b)
    assert a.figures() == both.figures()
    assert a.figures()["drug"]["accuracy"] == 0.5
    assert [e["case"] for e in a.errors] == ["y"] and len(a.set_errors) == 1


def test_whole_letters_need_unique_case_numbers():
    from evaluation.facts import score_letters

    items = [{"text": "x", "facts": {"case_number": "CM16-0000001"}}] * 2
    with pytest.raises(ValueError, match="case number"):
        score_letters(lambda text: None, items, Tally())


def test_a_letter_without_case_number_is_keyed_by_its_name():
    from evaluation.facts import case_key, score_letters

    assert case_key({"case_number": None, "letter": "old-01"}) == "old-01"
    assert case_key({"case_number": "CM16-0000001", "letter": "old-01"}) == "CM16-0000001"
    items = [{"text": "x", "facts": {"case_number": None, "letter": "old-01"}}] * 2
    with pytest.raises(ValueError, match="letter name"):
        score_letters(lambda text: None, items, Tally())


def test_without_a_header_the_injury_date_is_the_summary_one():
    from evaluation.facts import header_reference

    old = {"case_number": None, "header": {"date_of_injury": None}}
    assert header_reference(dict(old, summary_injury_date="2013-04-02"), "date_of_injury") == (
        "2013-04-02"
    )
    new = {"case_number": "CM16-0000001", "header": {"date_of_injury": None}}
    assert header_reference(dict(new, summary_injury_date="2013-04-02"), "date_of_injury") is None
