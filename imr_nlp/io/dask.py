"""The three tables as Dask DataFrames, for archives that outgrow one machine.

Install with ``pip install imr-nlp[dask]``. ::

    from dask.distributed import Client
    import imr_nlp.io.dask

    client = Client("tcp://scheduler:8786")          # or a LocalCluster
    tables = imr_nlp.io.dask.tables(paths, npartitions=200)
    decisions = tables["decisions"].compute()       # or .to_parquet("s3://...")

Each partition reads its letters (PDF or text) and runs the pipeline, loaded once per worker
process. A letter that cannot be read becomes a row of ``tables["errors"]`` with its error code:
nothing is dropped. Column names and dtypes are those of :func:`imr_nlp.to_dataframe`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Errors, MissingDependencyError

try:
    import dask
    import dask.dataframe as dd
except ImportError as err:
    raise MissingDependencyError(
        Errors.E012, what="imr_nlp.io.dask", package=err.name or "dask", extra="dask"
    ) from err

from .tables import TableBuilder


@lru_cache(maxsize=2)
def _pipeline(model: bool) -> Any:
    """The pipeline of this worker process (loaded once)."""
    import imr_nlp

    return imr_nlp.load(model=model)


def process_partition(paths: list[str], model: bool = True) -> dict[str, pd.DataFrame]:
    """Read and process the letters of one partition into the tables (as a worker of
    ``imr-nlp extract --n-process`` does: a letter the pipeline fails on is an E014 row)."""
    from .extract import chunk_results

    entries = [(Path(p), Path(p).stem, None) for p in paths]
    built = TableBuilder()
    for item, letter_id, _, _ in chunk_results(_pipeline(model), entries):
        if isinstance(item, dict):
            built.errors.append(item)
        else:
            built.add(item, letter_id)
    return built.frames()


def tables(
    paths: Iterable[str | Path] | Any, *, npartitions: int | None = None, model: bool = True
) -> dict[str, dd.DataFrame]:
    """The decisions, entities, letters and errors tables as Dask DataFrames.

    ``paths``: letter files (PDF or text), or a Dask Bag of them. Nothing is computed until you
    ask (``dask.compute(*tables.values())`` processes every partition once).
    """
    import dask.bag as db

    if isinstance(paths, db.Bag):
        bag = paths.map(str)
    else:
        items = [str(p) for p in paths]
        bag = db.from_sequence(items, npartitions=npartitions or max(1, min(len(items), 100)))
    parts = [dask.delayed(process_partition)(part, model) for part in bag.to_delayed()]
    metas = TableBuilder().frames()
    # The list columns hold lists: Dask must not turn object columns into strings.
    with dask.config.set({"dataframe.convert-string": False}):
        return {
            name: dd.from_delayed([dask.delayed(_get)(p, name) for p in parts], meta=meta)
            for name, meta in metas.items()
        }


def _get(result: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return result[name]
