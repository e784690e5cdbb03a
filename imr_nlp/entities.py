"""``imr_entities``: rule-based entities with normalised values.

Rules are data (``patterns/entities.jsonl``): each ``regex`` rule has a stable ``id`` (it becomes
``span.id_``), a ``label``, a ``pattern`` and the name of the normaliser that gives the value
(:mod:`imr_nlp.normalize`); optional ``not_before`` / ``not_after`` patterns reject a match by
the text right after / before it. Every match goes to the span group
``doc.spans["imr_rules"]``; the overlap policy :data:`OVERLAP_POLICY` then projects them onto
``doc.ents``. A DATE becomes an INJURY_DATE when the text before it says so
(``injury_context`` rules) or when it is the header's date of injury.
"""

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .extensions import install_extensions
from .normalize import NORMALIZERS
from .rules import RuleComponent
from .sections import section_span

RULES_KEY = "imr_rules"
ENTITIES_FILE = "entities.jsonl"
#: How overlapping rule matches become ``doc.ents``: the longest span wins, then the earliest
#: (spaCy's ``filter_spans``); ties of equal spans keep the rule listed first in the file.
OVERLAP_POLICY = "longest_then_first"
_CONTEXT_CHARS = 60


@Language.factory(
    "imr_entities",
    assigns=["doc.ents", "doc.spans", "span._.value"],
    requires=["doc._.case"],
)
def make_entities(nlp: Language, name: str) -> "IMREntities":
    """Tag rule-based entities and their values (see :class:`IMREntities`)."""
    return IMREntities(name)


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """The :data:`OVERLAP_POLICY`: non-overlapping spans, longest first, then earliest."""
    return filter_spans(spans)


class IMREntities(RuleComponent):
    """Sets ``doc.spans["imr_rules"]`` and ``doc.ents``, each span with ``span._.value``."""

    rules_file = ENTITIES_FILE

    def __init__(self, name: str = "imr_entities") -> None:
        install_extensions()
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
        text = doc.text
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
        # Spans that earlier rule components (imr_drugs) put in the group take part too.
        spans = list(doc.spans.get(RULES_KEY, []))
        spans += [self._injury(doc, span) for span in self.matches(doc)]
        doc.spans[RULES_KEY] = spans
        doc.ents = resolve_overlaps(spans)
        return doc

    def _injury(self, doc: Doc, span: Span) -> Span:
        """DATE -> INJURY_DATE by its context, or as the header's date of injury."""
        if span.label_ != "DATE" or span._.value is None:
            return span
        before = doc.text[max(0, span.start_char - _CONTEXT_CHARS) : span.start_char]
        injury = any(p.search(before) for p in self.injury_context)
        if not injury and doc._.case is not None and span._.value == doc._.case.injury_date:
            header = section_span(doc, "header")
            injury = header is not None and span.end_char <= header.end_char
        if not injury:
            return span
        out = Span(doc, span.start, span.end, label="INJURY_DATE", span_id=span.id_)
        out._.value, out._.source = span._.value, span._.source
        return out
