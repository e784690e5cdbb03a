"""The Dask path: a 2-worker LocalCluster gives the same tables as one process."""

from __future__ import annotations

import warnings

import pytest

pytestmark = pytest.mark.slow  # a 2-worker LocalCluster and a scheduler: 5-15 s each

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import pandas as pd  # noqa: E402

import imr_nlp  # noqa: E402
import imr_nlp.io.dask as imr_dask  # noqa: E402


@pytest.mark.filterwarnings("ignore")
def test_local_cluster_tables_equal_the_single_process_tables(shared, tmp_path):
    paths = sorted((shared / "letters").glob("*.pdf"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster):
        tables = imr_dask.tables([*paths, broken], npartitions=4, model=False)
        computed = dict(zip(tables, dask.compute(*tables.values()), strict=True))
    nlp = imr_nlp.load(model=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = list(nlp.pipe(((imr_nlp.read_pdf(p), p.stem) for p in paths), as_tuples=True))
    for level in ("decisions", "entities", "letters"):
        expected = imr_nlp.to_dataframe(docs, level=level)
        got = computed[level].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, obj=level)
    assert list(computed["errors"]["letter_id"]) == ["broken"]
    assert computed["errors"]["code"].iloc[0] == "E002"


@pytest.mark.filterwarnings("ignore")
def test_tables_name_letters_as_extract_does(tmp_path):
    """Two inputs sharing a stem are named by their paths, as ``imr-nlp extract`` names them
    (the stems alone would give two letters one id)."""
    text = "Case Number: CM00-0000000\nThe invented letter has no decision.\n"
    paths = [tmp_path / "a" / "same.txt", tmp_path / "b" / "same.txt", tmp_path / "c" / "own.txt"]
    for path in paths:
        path.parent.mkdir()
        path.write_text(text, encoding="utf8")
    tables = imr_dask.tables(paths, npartitions=2, model=False)
    (letters,) = dask.compute(tables["letters"], scheduler="synchronous")
    assert list(letters["letter_id"]) == [str(paths[0]), str(paths[1]), "own"]


@pytest.mark.filterwarnings("ignore")
def test_cli_runs_on_an_existing_scheduler(shared, tmp_path):
    import pandas as pd
    from click.testing import CliRunner

    from imr_nlp.cli import main

    paths = [str(p) for p in sorted((shared / "letters").glob("*.pdf"))[:4]]
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster:
        out = tmp_path / "t.parquet"
        args = [
            "extract",
            *paths,
            "-o",
            str(out),
            "--no-model",
            "--scheduler",
            cluster.scheduler_address,
        ]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(tmp_path / "t.letters.parquet")) == 4


# -- imr-nlp extract --scheduler: a part per partition, Ctrl-C, --resume, a failed task --------

from click.testing import CliRunner  # noqa: E402

from imr_nlp.cli import EXIT_INTERRUPTED, main  # noqa: E402
from imr_nlp.io import parts  # noqa: E402
from imr_nlp.io.parts import work_dir  # noqa: E402
from imr_nlp.io.tables import table_paths  # noqa: E402
from tests.test_parts import _inputs  # noqa: E402

_partition_results = imr_dask.partition_results
#: The (path, letter id, SHA-1) entries the cluster was sent, in the test's process.
SENT: list[tuple[str, str, str | None]] = []


def _recorded(entries, *args):
    SENT.extend(entries)
    return _partition_results(entries, *args)


def _poisoned(entries, *args):
    """A task that fails whenever one of its inputs is named ``poison``."""
    if any("poison" in path for path, _, _ in entries):
        raise RuntimeError("this task always fails")
    return _partition_results(entries, *args)


