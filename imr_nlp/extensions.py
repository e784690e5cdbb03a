"""Every custom attribute imr_nlp adds to spaCy objects, declared in one table.

Installed idempotently by the components (never at import), in the shape of medspaCy's
``_extensions.py``. Values are stored in ``doc.user_data`` (spaCy keeps Span values by
character offsets), so they survive ``DocBin(store_user_data=True)``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from .values import Decision, register_msgpack


def _span_decision(span: Span) -> Decision | None:
    decision_id = span._.decision_id
    if decision_id is None:
        return None
    for decision in span.doc._.decisions or ():
        if decision.id == decision_id:
            return decision
    return None


# name -> keyword arguments of set_extension
DOC_EXTENSIONS: dict[str, dict[str, Any]] = {
    "decisions": {"default": None},  # list[Decision], set by imr_decisions
    "case": {"default": None},  # CaseInfo, set by imr_case
    "letter_format": {"default": None},  # str, set by imr_sections
    "warnings": {"default": None},  # list of warning codes ("W002"), set by the components
}
SPAN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "decision_id": {"default": None},
    "decision": {"getter": _span_decision},
}


def install_extensions() -> None:
    """Declare the extensions and register the msgpack hooks (idempotent)."""
    for name, kwargs in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, kwargs in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)
    register_msgpack()


def add_warning(doc: Doc, code: str) -> None:
    """Record a warning code on the Doc (once)."""
    codes = list(doc._.warnings or [])
    if code not in codes:
        codes.append(code)
    doc._.warnings = codes
