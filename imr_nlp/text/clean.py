"""Cleaning of letter text, with a map back to the caller's original string.

Letters come out of PDFs with artefacts: a blank line after every line (the 2014-2015
extractions), words hyphenated across line breaks ("non- \\ncertified", "4-24- \\n15"), form
feeds between pages (often mid-sentence), ligatures, typographic dashes, non-breaking spaces,
runs of spaces left by redaction and sentences glued without a space ("side.MRI").

:func:`clean_text` removes them in one left-to-right pass and records an *anchor* at every
edit, so any offset in the cleaned text maps back to the original string
(:meth:`CleanedText.to_original`). Cleaning is idempotent: cleaning clean text changes nothing.

In a pipeline the :class:`CleaningTokenizer` cleans before tokenizing and stores the anchors in
``doc.user_data`` (they survive ``DocBin(store_user_data=True)``); :func:`original_offsets`
maps a Doc's character offsets to the text the caller passed to ``nlp``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.util import registry

from .doctext import remember_text

OFFSETS_KEY = "imr_nlp.offsets"

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
# Typographic forms of the hyphen and of "x" ("1–2 tablets", "L4–5", "therapy 2×4"): the
# rules read the plain characters. (The em dash, a sentence dash, stays.)
_TYPOGRAPHIC = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2212": "-",
    "\u00d7": "x",
}
_PLAIN = _LIGATURES | _TYPOGRAPHIC
_SPACE = " \t\u00a0\u2000-\u200a\u202f\u205f\u3000\v"
_NEWLINE = "\n\r\f\u2028\u2029\x85"
_WS = f"[{_SPACE}{_NEWLINE}]"

_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
_LIG = "".join(_PLAIN)
_NOT_WS = f"[^{_SPACE}{_NEWLINE}]"

# One alternation, tried from left to right. Every rule starts with a character of one class
# (the rules' first characters are disjoint), so the regex engine skips ahead in C to the next
# character that can start an edit instead of trying each rule at each position. After that
# first character a lookbehind on it selects the rule; the group name names it.
_RULES = re.compile(
    rf"[-\u00ad\ufffe{_ZERO_WIDTH}{_LIG}\ud800-\udfff\x00{_SPACE}{_NEWLINE}.:;](?:"
    # Any run of whitespace: one space, one line break or one paragraph break. A single space
    # between two other characters stays as it is, so it is not matched (it would be one match
    # per word, each handled in Python for nothing).
    rf"(?<={_WS})(?!(?<={_NOT_WS} )(?={_NOT_WS}))(?P<ws>{_WS}*)"
    # Sentence glued to the next one ("side.MRI", "below:Physical", "May 6, 2002.In"): the
    # match is the punctuation; a space goes after it.
    r"|(?:(?<=[a-z]{2}[.:;])|(?<=\d{4}\.))(?P<glue>)(?=[A-Z])"
    # A word or date hyphenated at a line break: keep the hyphen, drop the break.
    rf"|(?<=[A-Za-z0-9]-)(?P<hyphen>[{_SPACE}]*[{_NEWLINE}]{_WS}*(?=[A-Za-z0-9]))"
    # Soft hyphen (with any break after it) and zero-width characters vanish.
    rf"|(?<=\u00ad)(?P<drop>{_WS}*)|(?<=[{_ZERO_WIDTH}])(?P<zero_width>)"
    rf"|(?<=[{_LIG}])(?P<lig>)"
    # PDFium's mark for a hyphen that ended a line (U+FFFE, a noncharacter; it has already
    # joined the two lines): a hyphen, as for a hyphen before a line break above.
    r"|(?<=\ufffe)(?P<pdf_hyphen>)"
    # A lone surrogate (no text can be encoded with one) becomes U+FFFD; NUL bytes a space.
    r"|(?<=[\ud800-\udfff])(?P<surrogate>)|(?<=\x00)(?P<nul>\x00*)"
    r")"
)
# A line followed by a blank line. Starting with its literal line break, it is searched for in C
# (spaces before the break would make the engine try it at every position; they do not change
# the count).
_DOUBLED = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class CleanedText:
    """Cleaned text and the anchors that map its offsets to the original string.

    ``anchors`` holds two parallel tuples: positions in the cleaned text and the original
    positions they correspond to. Between anchors the text was copied unchanged.
    """

    text: str
    anchors: tuple[tuple[int, ...], tuple[int, ...]] = field(default=((0,), (0,)))
    original_length: int = 0

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` character range of the cleaned text to the original string."""
        return map_offsets(self.anchors, start, end, self.original_length)


