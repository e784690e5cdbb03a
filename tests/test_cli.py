"""The imr-nlp command line."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

import imr_nlp
from imr_nlp.cli import EXIT_INPUT_ERROR, main


def show(*args: str, columns: int = 100):
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, ["show", *args])
    assert result.exit_code == 0, result.output
    return result.output


def widest(output: str) -> int:
    return max(len(line) for line in output.splitlines())


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")
def test_show_sample_prints_case_facts_and_decisions_within_100_columns():
    output = show("--sample")
    assert widest(output) <= 100
    assert "Case CM16-0247315" in output and "Decisions (3)" in output
    assert "hydrocodone/acetaminophen" in output
    assert "7/10 with medication" in output
    assert "GUIDELINE" in output and "Entities of no decision" in output
    # each decision's guidelines once, by party
    assert output.count("reviewer guideline") == 3
    assert output.count("claims administrator guideline") == 3
    assert output.count("MTUS Chronic Pain Medical Treatment Guidelines 2009, pp. 76-80") == 1
    assert not any(line != line.rstrip() for line in output.splitlines()), "no padding at ends"


def test_show_a_real_letter_fits_100_columns(shared):
    letters = sorted((shared / "letters").glob("*.pdf"))[:2]
    assert letters
    for letter in letters:
        output = show(str(letter))
        assert widest(output) <= 100, letter.name
        assert f"Case {letter.stem}" in output and "Decisions (" in output


def test_show_width_option_and_narrow_terminals():
    assert widest(show("--sample", "--no-model", "--width", "80", columns=200)) <= 80
    assert widest(show("--sample", "--no-model", columns=200)) <= 100  # capped
    assert widest(show("--sample", "--no-model", columns=72)) <= 72


def entity_labels(output: str) -> set[str]:
    """The labels of the entity rows (a row starts with an upper-case label)."""
    return {
        line.split()[0]
        for line in output.splitlines()
        if line.strip() and line.split()[0] in imr_nlp.LABELS
    }


def test_show_label_filter():
    assert entity_labels(show("--sample", "--no-model")) >= {"DRUG", "DATE", "DIAGNOSIS"}
    output = show("--sample", "--no-model", "--labels", "drug,Diagnosis")
    assert entity_labels(output) == {"DRUG", "DIAGNOSIS"}
    assert "Decisions (3)" in output
    bad = CliRunner().invoke(main, ["show", "--sample", "--labels", "DRUG,PILL"])
    assert bad.exit_code == 2 and "PILL" in bad.output


def test_show_without_entities():
    output = show("--sample", "--no-model", "--no-entities")
    assert "Decisions (3)" in output and "reviewer guideline" in output
    assert not entity_labels(output)
    assert "Entities of no decision" not in output


def test_show_a_non_letter_explains_its_warning(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Shopping: three apples, a loaf of rye and some oat milk.", encoding="utf8")
    output = show(str(note), "--no-model")
    assert "W002" in output
    assert str(imr_nlp.errors.Warnings.W002.value) in " ".join(output.split())


def test_show_without_rich_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "rich", None)
    result = CliRunner().invoke(main, ["show", "--sample", "--no-model"])
    assert result.exit_code == EXIT_INPUT_ERROR
    assert "[E012]" in result.output and "imr-nlp[cli]" in result.output


def test_show_a_missing_file_exits_with_the_input_error_code(tmp_path):
    result = CliRunner().invoke(main, ["show", str(tmp_path / "nope.pdf")])
    assert result.exit_code == EXIT_INPUT_ERROR


def test_help_everywhere():
    for args in (["--help"], ["show", "--help"], ["extract", "--help"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0
        assert "Usage" in result.output
