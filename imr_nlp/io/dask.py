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

``imr-nlp extract --scheduler`` does not build these: it sends partitions of inputs
(:func:`cluster_batches`) and writes each one's rows as a part as soon as it completes, so an
interrupted run keeps what was done and ``--resume`` continues it (docs/runs.md).
"""

from __future__ import annotations

import contextlib
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


#: The PDF limits of a task: (memory MB, timeout s), None for the worker's own.
Limits = tuple[float | None, float | None]


def process_partition(
    entries: list[tuple[str, str]], model: bool = True, pdf_limits: Limits = (None, None)
) -> dict[str, pd.DataFrame]:
    """Read and process the (path, letter id) entries of one partition into the tables (as a
    worker of ``imr-nlp extract --n-process`` does: a letter the pipeline fails on is an E014
    row), PDFs under ``pdf_limits``."""
    from .extract import chunk_results
    from .pdfworker import thread_limits

    todo = [(Path(p), letter_id, None) for p, letter_id in entries]
    built = TableBuilder()
    with thread_limits(*pdf_limits):
        for item, letter_id, _, _ in chunk_results(_pipeline(model), todo):
            if isinstance(item, dict):
                built.errors.append(item)
            else:
                built.add(item, letter_id)
    return built.frames()


def partition_results(
    entries: list[tuple[str, str, str | None]],
    model: bool,
    text: bool,
    batch_size: int,
    pdf_limits: Limits = (None, None),
) -> list[tuple[Any, str, str, str | None]]:
    """On a worker: the results of one partition of ``imr-nlp extract --scheduler``, (rows or
    error row, letter id, path, SHA-1) per input, in order, from its (path, letter id, SHA-1)
    entries; a SHA-1 the client left out (None) is computed here, from the file. PDFs are
    read under ``pdf_limits`` (the client's ``--pdf-memory-mb`` and ``--pdf-timeout``)."""
    from .extract import chunk_results, fingerprint
    from .pdfworker import thread_limits

    todo = [(Path(p), i, s if s is not None else fingerprint(Path(p))) for p, i, s in entries]
    with thread_limits(*pdf_limits):
        return list(chunk_results(_pipeline(model), todo, batch_size=batch_size, text=text))


def cluster_batches(
    client: Any,
    files: list[Path],
    *,
    model: bool = True,
    text: bool = True,
    batch_size: int = 4,
    part_size: int | None = None,
    pdf_limits: Limits = (None, None),
) -> Any:
    """The work of :func:`imr_nlp.io.parts.write_in_parts` on the Dask cluster of ``client``
    (``imr-nlp extract --scheduler``): given the (path, SHA-1) of the inputs to skip, the
    results of every input, a partition at a time, as the partitions complete.

    A partition holds at most ``part_size`` inputs (default :data:`~imr_nlp.io.parts.PART_INPUTS`),
    fewer for a small run (about two per worker thread). Only a few partitions per worker
    thread are sent ahead, so a Ctrl-C wastes little work; the skipped inputs are never sent
    (only their files are read here, for their SHA-1). A partition whose task fails (a worker
    lost on it, an exception) is sent again an input at a time; an input whose own task fails
    is an E014 error row: every input is a letter or an error row, and the run goes on. A
    lost scheduler (the connection closed, the tasks cancelled) is no input's fault: it raises
    :class:`~imr_nlp.io.parts.Stopped`, and the run ends as after a Ctrl-C."""
    from .parts import PART_INPUTS

    limit = part_size or PART_INPUTS

    def start(skip: frozenset[tuple[str, str]]) -> Any:
        return _on_cluster(client, files, skip, limit, (model, text, batch_size, pdf_limits))

    return start


def _threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def _on_cluster(
    client: Any,
    files: list[Path],
    skip: frozenset[tuple[str, str]],
    limit: int,
    options: tuple[bool, bool, int, Limits],
) -> Any:
    from distributed import as_completed

    from .extract import fingerprint
    from .parts import Stopped
    from .readers import letter_ids

    size = max(1, min(limit, -(-len(files) // (2 * _threads(client)))))
    candidates = {path for path, _ in skip}

    def partitions() -> Any:  # ("skipped", results) or ("todo", entries), in input order
        skipped: list[Any] = []
        todo: list[tuple[str, str, str | None]] = []
        for path, letter_id in zip(files, letter_ids(files), strict=True):
            name = str(path)
            digest = fingerprint(path) if name in candidates else None
            if digest is not None and (name, digest) in skip:
                skipped.append((None, letter_id, name, digest))
                if len(skipped) == size:
                    yield "skipped", skipped
                    skipped = []
            else:
                todo.append((name, letter_id, digest))
                if len(todo) == size:
                    yield "todo", todo
                    todo = []
        if skipped:
            yield "skipped", skipped
        if todo:
            yield "todo", todo

    waiting = partitions()
    running = as_completed(loop=client.loop)
    sent: dict[Any, list[tuple[str, str, str | None]]] = {}  # future -> its entries

    def send(entries: list[tuple[str, str, str | None]]) -> None:
        future = client.submit(partition_results, entries, *options, pure=False)
        sent[future] = entries
        running.add(future)

    def fill() -> list[Any]:
        """Send partitions until two per worker thread are out; the skipped ones met."""
        met = []
        ahead = 2 * _threads(client)
        while len(sent) < ahead:
            kind, batch = next(waiting, (None, None))
            if kind is None:
                break
            if kind == "skipped":
                met.append(batch)
            else:
                send(batch)
        return met

    try:
        yield from fill()
        for future in running:
            entries = sent.pop(future)
            try:
                batch = future.result()
            except Exception as err:
                if future.status != "error":  # cancelled: the scheduler lost or restarted
                    name = type(err).__name__
                    raise Stopped(f"the Dask cluster dropped the run's tasks ({name})") from err
                if len(entries) > 1:  # find the input it failed on; keep the others
                    for entry in entries:
                        send([entry])
                    continue
                batch = [_failed(entry, err)]  # the task of this input alone failed
            del future
            yield batch
            yield from fill()
    except OSError as err:  # the connection to the scheduler (CommClosedError, timeouts)
        raise Stopped(f"lost the Dask scheduler ({type(err).__name__})") from err
    finally:
        if sent:  # Ctrl-C, or the caller stopped: the partitions still out are dropped
            with contextlib.suppress(OSError):
                client.cancel(list(sent))


def _failed(entry: tuple[str, str, str | None], err: BaseException) -> Any:
    """The error row (E014) of an input whose Dask task failed."""
    path, letter_id, digest = entry
    reason = f"its Dask task failed: {type(err).__name__}"
    row = {
        "letter_id": letter_id,
        "path": path,
        "code": Errors.E014.name,
        "error": Errors.E014.format(reason=reason),
    }
    return row, letter_id, path, digest


def tables(
    paths: Iterable[str | Path] | Any,
    *,
    npartitions: int | None = None,
    model: bool = True,
    pdf_memory_mb: float | None = None,
    pdf_timeout: float | None = None,
) -> dict[str, dd.DataFrame]:
    """The decisions, entities, letters and errors tables as Dask DataFrames.

    ``paths``: letter files (PDF or text), or a Dask Bag of them. Letter ids are those of
    ``imr-nlp extract``: the file stem, or the path where two inputs share a stem (for a Bag,
    whose paths are not all known here, the stem). ``pdf_memory_mb`` and ``pdf_timeout``: the
    limits of reading a PDF on the workers (None: each worker's ``IMR_NLP_PDF_MEMORY_MB`` /
    ``IMR_NLP_PDF_TIMEOUT``, else the defaults). Nothing is computed until you ask
    (``dask.compute(*tables.values())`` processes every partition once).
    """
    import dask.bag as db

    from .readers import letter_ids

    if isinstance(paths, db.Bag):
        bag = paths.map(lambda p: (str(p), Path(p).stem))
    else:
        files = [Path(p) for p in paths]
        items = [(str(p), i) for p, i in zip(files, letter_ids(files), strict=True)]
        bag = db.from_sequence(items, npartitions=npartitions or max(1, min(len(items), 100)))
    limits = (pdf_memory_mb, pdf_timeout)
    parts = [dask.delayed(process_partition)(part, model, limits) for part in bag.to_delayed()]
    metas = TableBuilder().frames()
    # The list columns hold lists: Dask must not turn object columns into strings.
    with dask.config.set({"dataframe.convert-string": False}):
        return {
            name: dd.from_delayed([dask.delayed(_get)(p, name) for p in parts], meta=meta)
            for name, meta in metas.items()
        }


def _get(result: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return result[name]