def map_offsets(
    anchors: tuple[Iterable[int], Iterable[int]] | list[list[int]],
    start: int,
    end: int,
    original_length: int,
) -> tuple[int, int]:
    """Map a cleaned ``[start, end)`` range through ``anchors`` (see :class:`CleanedText`)."""
    clean_pos, orig_pos = (list(a) for a in anchors)
    if end < start:
        raise ValueError(f"end ({end}) is before start ({start})")

    def char(pos: int) -> int:
        i = bisect_right(clean_pos, pos) - 1
        mapped = orig_pos[i] + (pos - clean_pos[i])
        # Inside a replacement longer than what it replaced: stay before the next anchor.
        limit = orig_pos[i + 1] - 1 if i + 1 < len(orig_pos) else original_length
        return max(orig_pos[i], min(mapped, limit))

    o_start = char(start)
    o_end = o_start if end == start else char(end - 1) + 1
    return o_start, min(max(o_end, o_start), original_length)


def _is_doubled(raw: str) -> bool:
    """True when (nearly) every line is followed by a blank line, as in the 2014 extractions."""
    lines = raw.count("\n")
    return lines >= 6 and 2 * len(_DOUBLED.findall(raw)) >= 0.8 * lines


#: The replacement of each short whitespace run met so far, in normal and in doubled text: the
#: letters have a few kinds of runs (" \n", " \n\n", ...), met again and again.
_RUNS: tuple[dict[str, str], dict[str, str]] = ({}, {})
_MAX_RUNS = 1000  # short runs only: an odd input cannot fill the memory


