"""Letters from files: the one reader the CLI, the Dask path and :func:`imr_nlp.extract` share.

A letter is a PDF (text through :func:`imr_nlp.io.pdf.extract_text`, run in a worker process
with a memory and a time limit per file: :mod:`imr_nlp.io.pdfworker`) or a UTF-8 text file
(undecodable bytes replaced). An input that cannot be read becomes an *error row*
(:data:`ERROR_COLUMNS`) with its code from :mod:`imr_nlp.errors`, never an exception.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..errors import Errors, IMRError

LETTER_SUFFIXES = (".pdf", ".txt")
#: Bytes read from a text file at most: more than the 100,000 characters the pipeline reads
#: (a longer letter is read that far and flagged W006), far less than a runaway file holds.
MAX_TEXT_BYTES = 1_000_000
ERROR_COLUMNS = ["letter_id", "path", "code", "error"]
#: The code of an input the operating system could not read (missing, a folder, no permission).
OS_ERROR = "E010"


def read_letter(path: Path, *, isolated: bool = True) -> str:
    """Text of a letter file: PDF through :func:`imr_nlp.io.pdf.extract_text`, else UTF-8 text.
    Another extension is not read (E013), whatever the file holds.

    ``isolated``: extract a PDF in this thread's worker process, under its memory and time
    limits (E016, E017, E018 when they are exceeded or it crashes; on POSIX systems), else
    in this process."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise IMRError(Errors.E001, path=path) from None
    if not stat.S_ISREG(mode):
        raise IMRError(Errors.E015, path=path)
    if path.suffix.lower() not in LETTER_SUFFIXES:
        raise IMRError(Errors.E013, path=path, suffixes=", ".join(LETTER_SUFFIXES))
    if path.suffix.lower() == ".pdf":
        if isolated and os.name == "posix":
            from .pdfworker import extract_text_isolated

            return extract_text_isolated(path)
        from .pdf import extract_text

        return extract_text(path)
    with path.open("rb") as f:
        data = f.read(MAX_TEXT_BYTES + 1)
    return data.decode("utf8", errors="replace")


def collect_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files to read: the given files, and the PDF and text files under given folders."""
    files: list[Path] = []
    for path in map(Path, inputs):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in LETTER_SUFFIXES)
        else:
            files.append(path)
    return files


def letter_ids(files: list[Path]) -> list[str]:
    """The file stem, or the path when two inputs share a stem."""
    stems = [f.stem for f in files]
    counts = Counter(stems)  # not stems.count: quadratic on an archive of a million files
    return [stem if counts[stem] == 1 else str(f) for f, stem in zip(files, stems, strict=True)]


def error_row(letter_id: str, path: str | Path, err: Exception) -> dict[str, str]:
    """The error row of an input that could not be read (no letter text in the message)."""
    if isinstance(err, IMRError):
        return {"letter_id": letter_id, "path": str(path), "code": err.code, "error": str(err)}
    return {
        "letter_id": letter_id,
        "path": str(path),
        "code": OS_ERROR,
        "error": type(err).__name__,
    }


def read_letters(
    files: list[Path], ids: list[str] | None = None
) -> tuple[list[tuple[str, str]], list[dict[str, str]]]:
    """(text, letter id) of every readable file, and an error row for each of the others."""
    texts, errors = [], []
    for path, letter_id in zip(files, ids or letter_ids(files), strict=True):
        try:
            texts.append((read_letter(path), letter_id))
        except (IMRError, OSError) as err:
            errors.append(error_row(letter_id, path, err))
    return texts, errors
