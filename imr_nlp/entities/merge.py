"""``imr_entities``: rule-based entities with normalised values.

Rules are data (``patterns/entities.jsonl``): each ``regex`` rule has a stable ``id`` (it becomes
``span.id_``), a ``label``, a ``pattern`` and the name of the normaliser that gives the value
(:mod:`imr_nlp.normalize.amounts`); optional ``not_before`` / ``not_after`` patterns reject a
match by the text right after / before it. Every match goes to the span group
``doc.spans["imr_rules"]``; the overlap policy :data:`OVERLAP_POLICY` then projects them onto
``doc.ents``. A DATE becomes an INJURY_DATE when the text before it says so
(``injury_context`` rules) or when it is the header's date of injury (read from the header by
:class:`~imr_nlp.structure.case.HeaderReader`, as ``imr_case`` reads it).
"""

import re
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extensions import (
    MODEL_RULE_ID,
    MODEL_SPANS,
    RULE_SPANS,
    drop_model_values,
    install_extensions,
    take_model_value,
)
from ..normalize.amounts import NORMALIZERS
from ..rules import FORMATS_FILE, REGEX, STR, RuleComponent, RuleSchema, default_rules, one_of
from ..structure.case import HeaderReader
from ..structure.sections import section_span
from ..text.doctext import doc_text
from ..text.fastre import Scan, folded_text

ENTITIES_FILE = "entities.jsonl"
#: How overlapping rule matches become ``doc.ents``: the longest span wins, then the earliest
#: (spaCy's ``filter_spans``); ties of equal spans keep the rule listed first in the file.
OVERLAP_POLICY = "longest_then_first"
#: How the trained model's entities join the rules' (``load(model=True)``): the rules' spans
#: stand; a model span of one of :data:`MODEL_LABELS` is added only where it overlaps no rule
#: span, whatever the labels, and after its label's filter (a DRUG has to look like a drug name
#: in a medication context; a DIAGNOSIS is cut into the conditions it names and each must be
#: one the gold would count), and gets its value from the same normalisers
#: (``ent._.source`` = "model").
COMBINE_POLICY = "rules_win_model_fills_gaps"
#: The labels the model may add. Dates, amounts, schedules and citations have fixed written
#: forms that the rules cover; on the held-out letters the model's extra spans of those labels
#: were wrong more often than right (benchmarks/model_eval.py).
MODEL_LABELS = ("DRUG", "DIAGNOSIS")
_NUMERIC = {
    "STRENGTH": "strength",
    "QUANTITY": "quantity",
    "REFILLS": "refills",
    "FREQUENCY": "frequency",
    "DATE": "date",
    "INJURY_DATE": "date",
}
_CONTEXT_CHARS = 60


@Language.factory(
    "imr_entities",
    assigns=["doc.ents", "doc.spans", "span._.value", "span._.source"],
    # sections and the letter format (the header); the model's doc.ents when it runs before
    requires=["doc._.letter_format", "doc.spans"],
    default_config={"model_labels": list(MODEL_LABELS)},
)
def make_entities(nlp: Language, name: str, model_labels: list[str]) -> "IMREntities":
    """Tag rule-based entities and their values (see :class:`IMREntities`)."""
    return IMREntities(name, model_labels=tuple(model_labels))


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """The :data:`OVERLAP_POLICY`: non-overlapping spans, longest first, then earliest."""
    return filter_spans(spans)


def combine(rules: list[Span], model: list[Span]) -> list[Span]:
    """The :data:`COMBINE_POLICY`: the rules' spans, plus the model's spans that overlap none
    of them (and none of each other: longest first)."""
    taken = [(s.start_char, s.end_char) for s in rules]
    free = [m for m in model if not any(m.start_char < e and s < m.end_char for s, e in taken)]
    return sorted([*rules, *filter_spans(free)], key=lambda s: s.start_char)


