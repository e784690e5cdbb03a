"""``imr_nlp.extract``: from files and folders of letters to the five tables, in one call.

Never raises for a bad input: every input is a row of ``letters`` or of ``errors`` (with its
code). A letter on which the pipeline itself fails becomes an error row (E014) too, and the
other letters of its batch are processed one by one.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..errors import Errors, IMRError
from .readers import collect_inputs, error_row, letter_ids, read_letter
from .tables import LetterRows, TableBuilder, Tables

#: Letters handed to ``nlp.pipe`` at a time; a failure redoes only its chunk, letter by letter.
CHUNK = 64
#: Inputs a worker process takes at a time (``n_process`` > 1): small, so that the workers
#: stay evenly busy to the end and the progress bar moves; a task costs a few milliseconds.
TASK = 16
#: Tasks handed out ahead, per worker (bounds the rows waiting in memory).
AHEAD = 2


def _pipe(nlp: Any, chunk: list[tuple[str, str]], n_process: int, batch_size: int) -> Iterator[Any]:
    """``nlp.pipe`` over a chunk, each Doc as soon as it is done. With worker processes, the
    workers start while SIGINT is only noted (they inherit that handler, so Ctrl-C never
    interrupts them); this process raises KeyboardInterrupt for a noted Ctrl-C once they are
    started, and stops them in order: nothing is left behind, nothing hangs, no Ctrl-C is lost."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if n_process == 1 or threading.current_thread() is not threading.main_thread():
            yield from nlp.pipe(chunk, as_tuples=True, batch_size=batch_size)
            return
        docs = nlp.pipe(chunk, as_tuples=True, n_process=n_process, batch_size=batch_size)
        noted: list[int] = []
        handler = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
        try:
            first = next(docs, None)  # the workers are started by now
            if noted:
                _stop_workers(signal.SIGINT, None)
            signal.signal(signal.SIGINT, _stop_workers)
            if first is not None:
                yield first
                yield from docs
        finally:
            signal.signal(signal.SIGINT, handler)
            docs.close()


def _stop_workers(signum: int, frame: Any) -> None:
    """Ctrl-C while worker processes run: stop them first (nlp.pipe then waits for nothing),
    then interrupt as usual."""
    for child in multiprocessing.active_children():
        child.terminate()
    raise KeyboardInterrupt


def process(
    nlp: Any,
    texts: list[tuple[str, str]],
    *,
    n_process: int = 1,
    batch_size: int = 4,
) -> Iterator[tuple[Any, str] | tuple[None, dict[str, str]]]:
    """(doc, letter id) per letter, in order, as soon as each is done; (None, error row) for a
    letter the pipeline failed on (the letters after it in its chunk are then processed one
    by one)."""
    for lo in range(0, len(texts), CHUNK):
        chunk = texts[lo : lo + CHUNK]
        done = 0
        try:
            for item in _pipe(nlp, chunk, n_process, batch_size):
                done += 1
                yield item
            continue
        except Exception:  # one letter broke the batch: find it, keep the others
            pass
        for text, letter_id in chunk[done:]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    doc = nlp(text)
            except Exception as err:
                reason = type(err).__name__
                yield (
                    None,
                    {
                        "letter_id": letter_id,
                        "path": "",
                        "code": Errors.E014.name,
                        "error": Errors.E014.format(reason=reason),
                    },
                )
                continue
            yield doc, letter_id


def fingerprint(path: Path) -> str | None:
    """SHA-1 of a regular file's bytes (what ``--resume`` recognises an input by), else None."""
    try:
        if not path.is_file():
            return None
        digest = hashlib.sha1(usedforsecurity=False)
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


Entry = tuple[Path, str, "str | None"]  # (path, letter id, SHA-1) of an input to read
Result = tuple[Any, str, str, "str | None"]  # (item, letter id, path, SHA-1)


