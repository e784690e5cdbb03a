"""``imr_abbreviations``: the letter's short forms and what they stand for.

``doc._.abbreviations`` lists the short forms of a letter as Spans, each with
``span._.long_form`` (API.md): "FCE" -> "functional capacity evaluation". Two sources:

- the letter's own definitions, "functional capacity evaluation (FCE)", found by scispaCy's
  Schwartz & Hearst algorithm (``scispacy.abbreviation``: ``filter_matches`` and
  ``find_abbreviation``, as its ``AbbreviationDetector`` runs them), with every later use of a
  defined short form;
- the standard short forms letters use without defining them ("TENS unit", "EMG/NCV"), from the
  table ``patterns/abbreviations.jsonl`` (one ``abbreviation`` rule per short form). A letter's
  own definition wins over the table.

scispaCy's detector keeps Span objects in ``doc.user_data``, which neither ``DocBin`` nor
``nlp.pipe(n_process=2)`` can carry, and a Matcher whose state changes per Doc. This component
runs the same algorithm and stores plain character offsets and strings; ``doc._.abbreviations``
and ``span._.long_form`` are getters over them. ``long_form`` is a string (scispaCy gives a Span),
so that defined and table short forms read the same.

Other components share the table as plain objects: :func:`long_form` and :func:`expand`. (The
societies and agencies ``imr_guidelines`` reads as guideline sources are in
``patterns/sources.jsonl``.)
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import ABBREVIATIONS_KEY as KEY
from ..extensions import TABLE_LONG_FORM as TABLE
from ..extensions import install_extensions, stored_abbreviations
from ..rules import STR, WORDS, RuleComponent, RuleSchema, default_rules
from ..text.doctext import doc_text

ABBREVIATIONS_FILE = "abbreviations.jsonl"
# Parentheses with what scispaCy's matcher would take as a short or long form (it drops more
# than 8 tokens); one regex pass instead of a Matcher pattern with "OP": "+".
_PARENS = re.compile(r"\(([^()\n]{1,100})\)")
_UPPER = re.compile(r"[A-Z]")


@dataclass(frozen=True)
class Abbreviation:
    """One row of the table: a short form, its long form (lower case unless a name) and other
    written forms of the long form."""

    short: str
    long: str
    also: tuple[str, ...] = ()


def _table_of(rules: Iterable[dict[str, Any]]) -> dict[str, Abbreviation]:
    return {
        r["short"]: Abbreviation(r["short"], r["long"], tuple(r.get("also", ())))
        for r in rules
        if r["kind"] == "abbreviation"
    }


@lru_cache(maxsize=1)
def table() -> dict[str, Abbreviation]:
    """The shipped table: short form -> :class:`Abbreviation` (read once per process)."""
    return _table_of(default_rules(ABBREVIATIONS_FILE))


def _short_regex(shorts: Iterable[str]) -> re.Pattern[str] | None:
    """Whole-word, case-sensitive short forms, longest first; a plural "s" may follow.

    "Not after a word character or hyphen" is tested after each short form's first character
    (the same test, one character further): an alternation that starts with characters lets
    the regex engine skip to them, where a leading look-behind is tried at every position."""
    words = sorted({w for w in shorts if w}, key=len, reverse=True)
    if not words:
        return None
    branches = (re.escape(w[0]) + r"(?<![\w-][\s\S])" + re.escape(w[1:]) for w in words)
    return re.compile("(" + "|".join(branches) + r")s?(?![\w-])")


stored = stored_abbreviations


def long_form(text: str, doc: Doc | None = None) -> str | None:
    """What a short form stands for: the letter's own definition (``doc``), else the table's;
    None if neither knows it. ``long_form("TENS")`` -> "transcutaneous electrical nerve
    stimulation"."""
    if doc is not None:
        for start, end, long, _, _ in stored(doc):
            if doc_text(doc)[start:end] == text:
                return long
    entry = table().get(text)
    return entry.long if entry is not None else None


