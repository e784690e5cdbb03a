"""``imr_nlp.extract``: from files and folders of letters to the five tables, in one call.

Never raises for a bad input: every input is a row of ``letters`` or of ``errors`` (with its
code). A letter on which the pipeline itself fails becomes an error row (E014) too, and the
other letters of its batch are processed one by one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import Errors
from .readers import collect_inputs, letter_ids, read_letters
from .tables import TableBuilder, Tables

#: Letters handed to ``nlp.pipe`` at a time; a failure redoes only its chunk, letter by letter.
CHUNK = 64


def process(
    nlp: Any,
    texts: list[tuple[str, str]],
    *,
    n_process: int = 1,
    batch_size: int = 4,
) -> Iterator[tuple[Any, str] | tuple[None, dict[str, str]]]:
    """(doc, letter id) per letter, in order; (None, error row) for a letter the pipeline
    failed on."""
    for lo in range(0, len(texts), CHUNK):
        chunk = texts[lo : lo + CHUNK]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                docs = list(
                    nlp.pipe(chunk, as_tuples=True, n_process=n_process, batch_size=batch_size)
                )
        except Exception:  # one letter broke the batch: find it, keep the others
            docs = None
        if docs is not None:
            yield from docs
            continue
        for text, letter_id in chunk:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    yield nlp(text), letter_id
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


def results(
    files: list[Path],
    nlp: Any,
    *,
    n_process: int = 1,
    batch_size: int = 4,
) -> Iterator[tuple[Any, str, str]]:
    """(Doc or error row, letter id, path) for every input, a chunk of :data:`CHUNK` inputs
    at a time: read, then processed (nothing waits for the whole batch to be read)."""
    ids = letter_ids(files)
    for lo in range(0, len(files), CHUNK):
        chunk_files, chunk_ids = files[lo : lo + CHUNK], ids[lo : lo + CHUNK]
        paths = dict(zip(chunk_ids, map(str, chunk_files), strict=True))
        texts, errors = read_letters(chunk_files, chunk_ids)
        for row in errors:
            yield row, row["letter_id"], row["path"]
        for doc, item in process(nlp, texts, n_process=n_process, batch_size=batch_size):
            if doc is None:
                path = paths[item["letter_id"]]
                yield {**item, "path": path}, item["letter_id"], path
            else:
                yield doc, item, paths[item]


def extract(
    inputs: str | Path | Iterable[str | Path],
    *,
    n_process: int = 1,
    batch_size: int = 4,
    model: bool = True,
    text: bool = True,
    nlp: Any = None,
    progress: Callable[[int], None] | None = None,
) -> Tables:
    """Read letters (PDF or text files, or folders of them) into the five tables.

    Args:
        inputs: a file or folder, or several; folders are searched for .pdf and .txt files.
        n_process, batch_size: as in ``nlp.pipe``.
        model: include the trained NER model (``imr_nlp.load(model=...)``).
        text: keep the rationale texts and the entities' context snippets (larger tables).
        nlp: a pipeline to use instead of ``imr_nlp.load(model=model)``.
        progress: called with the number of inputs done so far, after each one.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files = collect_inputs(inputs)
    built = TableBuilder(text=text)
    if files and nlp is None:
        import imr_nlp

        nlp = imr_nlp.load(model=model)
    found = results(files, nlp, n_process=n_process, batch_size=batch_size)
    for done, (item, letter_id, path) in enumerate(found, start=1):
        if isinstance(item, dict):
            built.errors.append(item)
        else:
            built.add(item, letter_id, path=path)
        if progress is not None:
            progress(done)
    return built.tables()
