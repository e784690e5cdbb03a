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


#: doc.user_data: the short forms, [[start, end, long form, long start, long end], ...]
ABBREVIATIONS_KEY = "imr_nlp.abbreviations"
TABLE_LONG_FORM = -1  # long start/end of a long form from the table (not in the letter)


def stored_abbreviations(doc: Doc) -> list[tuple[int, int, str, int, int]]:
    """The short forms ``imr_abbreviations`` stored, in letter order."""
    return [tuple(row) for row in doc.user_data.get(ABBREVIATIONS_KEY) or ()]  # type: ignore[misc]


def _abbreviations(doc: Doc) -> list[Span]:
    spans = (doc.char_span(start, end) for start, end, *_ in stored_abbreviations(doc))
    return [span for span in spans if span is not None]


def _long_form(span: Span) -> str | None:
    for start, end, long, _, _ in stored_abbreviations(span.doc):
        if (start, end) == (span.start_char, span.end_char):
            return long
    return None


# Span groups, each written by one component (see OWNERS).
SECTIONS = "sections"  # the letter's sections, by imr_sections
DECISION_PARTS = "decision_parts"  # request line, guideline parts, rationale: imr_decisions
RULE_SPANS = "imr_rules"  # every rule match, before overlaps are resolved
MODEL_SPANS = "imr_model"  # the trained model's spans that passed their owner's checks
MENTIONS = "drug_mentions"  # a drug in the case summary with what is attached: imr_link
FACTORS = "rationale_factors"  # the criteria a rationale invokes: imr_rationale
PATIENT_DIAGNOSES = "patient_diagnoses"  # the summary's diagnoses of the patient: imr_diagnoses
#: The ``span.id_`` of the patient's diagnoses that are items of a diagnosis list or a claim: their
#: own cues decide whether they are hypothetical, not ConText's (whose scope runs on into the next
#: items of a list: "cervical strain, rule out X, and knee tear").
LISTED_DIAGNOSES = ("dx_list.item", "dx_claim.item")

# name -> keyword arguments of set_extension
DOC_EXTENSIONS: dict[str, dict[str, Any]] = {
    "decision_blocks": _list_extension("imr_nlp.decision_blocks"),  # list[Decision], segmented
    "decisions": _list_extension("imr_nlp.decisions"),  # list[Decision], complete records
    "case": {"default": None},  # CaseInfo
    "letter_format": {"default": None},  # str
    "warnings": _list_extension("imr_nlp.warnings"),  # warning codes ("W002"), any component
    "pain_scores": _list_extension("imr_nlp.pain_scores"),  # list[PainScore]
    "total_daily_mme": {"default": None},  # float: the summary's opioid regimen
    # what imr_context runs ConText over (its labels' entities and the rationale factors)
    "context_targets": {"getter": _context_targets},
    # the letter's short forms (Spans with span._.long_form), over what imr_abbreviations stored
    "abbreviations": {"getter": _abbreviations},
}
SPAN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "decision_id": {"default": None},
    "value": {"default": None},  # the normalised value of an entity (API.md)
    "source": {"default": None},  # "rule" or "model"
    "decision": {"getter": _span_decision},
    # "request", "guideline", "rationale", "summary" or "ur_history"
    "link_role": {"default": None},
    "link_candidates": {"default": None},  # decision ids of an ambiguous summary mention
    "long_form": {"getter": _long_form},  # str: what a short form of doc._.abbreviations means
    # a rationale factor: "documented", "not_documented" or "requirement" (API.md)
    "status": {"default": None},
}

#: The one component that writes each attribute and span group (``span._.value`` and
#: ``span._.source`` are written by whichever component makes the span, on its own spans only;
#: ``doc._.warnings`` collects codes from any component through :func:`add_warning`;
#: ConText's flags are medspaCy's). ``nlp.analyze_pipes()`` shows the same flow from the
#: factories' ``assigns`` and ``requires``; a test keeps the two in agreement.
OWNERS: dict[str, str] = {
    "doc._.abbreviations": "imr_abbreviations",
    "span._.long_form": "imr_abbreviations",
    "doc._.letter_format": "imr_sections",
    f"doc.spans[{SECTIONS}]": "imr_sections",
    "doc._.decision_blocks": "imr_decisions",
    f"doc.spans[{DECISION_PARTS}]": "imr_decisions",
    f"doc.spans[{RULE_SPANS}]": "imr_drugs, imr_guidelines, imr_diagnoses, imr_entities (append)",
    f"doc.spans[{MODEL_SPANS}]": "imr_drugs, imr_guidelines, imr_diagnoses (append)",
    f"doc.spans[{PATIENT_DIAGNOSES}]": "imr_diagnoses",
    "doc.ents": "imr_entities",
    f"doc.spans[{FACTORS}]": "imr_rationale",
    "doc._.pain_scores": "imr_rationale",
    "span._.status": "imr_rationale",
    "span._.is_negated": "imr_context",
    "span._.decision_id": "imr_link",
    "span._.link_role": "imr_link",
    "span._.link_candidates": "imr_link",
    f"doc.spans[{MENTIONS}]": "imr_link",
    "doc._.decisions": "imr_records",
    "doc._.total_daily_mme": "imr_records",
    "doc._.case": "imr_case",
}


def install_extensions() -> None:
    """Declare the extensions and register the msgpack hooks (idempotent, cheap when done:
    components call it per Doc, since worker processes may unpickle them without ``__init__``)."""
    if Span.has_extension("long_form") and Doc.has_extension("abbreviations"):
        return
    for name, kwargs in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, kwargs in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)
    register_msgpack()


MODEL_RULE_ID = "model.imr_ner"  # span.id_ of the trained model's entities


def append_spans(doc: Doc, key: str, spans: list[Span]) -> None:
    """Add spans to a span group that several components fill (``imr_rules``, ``imr_model``)."""
    doc.spans[key] = [*doc.spans.get(key, []), *spans]


_MODEL_VALUE = "imr_nlp.model_value"


def model_span(doc: Doc, span: Span, kb_id: str, value: Any) -> Span:
    """A checked model entity as its own span (``span.id_`` = :data:`MODEL_RULE_ID`). Its value
    waits beside it until ``imr_entities`` keeps the span (:func:`take_model_value`): span
    values are stored by offsets, and a rule span on the same offsets keeps its own."""
    out = Span(doc, span.start, span.end, label=span.label_, kb_id=kb_id, span_id=MODEL_RULE_ID)
    doc.user_data[(_MODEL_VALUE, out.label_, out.start_char, out.end_char)] = value
    return out


def take_model_value(doc: Doc, span: Span) -> Any:
    """The value :func:`model_span` left for a model span (None if there is none)."""
    return doc.user_data.get((_MODEL_VALUE, span.label_, span.start_char, span.end_char))


def drop_model_values(doc: Doc) -> None:
    """Forget the values of the model spans (``imr_entities`` does, once it has combined)."""
    for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:1] == (_MODEL_VALUE,)]:
        del doc.user_data[key]


def add_warning(doc: Doc, code: str) -> None:
    """Record a warning code on the Doc (once)."""
    codes = doc._.warnings
    if code not in codes:
        doc._.warnings = [*codes, code]