class IMREntities(RuleComponent):
    """Sets ``doc.spans["imr_rules"]`` and ``doc.ents``, each span with ``span._.value``."""

    rules_file = ENTITIES_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        "regex": RuleSchema(
            required={"label": STR, "pattern": REGEX, "value": one_of(*NORMALIZERS)},
            optional={"not_before": REGEX, "not_after": REGEX},
        ),
        "injury_context": RuleSchema(required={"pattern": REGEX}, optional={"unless": REGEX}),
    }

    def __init__(
        self, name: str = "imr_entities", *, model_labels: tuple[str, ...] = MODEL_LABELS
    ) -> None:
        install_extensions()
        self.model_labels = set(model_labels)
        super().__init__(name)

    def _compile(self) -> None:
        def optional(rule: dict[str, Any], key: str) -> re.Pattern[str] | None:
            return re.compile(rule[key]) if key in rule else None

        self.regexes = [
            (
                rule["id"],
                rule["label"],
                Scan(rule["pattern"]),
                NORMALIZERS[rule["value"]],
                optional(rule, "not_before"),
                optional(rule, "not_after"),
            )
            for rule in self.rules
            if rule["kind"] == "regex"
        ]
        self.injury_context = [
            (re.compile(rule["pattern"]), optional(rule, "unless"))
            for rule in self.rules
            if rule["kind"] == "injury_context"
        ]
        # The header's date of injury, read as imr_case reads it (the shipped format rules).
        self.header = HeaderReader(default_rules(FORMATS_FILE))

    def matches(self, doc: Doc) -> list[Span]:
        """Every rule match as a span (label, ``id_`` = rule id, ``_.value``).

        Matches are widened to token boundaries; when two matches cover the same characters the
        rule listed first wins (span extension values are keyed by offsets, so they could not
        hold two values)."""
        text = doc_text(doc)
        folded = folded_text(text)  # a rule none of whose words is in the letter is not scanned
        spans: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for rule_id, label, pattern, normalise, not_before, not_after in self.regexes:
            if not pattern.may_match(folded):
                continue
            for m in pattern.finditer(text):
                start, end = m.span()
                while start < end and text[start].isspace():
                    start += 1
                if start == end:
                    continue
                if not_before and not_before.search(text[end : end + _CONTEXT_CHARS]):
                    continue
                if not_after and not_after.search(text[max(0, start - _CONTEXT_CHARS) : start]):
                    continue
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is None or (span.start_char, span.end_char) in seen:
                    continue
                seen.add((span.start_char, span.end_char))
                span.id_ = rule_id
                span._.value = normalise(span.text)
                span._.source = "rule"
                spans.append(span)
        spans.sort(key=lambda span: (span.start_char, span.end_char))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        # Spans that earlier rule components (imr_drugs, ...) put in the group take part too.
        spans = list(doc.spans.get(RULE_SPANS, []))
        text = doc_text(doc)
        injury_date = self.header.read(doc).get("injury_date")
        spans += [self._injury(doc, span, text, injury_date) for span in self.matches(doc)]
        doc.spans[RULE_SPANS] = spans
        rules = resolve_overlaps(spans)
        candidates = self.model_candidates(doc)
        if candidates:
            kept = combine(rules, candidates)
            rule_ids = {id(r) for r in rules}
            rules = [s if id(s) in rule_ids else self.model_value(doc, s) for s in kept]
        drop_model_values(doc)
        doc.ents = rules
        return doc

    def model_candidates(self, doc: Doc) -> list[Span]:
        """The trained model's spans that may join the rules' (see :data:`COMBINE_POLICY`), of
        ``model_labels`` only: DRUG, DIAGNOSIS and GUIDELINE spans as their owners checked and
        valued them (``doc.spans["imr_model"]``: ``imr_drugs`` keeps a DRUG that looks like a
        drug name in a medication context, ``imr_diagnoses`` cuts a DIAGNOSIS into the
        conditions it names); amounts and dates straight from ``doc.ents`` (the model's, when
        it runs before this component), valued here once kept."""
        checked = [s for s in doc.spans.get(MODEL_SPANS, ()) if s.label_ in self.model_labels]
        plain = [e for e in doc.ents if e.label_ in self.model_labels and e.label_ in _NUMERIC]
        return sorted([*checked, *plain], key=lambda s: s.start_char)

    @staticmethod
    def model_value(doc: Doc, span: Span) -> Span:
        """A kept model span with its value: as its owner gave it, or from the normalisers."""
        if span.id_ == MODEL_RULE_ID:
            value = take_model_value(doc, span)
        else:
            value = NORMALIZERS[_NUMERIC[span.label_]](span.text)
            span = Span(doc, span.start, span.end, label=span.label_, span_id=MODEL_RULE_ID)
        span._.value, span._.source = value, "model"
        return span

    def _injury(self, doc: Doc, span: Span, text: str, injury_date: Any) -> Span:
        """DATE -> INJURY_DATE by its context, or as the header's date of injury."""
        if span.label_ != "DATE" or span._.value is None:
            return span
        before = text[max(0, span.start_char - _CONTEXT_CHARS) : span.start_char]
        injury = any(
            p.search(before) and not (unless and unless.search(before))
            for p, unless in self.injury_context
        )
        if not injury and injury_date is not None and span._.value == injury_date:
            header = section_span(doc, "header")
            injury = header is not None and span.end_char <= header.end_char
        if not injury:
            return span
        out = Span(doc, span.start, span.end, label="INJURY_DATE", span_id=span.id_)
        out._.value, out._.source = span._.value, span._.source
        return out
