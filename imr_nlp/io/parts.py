"""``imr-nlp extract`` writes its results in parts while it runs, then combines them: on this
machine, on a Dask cluster (``--scheduler``: a part per partition, as it completes) and from
Python (``imr_nlp.extract(..., output=...)``), all through :func:`write_in_parts`.

A run keeps at most :data:`PART_INPUTS` inputs (or :data:`PART_SECONDS` of work) in memory:
then it writes them as a *part*, a folder of the five tables in the output's format, in the
hidden work folder beside the output (``out/run.parquet`` -> ``out/.run.parts/part-000001/``).
A part is written under a temporary name and renamed once whole (with a manifest of its
inputs and the size and SHA-1 of each of its files), so a part is whole or absent: a run killed
outright (``kill -9``, out of memory, power loss) keeps every part it finished, and
``--resume`` skips their inputs. A part whose files do not match its manifest (torn) is ignored
and its inputs read again.

At the end (also after Ctrl-C), the parts are combined into each final table, streamed part by
part (JSON lines and CSV line by line, Parquet row group by row group with
``pyarrow.parquet.ParquetWriter``), under temporary names. Then a journal (``COMBINED``) is
written in the work folder, the temporary tables are renamed into place and the work folder is
removed; a run killed between the journal and the end has its renames finished by the next
run. So the final tables are the old ones or the new ones, never a mix, and never hold a part
twice.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .columns import TABLES, dtypes
from .tables import TableBuilder, _file_ready, table_paths, write_table

#: A part is written after this many inputs ...
PART_INPUTS = 500
#: ... or after this many seconds with at least one input done, whichever comes first.
PART_SECONDS = 120.0
MANIFEST = "manifest.json"
JOURNAL = "COMBINED"
LOCK = "lock"


class Busy(Exception):
    """Another run is writing the same output."""


def work_dir(output: str | Path) -> Path:
    """The hidden work folder of an output: ``out/run.parquet`` -> ``out/.run.parts``."""
    output = Path(output)
    return output.parent / f".{output.with_suffix('').name}.parts"


def _sha1(path: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Part:
    """A whole part: its folder and its manifest's inputs ([path, sha1, letter_id, kind])."""

    def __init__(self, folder: Path, inputs: list[list[Any]]) -> None:
        self.folder = folder
        self.inputs = inputs

    def file(self, name: str, suffix: str) -> Path:
        return self.folder / f"{name}{suffix}"


