"""``imr_sections``: which letter format a text is in, and where its sections are.

Formats and section headings are data (``patterns/formats.jsonl``): a format applies when all
its ``detect`` patterns are found (formats are tried in file order); its ``section`` headings
split the letter into ``doc.spans["sections"]`` (label = section name, ``span.id_`` = rule id).
Text before the first heading is the ``header`` section.
"""

import re
from typing import ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import Warnings, warn
from ..extensions import add_warning, install_extensions
from ..rules import (
    FORMATS,
    MECHANISMS,
    REGEX,
    REGEXES,
    STR,
    RuleComponent,
    RuleSchema,
    for_format,
    one_of,
)
from ..text.doctext import doc_text

SECTIONS_KEY = "sections"
UNKNOWN = "unknown"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


@Language.factory("imr_sections", assigns=["doc._.letter_format", "doc.spans"])
def make_sections(nlp: Language, name: str) -> "IMRSections":
    """Detect the letter format and its sections (see :class:`IMRSections`)."""
    return IMRSections(name)


def section_span(doc: Doc, label: str) -> Span | None:
    """The first section of ``doc`` with ``label`` ("summary", "decisions", ...), or None."""
    for span in doc.spans.get(SECTIONS_KEY, ()):
        if span.label_ == label:
            return span
    return None


def looks_binary(text: str, sample: int = 20000) -> bool:
    """True when many characters are control characters (binary data read as text)."""
    head = text[:sample]
    return bool(head) and len(_CONTROL.findall(head)) > 0.05 * len(head)


class IMRSections(RuleComponent):
    """Sets ``doc._.letter_format`` and ``doc.spans["sections"]``; flags odd input."""

    schemas: ClassVar[dict[str, RuleSchema]] = {
        "format": RuleSchema(
            required={"format": STR, "mechanism": one_of(*MECHANISMS), "detect": REGEXES}
        ),
        "section": RuleSchema(required={"formats": FORMATS, "label": STR, "pattern": REGEX}),
    }

    def __init__(self, name: str = "imr_sections") -> None:
        install_extensions()
        super().__init__(name)

    def _compile(self) -> None:
        self.formats: list[tuple[str, list[re.Pattern[str]]]] = [
            (rule["format"], [re.compile(p) for p in rule["detect"]])
            for rule in self.rules
            if rule["kind"] == "format"
        ]
        self.headings: dict[str, list[tuple[str, str, re.Pattern[str]]]] = {
            fmt: [
                (r["label"], r["id"], re.compile(r["pattern"]))
                for r in for_format(self.rules, "section", fmt)
            ]
            for fmt, _ in self.formats
        }
        self.any_heading = [re.compile(r["pattern"]) for r in self.rules if r["kind"] == "section"]

    def detect(self, text: str) -> str:
        """The id of the first format whose detect patterns are all found, else "unknown"."""
        for fmt, patterns in self.formats:
            if all(p.search(text) for p in patterns):
                return fmt
        return UNKNOWN

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        text = doc_text(doc)
        fmt = UNKNOWN
        if not text.strip():
            self._flag(doc, Warnings.W001)
        else:
            if looks_binary(text):
                self._flag(doc, Warnings.W005)
            fmt = self.detect(text)
            if fmt == UNKNOWN:
                letter_like = any(p.search(text) for p in self.any_heading)
                self._flag(doc, Warnings.W003 if letter_like else Warnings.W002)
        doc._.letter_format = fmt
        doc.spans[SECTIONS_KEY] = self.find_sections(doc, fmt) if fmt != UNKNOWN else []
        return doc

    def find_sections(self, doc: Doc, fmt: str) -> list[Span]:
        text = doc_text(doc)
        starts: list[tuple[int, str, str]] = []
        for label, rule_id, pattern in self.headings.get(fmt, []):
            if m := pattern.search(text):
                starts.append((m.start(), label, rule_id))
        starts.sort()
        if not starts or starts[0][0] > 0:
            starts.insert(0, (0, "header", "section.header"))
        spans = []
        for i, (start, label, rule_id) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and len(span):
                span.id_ = rule_id
                spans.append(span)
        return spans

    @staticmethod
    def _flag(doc: Doc, code: Warnings) -> None:
        add_warning(doc, code.name)
        warn(code, stacklevel=4)
