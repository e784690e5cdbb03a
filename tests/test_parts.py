"""``imr-nlp extract`` writes its results in parts while it runs: a kill -9 keeps whole parts,
``--resume`` uses them, a torn part is ignored, the final tables appear whole (issue: a batch
over an archive loses nothing)."""

from __future__ import annotations

import filecmp
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import imr_nlp
from imr_nlp.cli import EXIT_INPUT_ERROR, main
from imr_nlp.io import parts
from imr_nlp.io.columns import TABLES
from imr_nlp.io.extract import feed
from imr_nlp.io.parts import PartWriter, whole_parts, work_dir
from imr_nlp.io.readers import collect_inputs
from imr_nlp.io.tables import table_paths


@pytest.fixture(scope="module")
def sample():
    return imr_nlp.sample_text()


def _inputs(folder, sample, n, *, bad=True):
    """``n`` invented letters (the sample letter with a different last line, so different
    bytes) and, with ``bad``, two inputs that are error rows."""
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"l{i:03d}.txt").write_text(sample + f"\nline {i}\n", encoding="utf8")
    if bad:
        (folder / "cut.pdf").write_bytes(b"%PDF-1.4 cut short")
        (folder / "empty.pdf").write_bytes(b"")
    return sorted(str(p) for p in folder.iterdir())


def _run(*args):
    return CliRunner().invoke(main, ["extract", *map(str, args), "--no-model", "--quiet"])


def _once(out, inputs):
    """Every input is exactly one row of letters or errors, and nothing else is."""
    tables = imr_nlp.read_tables(out)
    seen = [*tables.letters["path"], *tables.errors["path"]]
    assert sorted(seen) == sorted(inputs)
    assert tables.letters["letter_id"].is_unique
    assert set(tables.decisions["letter_id"]) <= set(tables.letters["letter_id"])
    return tables


def _clean(out):
    """No work folder and no temporary file left beside the tables."""
    assert not work_dir(out).exists()
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_many_parts_give_the_tables_of_one_write(tmp_path, sample, rules_nlp, suffix):
    inputs = _inputs(tmp_path / "in", sample, 5)
    one = imr_nlp.extract(tmp_path / "in", nlp=rules_nlp)
    one.write(tmp_path / f"one{suffix}")
    out = tmp_path / f"parts{suffix}"
    assert _run(tmp_path / "in", "-o", out, "--part-size", "2").exit_code == 1  # 2 error rows
    _clean(out)
    _once(out, inputs)
    for name in TABLES:
        a, b = table_paths(tmp_path / f"one{suffix}")[name], table_paths(out)[name]
        if suffix != ".parquet":  # JSON lines and CSV are the same bytes
            assert filecmp.cmp(a, b, shallow=False), name
        pd.testing.assert_frame_equal(
            imr_nlp.read_tables(tmp_path / f"one{suffix}")[name], imr_nlp.read_tables(out)[name]
        )


def _parts_of(out, folder, rules_nlp, every):
    """A killed run's work folder: the inputs of ``folder`` written as parts, no final table."""
    writer = PartWriter(out, every=every)
    work_dir(out).mkdir(parents=True)
    feed(collect_inputs([folder]), writer.add, nlp=rules_nlp)
    return whole_parts(work_dir(out), out.suffix)


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_resume_uses_whole_parts_and_ignores_a_torn_one(tmp_path, sample, rules_nlp, suffix):
    inputs = _inputs(tmp_path / "in", sample, 6)
    out = tmp_path / "out" / f"run{suffix}"
    made = _parts_of(out, tmp_path / "in", rules_nlp, every=2)
    assert len(made) == 4 and not any(p.exists() for p in table_paths(out).values())
    torn = made[2].file("entities", suffix)  # cut short, as by a crash while writing
    torn.write_bytes(torn.read_bytes()[: torn.stat().st_size // 2])
    (work_dir(out) / "tmp-part-000009.123").mkdir()  # a half-written part: never counted
    whole = whole_parts(work_dir(out), suffix)
    assert [p.folder for p in whole] == [made[0].folder, made[1].folder, made[3].folder]
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path / "in"), "-o", str(out), "--no-model", "--resume"]
    )
    assert result.exit_code == 1, result.output
    skipped = sum(kind == "letter" for p in whole for *_, kind in p.inputs)
    assert f"{skipped} letters already read" in result.output
    assert skipped == 4  # not the torn part's 2 letters; the 2 error inputs are read again
    _clean(out)
    _once(out, inputs)


def test_an_unfinished_run_is_refused_without_resume_or_overwrite(tmp_path, sample, rules_nlp):
    inputs = _inputs(tmp_path / "in", sample, 3)
    out = tmp_path / "out" / "run.csv"
    _parts_of(out, tmp_path / "in", rules_nlp, every=2)
    refused = _run(tmp_path / "in", "-o", out)
    assert refused.exit_code == EXIT_INPUT_ERROR and "--resume" in refused.output
    assert _run(tmp_path / "in", "-o", out, "--overwrite").exit_code == 1
    _clean(out)
    _once(out, inputs)


