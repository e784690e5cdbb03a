"""Regex scans that try a pattern only where a match can begin.

Python's ``re`` skips ahead quickly only to a pattern's literal or character-set prefix, and
most rule patterns have none: they open with ``\\b``, a look-behind or an ignore-case
alternation (``(?i)\\b(?:\\d+|one|two|...)``), so ``re`` tries the whole pattern at every
character of a letter. :class:`Scan` works out once, from the parsed pattern, the characters a
match can begin with (written case-sensitively, as ``re`` folds case) and scans with
``[those](?<=\\b.)(?<=(?=pattern).)``: ``re`` skips to the class in C, checks the cheap word
boundary, then the pattern as a look-ahead from that character. Only where it matches does
Python call ``pattern.match`` (a few places per letter).

The matches are exactly those of ``pattern.finditer(text)``: every match begins at one of the
scanned places, ``pattern.match(text, pos)`` reads the text before ``pos`` (``\\b``,
look-behinds) as a search does, and the first place at or after the previous match's end is
the next match. A pattern whose first characters cannot be worked out, that can match the empty
string or that cannot sit in a look-behind (group references) is scanned as before, or from its
first characters with a loop in Python.
"""

from __future__ import annotations

import re
import re._constants as C  # the regex compiler's own opcodes
import re._parser as P
from collections.abc import Iterator
from typing import Any

_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


class _Unknown(Exception):
    """The first characters of a pattern cannot be worked out."""


def _class_items(items: list, ignorecase: bool, out: tuple[set, set]) -> None:
    target = out[1] if ignorecase else out[0]
    for op, av in items:
        if op is C.LITERAL:
            target.add(chr(av))
        elif op is C.RANGE:
            if ignorecase and av[1] - av[0] > 300:
                raise _Unknown
            target.update(map(chr, range(av[0], av[1] + 1)) if ignorecase else [(av[0], av[1])])
        elif op is C.CATEGORY and av in _CATEGORIES:
            out[0].add(_CATEGORIES[av])  # the same with or without ignore-case
        else:  # NEGATE and the rest
            raise _Unknown


def _first(data: list, flags: int, out: tuple[set, set]) -> bool:
    """Add the characters a match of ``data`` can begin with to ``out`` (as is; as written under
    ignore-case); return whether ``data`` can match the empty string."""
    for op, av in data:
        ignorecase = bool(flags & re.IGNORECASE)
        if op is C.LITERAL:
            _class_items([(op, av)], ignorecase, out)
            return False
        if op is C.IN:
            _class_items(av, ignorecase, out)
            return False
        if op is C.BRANCH:
            nullable = False
            for alternative in av[1]:
                nullable |= _first(alternative.data, flags, out)
            if not nullable:
                return False
        elif op is C.SUBPATTERN:
            _, add, remove, sub = av
            if not _first(sub.data, (flags | add) & ~remove, out):
                return False
        elif op is C.ATOMIC_GROUP:
            if not _first(av.data, flags, out):
                return False
        elif op in _REPEATS:
            low, _, sub = av
            if not _first(sub.data, flags, out) and low > 0:
                return False
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: the next item gives the first character
        else:  # ANY, NOT_LITERAL, group references, ...
            raise _Unknown
    return True


_BMP: list[str] = []
#: character -> the characters it matches under ignore-case (itself included)
_FOLDS: dict[str, str] = {}


def _folded(chars: set[str]) -> set[str]:
    """``chars`` and every character that one of them matches under ignore-case, as ``re``
    folds them (``s`` also matches the long s, ``k`` the Kelvin sign)."""
    if any(ord(c) > 0xFFFF for c in chars):
        raise _Unknown  # case partners are looked for in the Basic Multilingual Plane
    missing = sorted(c for c in chars if c not in _FOLDS)
    if missing:
        if not _BMP:
            _BMP.append("".join(chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000))
        partners = set(re.findall("(?i)[" + "".join(map(re.escape, missing)) + "]", _BMP[0]))
        for c in missing:
            single = re.compile("(?i)" + re.escape(c))
            _FOLDS[c] = "".join(sorted(p for p in partners | {c} if single.fullmatch(p)))
    return {p for c in chars for p in _FOLDS[c]}


