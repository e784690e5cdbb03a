"""Error and warning codes, in one place (the shape of spaCy's ``spacy/errors.py``).

Tests match codes, not wording. Messages never include letter text: letters carry
personal health information even when redacted, so only paths, sizes and codes appear.
"""

from __future__ import annotations

import sys
import warnings

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # Python 3.10
    from enum import Enum

    class StrEnum(str, Enum):
        """Python 3.11's ``enum.StrEnum``: members are str, and print as their value."""

        def __str__(self) -> str:
            return str(self.value)


class _Codes(StrEnum):
    """Coded messages: ``Errors.E001.format(path=...)`` -> "[E001] File not found: ..."."""

    def format(self, *args: object, **kwargs: object) -> str:  # type: ignore[override]
        return f"[{self.name}] " + str.format(self.value, *args, **kwargs)


class Errors(_Codes):
    """Error codes with their messages (format fields in braces)."""

    E001 = "File not found: {path}"
    E002 = "Not a PDF file (no %PDF signature): {path}"
    E003 = "Corrupted or unreadable PDF: {path} ({reason})"
    E004 = "Encrypted PDF, cannot read its text without the password: {path}"
    E005 = (
        "The PDF has no text layer (image-only or scanned): {path}. Run OCR first "
        "(for example `ocrmypdf in.pdf out.pdf`) and read the OCR'd file."
    )
    E006 = "Expected text (str), got {type}."
    E007 = "Pattern file {path} line {line}: {reason}"
    E008 = "Missing resource: {what}. The installed package is incomplete; reinstall imr_nlp."
    E009 = "Unknown letter format id in pattern data: {name}"
    E010 = "Could not read file {path}: {reason}"
    E011 = "Unknown MME factor set {value!r}; choose one of: {options}"
    E012 = (
        "{what} needs the optional package {package}, which is not installed. Install the "
        "extra: pip install 'imr-nlp[{extra}]' (or 'imr-nlp[all]')"
    )
    E013 = "Not a letter file: {path} (letters are PDF or text files: {suffixes})"
    E014 = "The pipeline failed on this letter ({reason}); the other letters are processed."
    E015 = "Not a regular file (a FIFO, device or socket is never read): {path}"
    E016 = (
        "PDF extraction exceeded the memory limit ({limit} MB): {path}. Raise it with "
        "IMR_NLP_PDF_MEMORY_MB (0: no limit)."
    )
    E017 = (
        "PDF extraction timed out after {seconds} s: {path}. Raise the limit with "
        "IMR_NLP_PDF_TIMEOUT (0: no limit)."
    )
    E018 = "The PDF extractor crashed on {path} ({reason}); the other files are read."


class Warnings(_Codes):
    """Warning codes. Each is also stored on the Doc (``doc._.warnings``)."""

    W001 = "Text is empty or whitespace only: no letter to read."
    W002 = "No known IMR letter format recognised: letter_format is 'unknown'."
    W003 = "The letter has no issues/decisions section: no decisions extracted."
    W004 = "A decisions section was found but no item with an outcome could be read in it."
    W005 = "Text looks like binary data (many control characters); results are unreliable."
    W006 = "Text is longer than {limit} characters (no letter is): only the first {limit} are read."
    W007 = (
        "The same item and outcome stand more than once (lines or sections extracted twice?): "
        "repeats are read once."
    )
    W008 = (
        "An item's outcome is stated differently in two places of the letter: the item is left "
        "out rather than read with an outcome that may be wrong."
    )


class IMRError(Exception):
    """Base class of imr_nlp's errors. ``code`` is the stable error code ("E003")."""

    def __init__(self, code: Errors, **fields: object) -> None:
        self.code = code.name
        super().__init__(code.format(**fields))


class PDFError(IMRError, ValueError):
    """A PDF could not be turned into text."""


class PatternError(IMRError, ValueError):
    """A pattern file is invalid."""


class MissingDependencyError(IMRError, ImportError):
    """An optional package (one of an extra of ``pyproject.toml``) is not installed (E012)."""


class IMRWarning(UserWarning):
    """Category of imr_nlp's warnings."""


def warn(code: Warnings, stacklevel: int = 3, **fields: object) -> None:
    """Issue a coded warning of category :class:`IMRWarning`."""
    warnings.warn(code.format(**fields), IMRWarning, stacklevel=stacklevel)