def test_two_runs_never_write_the_same_output(tmp_path, sample):
    _inputs(tmp_path / "in", sample, 1, bad=False)
    out = tmp_path / "out" / "run.jsonl"
    with parts.locked(out):
        result = _run(tmp_path / "in", "-o", out)
    assert result.exit_code == EXIT_INPUT_ERROR and "another run" in result.output
    assert not any(p.exists() for p in table_paths(out).values())


def test_a_changed_input_replaces_its_rows_on_resume(tmp_path, sample):
    inputs = _inputs(tmp_path / "in", sample, 2, bad=False)
    out = tmp_path / "out" / "run.jsonl"
    assert _run(tmp_path / "in", "-o", out).exit_code == 0
    first = imr_nlp.read_tables(out)
    (tmp_path / "in" / "l001.txt").write_text(sample + "\nchanged\n", encoding="utf8")
    assert _run(tmp_path / "in", "-o", out, "--resume").exit_code == 0
    again = _once(out, inputs)
    assert len(again.decisions) == len(first.decisions)
    changed = again.letters.set_index("letter_id")["sha1"]
    assert changed["l001"] != first.letters.set_index("letter_id")["sha1"]["l001"]


def test_final_tables_are_the_old_ones_or_the_new_ones(tmp_path, sample, monkeypatch):
    _inputs(tmp_path / "in", sample, 2)
    out = tmp_path / "out" / "run.jsonl"
    assert _run(tmp_path / "in", "-o", out).exit_code == 1
    before = {p: p.read_bytes() for p in table_paths(out).values()}
    (tmp_path / "in" / "l002.txt").write_text(sample + "\nthird\n", encoding="utf8")
    real, calls = parts._combine_text, []

    def fails_on_the_third(sources, level, tmp, suffix):
        calls.append(level)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(sources, level, tmp, suffix)

    monkeypatch.setattr(parts, "_combine_text", fails_on_the_third)
    result = _run(tmp_path / "in", "-o", out, "--resume")
    assert result.exit_code == 130 and "--resume" in result.output
    assert {p: p.read_bytes() for p in before} == before  # untouched
    assert not list(out.parent.glob(".*.tmp"))
    assert whole_parts(work_dir(out), ".jsonl")  # what was read is kept
    # Killed after the journal, before the renames: the next run finishes them.
    monkeypatch.setattr(parts, "_combine_text", real)
    monkeypatch.setattr(parts, "finish_combined", lambda output: None)
    assert _run(tmp_path / "in", "-o", out, "--resume").exit_code == 1
    assert (work_dir(out) / parts.JOURNAL).exists()
    assert {p: p.read_bytes() for p in before} == before
    monkeypatch.undo()
    parts.finish_combined(out)
    _clean(out)
    assert len(imr_nlp.read_tables(out).letters) == 3


@pytest.mark.slow  # a real process killed with SIGKILL
def test_kill_9_keeps_whole_parts_and_resume_reads_every_input_once(tmp_path, sample):
    inputs = _inputs(tmp_path / "in", sample, 300)
    out = tmp_path / "out" / "run.parquet"
    cmd = [sys.executable, "-m", "imr_nlp.cli", "extract", str(tmp_path / "in"), "-o", str(out)]
    cmd += ["--no-model", "--quiet", "--part-size", "10"]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not list(work_dir(out).glob("part-000002")) and proc.poll() is None:
        assert time.monotonic() < deadline, "no part written in 300 s"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not any(p.exists() for p in table_paths(out).values())
    made = sorted(work_dir(out).glob("part-*"))
    whole = whole_parts(work_dir(out), ".parquet")
    assert len(made) >= 2 and [p.folder for p in whole] == made  # every part is whole
    in_parts = [path for p in whole for path, *_ in p.inputs]
    assert len(in_parts) == len(set(in_parts)) < len(inputs)
    for part in whole:
        manifest = json.loads((part.folder / parts.MANIFEST).read_text())
        assert len(pd.read_parquet(part.file("letters", ".parquet"))) == sum(
            kind == "letter" for *_, kind in manifest["inputs"]
        )
    done = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stderr  # the two error inputs
    _clean(out)
    tables = _once(out, inputs)
    assert sorted(tables.errors["code"]) == ["E002", "E003"]


def test_a_ctrl_c_taken_by_another_thread_waits_for_the_critical_section():
    """With worker processes the pool's threads may take a Ctrl-C; its handler then runs in the
    main thread all the same. Inside ``deferred_interrupt`` it is only noted, and raised once
    the section (writing and recording a part) is over: no part is written twice."""
    import signal
    import threading
    import time

    from imr_nlp.io.parts import deferred_interrupt

    release = threading.Event()
    other = threading.Thread(target=release.wait, args=(10,))
    other.start()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    steps: list[str] = []
    try:
        with pytest.raises(KeyboardInterrupt):
            with deferred_interrupt():
                signal.pthread_kill(other.ident, signal.SIGINT)
                for _ in range(2000):  # many points where Python runs a pending handler
                    time.sleep(0)
                steps.append("written and recorded")
            steps.append("after the section")  # never reached: the Ctrl-C is raised first
    finally:
        signal.signal(signal.SIGINT, previous)
        release.set()
        other.join()
    assert steps == ["written and recorded"]


