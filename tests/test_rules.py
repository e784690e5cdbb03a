"""Every pattern file validates; bad rules fail with coded errors."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from imr_nlp.errors import PatternError
from imr_nlp.rules import default_rules, for_format, read_jsonl, validate

PATTERN_FILES = sorted(
    p.name for p in resources.files("imr_nlp.patterns").iterdir() if p.name.endswith(".jsonl")
)


def test_pattern_files_are_shipped():
    assert "formats.jsonl" in PATTERN_FILES


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_every_pattern_file_validates_with_unique_ids(name):
    path = resources.files("imr_nlp.patterns").joinpath(name)
    rules = read_jsonl(str(path))
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) > 0


def test_every_format_has_items_rules():
    rules = default_rules()
    formats = [r["format"] for r in rules if r["kind"] == "format"]
    assert {
        "imr_2014",
        "imr_2016",
        "notice_2013",
        "documents_reviewed",
        "medical_professional_review",
    } <= set(formats)
    for rule in rules:
        if rule["kind"] != "format":
            continue
        fmt = rule["format"]
        if rule["mechanism"] == "outcome_line":
            assert for_format(rules, "outcome", fmt), fmt
        elif rule["mechanism"] == "numbered_statement":
            assert for_format(rules, "statement", fmt), fmt
        else:
            assert for_format(rules, "issue", fmt), fmt


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "section", "formats": "*", "label": "x", "pattern": "X"},  # no id
        {"id": "a", "kind": "nonsense", "pattern": "X"},
        {"id": "a", "kind": "section", "formats": "*", "label": "x"},  # no pattern
        {"id": "a", "kind": "section", "formats": "*", "label": "x", "pattern": "(unclosed"},
        {"id": "a", "kind": "format", "format": "f", "mechanism": "guess", "detect": []},
    ],
)
def test_bad_rules_raise_coded_errors(rule):
    with pytest.raises(PatternError) as err:
        validate([rule])
    assert err.value.code == "E007"


def test_duplicate_ids_are_rejected():
    rule = {"id": "a", "kind": "section", "formats": "*", "label": "x", "pattern": "X"}
    with pytest.raises(PatternError):
        validate([rule, dict(rule)])


def test_bad_json_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = {"id": "a", "kind": "section", "formats": "*", "label": "x", "pattern": "X"}
    path.write_text(json.dumps(good) + "\n{not json\n")
    with pytest.raises(PatternError, match="line 2"):
        read_jsonl(path)