def _klass(sensitive: set, insensitive: set) -> str:
    """A case-sensitive character class of the first characters."""
    parts = {re.escape(c) for c in _folded(insensitive)}
    for item in sensitive:
        if isinstance(item, tuple):
            parts.add(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
        else:
            parts.add(item if item.startswith("\\") and len(item) == 2 else re.escape(item))
    return "[" + "".join(sorted(parts)) + "]"


def _parse(pattern: re.Pattern[str]) -> P.SubPattern | None:
    """The parsed form of ``pattern``, or None when the analyses here do not apply to it."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.LOCALE | re.VERBOSE):
        return None
    try:
        return P.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except re.error:  # pragma: no cover - the pattern compiled
        return None


def first_class(pattern: re.Pattern[str], parsed: P.SubPattern | None = None) -> str | None:
    """A case-sensitive character class (regex source) of the characters that every match of
    ``pattern`` begins with, or None when that cannot be worked out or the pattern can match
    the empty string. ``parsed``: the pattern's :func:`_parse`, when already at hand."""
    parsed = parsed or _parse(pattern)
    if parsed is None:
        return None
    try:
        sensitive: set = set()
        insensitive: set[str] = set()
        if _first(parsed.data, parsed.state.flags, (sensitive, insensitive)):
            return None  # can match the empty string
        if not sensitive and not insensitive:
            return None
        return _klass(sensitive, insensitive)
    except _Unknown:
        return None


_GLOBAL_FLAGS = re.compile(r"^(?:\(\?[aiLmsux]+\))+")
_SCOPED = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))


def _leading_boundary(parsed: P.SubPattern) -> bool:
    """Whether every match of the parsed pattern begins with ``\\b`` (before any character)."""
    for op, av in parsed.data:
        if op is not C.AT:
            return False
        if av is C.AT_BOUNDARY:
            return True
    return False


def _body(pattern: re.Pattern[str]) -> str:
    """The pattern as a group that can sit inside another pattern (its flags scoped)."""
    flags = "".join(letter for flag, letter in _SCOPED if pattern.flags & flag)
    body = _GLOBAL_FLAGS.sub("", pattern.pattern)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


#: A pattern longer than this (a vocabulary of names written into a rule) is not compiled a
#: second time inside :func:`_places`: that costs about as much as the pattern itself, on the
#: first letter of every process. It is scanned from its first characters instead (a few
#: hundred places a letter, each tried by ``match``).
LONG_PATTERN = 4000

#: A word boundary before the character just matched (a look-behind: cheap, checked first).
_LEAD = r"(?<=\b[\s\S])"


def _places(pattern: re.Pattern[str], klass: str, lead: str) -> re.Pattern[str] | None:
    """A pattern that matches one character at each place where ``pattern`` matches: the
    class first (so ``re`` skips to it quickly), then ``lead`` (a leading ``\\b`` of the
    pattern, or nothing), then the pattern as a look-ahead from that character. None when the
    pattern cannot be put there (group references in a look-behind, flags that cannot be
    scoped)."""
    if pattern.flags & ~(re.UNICODE | re.IGNORECASE | re.MULTILINE | re.DOTALL):
        return None
    try:
        return re.compile(f"{klass}{lead}(?<=(?={_body(pattern)})[\\s\\S])")
    except re.error:
        return None


def _required(data: list) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which every match of ``data`` (a parsed sequence)
    contains, or None when none can be worked out: a run of literal characters, or what a
    group, every alternative of a branch, or a repeat of at least once requires; the set whose
    shortest string is longest is kept. Look-arounds require nothing (what they read may lie
    outside the match)."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in data:
        if op is C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        flush()
        sub: frozenset[str] | None = None
        if op is C.SUBPATTERN:
            sub = _required(av[3].data)
        elif op is C.ATOMIC_GROUP:
            sub = _required(av.data)
        elif op is C.BRANCH:
            alternatives = [_required(alternative.data) for alternative in av[1]]
            if all(alternatives):
                sub = frozenset().union(*alternatives)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            sub = _required(av[2].data)
        if sub:
            found.append(sub)
    flush()
    return max(found, key=lambda strings: min(map(len, strings)), default=None)