def chunk_results(
    nlp: Any,
    entries: list[Entry],
    *,
    n_process: int = 1,
    batch_size: int = 4,
    text: bool | None = None,
) -> Iterator[Result]:
    """Read and process some inputs: (item, letter id, path, SHA-1) for each, in input order.
    The item is the Doc (``text`` None) or its table rows (:class:`LetterRows`, made with
    ``text``), or an error row: of a file that could not be read, or E014. The one
    per-batch function of the CLI's workers, :func:`imr_nlp.extract` and the Dask path."""
    texts: list[tuple[str, str]] = []
    unread: list[dict[str, str] | None] = []
    for path, letter_id, _ in entries:
        try:
            texts.append((read_letter(path), letter_id))
            unread.append(None)
        except (IMRError, OSError) as err:
            unread.append(error_row(letter_id, path, err))
    done = process(nlp, texts, n_process=n_process, batch_size=batch_size)
    try:
        for (path, letter_id, digest), error in zip(entries, unread, strict=True):
            if error is not None:
                yield error, letter_id, str(path), digest
                continue
            doc, item = next(done)
            if doc is None:  # E014: the pipeline failed on this letter
                yield {**item, "path": str(path)}, letter_id, str(path), digest
            elif text is None:
                yield doc, letter_id, str(path), digest
            else:
                rows = LetterRows.of(doc, letter_id, path=str(path), sha1=digest, text=text)
                yield rows, letter_id, str(path), digest
    finally:
        done.close()


def results(
    files: list[Path],
    nlp: Any,
    *,
    n_process: int = 1,
    batch_size: int = 4,
    skip: frozenset[tuple[str, str]] = frozenset(),
    text: bool = True,
) -> Iterator[Result]:
    """(Doc or rows or error row or None, letter id, path, SHA-1) for every input, in order, a
    chunk at a time: read, then processed (nothing waits for the whole batch to be read).
    None: an input of ``skip`` ((path, SHA-1) pairs read before), not read again.

    With ``n_process`` > 1 (where processes can be forked), that many worker processes, each
    with the pipeline (inherited, loaded once), read and process a chunk of :data:`TASK`
    inputs at a time and send back the table rows (made with ``text``), not the Docs."""
    ids = letter_ids(files)
    pooled = n_process > 1 and "fork" in multiprocessing.get_all_start_methods()

    def chunks(size: int) -> Iterator[tuple[list[Result], list[Entry]]]:
        for lo in range(0, len(files), size):
            skipped: list[Result] = []
            todo: list[Entry] = []
            for path, letter_id in zip(files[lo : lo + size], ids[lo : lo + size], strict=True):
                digest = fingerprint(path)
                if digest is not None and (str(path), digest) in skip:
                    skipped.append((None, letter_id, str(path), digest))
                else:
                    todo.append((path, letter_id, digest))
            yield skipped, todo

    if pooled:
        yield from _pooled(nlp, chunks(TASK), n_process, batch_size, text)
        return
    for skipped, todo in chunks(CHUNK):
        yield from skipped
        yield from chunk_results(nlp, todo, n_process=n_process, batch_size=batch_size)


#: What a worker process runs with: (pipeline, batch size, text), set as it starts.
_WORKER: tuple[Any, int, bool] | None = None


