"""``imr_entities``: rule-based entities with normalised values.

Rules are data (``patterns/entities.jsonl``): each ``regex`` rule has a stable ``id`` (it becomes
``span.id_``), a ``label``, a ``pattern`` and the name of the normaliser that gives the value
(:mod:`imr_nlp.normalize.amounts`); optional ``not_before`` / ``not_after`` patterns reject a
match by the text right after / before it. Every match goes to the span group
``doc.spans["imr_rules"]``; the overlap policy :data:`OVERLAP_POLICY` then projects them onto
``doc.ents``. A DATE becomes an INJURY_DATE when the text before it says so
(``injury_context`` rules) or when it is the header's date of injury.
"""

import re
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extensions import install_extensions
from ..normalize.amounts import NORMALIZERS
from ..rules import REGEX, STR, RuleComponent, RuleSchema, one_of
from ..structure.sections import section_span
from ..text.doctext import doc_text
from ..values import Diagnosis

RULES_KEY = "imr_rules"
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
MODEL_RULE_ID = "model.imr_ner"
_NUMERIC = {
    "STRENGTH": "strength",
    "QUANTITY": "quantity",
    "REFILLS": "refills",
    "FREQUENCY": "frequency",
    "DATE": "date",
    "INJURY_DATE": "date",
}
_CONTEXT_CHARS = 60
#: The component that gives a model span of these labels its value.
_LEXICON_PIPES = {"DRUG": "imr_drugs", "DIAGNOSIS": "imr_diagnoses", "GUIDELINE": "imr_guidelines"}


@Language.factory(
    "imr_entities",
    assigns=["doc.ents", "doc.spans", "span._.value"],
    requires=["doc._.case"],
    default_config={"model_labels": list(MODEL_LABELS)},
)
def make_entities(nlp: Language, name: str, model_labels: list[str]) -> "IMREntities":
    """Tag rule-based entities and their values (see :class:`IMREntities`)."""
    return IMREntities(name, nlp=nlp, model_labels=tuple(model_labels))


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
        "injury_context": RuleSchema(required={"pattern": REGEX}),
    }

    def __init__(
        self,
        name: str = "imr_entities",
        *,
        nlp: Language | None = None,
        model_labels: tuple[str, ...] = MODEL_LABELS,
    ) -> None:
        install_extensions()
        self.nlp = nlp
        self.model_labels = set(model_labels)
        super().__init__(name)

    def _compile(self) -> None:
        def optional(rule: dict[str, Any], key: str) -> re.Pattern[str] | None:
            return re.compile(rule[key]) if key in rule else None

        self.regexes = [
            (
                rule["id"],
                rule["label"],
                re.compile(rule["pattern"]),
                NORMALIZERS[rule["value"]],
                optional(rule, "not_before"),
                optional(rule, "not_after"),
            )
            for rule in self.rules
            if rule["kind"] == "regex"
        ]
        self.injury_context = [
            re.compile(rule["pattern"]) for rule in self.rules if rule["kind"] == "injury_context"
        ]

    def matches(self, doc: Doc) -> list[Span]:
        """Every rule match as a span (label, ``id_`` = rule id, ``_.value``).

        Matches are widened to token boundaries; when two matches cover the same characters the
        rule listed first wins (span extension values are keyed by offsets, so they could not
        hold two values)."""
        text = doc_text(doc)
        spans: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for rule_id, label, pattern, normalise, not_before, not_after in self.regexes:
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
        model = list(doc.ents)  # a trained NER before this component (load(model=True))
        # Spans that earlier rule components (imr_drugs) put in the group take part too.
        spans = list(doc.spans.get(RULES_KEY, []))
        text = doc_text(doc)
        spans += [self._injury(doc, span, text) for span in self.matches(doc)]
        doc.spans[RULES_KEY] = spans
        rules = resolve_overlaps(spans)
        if model:
            # Keep the model spans that may join (label, no overlap with a rule span) before
            # giving them values: extension values are stored by offsets, so a model span on a
            # rule span's offsets would overwrite the rule's value.
            pieces = [piece for m in model for piece in self.model_pieces(doc, m)]
            kept = combine(rules, pieces)
            rule_ids = {id(r) for r in rules}
            rules = [s if id(s) in rule_ids else self.model_span(doc, s) for s in kept]
        doc.ents = rules
        return doc

    def model_pieces(self, doc: Doc, span: Span) -> list[Span]:
        """The parts of a model span that may join the rules' (see :data:`COMBINE_POLICY`):
        none unless its label is one of ``model_labels``; a DRUG as it is when it looks like a
        drug name in a medication context; a DIAGNOSIS cut into the conditions it names, each
        kept where the gold would count it (``IMRDiagnoses.model_diagnoses``)."""
        if span.label_ not in self.model_labels:
            return []
        drugs, diagnoses = self._pipe("imr_drugs"), self._pipe("imr_diagnoses")
        if span.label_ == "DRUG" and drugs is not None:
            return [span] if drugs.plausible_model_drug(doc, span) else []
        if span.label_ == "DIAGNOSIS" and diagnoses is not None:
            return diagnoses.model_diagnoses(doc, span)
        return [span]

    def _pipe(self, name: str) -> Any:
        """The pipeline's component ``name``, or None (no pipeline, or not in it)."""
        if self.nlp is None or not self.nlp.has_pipe(name):
            return None
        return self.nlp.get_pipe(name)

    def model_span(self, doc: Doc, span: Span) -> Span:
        """A model entity with its value from the same normalisers as the rules'."""
        kb_id, value = "", None
        label = span.label_
        if label in _NUMERIC:
            value = NORMALIZERS[_NUMERIC[label]](span.text)
        elif label in _LEXICON_PIPES:
            kb_id, value = self._lexicon_value(label, span.text)
        out = Span(doc, span.start, span.end, label=label, kb_id=kb_id, span_id=MODEL_RULE_ID)
        out._.value, out._.source = value, "model"
        return out

    def _lexicon_value(self, label: str, text: str) -> tuple[str, Any]:
        component = self._pipe(_LEXICON_PIPES[label])
        if component is None:
            return "", None
        if label == "DRUG":
            return component.value_of(text)
        if label == "DIAGNOSIS":
            code = component.code(text)
            return code, Diagnosis(" ".join(text.split()), code)
        citation = component.parse(text)
        return citation.source, citation

    def _injury(self, doc: Doc, span: Span, text: str) -> Span:
        """DATE -> INJURY_DATE by its context, or as the header's date of injury."""
        if span.label_ != "DATE" or span._.value is None:
            return span
        before = text[max(0, span.start_char - _CONTEXT_CHARS) : span.start_char]
        injury = any(p.search(before) for p in self.injury_context)
        if not injury and doc._.case is not None and span._.value == doc._.case.injury_date:
            header = section_span(doc, "header")
            injury = header is not None and span.end_char <= header.end_char
        if not injury:
            return span
        out = Span(doc, span.start, span.end, label="INJURY_DATE", span_id=span.id_)
        out._.value, out._.source = span._.value, span._.source
        return out
