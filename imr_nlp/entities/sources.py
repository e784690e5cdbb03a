"""The vocabulary of guideline sources beyond MTUS, ODG and ACOEM (``patterns/sources.jsonl``).

One row per source a reviewer or a claims administrator cites: a specialty society, an agency,
a payer's policy, a clinical reference, a web site known by its name, a journal. Each row has
the source's full name(s) (``names``), the short forms it is cited by alone (``short``), short
forms that name other things too and count only right after the full name in parentheses
(``ambiguous``: "American Diabetes Association (ADA)"), its ``type`` and, for a body whose short
form is its one key, that ``key``. A short form is the key of a body whose short form is
unambiguous; a name that other bodies' short forms share ("ADA", "ACS", "WHO") has no key.

All names and short forms are compiled into ONE alternation (names that open with the same words
share them, a longer name tried before a shorter one; word-bounded), used two ways by
``imr_guidelines``:

- as the source rule ``source_vocabulary`` (:meth:`SourceVocabulary.key`): the leftmost name in
  a citation gives its key: the row's ``key``, else a short form written in parentheses right
  after the name (one of the row's, or the name's initials: "Medical Disability Advisor (MDA)"),
  else the name as written ("Milliman Care Guidelines", "Aetna");
- as the placeholder ``{SOURCE_NAMES}`` in the citation and split patterns of
  ``guidelines.jsonl`` ("a reference named by a known source opens here"), filled when the
  patterns are compiled (:meth:`SourceVocabulary.alternation`), so the list of names is written
  once.

Names match as written or in capitals, with any spacing, hyphen or line break between their
words, small words ("of", "the") in any case and "and" / "&" alike; short forms match as
written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..rules import STR, WORDS, RuleSchema, default_rules, one_of, register_schemas

SOURCES_FILE = "sources.jsonl"
#: Where the vocabulary's alternation goes in a pattern of guidelines.jsonl.
PLACEHOLDER = "{SOURCE_NAMES}"
TYPES = (
    "society",
    "agency",
    "payer",
    "reference",
    "web_site",
    "journal",
    "criteria",
    "fee_schedule",
)
SCHEMAS = {
    "source": RuleSchema(
        required={"names": WORDS, "type": one_of(*TYPES)},
        optional={"key": STR, "short": WORDS, "ambiguous": WORDS},
    ),
}
register_schemas(SOURCES_FILE, SCHEMAS)
_SMALL = frozenset({"of", "the", "for", "on", "in", "to", "a", "an", "at"})
#: A short form in parentheses right after a name: "American Diabetes Association (ADA)".
_PARENTHESISED = re.compile(r"[ \n]*\((?P<short>[A-Z][A-Za-z&/-]{1,11})\)")


@dataclass(frozen=True)
class Source:
    """One row of the vocabulary (see the module doc)."""

    id: str
    type: str
    names: tuple[str, ...]
    short: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    key: str | None = None


def normal(text: str) -> str:
    """A name's letters and digits, lower-cased, "&" read as "and": the form the vocabulary is
    looked up by ("Lexi-Comp" and "Lexicomp", "Physical Medicine & Rehabilitation" and "...
    and ...")."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"&", "and", text.lower()))


def _word_pattern(word: str) -> str:
    """One word of a name: "and"/"&" alike, a small word in any case, another as written or
    in capitals ("Society", "SOCIETY")."""
    if word.lower() in ("and", "&"):
        return r"(?i:and|&)"
    if word.lower() in _SMALL:
        return f"(?i:{re.escape(word)})"
    upper = word.upper()
    return re.escape(word) if upper == word else f"(?:{re.escape(word)}|{re.escape(upper)})"


def _name_words(name: str) -> list[tuple[str, str]]:
    """A full name as (separator, word pattern) pairs: any spacing, hyphen or line break
    between its words; each word as :func:`_word_pattern` has it (a name is written
    capitalised, so "clinical pharmacology" in prose is no "Clinical Pharmacology")."""
    words = re.split(r"[\s-]+", name.strip())
    return [("" if i == 0 else r"[\s-]+", _word_pattern(w)) for i, w in enumerate(words)]