@pytest.fixture(scope="module")
def cluster():
    """One in-process worker, one thread: the partitions complete one at a time."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster


def _on(cluster, *args):
    args = ["extract", *map(str, args), "--no-model", "--scheduler", cluster.scheduler_address]
    return CliRunner().invoke(main, args)


def _once(out, inputs):
    """Every input is exactly one row of letters or errors; no work folder is left."""
    tables = imr_nlp.read_tables(out)
    assert sorted([*tables.letters["path"], *tables.errors["path"]]) == sorted(inputs)
    assert tables.letters["letter_id"].is_unique
    assert not work_dir(out).exists()
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(".")]
    return tables


@pytest.mark.filterwarnings("ignore")
def test_cluster_run_gives_the_tables_of_a_local_run(cluster, tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in", imr_nlp.sample_text(), 5)
    local = tmp_path / "local" / "run.jsonl"
    assert (
        CliRunner().invoke(main, ["extract", *inputs, "-o", str(local), "--no-model"]).exit_code
        == 1
    )
    out = tmp_path / "out" / "run.jsonl"
    made = []
    real = parts.PartWriter.flush

    def counted(writer):
        made.append(len(writer.inputs))
        real(writer)

    monkeypatch.setattr(parts.PartWriter, "flush", counted)
    result = _on(cluster, tmp_path / "in", "-o", out, "--part-size", "2")
    assert result.exit_code == 1, result.output  # the two error rows
    assert [n for n in made if n] == [2, 2, 2, 1]  # a part per partition, as it completes
    _once(out, inputs)
    for name, path in table_paths(out).items():  # the same bytes, rows in input order
        assert path.read_bytes() == table_paths(local)[name].read_bytes(), name


@pytest.mark.filterwarnings("ignore")
def test_cluster_run_keeps_its_parts_on_ctrl_c_and_resume_sends_only_the_rest(
    cluster, tmp_path, monkeypatch
):
    inputs = _inputs(tmp_path / "in", imr_nlp.sample_text(), 6)
    out = tmp_path / "out" / "run.parquet"
    real = parts.PartWriter.flush

    def ctrl_c_after_the_first_part(writer):
        real(writer)
        if writer.written == 1 and not getattr(writer, "stopped", False):
            writer.stopped = True
            raise KeyboardInterrupt

    monkeypatch.setattr(parts.PartWriter, "flush", ctrl_c_after_the_first_part)
    monkeypatch.setattr(imr_dask, "partition_results", _recorded)
    SENT.clear()
    result = _on(cluster, tmp_path / "in", "-o", out, "--part-size", "2")
    assert result.exit_code == EXIT_INTERRUPTED, result.output
    assert "interrupted: " in result.output and "--resume" in result.output
    first = imr_nlp.read_tables(out)
    done = [*first.letters["path"], *first.errors["path"]]
    assert len(done) == 2 and len(set(done)) == 2  # the one part, nothing else
    assert not work_dir(out).exists()  # combined into the tables
    refused = _on(cluster, tmp_path / "in", "-o", out)
    assert refused.exit_code == 2 and "--resume" in refused.output
    monkeypatch.setattr(parts.PartWriter, "flush", real)
    SENT.clear()
    again = _on(cluster, tmp_path / "in", "-o", out, "--resume", "--part-size", "2")
    assert again.exit_code == 1, again.output
    letters_done = set(first.letters["path"])
    assert f"{len(letters_done)} letters already read" in again.output
    assert not letters_done & {path for path, _, _ in SENT}  # not sent again
    tables = _once(out, inputs)
    assert sorted(tables.errors["code"]) == ["E002", "E003"]


@pytest.mark.filterwarnings("ignore")
def test_a_failed_task_gives_error_rows_and_the_run_goes_on(cluster, tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in", imr_nlp.sample_text(), 5, bad=False)
    (tmp_path / "in" / "poison.txt").write_text(imr_nlp.sample_text(), encoding="utf8")
    inputs.append(str(tmp_path / "in" / "poison.txt"))
    monkeypatch.setattr(imr_dask, "partition_results", _poisoned)
    out = tmp_path / "out" / "run.csv"
    result = _on(cluster, tmp_path / "in", "-o", out, "--part-size", "3")
    assert result.exit_code == 1, result.output
    tables = _once(out, inputs)
    assert list(tables.errors["letter_id"]) == ["poison"]
    assert tables.errors["code"].iloc[0] == "E014"
    assert "Dask task failed: RuntimeError" in tables.errors["error"].iloc[0]
    assert len(tables.letters) == 5  # its partition's other inputs were read, one by one


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    _inputs(tmp_path / "in", imr_nlp.sample_text(), 1, bad=False)
    out = tmp_path / "out" / "run.jsonl"
    args = ["extract", str(tmp_path / "in"), "-o", str(out), "--scheduler", "tcp://127.0.0.1:9"]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "cannot reach the Dask scheduler" in result.output
    assert not any(p.exists() for p in table_paths(out).values())
    assert not work_dir(out).exists()
