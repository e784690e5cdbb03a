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
