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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import Errors
from .readers import collect_inputs, letter_ids, read_letters
from .tables import TableBuilder, Tables

#: Letters handed to ``nlp.pipe`` at a time; a failure redoes only its chunk, letter by letter.
CHUNK = 64


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


def results(
    files: list[Path],
    nlp: Any,
    *,
    n_process: int = 1,
    batch_size: int = 4,
    skip: frozenset[tuple[str, str]] = frozenset(),
) -> Iterator[tuple[Any, str, str, str | None]]:
    """(Doc or error row or None, letter id, path, SHA-1) for every input, a chunk of
    :data:`CHUNK` inputs at a time: read, then processed (nothing waits for the whole batch
    to be read). None: an input of ``skip`` ((path, SHA-1) pairs read before), not read again."""
    ids = letter_ids(files)
    for lo in range(0, len(files), CHUNK):
        todo, prints = [], {}
        for path, letter_id in zip(files[lo : lo + CHUNK], ids[lo : lo + CHUNK], strict=True):
            digest = fingerprint(path)
            if digest is not None and (str(path), digest) in skip:
                yield None, letter_id, str(path), digest
                continue
            todo.append((path, letter_id))
            prints[letter_id] = (str(path), digest)
        texts, errors = read_letters([p for p, _ in todo], [i for _, i in todo])
        for row in errors:
            yield row, row["letter_id"], row["path"], prints[row["letter_id"]][1]
        for doc, item in process(nlp, texts, n_process=n_process, batch_size=batch_size):
            if doc is None:
                path, digest = prints[item["letter_id"]]
                yield {**item, "path": path}, item["letter_id"], path, digest
            else:
                yield (doc, item, *prints[item])


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
) -> Tables:
    """Read letters (PDF or text files, or folders of them) into the five tables.

    Args:
        inputs: a file or folder, or several; folders are searched for .pdf and .txt files.
        n_process, batch_size: as in ``nlp.pipe``.
        model: include the trained NER model (``imr_nlp.load(model=...)``).
        text: keep the rationale texts and the entities' context snippets (larger tables).
        nlp: a pipeline to use instead of ``imr_nlp.load(model=model)``.
        progress: called with the number of inputs done so far, after each one.
        skip: (path, SHA-1) pairs of inputs already read (a resumed run): not read again.
        keep_on_interrupt: on Ctrl-C, return the tables of the inputs done so far (with
            ``tables.interrupted`` True) instead of raising KeyboardInterrupt.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files = collect_inputs(inputs)
    built = TableBuilder(text=text)

    def collect(item: Any, letter_id: str, path: str, digest: str | None) -> None:
        if isinstance(item, dict):
            built.errors.append(item)
        elif item is not None:
            built.add(item, letter_id, path=path, sha1=digest)

    interrupted = feed(
        files,
        collect,
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
) -> bool:
    """Every input to ``sink(item, letter id, path, SHA-1)`` as soon as it is done (item: a
    Doc, an error row, or None for an input of ``skip``), in order. Returns True when Ctrl-C
    stopped the run (with ``keep_on_interrupt``; else KeyboardInterrupt is raised). Ctrl-C
    while the pipeline loads always raises."""
    if files and nlp is None:
        import imr_nlp

        nlp = imr_nlp.load(model=model)
    found = results(files, nlp, n_process=n_process, batch_size=batch_size, skip=frozenset(skip))
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
        found.close()  # stops nlp.pipe's worker processes now, not at garbage collection
    return False