def _worker_start(nlp: Any, batch_size: int, text: bool) -> None:
    """A worker starts (forked: its arguments are inherited, not pickled). It ignores Ctrl-C:
    the main process stops it (a terminal's Ctrl-C reaches the whole process group)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (nlp, batch_size, text)


def _work(todo: list[Entry]) -> list[Result]:
    """In a worker process: read and process a chunk into its rows."""
    assert _WORKER is not None
    nlp, batch_size, text = _WORKER
    return list(chunk_results(nlp, todo, batch_size=batch_size, text=text))


def _died(entry: Entry) -> Result:
    """The error row (E014) of an input whose worker process died while reading it."""
    path, letter_id, digest = entry
    row = {
        "letter_id": letter_id,
        "path": str(path),
        "code": Errors.E014.name,
        "error": Errors.E014.format(reason="its worker process died (killed or out of memory)"),
    }
    return row, letter_id, str(path), digest


def _pooled(
    nlp: Any,
    chunks: Iterator[tuple[list[Result], list[Entry]]],
    n_process: int,
    batch_size: int,
    text: bool,
) -> Iterator[Result]:
    """The results of :func:`results` from ``n_process`` long-lived worker processes, forked
    once for the whole run, in order. The workers are forked while SIGINT is only noted (so
    they never see a Ctrl-C before they ignore it); a Ctrl-C noted meanwhile is raised once
    they run. However this ends (done, Ctrl-C, an error, the caller closing it), the workers
    are gone when it returns: stopped (SIGTERM) unless every task was done.

    A worker that dies (killed from outside, out of memory) breaks the pool: the workers are
    forked again, the task it broke on is done again an input at a time, one task in flight,
    and an input on which a worker dies so is an error row (E014); the other tasks are done
    again as they were. So nothing is lost and nothing is written twice."""
    main = threading.current_thread() is threading.main_thread()
    waiting: deque[tuple[list[Result], list[Entry], bool]] = deque()  # (skipped, todo, alone)
    pending: deque[tuple[list[Result], list[Entry], bool, Any]] = deque()
    pool: list[Any] = [None, []]  # the executor and its worker processes

    def submit() -> None:
        # an input redone alone is the only task in flight: if the pool breaks, it was that one
        careful = any(w[2] for w in waiting) or any(p[2] for p in pending)
        while len(pending) < (1 if careful else AHEAD * n_process):
            if waiting:
                skipped, todo, alone = waiting.popleft()
            else:
                ahead = next(chunks, None)
                if ahead is None:
                    return
                (skipped, todo), alone = ahead, False
            pending.append((skipped, todo, alone, pool[0].submit(_work, todo)))
            careful = careful or alone

    def start() -> None:
        noted: list[int] = []
        before = set(multiprocessing.active_children())
        handler = signal.signal(signal.SIGINT, lambda *_: noted.append(1)) if main else None
        try:
            pool[0] = ProcessPoolExecutor(
                n_process,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start,
                initargs=(nlp, batch_size, text),
            )
            submit()  # the workers are forked at the first task
            pool[1] = [p for p in multiprocessing.active_children() if p not in before]
        finally:
            if main:
                signal.signal(signal.SIGINT, handler)
        if noted:
            raise KeyboardInterrupt

    def stop(finished: bool) -> None:
        if pool[0] is not None:
            if not finished:
                for worker in pool[1]:
                    worker.terminate()
            pool[0].shutdown(wait=True, cancel_futures=True)
            pool[0] = None

    finished = False
    try:
        start()
        while pending:
            skipped, todo, alone, future = pending.popleft()
            yield from skipped
            try:
                rows = future.result()
            except BrokenProcessPool:
                stop(False)
                if alone:
                    yield _died(todo[0])
                again = [] if alone else [([], [entry], True) for entry in todo]
                again += [(s, t, a) for s, t, a, _ in pending]
                pending.clear()
                waiting.extendleft(reversed(again))
                start()
                continue
            submit()
            yield from rows
        finished = True
    finally:
        stop(finished)


def extract(
    inputs: str | Path | Iterable[str | Path],
    *,
    n_process: int = 1,
    batch_size: int = 4,
    model: bool = True,
    text: bool = True,
    nlp: Any = None,
    progress: Callable[[int], None] | None = None,
    skip: Iterable[tuple[str, str]] = (),
    keep_on_interrupt: bool = False,
    output: str | Path | None = None,
    resume: bool = False,
    overwrite: bool = False,
    part_size: int | None = None,
) -> Tables:
    """Read letters (PDF or text files, or folders of them) into the five tables.

    Args:
        inputs: a file or folder, or several; folders are searched for .pdf and .txt files.
        n_process: worker processes; more than 1: each (forked, with the pipeline) reads,
            processes and makes the rows of :data:`TASK` inputs at a time, for the whole run.
        batch_size: as in ``nlp.pipe``.
        model: include the trained NER model (``imr_nlp.load(model=...)``).
        text: keep the rationale texts and the entities' context snippets (larger tables).
        nlp: a pipeline to use instead of ``imr_nlp.load(model=model)``.
        progress: called with the number of inputs done so far, after each one.
        skip: (path, SHA-1) pairs of inputs already read (a resumed run): not read again.
        keep_on_interrupt: on Ctrl-C, return the tables of the inputs done so far (with
            ``tables.interrupted`` True) instead of raising KeyboardInterrupt.
        output: ``out/run.parquet`` (or .csv, .jsonl): also write the tables there, as
            ``imr-nlp extract -o`` does: in parts while it runs (in ``out/.run.parts/``; a part
            every ``part_size`` inputs, default 500), combined into the final tables at the end
            and on Ctrl-C (then KeyboardInterrupt is raised, unless ``keep_on_interrupt``). The
            tables returned are then those written (read back). An output that holds an
            earlier run's tables or parts raises FileExistsError unless ``resume`` (inputs
            already read, same path and content, are skipped; the earlier tables are kept and
            extended) or ``overwrite`` (replaced once the new ones are written).
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files = collect_inputs(inputs)
    if output is not None:
        return _extract_to(
            files,
            Path(output),
            resume=resume,
            overwrite=overwrite,
            part_size=part_size,
            keep_on_interrupt=keep_on_interrupt,
            progress=progress,
            batches=batches_of(
                files,
                n_process=n_process,
                batch_size=batch_size,
                model=model,
                nlp=nlp,
                text=text,
                skip=skip,
            ),
            text=text,
        )
    built = TableBuilder(text=text)

    def collect(item: Any, letter_id: str, path: str, digest: str | None) -> None:
        if isinstance(item, dict):
            built.errors.append(item)
        elif item is not None:
            built.add(item, letter_id, path=path, sha1=digest)

    interrupted = feed(
        files,
        collect,
        text=text,
        n_process=n_process,
        batch_size=batch_size,
        model=model,
        nlp=nlp,
        progress=progress,
        skip=skip,
        keep_on_interrupt=keep_on_interrupt,
    )
    tables = built.tables()
    tables.interrupted = interrupted
    return tables


