"""Odd text never raises and is never silently multiplied; odd inputs are coded error rows;
usage errors exit 2 (issue: a batch over an archive survives hostile inputs)."""

from __future__ import annotations

import os
import warnings

import pytest
from click.testing import CliRunner

import imr_nlp
from imr_nlp.cli import EXIT_INPUT_ERROR, main


@pytest.fixture(scope="module")
def sample():
    return imr_nlp.sample_text()


def quiet(nlp, text):
    """The Doc of ``text``, its coded warnings (checked on ``doc._.warnings``) not raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nlp(text)


@pytest.mark.parametrize("text", ["a\ud800b", "\udfff", "x\ud83dy and more words"])
def test_lone_surrogates_never_raise(rules_nlp, text):
    doc = quiet(rules_nlp, text)
    assert "\ufffd" in doc.text and len(doc.text) <= len(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = list(rules_nlp.pipe([text, "plain"]))
    assert len(docs) == 2


def test_nul_bytes_become_spaces_and_the_case_facts_survive(rules_nlp, sample):
    clean = quiet(rules_nlp, sample)._.case
    broken = sample.replace("Case Number:", "Case\x00Number:\x00").replace(":", ":\x00", 3)
    case = quiet(rules_nlp, broken)._.case
    assert case.case_number == clean.case_number is not None
    assert (case.injury_date, case.patient_age, case.patient_sex) == (
        clean.injury_date,
        clean.patient_age,
        clean.patient_sex,
    )
    assert case.reviewer_specialties == clean.reviewer_specialties


def test_doubled_lines_do_not_double_the_decisions(rules_nlp, sample):
    doubled = "\n".join(f"{line}\n{line}" for line in sample.split("\n"))
    doc = quiet(rules_nlp, doubled)
    assert len(doc._.decisions) == len(quiet(rules_nlp, sample)._.decisions)
    assert "W007" in doc._.warnings


def test_a_repeated_issues_section_is_read_once(rules_nlp, sample):
    at = sample.index("IMR ISSUES")
    doc = quiet(rules_nlp, sample[:at] + sample[at:] * 20)
    assert len(doc._.decisions) == len(quiet(rules_nlp, sample)._.decisions)
    assert "W007" in doc._.warnings


def test_a_letter_without_repeats_has_no_w007(rules_nlp, sample):
    assert "W007" not in quiet(rules_nlp, sample)._.warnings


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_an_error_row_not_a_hang(tmp_path, rules_nlp, sample):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "letter.txt").write_text(sample, encoding="utf8")
    tables = imr_nlp.extract(tmp_path, nlp=rules_nlp)
    assert list(tables.letters["letter_id"]) == ["letter"]
    assert dict(zip(tables.errors["letter_id"], tables.errors["code"], strict=True)) == {
        "pipe": "E015"
    }


def test_a_missing_file_has_one_code_whatever_its_extension(tmp_path, rules_nlp):
    tables = imr_nlp.extract([tmp_path / "gone.txt", tmp_path / "gone.pdf"], nlp=rules_nlp)
    assert set(tables.errors["code"]) == {"E001"}


@pytest.mark.parametrize(
    "extra",
    [["--n-process", "0"], ["--batch-size", "0"]],
)
def test_bad_numbers_are_usage_errors(tmp_path, extra):
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path), "-o", str(tmp_path / "o.csv"), *extra]
    )
    assert result.exit_code == EXIT_INPUT_ERROR
    assert "Traceback" not in result.output


def test_an_output_under_a_file_is_a_usage_error(tmp_path, sample):
    (tmp_path / "letter.txt").write_text(sample, encoding="utf8")
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afile" / "run.csv"
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "letter.txt"), "-o", str(out)])
    assert result.exit_code == EXIT_INPUT_ERROR
    assert "is a file" in result.output


def test_existing_outputs_are_refused_without_overwrite_or_resume(tmp_path, sample):
    (tmp_path / "letter.txt").write_text(sample, encoding="utf8")
    args = ["extract", str(tmp_path / "letter.txt"), "-o", str(tmp_path / "out" / "r.csv")]
    assert CliRunner().invoke(main, [*args, "--no-model", "--quiet"]).exit_code == 0
    again = CliRunner().invoke(main, [*args, "--no-model", "--quiet"])
    assert again.exit_code == EXIT_INPUT_ERROR and "--overwrite" in again.output
    assert CliRunner().invoke(main, [*args, "--no-model", "--quiet", "--overwrite"]).exit_code == 0


def _letters(folder, sample, n):
    folder.mkdir()
    for i in range(n):  # different bytes, so that each input is its own letter
        (folder / f"l{i:03d}.txt").write_text(sample + f"\n{i}\n", encoding="utf8")


@pytest.mark.slow  # real processes and a real Ctrl-C
@pytest.mark.parametrize("n_process", ["1", "2"])
def test_ctrl_c_writes_complete_tables_exits_130_and_resume_finishes(tmp_path, sample, n_process):
    import signal
    import subprocess
    import sys
    import time

    _letters(tmp_path / "in", sample, 200)
    out = tmp_path / "out" / "run.parquet"
    cmd = [sys.executable, "-m", "imr_nlp.cli", "extract", str(tmp_path / "in"), "-o", str(out)]
    cmd += ["--no-model", "--quiet", "--n-process", n_process, "--batch-size", "2"]
    cmd += ["--part-size", "10"]
    # As from a terminal: SIGINT at its default (a shell's background job would ignore it), the
    # run in a process group of its own, so that a failure can stop it and its workers.
    proc = subprocess.Popen(
        cmd,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    parts = out.parent / ".run.parts"
    deadline = time.monotonic() + 120
    while not list(parts.glob("part-*")) and proc.poll() is None:  # some letters done
        assert time.monotonic() < deadline, "no part written in 120 s"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("still running 60 s after Ctrl-C") from None
    if proc.returncode == 0:
        pytest.skip("the run finished before Ctrl-C on this machine")
    assert proc.returncode == 130, err
    if "nothing written" in err:
        pytest.skip("Ctrl-C came while the pipeline loaded on this machine")
    assert "--resume" in err
    first = imr_nlp.read_tables(out)
    assert len(first.letters) < 200 and first.letters["letter_id"].is_unique
    assert f"interrupted: {len(first.letters)} letter" in err and str(out.parent) in err
    assert not list(out.parent.glob(".*.tmp"))
    assert not list(out.parent.glob(".*.parts"))  # the parts are in the tables now
    done = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    final = imr_nlp.read_tables(out)
    assert sorted(final.letters["letter_id"]) == [f"l{i:03d}" for i in range(200)]
    assert len(final.errors) == 0


def test_pdf_reading_stops_at_the_character_limit(shared):
    from imr_nlp.io.pdf import MAX_PDF_CHARS, extract_text

    path = sorted((shared / "letters").glob("*.pdf"))[0]
    whole = extract_text(path, max_chars=None)
    assert extract_text(path) == whole  # a letter is far below the limit
    cut = extract_text(path, max_chars=300)
    assert len(cut) <= 300 and whole.startswith(cut[:250])
    assert MAX_PDF_CHARS > 100_000  # one more than the pipeline reads: W006 still fires


def test_a_huge_text_file_is_read_only_to_the_limit(tmp_path, rules_nlp, monkeypatch, sample):
    from imr_nlp.io import readers

    monkeypatch.setattr(readers, "MAX_TEXT_BYTES", 5_000)
    path = tmp_path / "big.txt"
    path.write_text(sample + "x " * 200_000, encoding="utf8")
    text = readers.read_letter(path)
    assert len(text) <= 5_001 and text.startswith(sample[:100])