def test_parts_written_out_of_order_are_combined_in_input_order(tmp_path, sample, rules_nlp):
    """A cluster's partitions complete in any order: each is a part as it comes, and the
    final tables are those of the inputs' order all the same."""
    inputs = _inputs(tmp_path / "in", sample, 4, bad=False)
    out = tmp_path / "out" / "run.jsonl"
    work_dir(out).mkdir(parents=True)
    found = list(feed_results(inputs, rules_nlp))
    writer = PartWriter(out, every=10)
    for batch in (found[2:], found[:2]):  # the second half done first
        for item, letter_id, path, digest in batch:
            writer.add(item, letter_id, path, digest)
        writer.flush()
    sources = parts.new_sources(out, 1, order=[Path(p) for p in inputs])
    firsts = [
        json.loads((s.file.parent / parts.MANIFEST).read_text())["inputs"][0][0]
        for s in sources["letters"]
    ]
    assert firsts == [inputs[0], inputs[2]]  # part 2 (written second) first
    parts.combine_into(out, sources)
    assert list(imr_nlp.read_tables(out).letters["path"]) == inputs


def feed_results(inputs, nlp):
    found = []
    feed([Path(p) for p in inputs], lambda *row: found.append(row), nlp=nlp)
    return found


def test_extract_with_an_output_writes_parts_and_resumes_after_ctrl_c(
    tmp_path, sample, rules_nlp, monkeypatch
):
    """``imr_nlp.extract(..., output=...)``: the run of ``imr-nlp extract -o``, in a notebook."""
    from imr_nlp.io import extract as extract_module

    inputs = _inputs(tmp_path / "in", sample, 5)
    out = tmp_path / "out" / "run.parquet"
    seen = []

    def ctrl_c_after_three(done):
        seen.append(done)
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        imr_nlp.extract(
            tmp_path / "in", nlp=rules_nlp, output=out, part_size=2, progress=ctrl_c_after_three
        )
    first = imr_nlp.read_tables(out)  # the three inputs done: a part of two and one in memory
    assert sorted([*first.letters["path"], *first.errors["path"]]) == inputs[:3]
    _clean(out)
    with pytest.raises(FileExistsError):
        imr_nlp.extract(tmp_path / "in", nlp=rules_nlp, output=out)
    read = []
    real = extract_module.read_letter
    monkeypatch.setattr(
        extract_module, "read_letter", lambda path: read.append(str(path)) or real(path)
    )
    tables = imr_nlp.extract(tmp_path / "in", nlp=rules_nlp, output=out, resume=True)
    assert not set(first.letters["path"]) & set(read)  # the letters done are not read again
    assert tables.interrupted is False
    assert sorted([*tables.letters["path"], *tables.errors["path"]]) == inputs
    _clean(out)
    again = _once(out, inputs)
    for name in TABLES:  # what it returns is what it wrote
        pd.testing.assert_frame_equal(tables[name], again[name])
    in_memory = imr_nlp.extract(tmp_path / "in", nlp=rules_nlp)
    pd.testing.assert_frame_equal(
        tables.letters.sort_values("path").reset_index(drop=True),
        in_memory.letters.sort_values("path").reset_index(drop=True),
    )


def test_extract_with_an_output_keeps_the_call_as_it_was_without(tmp_path, sample, rules_nlp):
    _inputs(tmp_path / "in", sample, 2)
    out = tmp_path / "out" / "run.jsonl"
    written = imr_nlp.extract(tmp_path / "in", nlp=rules_nlp, output=out)
    in_memory = imr_nlp.extract(tmp_path / "in", nlp=rules_nlp)
    for name in TABLES:
        pd.testing.assert_frame_equal(written[name], in_memory[name], obj=name)
    assert not list(out.parent.glob(".*"))
    replaced = imr_nlp.extract(tmp_path / "in", nlp=rules_nlp, output=out, overwrite=True)
    assert len(replaced.letters) == 2
    with pytest.raises(ValueError):
        imr_nlp.extract(tmp_path / "in", nlp=rules_nlp, output=tmp_path / "run.xlsx")


def test_work_that_cannot_go_on_is_combined_as_after_ctrl_c(tmp_path, sample, rules_nlp):
    """A lost cluster is no input's fault: no error rows for the inputs not done, the parts
    done are combined, and the run says why it stopped."""
    inputs = _inputs(tmp_path / "in", sample, 4, bad=False)
    out = tmp_path / "out" / "run.jsonl"
    found = feed_results(inputs, rules_nlp)

    def lost_after_two(skip):
        yield found[:2]
        raise parts.Stopped("lost the cluster")

    with parts.locked(out):
        written = parts.write_in_parts(
            out, lost_after_two, resume=False, finals=False, part_per_batch=True
        )
    assert written.interrupted and written.stopped == "lost the cluster"
    assert written.counts["letters"] == 2 and written.counts["errors"] == 0
    _clean(out)
    assert list(imr_nlp.read_tables(out).letters["path"]) == inputs[:2]
