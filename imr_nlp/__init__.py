"""imr_nlp: structured, linked data from California IMR determination letters.

>>> import imr_nlp
>>> nlp = imr_nlp.load()
>>> doc = nlp(imr_nlp.sample_text())
>>> [(d.treatment, d.outcome) for d in doc._.decisions]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from .about import __version__
from .clean import clean_text, original_offsets
from .errors import IMRError, IMRWarning, PDFError
from .pipeline import load, sample_text
from .values import (
    LABELS,
    CaseInfo,
    Decision,
    Diagnosis,
    Drug,
    Frequency,
    GuidelineCitation,
    Strength,
)

__all__ = [
    "LABELS",
    "CaseInfo",
    "Decision",
    "Diagnosis",
    "Drug",
    "Frequency",
    "GuidelineCitation",
    "IMRError",
    "IMRWarning",
    "PDFError",
    "Strength",
    "__version__",
    "clean_text",
    "load",
    "original_offsets",
    "read_pdf",
    "sample_text",
]


def read_pdf(path: Any) -> str:
    """Letter text of a PDF, in reading order, cleaned (see :func:`imr_nlp.pdf.read_pdf`)."""
    from .pdf import read_pdf as _read_pdf

    return _read_pdf(path)
