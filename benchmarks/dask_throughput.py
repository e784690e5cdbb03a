"""Throughput of the Dask path on a LocalCluster: letters per second in all and per worker.

    .venv/bin/python benchmarks/dask_throughput.py [--workers 2] [--repeat 2] [--no-model]

Runs imr_nlp.io.dask.tables over the dev PDFs of ../shared (each listed ``--repeat`` times), with
one single-threaded worker process per core asked for; the clock starts after the workers have
loaded the pipeline (one warm-up partition each), so the figure is the steady rate.
"""

from __future__ import annotations

import argparse
import logging
import time
import warnings
from pathlib import Path

import dask
from dask.distributed import Client, LocalCluster

import imr_nlp.io.dask as imr_dask

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    paths = sorted((args.shared / "letters").glob("*.pdf")) * args.repeat
    cluster = LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster):
        warm = imr_dask.tables(
            paths[: args.workers], npartitions=args.workers, model=not args.no_model
        )
        dask.compute(*warm.values())
        start = time.perf_counter()
        tables = imr_dask.tables(paths, npartitions=args.workers * 4, model=not args.no_model)
        letters = dask.compute(tables["letters"])[0]
        seconds = time.perf_counter() - start
    rate = len(letters) / seconds
    print("| workers | letters | seconds | letters/s | letters/s per worker |")
    print("|---|---|---|---|---|")
    per_worker = rate / args.workers
    print(f"| {args.workers} | {len(letters)} | {seconds:.1f} | {rate:.1f} | {per_worker:.1f} |")


if __name__ == "__main__":
    main()
