"""The imr-nlp command line."""

from __future__ import annotations

from click.testing import CliRunner

from imr_nlp.cli import EXIT_INPUT_ERROR, main


def test_show_sample_prints_case_facts_and_decision_records():
    result = CliRunner().invoke(main, ["show", "--sample"])
    assert result.exit_code == 0, result.output
    assert "Case facts" in result.output
    assert "Decisions (3)" in result.output
    assert "hydrocodone/acetaminophen" in result.output
    assert "7/10 with medication" in result.output
    assert "Entities (" in result.output and "GUIDELINE" in result.output


def test_show_a_missing_file_exits_with_the_input_error_code(tmp_path):
    result = CliRunner().invoke(main, ["show", str(tmp_path / "nope.pdf")])
    assert result.exit_code == EXIT_INPUT_ERROR


def test_help_everywhere():
    for args in (["--help"], ["show", "--help"], ["extract", "--help"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0
        assert "Usage" in result.output