def required_strings(
    pattern: re.Pattern[str], parsed: P.SubPattern | None = None
) -> frozenset[str] | None:
    """Lower-case strings one of which lies in every match of ``pattern`` (see
    :func:`folded_text`), or None when that cannot be worked out. ``parsed``: the pattern's
    :func:`_parse`, when already at hand."""
    parsed = parsed or _parse(pattern)
    return None if parsed is None else _required(parsed.data)


#: The characters other than ASCII letters that ``re`` matches to an ASCII letter under
#: ignore-case and that do not lower-case to it (dotless i, long s, ...), each with its letter:
#: filled on first use.
_TO_ASCII: list[tuple[str, str]] = []


def folded_text(text: str) -> str:
    """``text`` lower-cased, with every character that ``re`` matches to an ASCII letter under
    ignore-case written as that letter: a string of :func:`required_strings` that is not in
    it is in no match of the pattern in ``text``."""
    if not _TO_ASCII:
        letters = "abcdefghijklmnopqrstuvwxyz"
        _folded(set(letters))
        _TO_ASCII.extend(
            (p, c) for c in letters for p in _FOLDS[c] if ord(p) > 127 and p.lower() != c
        )
    for partner, letter in _TO_ASCII:  # (a search per character: faster than str.translate)
        if partner in text:
            text = text.replace(partner, letter)
    return text.lower()


class LazyPattern:
    """A regex compiled on first use: ``match``, ``search`` and the other methods of the
    compiled pattern, for a rarely needed pattern whose compiling is dear (a vocabulary of names
    written into it: loading a pipeline does not pay for it, nor a letter that never needs it)."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # the compiled pattern's methods
        return getattr(self.compiled, name)

    def __getstate__(self) -> str:
        return self.source

    def __setstate__(self, source: str) -> None:
        self.source, self._compiled = source, None


class Scan:
    """``pattern.finditer`` that tries the pattern only where a match can begin. The scan is
    worked out on first use (parsing and compiling it takes a few milliseconds a pattern:
    loading a pipeline does not pay for it)."""

    __slots__ = ("_ready", "_required", "pattern", "places", "starts")

    def __init__(self, pattern: re.Pattern[str] | str) -> None:
        self.pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        self.places: re.Pattern[str] | None = None
        self.starts: re.Pattern[str] | None = None
        self._required: frozenset[str] | bool | None = False  # False: not worked out yet
        self._ready = False

    def may_match(self, folded: str) -> bool:
        """False when no match can lie in the text of which ``folded`` is the
        :func:`folded_text`: it has none of the strings every match contains."""
        if self._required is False:
            self._analyse()
        required = self._required
        return required is None or any(s in folded for s in required)  # type: ignore[union-attr]

    def _analyse(self) -> None:
        """Work out the required strings and the scan from one parse of the pattern."""
        parsed = _parse(self.pattern)
        self._required = required_strings(self.pattern, parsed) if parsed else None
        if not self._ready:
            klass = first_class(self.pattern, parsed) if parsed else None
            lead = _LEAD if klass and _leading_boundary(parsed) else ""  # type: ignore[arg-type]
            long = len(self.pattern.pattern) > LONG_PATTERN
            #: one character at each place the pattern matches (None: see ``starts``)
            self.places = _places(self.pattern, klass, lead) if klass and not long else None
            #: the first characters, when the pattern cannot go into ``places``
            self.starts = re.compile(klass + lead) if klass and self.places is None else None
            self._ready = True

    def prepare(self) -> Scan:
        """Work out the scan (done by the first :meth:`finditer`)."""
        if not self._ready:
            self._analyse()
        return self

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text, pos, endpos)``, in order (none is empty)."""
        if not self._ready:
            self.prepare()
        end = len(text) if endpos is None else endpos
        match = self.pattern.match
        if self.places is not None:
            for place in self.places.finditer(text, pos, end):
                start = place.start()
                if start >= pos and (m := match(text, start, end)) is not None:
                    yield m
                    pos = m.end()
        elif self.starts is not None:
            search = self.starts.search
            while pos < end and (place := search(text, pos, end)):
                start = place.start()
                m = match(text, start, end)
                if m is None:
                    pos = start + 1
                else:
                    yield m
                    pos = m.end()
        else:
            yield from self.pattern.finditer(text, pos, end)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """``pattern.search(text, pos)``."""
        return next(self.finditer(text, pos), None)
