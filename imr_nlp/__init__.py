"""imr_nlp: structured, linked data from California IMR determination letters.

>>> import imr_nlp
>>> nlp = imr_nlp.load()
>>> doc = nlp(imr_nlp.sample_text())
>>> [(d.treatment, d.outcome) for d in doc._.decisions]  # doctest: +SKIP

Names are imported on first use (PEP 562), so ``import imr_nlp`` is cheap and has no side
effects; in particular srsly can load :mod:`imr_nlp.values` (its msgpack hooks) while spaCy
itself is still being imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .about import __version__

if TYPE_CHECKING:  # pragma: no cover
    from .errors import IMRError, IMRWarning, PDFError
    from .io import plots
    from .io.extract import extract
    from .io.pdf import read_pdf
    from .io.tables import Tables, read_tables
    from .pipeline import load, sample_text
    from .text.clean import clean_text, original_offsets
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

_EXPORTS = {
    "LABELS": "values",
    "CaseInfo": "values",
    "Decision": "values",
    "Diagnosis": "values",
    "Drug": "values",
    "Frequency": "values",
    "GuidelineCitation": "values",
    "Strength": "values",
    "IMRError": "errors",
    "IMRWarning": "errors",
    "PDFError": "errors",
    "clean_text": "text.clean",
    "original_offsets": "text.clean",
    "load": "pipeline",
    "sample_text": "pipeline",
    "read_pdf": "io.pdf",
    "render": "io.display",
    "to_dataframe": "io.tables",
    "to_jsonl": "io.tables",
    "extract": "io.extract",
    "read_tables": "io.tables",
    "Tables": "io.tables",
    "plots": "io.plots",
}
#: Exports that are modules themselves, not names in one.
_MODULES = {"plots"}  # the plots of the tables (matplotlib: the notebook extra)

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
    "Tables",
    "__version__",
    "clean_text",
    "extract",
    "load",
    "original_offsets",
    "plots",
    "read_pdf",
    "read_tables",
    "render",
    "sample_text",
    "to_dataframe",
    "to_jsonl",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = import_module(f".{_EXPORTS[name]}", __name__)
        value = module if name in _MODULES else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'imr_nlp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