def _whitespace(run: str, doubled: bool) -> str:
    breaks = run.count("\n") + run.count("\f") + run.count("\u2028") + run.count("\u2029")
    breaks += run.count("\r") - run.count("\r\n") + run.count("\x85")
    if doubled and breaks:
        breaks = max(1, breaks // 2)
    if breaks == 0:
        return " "
    return "\n" if breaks == 1 else "\n\n"


def clean_text(raw: str) -> CleanedText:
    """Remove PDF artefacts from ``raw``, keeping a map back to it.

    Args:
        raw: letter text as extracted from a PDF or read from a file.

    Returns:
        The cleaned text with its offset anchors.
    """
    doubled = _is_doubled(raw)
    runs = _RUNS[doubled]
    size = len(raw)
    out: list[str] = []
    clean_pos: list[int] = [0]
    orig_pos: list[int] = [0]
    n = 0  # length of the cleaned text so far
    last = 0
    for m in _RULES.finditer(raw):
        kind = m.lastgroup
        start, end = m.span()
        if kind == "ws":
            if start == 0 or end == size:
                new = ""  # no leading or trailing whitespace
            else:
                found = m.group()
                new = runs.get(found)
                if new is None:
                    new = _whitespace(found, doubled)
                    if len(found) <= 16 and len(runs) < _MAX_RUNS:
                        runs[found] = new
                if new == found:
                    continue
        elif kind == "glue":
            start = end  # the space goes after the punctuation, which stays
            new = " "
        elif kind == "hyphen" or kind == "pdf_hyphen":
            new = "-"
        elif kind == "lig":
            new = _PLAIN[m.group()]
        elif kind == "surrogate":
            new = "\ufffd"
        elif kind == "nul":
            new = " "
        else:  # drop, zero_width
            new = ""
        out.append(raw[last:start])
        n += start - last
        if clean_pos[-1] != n or orig_pos[-1] != start:
            clean_pos.append(n)
            orig_pos.append(start)
        out.append(new)
        n += len(new)
        clean_pos.append(n)
        orig_pos.append(end)
        last = end
    out.append(raw[last:])
    return CleanedText("".join(out), (tuple(clean_pos), tuple(orig_pos)), len(raw))


def original_offsets(doc: Doc, start_char: int, end_char: int) -> tuple[int, int]:
    """Map a character range of ``doc.text`` back to the string that was passed to ``nlp``.

    ``nlp(text)`` cleans ``text`` before tokenizing, so ``doc.text`` can differ from ``text``.
    Use this to highlight entities or decisions in your own copy of the letter::

        doc = nlp(raw)
        for ent in doc.ents:
            start, end = imr_nlp.original_offsets(doc, ent.start_char, ent.end_char)
            assert raw[start:end].split() == ent.text.split()   # same words, original spacing

    Docs not made by the cleaning tokenizer map to themselves.
    """
    if not 0 <= start_char <= end_char <= len(doc.text):
        raise ValueError(f"range [{start_char}, {end_char}) is outside the Doc")
    stored = doc.user_data.get(OFFSETS_KEY)
    if stored is None:
        return start_char, end_char
    clean_pos, orig_pos, original_length = stored
    return map_offsets((clean_pos, orig_pos), start_char, end_char, original_length)


#: Longest text read (the longest real letter is about 30,000 characters); beyond it only this
#: many characters are read and the Doc is flagged W006, so a huge input cannot stall a batch.
MAX_CHARS = 100_000


#: Most distinct chunks (runs of non-space characters) the tokenizer cache is warmed with; past
#: it new chunks are tokenized the ordinary way. About 100 bytes each, with spaCy's cache entry.
MAX_WARMED = 200_000


class CleaningTokenizer:
    """Tokenizer wrapper that cleans the text (:func:`clean_text`) before tokenizing it.

    It also warms the wrapped tokenizer's cache. spaCy's tokenizer caches the tokens of each
    chunk (a run of non-space characters) it splits, but only until the first chunk of the text
    that meets a special case ("Dr.", "Jan.", "'s", ...): from there to the end of the text it
    caches nothing, so in a letter nearly every chunk goes through the prefix, suffix and infix
    regexes again, in every letter. Before a text is tokenized, each chunk never seen before is
    tokenized alone (where nothing before it can stop the caching); the text's own tokenizing
    then finds its chunks in the cache. The tokens are the same: a cached chunk is split as it
    would be, and a chunk touched by a special case is still never cached. A record of chunks
    that is out of date (the wrapped tokenizer's cache emptied by a change of its rules) only
    means those chunks are split the slow way again.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer
        self._warmed: set[str] = set()

    def __call__(self, text: str) -> Doc:
        too_long = len(text) > MAX_CHARS
        cleaned = clean_text(text[:MAX_CHARS] if too_long else text)
        self._warm(cleaned.text)
        doc = self.tokenizer(cleaned.text)
        remember_text(doc, cleaned.text)
        if cleaned.text != text:
            clean_pos, orig_pos = cleaned.anchors
            doc.user_data[OFFSETS_KEY] = [list(clean_pos), list(orig_pos), len(text)]
        if too_long:
            from ..errors import Warnings, warn
            from ..extensions import add_warning, install_extensions

            install_extensions()
            add_warning(doc, Warnings.W006.name)
            warn(Warnings.W006, limit=MAX_CHARS)
        return doc

    def _warm(self, text: str) -> None:
        """Tokenize alone each chunk of ``text`` not seen before (see the class docstring)."""
        warmed = self._warmed
        if len(warmed) >= MAX_WARMED:
            return
        new = set(text.split()).difference(warmed)
        if not warmed:
            new.update(("\n", "\n\n"))  # the line breaks the cleaned text keeps
        if new:
            tokenize = self.tokenizer
            for chunk in sorted(new):  # sorted: the same order in every process
                tokenize(chunk)
            warmed.update(new)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getstate__(self) -> dict[str, Any]:
        # A copy (pickled for a worker process) gets a new tokenizer with an empty cache.
        return {"tokenizer": self.tokenizer}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.tokenizer = state["tokenizer"]
        self._warmed = set()

    def __getattr__(self, name: str) -> Any:
        # rules, explain, vocab, ...: the wrapped tokenizer's. Guard against recursion when
        # the instance is being unpickled and has no ``tokenizer`` yet.
        if name in ("tokenizer", "_warmed"):
            raise AttributeError(name)
        # Whatever is done with it may change the rules, which empties the cache: warm again.
        self._warmed.clear()
        return getattr(self.tokenizer, name)

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)  # type: ignore[attr-defined]

    def from_bytes(self, data: bytes, **kwargs: Any) -> CleaningTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)  # type: ignore[attr-defined]
        self._warmed.clear()
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)  # type: ignore[attr-defined]

    def from_disk(self, path: str | Path, **kwargs: Any) -> CleaningTokenizer:
        self.tokenizer.from_disk(path, **kwargs)  # type: ignore[attr-defined]
        self._warmed.clear()
        return self


#: A strength's unit glued to its number ("75mg"): what ends a strength glued to a name when
#: more follows the unit in the same token ("Lyrica75mg,Norco5/325mg", "Celecoxib200mg(#30)").
_UNIT = r"(?:mg|mcg|gm|gms|grams?|ml|mL)\b"

#: Extra token boundaries for letter text. They only split tokens; the text and its offsets
#: are unchanged. Glued outcome words and headings ("UpheldClaims Administrator guideline:",
#: "RATIONALESThe"), compound strengths ("10%/Dextromethorphan", "4%-27.5%"), amounts glued to
#: their unit ("121gm"), a name of three letters or more glued to its strength, in any case
#: ("Baclofen10mg", "APAP10/325", "HCl5mg"; also when a list's next item follows with no space:
#: "Lyrica75mg,Norco5/325mg") or by a hyphen ("Kenalog-40"), items glued by a
#: semicolon ("#60;Norco"), and a count glued to its strength's unit ("20mg#60").
GLUE_INFIXES = (
    r"(?<=Upheld)(?=[A-Z])",
    r"(?<=Overturned)(?=[A-Z])",
    r"(?<=RATIONALES)(?=[A-Z])",
    r"(?<=%)[/-]",
    r"(?<=[0-9])(?=" + _UNIT + ")",
    r"(?<=[A-Za-z]{3})(?=\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)?(?:$|" + _UNIT + r"))",
    r"(?<=[A-Za-z]{3})-(?=\d+(?:\.\d+)?(?:$|" + _UNIT + r"))",
    r"(?<=[0-9A-Za-z%]);(?=[A-Za-z0-9])",
    r"(?<=[mcgMCG][glGL])(?=#\d)",
    r"(?<=%)(?=#\d)",
)

#: Extra token ends: a slash after a word, where a combination's name wraps at a line end
#: ("Hydrocodone/" and "Acetaminophen" on the next line).
GLUE_SUFFIXES = (r"(?<=[A-Za-z]{3})/",)

#: spaCy's special cases that would glue punctuation to an amount: a sentence's final period
#: on a unit ("120 g.") and emoticons made of digits ("visits (8)" is not "8)").
UNIT_SPECIAL_CASES = ("g.", "(-8", "8)", "8-)", "8-D", "8D", "0.0", ":0", ":1", ":3", "=3")


@registry.tokenizers("imr_nlp.CleaningTokenizer.v1")
def create_cleaning_tokenizer() -> Callable[[Any], CleaningTokenizer]:
    """Registered tokenizer: spaCy's default tokenizer for the language, with the
    :data:`GLUE_INFIXES` and :data:`GLUE_SUFFIXES` and without the :data:`UNIT_SPECIAL_CASES`,
    behind cleaning.

    The tokenizer is built with its final infixes and special cases, as ``spacy.Tokenizer.v1``
    builds the default one: setting either afterwards would compile its ~1,900 special cases
    again each time (a tenth of a second each)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    def make(nlp: Any) -> CleaningTokenizer:
        defaults = nlp.Defaults
        prefixes, suffixes = defaults.prefixes, defaults.suffixes
        exceptions = defaults.tokenizer_exceptions or {}
        tokenizer = Tokenizer(
            nlp.vocab,
            rules={k: v for k, v in exceptions.items() if k not in UNIT_SPECIAL_CASES},
            prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
            suffix_search=compile_suffix_regex([*(suffixes or ()), *GLUE_SUFFIXES]).search,
            infix_finditer=compile_infix_regex([*(defaults.infixes or ()), *GLUE_INFIXES]).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        return CleaningTokenizer(tokenizer)

    return make