def whole_parts(folder: Path, suffix: str) -> list[Part]:
    """The parts of a work folder whose files match their manifest, in order (torn or
    half-written ones are left out)."""
    found = []
    for sub in sorted(folder.glob("part-*")):
        try:
            manifest = json.loads((sub / MANIFEST).read_text(encoding="utf8"))
            files = manifest["files"]
            if set(files) != {f"{name}{suffix}" for name in TABLES}:
                continue
            if all(
                (sub / name).stat().st_size == size and _sha1(sub / name) == digest
                for name, (size, digest) in files.items()
            ):
                found.append(Part(sub, manifest["inputs"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def finish_combined(output: Path) -> None:
    """Finish a combination a killed run had journaled: rename the tables still under their
    temporary names into place, then remove the work folder."""
    folder = work_dir(output)
    journal = folder / JOURNAL
    if not journal.exists():
        return
    try:
        renames = json.loads(journal.read_text(encoding="utf8"))
    except ValueError:  # never: the journal is renamed into place whole
        return
    for tmp, final in renames:
        with contextlib.suppress(FileNotFoundError):  # renamed already (by the run itself)
            os.replace(tmp, final)
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def locked(output: Path) -> Iterator[Path]:
    """Hold the output's work folder for this run (:class:`Busy` if another run holds it)."""
    import fcntl

    folder = work_dir(output)
    folder.mkdir(parents=True, exist_ok=True)
    handle = (folder / LOCK).open("a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            raise Busy(str(output)) from err
        yield folder
    finally:
        handle.close()
        if not any(folder.glob("part-*")) and not (folder / JOURNAL).exists():
            shutil.rmtree(folder, ignore_errors=True)  # nothing to resume: leave no trace


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """A critical section: a Ctrl-C (SIGINT) that comes inside it is only noted, and handled as
    it ends (by the handler it replaced), so a part is never written without being recorded
    (its inputs would be written twice) nor recorded without being written.

    The Python handler is replaced, not the signal blocked: a signal mask holds only the thread
    that sets it, and with worker processes the pool's own threads would take the signal, whose
    handler Python then runs in the main thread all the same, in the middle of the section."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[Any] = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if noted:
        if callable(old):
            old(signal.SIGINT, noted[0])
        elif old == signal.SIG_DFL:
            signal.raise_signal(signal.SIGINT)


class PartWriter:
    """Collects the rows of processed inputs like :class:`TableBuilder` and writes them as a
    part every :data:`PART_INPUTS` inputs or :data:`PART_SECONDS` seconds."""

    def __init__(
        self,
        output: Path,
        *,
        text: bool = True,
        every: int | None = None,
        seconds: float | None = None,
    ) -> None:
        self.folder = work_dir(output)
        self.suffix = output.suffix.lower()
        self.text = text
        self.every = PART_INPUTS if every is None else every
        self.seconds = PART_SECONDS if seconds is None else seconds
        numbers = [int(p.name.split("-")[1]) for p in self.folder.glob("part-*")]
        self.next = max(numbers, default=0) + 1
        self.written = 0  # parts written by this run
        self.counts = dict.fromkeys(TABLES, 0)
        self.warned = 0
        self.failed: list[tuple[str, str]] = []  # (path, code) of this run's error rows
        self._start()

    def _start(self) -> None:
        self.builder = TableBuilder(text=self.text)
        self.inputs: list[list[Any]] = []
        self.since = time.monotonic()

    def add(self, item: Any, letter_id: str, path: str, sha1: str | None) -> None:
        """One input: a Doc, or an error row (a dict)."""
        if isinstance(item, dict):
            self.builder.errors.append(item)
            self.inputs.append([path, sha1, letter_id, "error"])
            self.failed.append((item["path"], item["code"]))
        else:
            self.builder.add(item, letter_id, path=path, sha1=sha1)
            self.inputs.append([path, sha1, letter_id, "letter"])
            self.warned += bool(self.builder.rows["letters"][-1]["warnings"])
        if len(self.inputs) >= self.every or time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Write the inputs collected so far as a part (whole or not at all)."""
        if not self.inputs:
            return
        with deferred_interrupt():
            self._write_part()

    def _write_part(self) -> None:
        tables = self.builder.tables()
        while (self.folder / f"part-{self.next:06d}").exists():  # never over an existing part
            self.next += 1
        name = f"part-{self.next:06d}"
        tmp = self.folder / f"tmp-{name}.{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            files = {}
            for level, df in tables.items():
                path = tmp / f"{level}{self.suffix}"
                write_part_table(df, path, level)
                _fsync(path)
                files[path.name] = [path.stat().st_size, _sha1(path)]
            manifest = tmp / MANIFEST
            manifest.write_text(json.dumps({"files": files, "inputs": self.inputs}), "utf8")
            _fsync(manifest)
            _fsync(tmp)
            os.rename(tmp, self.folder / name)
            _fsync(self.folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for level, df in tables.items():
            self.counts[level] += len(df)
        self.next += 1
        self.written += 1
        self._start()


# -- Parquet: one schema for every part and the final table --------------------------------

_LIST_ITEMS = {"list[string]": "string", "list[float]": "float64", "list[int]": "int64"}


def arrow_schema(level: str) -> Any:
    """The Arrow schema of a table's file: what ``DataFrame.to_parquet`` gives, with list
    columns typed even when empty and every dictionary indexed by int32 (so parts with
    different category sets share it)."""
    import pyarrow as pa

    from .tables import frame

    base = pa.Table.from_pandas(
        _file_ready(frame([], level), level, ".parquet"), preserve_index=False
    ).schema
    fields = []
    for field, (name, dtype) in zip(base, dtypes(level).items(), strict=True):
        if dtype in _LIST_ITEMS:
            field = field.with_type(pa.list_(getattr(pa, _LIST_ITEMS[dtype])()))
        elif pa.types.is_dictionary(field.type):
            field = field.with_type(pa.dictionary(pa.int32(), field.type.value_type))
        assert field.name == name
        fields.append(field)
    return pa.schema(fields, metadata=base.metadata)


def _arrow(df: Any, level: str) -> Any:
    import pyarrow as pa

    table = pa.Table.from_pandas(_file_ready(df, level, ".parquet"), preserve_index=False)
    return table.cast(arrow_schema(level))


def write_part_table(df: Any, path: Path, level: str) -> None:
    """A part's table: as :func:`write_table`, Parquet with the shared schema."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(_arrow(df, level), path)
    else:
        write_table(df, path, level)


# -- Combining -------------------------------------------------------------------------------


class Source:
    """One earlier table file to combine (a part's, or an earlier run's final table), with
    the rows to leave out: letter and error rows of ``paths``, other rows of ``ids``."""

    def __init__(self, file: Path, paths: frozenset[str], ids: frozenset[str]) -> None:
        self.file, self.paths, self.ids = file, paths, ids

    def key(self, level: str) -> tuple[str, frozenset[str]]:
        return ("path", self.paths) if level in ("letters", "errors") else ("letter_id", self.ids)


def _jsonl_lines(source: Source, level: str) -> Iterator[str]:
    column, drop = source.key(level)
    with source.file.open(encoding="utf8") as f:
        for line in f:
            if not line.strip():
                continue
            if drop and json.loads(line).get(column) in drop:
                continue
            yield line if line.endswith("\n") else line + "\n"


def _combine_text(sources: list[Source], level: str, tmp: Path, suffix: str) -> int:
    """JSON lines or CSV: the sources' rows, line by line (CSV: record by record)."""
    rows = 0
    with tmp.open("w", encoding="utf8", newline="") as out:
        if suffix == ".jsonl":
            for source in sources:
                for line in _jsonl_lines(source, level):
                    out.write(line)
                    rows += 1
            if not rows:
                out.write("\n")  # as pandas writes an empty table
            return rows
        header = ",".join(dtypes(level)) + "\n"
        out.write(header)
        writer = csv.writer(out, lineterminator="\n")
        for source in sources:
            column, drop = source.key(level)
            with source.file.open(encoding="utf8", newline="") as f:
                reader = csv.reader(f)
                names = next(reader, None)
                if names is None:
                    continue
                at = names.index(column)
                for record in reader:
                    if drop and record[at] in drop:
                        continue
                    writer.writerow(record)
                    rows += 1
    return rows


def _combine_parquet(sources: list[Source], level: str, tmp: Path) -> int:
    """Parquet: the sources' rows, row group by row group, with one schema."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    schema = arrow_schema(level)
    rows = 0
    with pq.ParquetWriter(tmp, schema) as writer:
        for source in sources:
            column, drop = source.key(level)
            parquet = pq.ParquetFile(source.file)
            for group in range(parquet.num_row_groups):
                table = parquet.read_row_group(group)
                if drop:
                    keep = pc.invert(pc.is_in(table[column], value_set=pa.array(sorted(drop))))
                    table = table.filter(pc.fill_null(keep, True))
                if len(table):
                    writer.write_table(table.cast(schema))
                    rows += len(table)
        if not rows:
            writer.write_table(schema.empty_table())
    return rows


def combine_into(
    output: Path, sources: dict[str, list[Source]]
) -> tuple[dict[str, Path], dict[str, int]]:
    """Combine each table's sources into the final tables, each appearing whole (temporary
    names, a journal, then renames); then remove the work folder. Returns the tables' paths
    and row counts."""
    paths = table_paths(output)
    suffix = output.suffix.lower()
    folder = work_dir(output)
    folder.mkdir(parents=True, exist_ok=True)
    renames, counts = [], {}
    try:
        for level in TABLES:
            final = paths[level]
            tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
            if suffix == ".parquet":
                counts[level] = _combine_parquet(sources[level], level, tmp)
            else:
                counts[level] = _combine_text(sources[level], level, tmp, suffix)
            _fsync(tmp)
            renames.append((str(tmp), str(final)))
        journal = folder / f"{JOURNAL}.tmp"
        journal.write_text(json.dumps(renames), encoding="utf8")
        _fsync(journal)
        os.replace(journal, folder / JOURNAL)
    except BaseException:
        for tmp, _ in renames:
            Path(tmp).unlink(missing_ok=True)
        for level in TABLES:  # the one being written
            final = paths[level]
            final.with_name(f".{final.name}.{os.getpid()}.tmp").unlink(missing_ok=True)
        raise
    finish_combined(output)
    return paths, counts


def column_values(path: Path, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """Some columns of a final table, without reading the rest into memory."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        for group in range(parquet.num_row_groups):
            table = parquet.read_row_group(group, columns=columns)
            yield from zip(*(table[c].to_pylist() for c in columns), strict=True)
    elif suffix == ".csv":
        from .tables import _FORMULA

        with path.open(encoding="utf8", newline="") as f:
            reader = csv.reader(f)
            names = next(reader, [])
            at = [names.index(c) for c in columns]
            for record in reader:
                values = [record[i] or None for i in at]
                yield tuple(
                    v[1:] if v and v[:1] == "'" and v[1:].startswith(_FORMULA) else v
                    for v in values
                )
    else:
        with path.open(encoding="utf8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    yield tuple(row.get(c) for c in columns)


class Resumed:
    """What an output already holds: its final tables (an earlier completed or interrupted
    run) and its whole parts (a killed run). ``skip``: (path, SHA-1) of the letters read;
    ``paths``: the paths of every input they hold."""

    def __init__(self, output: Path, *, finals: bool, parts: bool) -> None:
        suffix = output.suffix.lower()
        self.output = output
        self.finals = table_paths(output) if finals else {}
        self.parts = whole_parts(work_dir(output), suffix) if parts else []
        self.final_letters: list[tuple[str, str | None, str]] = []
        self.final_errors: list[str] = []
        if self.finals:
            self.final_letters = [
                (p, s, i)
                for p, s, i in column_values(self.finals["letters"], ["path", "sha1", "letter_id"])
            ]
            self.final_errors = [p for (p,) in column_values(self.finals["errors"], ["path"])]
        self.skip = {(p, s) for p, s, _ in self.final_letters if s is not None}
        self.paths = {p for p, _, _ in self.final_letters} | set(self.final_errors)
        for part in self.parts:
            self.skip.update((p, s) for p, s, _, kind in part.inputs if kind == "letter" and s)
            self.paths.update(p for p, *_ in part.inputs)

    @property
    def letters(self) -> int:
        return len(self.final_letters) + sum(
            kind == "letter" for part in self.parts for *_, kind in part.inputs
        )

    def sources(self, retried: Iterable[str]) -> dict[str, list[Source]]:
        """Each table's earlier sources, without the rows of inputs read again (``retried``:
        paths of this run's inputs that are not skipped)."""
        retried = frozenset(retried)
        out: dict[str, list[Source]] = {level: [] for level in TABLES}
        if self.finals:
            ids = frozenset(i for p, _, i in self.final_letters if p in retried)
            for level in TABLES:
                out[level].append(Source(self.finals[level], retried, ids))
        suffix = self.output.suffix.lower()
        for part in self.parts:
            ids = frozenset(i for p, _, i, kind in part.inputs if p in retried and kind == "letter")
            for level in TABLES:
                out[level].append(Source(part.file(level, suffix), retried, ids))
        return out


def new_sources(
    output: Path, first: int, order: Sequence[Path] | None = None
) -> dict[str, list[Source]]:
    """Each table's sources among the parts this run wrote (numbered from ``first``): in the
    order they were written, or with ``order`` (the run's inputs) in the order of each part's
    first input there (parts written as they complete, in any order)."""
    suffix = output.suffix.lower()
    out: dict[str, list[Source]] = {level: [] for level in TABLES}
    new = [
        part
        for part in whole_parts(work_dir(output), suffix)
        if int(part.folder.name.split("-")[1]) >= first
    ]
    if order is not None:
        firsts = {part.inputs[0][0] for part in new if part.inputs}
        at = {}
        for i, path in enumerate(order):  # one pass; no map of every input
            name = str(path)
            if name in firsts:
                at.setdefault(name, i)
        new.sort(key=lambda part: at.get(part.inputs[0][0] if part.inputs else "", len(order)))
    for part in new:
        for level in TABLES:
            out[level].append(Source(part.file(level, suffix), frozenset(), frozenset()))
    return out


# -- A run ---------------------------------------------------------------------------------

#: (item, letter id, path, SHA-1) of one input: the item is a Doc or its rows, an error row
#: (a dict), or None for an input skipped as already read.
Result = tuple[Any, str, str, "str | None"]


class Stopped(Exception):
    """The work of a run cannot go on, through no fault of its inputs (its Dask cluster was
    lost): what was done is combined as after a Ctrl-C, and a resumed run continues."""


class Uncombined(KeyboardInterrupt):
    """Ctrl-C while a run's parts were combined into the final tables: the earlier tables are
    unchanged and the parts are kept (a resumed run combines them)."""


def earlier_run(output: Path, *, resume: bool, overwrite: bool) -> bool:
    """Before a run on ``output``: finish the combination a killed run journaled, then refuse
    (:class:`FileExistsError`) an output that holds an earlier run's tables or unfinished
    parts, unless ``overwrite`` (replace them) or ``resume`` (continue). Returns whether the
    earlier run's tables are all there (a resumed run extends them)."""
    if overwrite and resume:
        raise ValueError("overwrite and resume exclude each other")
    finish_combined(output)
    paths = table_paths(output)
    existing = [p for p in paths.values() if p.exists()]
    folder = work_dir(output)
    unfinished = folder.is_dir() and any(folder.glob("part-*"))
    if (existing or unfinished) and not (overwrite or resume):
        raise FileExistsError(
            f"{existing[0]} exists" if existing else f"{folder} holds an unfinished run's parts"
        )
    return len(existing) == len(paths)


class Written:
    """What :func:`write_in_parts` wrote: the final tables (paths and row counts), whether a
    Ctrl-C or a :class:`Stopped` (``stopped``: why) ended the run before its end, and how many
    letters an earlier run had read."""

    def __init__(
        self,
        paths: dict[str, Path],
        counts: dict[str, int],
        interrupted: bool,
        resumed: int,
        stopped: str | None = None,
    ) -> None:
        self.paths, self.counts = paths, counts
        self.interrupted, self.resumed, self.stopped = interrupted, resumed, stopped


def write_in_parts(
    output: Path,
    batches: Callable[[frozenset[tuple[str, str]]], Iterator[list[Result]]],
    *,
    resume: bool,
    finals: bool,
    part_size: int | None = None,
    text: bool = True,
    part_per_batch: bool = False,
    order: Sequence[Path] | None = None,
    progress: Callable[[int], None] | None = None,
    started: Callable[[Resumed], None] | None = None,
) -> Written:
    """One run on ``output`` (held with :func:`locked`; checked by :func:`earlier_run`): the
    results written in parts as they come, then combined with what the output held (with
    ``resume``: its tables when ``finals``, and its whole parts) into the final tables. The one
    run of ``imr-nlp extract`` (one machine or a Dask cluster) and of :func:`imr_nlp.extract`
    with an output.

    ``batches(skip)`` starts the work (loads the pipeline, ...) and gives every input's
    :data:`Result`, a list at a time; ``skip`` holds the (path, SHA-1) of the letters already
    read. ``part_per_batch``: each batch is written as one part as soon as it comes (a Dask
    partition; batches may come in any order: the parts are combined in the order of their
    first input in ``order``); else a part every ``part_size`` inputs or :data:`PART_SECONDS`.
    ``progress`` is called with the number of inputs done (skipped ones included), ``started``
    with what the output held, before ``batches`` starts.

    A Ctrl-C while ``batches`` starts propagates, nothing written; one while the inputs are
    read stops the reading, and what was done is combined all the same
    (``Written.interrupted``), as when ``batches`` raises :class:`Stopped`
    (``Written.stopped``); one while the tables are combined raises :class:`Uncombined`.
    """
    folder = work_dir(output)
    for stale in folder.glob("tmp-part-*"):  # half-written parts of a killed run
        shutil.rmtree(stale, ignore_errors=True)
    if not resume:  # overwrite, or no earlier run: an unfinished run's parts are dropped
        for stale in folder.glob("part-*"):
            shutil.rmtree(stale, ignore_errors=True)
    earlier = Resumed(output, finals=resume and finals, parts=resume)
    if started is not None:
        started(earlier)
    writer = PartWriter(
        output,
        text=text,
        every=sys.maxsize if part_per_batch else part_size,
        seconds=float("inf") if part_per_batch else None,
    )
    first = writer.next
    retried: set[str] = set()  # inputs of the output read again: their earlier rows go
    found = batches(frozenset(earlier.skip))
    done, interrupted, stopped = 0, False, None
    try:
        for batch in found:
            for item, letter_id, path, digest in batch:
                if item is not None:
                    if path in earlier.paths:
                        retried.add(path)
                    writer.add(item, letter_id, path, digest)
            if part_per_batch:
                writer.flush()
            done += len(batch)
            if progress is not None:
                progress(done)
    except KeyboardInterrupt:
        interrupted = True
    except Stopped as err:
        interrupted, stopped = True, str(err)
    finally:
        close = getattr(found, "close", None)
        if close is not None:
            close()  # a generator: stops its workers now, not at garbage collection
    try:
        writer.flush()
        sources = earlier.sources(retried)
        for level, more in new_sources(output, first, order if part_per_batch else None).items():
            sources[level] += more
        paths, counts = combine_into(output, sources)
    except KeyboardInterrupt as err:
        raise Uncombined from err
    return Written(paths, counts, interrupted, earlier.letters, stopped)