def _extract_to(
    files: list[Path],
    output: Path,
    *,
    resume: bool,
    overwrite: bool,
    part_size: int | None,
    keep_on_interrupt: bool,
    progress: Callable[[int], None] | None,
    batches: Callable[[frozenset[tuple[str, str]]], Iterator[list[Result]]],
    text: bool,
) -> Tables:
    """:func:`extract` with an output: the run of ``imr-nlp extract -o output``."""
    from .parts import earlier_run, locked, write_in_parts
    from .tables import check_writer, read_tables, table_paths

    table_paths(output)  # ValueError for a format that is not one of the tables'
    check_writer(output.suffix)
    finals = earlier_run(output, resume=resume, overwrite=overwrite)
    output.parent.mkdir(parents=True, exist_ok=True)
    with locked(output):
        written = write_in_parts(
            output,
            batches,
            resume=resume,
            finals=finals,
            part_size=part_size,
            text=text,
            progress=progress,
        )
    if written.interrupted and not keep_on_interrupt:
        raise KeyboardInterrupt
    tables = read_tables(output)
    tables.interrupted = written.interrupted
    return tables


def batches_of(
    files: list[Path],
    *,
    n_process: int = 1,
    batch_size: int = 4,
    model: bool = True,
    nlp: Any = None,
    text: bool = True,
    skip: Iterable[tuple[str, str]] = (),
) -> Callable[[frozenset[tuple[str, str]]], Iterator[list[Result]]]:
    """The work of :func:`imr_nlp.io.parts.write_in_parts` on this machine: given the inputs
    to skip, it loads the pipeline (unless ``nlp`` is given) and gives the :func:`results`
    of ``files``, one at a time (``skip``: more inputs to skip)."""
    more = frozenset(skip)

    def start(skipped: frozenset[tuple[str, str]]) -> Iterator[list[Result]]:
        pipeline = nlp
        if files and pipeline is None:
            import imr_nlp

            pipeline = imr_nlp.load(model=model)
        found = results(
            files,
            pipeline,
            n_process=n_process,
            batch_size=batch_size,
            skip=skipped | more,
            text=text,
        )
        return _singly(found)

    return start


def _singly(found: Iterator[Result]) -> Iterator[list[Result]]:
    """Each result as a batch of its own; closing this closes ``found`` (its workers stop)."""
    try:
        for result in found:
            yield [result]
    finally:
        found.close()  # type: ignore[attr-defined]


def feed(
    files: list[Path],
    sink: Callable[[Any, str, str, str | None], None],
    *,
    n_process: int = 1,
    batch_size: int = 4,
    model: bool = True,
    nlp: Any = None,
    progress: Callable[[int], None] | None = None,
    skip: Iterable[tuple[str, str]] = (),
    keep_on_interrupt: bool = False,
    text: bool = True,
) -> bool:
    """Every input to ``sink(item, letter id, path, SHA-1)`` as soon as it is done (item: a
    Doc, or with ``n_process`` > 1 its rows made with ``text`` (:class:`LetterRows`; both go
    to :meth:`TableBuilder.add`), an error row, or None for an input of ``skip``), in order.
    Returns True when Ctrl-C stopped the run (with ``keep_on_interrupt``; else
    KeyboardInterrupt is raised). Ctrl-C while the pipeline loads always raises."""
    if files and nlp is None:
        import imr_nlp

        nlp = imr_nlp.load(model=model)
    found = results(
        files, nlp, n_process=n_process, batch_size=batch_size, skip=frozenset(skip), text=text
    )
    try:
        for done, (item, letter_id, path, digest) in enumerate(found, start=1):
            sink(item, letter_id, path, digest)
            if progress is not None:
                progress(done)
    except KeyboardInterrupt:
        if not keep_on_interrupt:
            raise
        return True
    finally:
        found.close()  # stops the worker processes now, not at garbage collection
    return False
