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

import warnings
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

from .tables import LEVELS, frame, letter_rows

ERROR_COLUMNS = ["letter_id", "path", "code", "error"]


@lru_cache(maxsize=2)
def _pipeline(model: bool) -> Any:
    """The pipeline of this worker process (loaded once)."""
    import imr_nlp

    return imr_nlp.load(model=model)


def _errors_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ERROR_COLUMNS).astype("string")


def process_partition(paths: list[str], model: bool = True) -> dict[str, pd.DataFrame]:
    """Read and process the letters of one partition into the four tables."""
    from ..cli import read_letter
    from ..errors import IMRError

    texts, errors = [], []
    for path in paths:
        letter_id = Path(path).stem
        try:
            texts.append((read_letter(Path(path)), letter_id))
        except IMRError as err:
            errors.append(
                {"letter_id": letter_id, "path": path, "code": err.code, "error": str(err)}
            )
        except OSError as err:
            errors.append(
                {"letter_id": letter_id, "path": path, "code": "E010", "error": type(err).__name__}
            )
    rows: dict[str, list[dict]] = {level: [] for level in LEVELS}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for doc, letter_id in _pipeline(model).pipe(texts, as_tuples=True):
            for level, level_rows in letter_rows(doc, letter_id).items():
                rows[level] += level_rows
    out = {level: frame(level_rows, level) for level, level_rows in rows.items()}
    out["errors"] = _errors_frame(errors)
    return out


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
    metas = {level: frame([], level) for level in LEVELS}
    metas["errors"] = _errors_frame([])
    return {
        name: dd.from_delayed([dask.delayed(_get)(p, name) for p in parts], meta=meta)
        for name, meta in metas.items()
    }


def _get(result: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return result[name]
