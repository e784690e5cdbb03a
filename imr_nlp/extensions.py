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
    for decision in span.doc._.decisions:
        if decision.id == decision_id:
            return decision
    return None


def _list_extension(key: str) -> dict[str, Any]:
    """A list-valued Doc attribute kept in ``doc.user_data[key]``; always read back as a list
    (msgpack, as DocBin reads it, would give a tuple)."""

    def getter(doc: Doc) -> list[Any]:
        return list(doc.user_data.get(key) or ())

    def setter(doc: Doc, value: Any) -> None:
        doc.user_data[key] = list(value or ())

    return {"getter": getter, "setter": setter}


TARGETS_KEY = "imr_nlp.context_targets"  # set by imr_context for the length of one call


def _context_targets(doc: Doc) -> list[Span]:
    return list(doc.user_data.get(TARGETS_KEY, ()))


# name -> keyword arguments of set_extension
DOC_EXTENSIONS: dict[str, dict[str, Any]] = {
    "decisions": _list_extension("imr_nlp.structure.decisions"),  # list[Decision], by imr_decisions
    "case": {"default": None},  # CaseInfo, set by imr_case
    "letter_format": {"default": None},  # str, set by imr_sections
    "warnings": _list_extension("imr_nlp.warnings"),  # warning codes ("W002")
    "total_daily_mme": {"default": None},  # float, by imr_records: the summary's opioid regimen
    # what imr_context runs ConText over (its labels' entities and the rationale factors)
    "context_targets": {"getter": _context_targets},
}
SPAN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "decision_id": {"default": None},
    "value": {"default": None},  # the normalised value of an entity (API.md)
    "source": {"default": None},  # "rule" or "model"
    "decision": {"getter": _span_decision},
    # by imr_link: "request", "guideline", "rationale", "summary" or "ur_history"
    "link_role": {"default": None},
    "link_candidates": {"default": None},  # decision ids of an ambiguous summary mention
}


def install_extensions() -> None:
    """Declare the extensions and register the msgpack hooks (idempotent, cheap when done:
    components call it per Doc, since worker processes may unpickle them without ``__init__``)."""
    if Span.has_extension("link_candidates") and Doc.has_extension("context_targets"):
        return
    for name, kwargs in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, kwargs in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)
    register_msgpack()


def add_warning(doc: Doc, code: str) -> None:
    """Record a warning code on the Doc (once)."""
    codes = doc._.warnings
    if code not in codes:
        doc._.warnings = [*codes, code]