def literal_words(short: str) -> list[tuple[str, str]]:
    """A short form (or any literal name) as written, as (separator, word) pairs; a space in
    it may be any space ("N Engl J Med", "New Hampshire")."""
    return [("" if i == 0 else r"\s+", re.escape(w)) for i, w in enumerate(short.split())]


def trie_alternation(branches: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The names (written form, its (separator, word pattern) pairs) as one alternation in
    which names that open with the same words share them ("American Academy of ..." is
    written once): about half the time to match, and less to compile, than one branch per
    name. At each step the branch that can grow longest is tried first and a name that goes
    on is tried before the name it extends, so a longer name wins over a shorter one at the
    same place ("AAPM&R" over "AAPM"), as with the names sorted longest first."""
    root: dict = {}
    for written, words in branches:
        node = root
        for word in words:
            node = node.setdefault(word, {})
        node[None] = max(node.get(None, 0), len(written))

    def longest(node: dict) -> int:
        return max([node.get(None, 0), *(longest(c) for k, c in node.items() if k is not None)])

    def branch(node: dict, key: tuple[str, str]) -> str:
        child = node[key]
        kids = sorted((k for k in child if k is not None), key=lambda k: (-longest(child[k]), k))
        rest = "|".join(branch(child, k) for k in kids)
        if rest:
            rest = f"(?:{rest})" + ("?" if None in child else "")
        return key[0] + key[1] + rest

    kids = sorted(root, key=lambda k: (-longest(root[k]), k))
    return "|".join(branch(root, k) for k in kids)


def _initials(name: str, short: str) -> bool:
    """Whether ``short`` is the initials of ``name``'s capitalised words ("Medical Disability
    Advisor", "MDA")."""
    return "".join(re.findall(r"(?<![^\s-])[A-Z]", name)) == short.upper()


class SourceVocabulary:
    """The rows of ``sources.jsonl`` compiled into one alternation."""

    def __init__(self, rules: Iterable[dict[str, Any]]) -> None:
        self.rows = [
            Source(
                id=r["id"],
                type=r["type"],
                names=tuple(r["names"]),
                short=tuple(r.get("short", ())),
                ambiguous=tuple(r.get("ambiguous", ())),
                key=r.get("key"),
            )
            for r in rules
            if r["kind"] == "source"
        ]
        self.by_name: dict[str, Source] = {}
        branches: list[tuple[str, list[tuple[str, str]]]] = []  # written form, its words
        for row in self.rows:
            for name in row.names:
                self.by_name.setdefault(normal(name), row)
                branches.append((name, _name_words(name)))
            for short in row.short:
                self.by_name.setdefault(normal(short), row)
                branches.append((short, literal_words(short)))
        self._alternation = trie_alternation(branches)
        #: Not after or before a word character or a hyphen ("NASS" in "NASSAU" is no name).
        self.regex = re.compile(r"(?<![\w-])(?:" + self._alternation + r")(?![\w-])")

    def alternation(self) -> str:
        """Every name and short form as one non-capturing group, for ``{SOURCE_NAMES}``."""
        return "(?:" + self._alternation + ")"

    def row(self, written: str) -> Source | None:
        """The row of a name or short form as written (any spacing, case, "&")."""
        return self.by_name.get(normal(written))

    def key(self, text: str) -> str | None:
        """The key of the leftmost known source in ``text`` (see the module doc), or None."""
        m = self.regex.search(text)
        if m is None:
            return None
        row = self.row(m.group())
        if row is None:  # pragma: no cover - every branch is a row's name
            return None
        if row.key is not None:
            return row.key
        after = _PARENTHESISED.match(text, m.end())
        if after and (
            after["short"] in (*row.short, *row.ambiguous) or _initials(m.group(), after["short"])
        ):
            return after["short"]
        return " ".join(m.group().split())


@lru_cache(maxsize=1)
def vocabulary() -> SourceVocabulary:
    """The shipped vocabulary (read once per process)."""
    return SourceVocabulary(default_rules(SOURCES_FILE))
