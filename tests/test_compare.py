"""evaluation.compare: the values that are wrong now where the library gave None at first sight,
on small invented results files."""

from __future__ import annotations

from evaluation.compare import (
    FIELDS,
    new_wrong_items,
    new_wrong_items_report,
    set_fields,
    table,
    value_fields,
    wrong_where_none,
    wrong_where_none_report,
)


def result(errors: list[dict]) -> dict:
    figures = {
        "quantity": {"kind": "value", "accuracy": 0.5, "wrong": 0},
        "refills": {"kind": "value", "accuracy": 1.0, "wrong": 0},
        "diagnoses": {"kind": "set", "f1": 0.9, "wrong": 1},
    }
    return {"figures": figures, "errors": errors}


def err(case: str, field: str, ref, pred, where: str = "decision 0") -> dict:
    return {"case": case, "field": field, "where": where, "ref": ref, "pred": pred}


FIRST = result(
    [
        err("A", "quantity", 12.0, None),  # missing at first sight
        err("B", "quantity", 8.0, 3.0),  # wrong at first sight
        err("C", "quantity", 6.0, None),  # missing at first sight
    ]
)
NOW = result(
    [
        err("A", "quantity", 12.0, 4.0),  # None -> wrong: reported
        err("B", "quantity", 8.0, 5.0),  # wrong -> wrong: not reported
        err("C", "quantity", 6.0, None),  # still missing: not reported
        err("D", "refills", None, 2),  # right (None == None) -> wrong: reported
        err("E", "refills", 1, 3),  # right (1) -> wrong: not reported
    ]
)


def test_wrong_where_none_lists_items_that_were_none():
    found = wrong_where_none(FIRST, NOW)
    assert {f: [(e["case"], e["first"], e["pred"]) for e in v] for f, v in found.items()} == {
        "quantity": [("A", None, 4.0)],
        "refills": [("D", None, 2)],
    }


def test_an_empty_list_is_none_and_missing_now_is_not_wrong():
    first = result([err("F", "reviewer_sources", ["MTUS"], [])])
    now = result([err("F", "reviewer_sources", ["MTUS"], ["ODG"]), err("G", "drug", "x", [])])
    assert [e["case"] for e in wrong_where_none(first, now)["reviewer_sources"]] == ["F"]
    assert "drug" not in wrong_where_none(first, now)


def test_report_counts_every_value_field():
    report = wrong_where_none_report(wrong_where_none(FIRST, NOW), value_fields(NOW))
    assert "| quantity | 1 |" in report and "| refills | 1 |" in report
    assert "diagnoses" not in report  # set fields are not itemised
    text_fields = {"treatment_exact": {"kind": "value"}}
    assert "| treatment_exact | not itemised |" in wrong_where_none_report({}, text_fields)
    assert "- quantity: A decision 0: ref 12.0, now 4.0" in report
    clean = wrong_where_none_report(wrong_where_none(FIRST, FIRST), value_fields(FIRST))
    assert "| quantity | 0 |" in clean and "- " not in clean


def items(*texts: str) -> list[dict]:
    return [{"item": t} for t in texts]


def test_set_fields_report_new_wrong_items_only():
    first = result([])
    first["set_errors"] = [
        {
            "case": "A",
            "field": "diagnoses",
            "wrong": items("Knee Sprain"),
            "missing": items("gout"),
        },
    ]
    now = result([])
    now["set_errors"] = [
        {
            "case": "A",
            "field": "diagnoses",
            "wrong": items("knee sprain", "neck pain"),
            "missing": [],
        },
        {"case": "B", "field": "diagnoses", "wrong": items("knee sprain"), "missing": []},
    ]
    found = new_wrong_items(first, now)
    assert found == {
        "diagnoses": [{"case": "A", "item": "neck pain"}, {"case": "B", "item": "knee sprain"}]
    }
    report = new_wrong_items_report(found, set_fields(now))
    assert "| diagnoses | 2 |" in report and "- diagnoses: A: 'neck pain'" in report
    assert new_wrong_items(result([]), now) is None  # an old file without item lists
    assert "does not itemise" in new_wrong_items_report(None, set_fields(now))


def test_table_shows_steps_between_first_sight_and_now():
    def run(accuracy: float, wrong: int) -> dict:
        return {"figures": {k: {"accuracy": accuracy, "wrong": wrong} for k, _ in FIELDS}}

    lines = table(run(0.5, 4), run(1.0, 0), [run(0.75, 2)]).splitlines()
    assert lines[0] == "| field | first sight | step 1 | now | wrong now |"
    assert lines[2] == "| treatment text exact | 0.500 | 0.750 | 1.000 | 0 |"
    assert table(run(0.5, 4), run(1.0, 0)).splitlines()[2].count("|") == 5