def expand(text: str, doc: Doc | None = None) -> str:
    """``text`` with each known short form replaced by its long form ("EMG/NCV of the legs" ->
    "electromyography/nerve conduction velocity of the legs"): a reader of categories or
    diagnoses matches one wording only."""
    defined = {doc_text(doc)[s:e]: long for s, e, long, _, _ in stored(doc)} if doc else {}
    known = {**{k: a.long for k, a in table().items()}, **defined}
    pattern = _short_regex(known)
    if pattern is None:
        return text
    return pattern.sub(lambda m: known[m.group(1)], text)


@lru_cache(maxsize=1)
def _scispacy() -> tuple[Any, Any]:
    # Imported on first use: only the abbreviation module (no UMLS linker, no downloads).
    from scispacy.abbreviation import filter_matches, find_abbreviation

    return filter_matches, find_abbreviation


@Language.factory("imr_abbreviations", assigns=["doc._.abbreviations", "span._.long_form"])
def make_abbreviations(nlp: Language, name: str) -> "IMRAbbreviations":
    """Find the letter's short forms (see :class:`IMRAbbreviations`)."""
    return IMRAbbreviations(name)


class IMRAbbreviations(RuleComponent):
    """Stores the short forms of a letter with their long forms (module doc)."""

    rules_file = ABBREVIATIONS_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        "abbreviation": RuleSchema(required={"short": STR, "long": STR}, optional={"also": WORDS}),
    }

    def __init__(self, name: str = "imr_abbreviations") -> None:
        install_extensions()
        super().__init__(name)

    def _compile(self) -> None:
        self.table = _table_of(self.rules)
        self.table_regex = _short_regex(self.table)

    def definitions(self, doc: Doc, text: str) -> list[tuple[Span, Span]]:
        """(short form, long form) the letter defines, by scispaCy's algorithm: each short form
        and each long form once, the first definition kept."""
        filter_matches, find_abbreviation = _scispacy()
        inner = []
        for m in _PARENS.finditer(text):
            span = doc.char_span(m.start(1), m.end(1))
            if span is not None and len(span):
                inner.append((0, span.start, span.end))
        out, seen_short, seen_long = [], set(), set()
        for long_candidate, short_candidate in filter_matches(inner, doc):
            short, long = find_abbreviation(long_candidate, short_candidate)
            if long is None or not _UPPER.search(short.text):  # capitals: not "(bilateral)"
                continue
            if short.text in seen_short or long.text in seen_long:
                continue
            seen_short.add(short.text)
            seen_long.add(long.text)
            out.append((short, long))
        return out

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        text = doc_text(doc)
        rows: dict[tuple[int, int], tuple[int, int, str, int, int]] = {}
        defined: dict[str, Span] = {}
        for short, long in self.definitions(doc, text):
            defined[short.text] = long
        uses = _short_regex(defined)
        if uses is not None:
            for m in uses.finditer(text):
                if (where := self._tokens(doc, m)) is not None:
                    long = defined[m.group(1)]
                    long_text = " ".join(long.text.split())
                    rows[where] = (*where, long_text, long.start_char, long.end_char)
        if self.table_regex is not None:
            for m in self.table_regex.finditer(text):
                short = m.group(1)
                where = None if short in defined else self._tokens(doc, m)
                if where is not None and where not in rows:
                    rows[where] = (*where, self.table[short].long, TABLE, TABLE)
        doc.user_data[KEY] = [list(rows[k]) for k in sorted(rows)]
        return doc

    @staticmethod
    def _tokens(doc: Doc, m: re.Match[str]) -> tuple[int, int] | None:
        """The offsets of a short form (with its plural "s") when it is whole tokens; inside a
        token ("EMG)-nerve") it is left out."""
        span = doc.char_span(m.start(), m.end())
        return None if span is None else (span.start_char, span.end_char)
