"""``imr_guidelines``: GUIDELINE entities as typed citations.

Modelled on how eyecite treats legal citations: the guideline names, their variants and the
shape of a citation are data (``patterns/guidelines.jsonl``); a citation found in text is parsed
into a :class:`~imr_nlp.values.GuidelineCitation` (source key, title, chapter, year, sections,
pages). Two kinds of spans go to ``doc.spans["imr_rules"]``:

- ``citation``: "Decision based on <citation>." in the guideline parts of a decision block; the
  span is the citation itself ("MTUS Chronic Pain Medical Treatment Guidelines 2009,
  Section(s): Opioids, criteria for use");
- ``mention``: a guideline named in prose ("CA MTUS", "ODG", "ACOEM"), name only; its value has
  ``cited=False`` (what a decision was based on is ``cited``).

``kb_id_`` is the source key: MTUS, ODG, ACOEM, UpToDate, a web page's domain (lower case),
the Medicare physician fee schedule, CMS, a source of the vocabulary ``patterns/sources.jsonl``
(a society or agency by its short name, a payer, clinical reference or criteria set by its
name: :mod:`imr_nlp.entities.sources`), a society as written ("... Society of X (SOX)"), a
journal article by its journal ("Spine 2009;34:..."), another state's guidelines by state and
agency, else OTHER. A citation of the 2013 notice said to be "part of the MTUS" is the MTUS's
(its ACOEM chapters), and the guideline named after "which is part of the MTUS, and ..." is a
citation too. A Non-MTUS reference runs to
the next citation or the end of the guideline part; a part that names its guideline right after
its label ("MAXIMUS guideline: CA MTUS 2009 ...") is a citation too. References listed in one
citation ("..., accessed <date>.", "1. ... 2. ...", "...; ODG ...", "...; <Author> A, et al.
...", "... and the Non-MTUS ...") are cut into one citation each; a clause that names a source
only to say it was not used ("..., and did not rely on the ODG", "...; the MTUS does not address
this device") is cut off and is no citation. A body or reference named with its initials in
parentheses is keyed by them, a drug's label by its brand and the kind of label ("<Brand> ER
package insert").
"""

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import (
    DECISION_PARTS,
    MODEL_SPANS,
    RULE_SPANS,
    append_spans,
    install_extensions,
    model_span,
)
from ..rules import BOOL, REGEX, STR, WORDS, RuleComponent, RuleSchema, one_of
from ..text.doctext import doc_text
from ..text.fastre import LazyPattern, Scan
from ..text.spelling import EDITS
from ..values import GuidelineCitation
from .sources import (
    PLACEHOLDER,
    SOURCES_FILE,
    SourceVocabulary,
    literal_words,
    trie_alternation,
    vocabulary,
)

GUIDELINES_FILE = "guidelines.jsonl"
#: The fragments a rejection cue reads its sources with (a source's name; a list of them).
SOURCE_HEAD, SOURCE_ONE, SOURCE_LIST = "{SOURCE_HEAD}", "{SOURCE_ONE}", "{SOURCE_LIST}"
#: The labels of a decision's guideline parts (``doc.spans["decision_parts"]``).
GUIDELINE_PARTS = ("claims_administrator_guideline", "reviewer_guideline")
#: How far before a backward rejection cue its subject may begin (characters).
SUBJECT_REACH = 240
#: The ``names`` rule whose values are words a line end may break in a guideline part.
JOINABLE = "WORDS_BROKEN_AT_LINE_ENDS"
#: How far before a citation a split rule's ``requires_lead_in`` looks.
LEAD_IN = 80
#: Texts whose source and parsed citation are kept (bounded: memory stays flat).
CACHE_SIZE = 10_000
_SPLIT = re.compile(r",\s*(?![^()]*\))")  # commas outside parentheses
_NUMBERS = re.compile(r"\d+")
_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")
_MAX_RANGE = 200
#: The capitals that open a word (or a part of a hyphenated one): a name's initials.
_INITIALS = re.compile(r"(?<![^\s-])[A-Z]")
#: The guidelines whose citation stays one when a web address follows it.
CORE_SOURCES = frozenset({"MTUS", "ODG", "ACOEM"})
#: A hyphen inside a word (the text cleaner keeps the hyphen of a word broken at a line end:
#: "Offi-\ncial" is "Offi-cial" in the doc's text).
_IN_WORD_HYPHEN = re.compile(r"(?<![\w-])([A-Za-z]+)-([a-z]+)(?![\w-])")


def joined_words(text: str, words: frozenset[str]) -> tuple[str, list[int] | None]:
    """``text`` with the words that a line end broke joined again, when the joined word is one
    of ``words`` (the words of the guidelines' and the sources' names and of the clauses that
    say a source was not used): "Offi-cial Disability Guidelines" -> "Official Disability
    Guidelines", "Occupa-tional", "does not ad-dress"; a hyphen of a compound ("evidence-based")
    or of a web address ("drug-information") stays. Returns the text and, for each character of
    it, its offset in ``text`` (None when nothing was joined)."""
    if "-" not in text:
        return text, None
    cuts = [
        m.start(2) - 1 for m in _IN_WORD_HYPHEN.finditer(text) if (m[1] + m[2]).lower() in words
    ]
    if not cuts:
        return text, None
    pieces, offsets, pos = [], [], 0
    for cut in cuts:
        pieces.append(text[pos:cut])
        offsets.extend(range(pos, cut))
        pos = cut + 1
    pieces.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(pieces), offsets


_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Misspellings:
    """What the ``spelling`` rules read: misspelt word -> the word (case-sensitive ones as
    written, the others lower-cased), and which of them need a name word beside them."""

    exact: dict[str, str]
    folded: dict[str, str]
    alone: frozenset[str]  # folded misspellings that need no name word beside them
    words: frozenset[str]  # the right spellings, lower-cased


def misspellings(rules: list[dict[str, Any]]) -> Misspellings:
    """The ``spelling`` rules' words and the misspellings one of their edits away (a right
    spelling of any rule, or a word of a rule's ``exclude``, is never a misspelling)."""
    words = {w.lower() for r in rules for w in r["words"]}
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    alone: set[str] = set()
    for r in rules:
        excluded = {w.lower() for w in r.get("exclude", ())} | words
        sensitive = bool(r.get("case_sensitive"))
        for word in r["words"]:
            base = word if sensitive else word.lower()
            for op in r["operations"]:
                for wrong in EDITS[op](base):
                    if wrong.lower() in excluded or len(wrong) < 3:
                        continue
                    if sensitive:
                        exact.setdefault(wrong, word)
                    else:
                        folded.setdefault(wrong, word)
                        if not r.get("requires_neighbour"):
                            alone.add(wrong)
    return Misspellings(exact, folded, frozenset(alone), frozenset(words))


def respelled(
    text: str, spans: list[tuple[int, int]], table: Misspellings
) -> tuple[str, list[int] | None]:
    """``text`` with the misspelt words inside ``spans`` (the guideline parts) written right,
    in the misspelling's case ("Disabillity" -> "Disability", "OGD" -> "ODG"); a word of a
    ``requires_neighbour`` rule only when the word right before or after it (spaces between)
    is a name word too, right or misspelt. Returns the text and, for each character, its
    offset in ``text`` (None when nothing was changed)."""

    def name_word(m: re.Match[str]) -> bool:
        return (w := m.group().lower()) in table.words or w in table.folded

    changes: list[tuple[int, int, str]] = []
    for lo, hi in spans:
        found = list(_WORD.finditer(text, lo, hi))
        for i, m in enumerate(found):
            w = m.group()
            right = table.exact.get(w)
            if right is None and (right := table.folded.get(w.lower())) is not None:
                beside = [
                    n
                    for n in found[max(0, i - 1) : i + 2]
                    if n is not m
                    and text[min(n.end(), m.end()) : max(n.start(), m.start())].isspace()
                ]
                if w.lower() not in table.alone and not any(name_word(n) for n in beside):
                    continue
                right = right.upper() if w.isupper() else right.lower() if w.islower() else right
            if right is not None:
                changes.append((m.start(), m.end(), right))
    if not changes:
        return text, None
    pieces, offsets, pos = [], [], 0
    for start, end, right in changes:
        pieces += [text[pos:start], right]
        offsets += range(pos, start)
        offsets += [min(start + k, end - 1) for k in range(len(right))]
        pos = end
    pieces.append(text[pos:])
    offsets += range(pos, len(text))
    return "".join(pieces), offsets


def in_text(start: int, end: int, offsets: list[int] | None) -> tuple[int, int]:
    """The doc's characters ``start:end`` in a text made from it (``offsets``: each of the
    text's characters' offset in the doc, None when the text is the doc's)."""
    if offsets is None:
        return start, end
    return bisect_left(offsets, start), bisect_left(offsets, end)


def is_address(source: str) -> bool:
    """A source key that is a web page's domain ("drugs.com"), as ``source.web`` keys it."""
    return "." in source and source == source.lower() and " " not in source


def is_short_form(short: str, name: str) -> bool:
    """Whether ``short`` is made of the initials of ``name``'s capitalised words, as a body or a
    reference writes its short form after its name ("Commission on Example Rehabilitation
    Programs (CERP)"); a plural "s" of the short form is left out. The whole name counts:
    "Medicare National Coverage Determination" is not "NCD"."""
    letters = short[:-1] if short.endswith("s") else short
    return len(letters) >= 2 and "".join(_INITIALS.findall(name)) == letters.upper()


def names_address(before: GuidelineCitation, address: GuidelineCitation) -> bool:
    """Whether ``address`` (a part cut off before a web address) is the address of the reference
    ``before`` it: one reference, keyed by the address, unless ``before`` is a guideline of its
    own (MTUS, ODG, ACOEM) or an address itself."""
    return is_address(address.source) and not (
        is_address(before.source) or before.source in CORE_SOURCES
    )


@Language.factory(
    "imr_guidelines",
    assigns=["doc.spans", "span._.value", "span._.source"],
    # reads the trained model's doc.ents when it runs before (optional: not "requires")
)
def make_guidelines(nlp: Language, name: str) -> "IMRGuidelines":
    """Tag guideline citations (see :class:`IMRGuidelines`)."""
    return IMRGuidelines(name)


def parse_pages(text: str) -> tuple[int, ...]:
    """ "76-78" -> (76, 77, 78); "78, 86, and 87" -> (78, 86, 87)."""
    pages: list[int] = []
    for part in re.split(r",|\band\b|&", text):
        if m := _RANGE.search(part):
            first, last = int(m.group(1)), int(m.group(2))
            if first <= last <= first + _MAX_RANGE:
                pages.extend(range(first, last + 1))
                continue
        pages.extend(int(n) for n in _NUMBERS.findall(part))
    return tuple(pages)


def filled(rule: dict[str, Any], lists: dict[str, str]) -> dict[str, Any]:
    """``rule`` with each placeholder of ``lists`` (placeholder -> alternation: the
    vocabulary's names for ``{SOURCE_NAMES}``, a ``names`` rule's values for its ``{NAME}``)
    replaced in its patterns."""
    out = dict(rule)
    for field in ("pattern", "requires_before", "requires_lead_in"):
        for placeholder, alternation in lists.items():
            if placeholder in out.get(field, ""):
                out[field] = out[field].replace(placeholder, alternation)
    return out


def names_alternation(values: list[str]) -> str:
    """A ``names`` rule's values as one group, as the vocabulary of sources writes its short
    forms: each word as written, any spaces between words ("New Hampshire" is also
    "New\nHampshire"), a longer name tried before a shorter one."""
    return "(?:" + trie_alternation([(v, literal_words(v)) for v in values]) + ")"


def _kept(cache: dict[str, Any], text: str, make: Callable[[str], Any]) -> Any:
    """``make(text)``, kept in ``cache`` (emptied when it holds :data:`CACHE_SIZE` texts)."""
    value = cache.get(text)
    if value is None:
        value = make(text)
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cache[text] = value
    return value


class IMRGuidelines(RuleComponent):
    """Adds GUIDELINE spans, each with its parsed citation, to ``doc.spans["imr_rules"]``."""

    rules_file = GUIDELINES_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        "citation": RuleSchema(required={"pattern": REGEX}),
        "split": RuleSchema(
            required={"pattern": REGEX},
            optional={
                "requires_before": REGEX,
                # searched in the text just before the citation (its lead-in): the cut is taken
                # only in a citation that such words open ("... on the following:\n")
                "requires_lead_in": REGEX,
                "new_source": BOOL,
                "address_of_previous": BOOL,
                "not_cited": BOOL,
            },
        ),
        "mention": RuleSchema(required={"pattern": REGEX}),
        # a part (after the cuts) that names a source only to say it was not used, from its
        # start ("The ACOEM guidelines were considered but not applied; ..."): dropped
        "unused": RuleSchema(required={"pattern": REGEX}),
        # a cue phrase that sets sources aside (ConText-like): the sources of {SOURCE_LIST}
        # right before it ("backward": "ACOEM (3rd Ed.) does not address ...") or right after
        # it ("forward": "rather than the ODG", "not the version adopted into the MTUS") are
        # named, not cited; a part whose every source is set aside is dropped, a part with
        # another source is keyed by it
        "rejection": RuleSchema(
            required={"pattern": REGEX, "direction": one_of("forward", "backward")},
            # what must follow a forward cue's sources ("found the X inapplicable",
            # "set the X aside"): the cue brackets them
            # "parts": only in these guideline parts (the labels of doc.spans["decision_parts"]:
            # "the UR relied on the ODG" sets the ODG aside in the reviewer's part only)
            # "requires_in_part": ... and only when the part has these words too (the party
            # named as a voice of its own: "the Expert Reviewer" in the reviewer's part)
            # "scope": "one" for a cue whose object is one source ("outside the MTUS, and the
            # ODG ...": the ODG is cited), else a list ("did not use the MTUS or ACOEM")
            optional={
                "closing": REGEX,
                "parts": WORDS,
                "requires_in_part": REGEX,
                "scope": one_of("one", "list"),
            },
        ),
        # a key taken from the match: group "key" (and "key2", joined with a space); with
        # "short_form", group "key" must be the initials of group "name" (is_short_form)
        "source": RuleSchema(
            required={"key": STR, "pattern": REGEX}, optional={"short_form": BOOL}
        ),
        # where, among the source rules, the vocabulary of sources (patterns/sources.jsonl) is
        # tried; its names also fill {SOURCE_NAMES} in the patterns of this file
        "source_vocabulary": RuleSchema(required={"vocabulary": one_of(SOURCES_FILE)}, single=True),
        "field": RuleSchema(
            required={"name": one_of("year", "sections", "pages"), "pattern": REGEX}
        ),
        # a list of names written once and put where a pattern holds "{<name>}"
        "names": RuleSchema(required={"name": STR, "values": WORDS}),
        # every way of writing one guideline's name (MTUS, ODG, ACOEM: spelt out, abbreviated,
        # misspelt), a pattern written once and put, as one group, where a pattern holds
        # "{<name>}": each rule that asks "is this the MTUS?" asks it the same way
        "guideline_name": RuleSchema(required={"name": STR, "pattern": REGEX}),
        # words a guideline part may misspell one edit away ("OGD", "Disabillity"): read as the
        # word, in the decision's guideline parts only (see :func:`misspellings`)
        "spelling": RuleSchema(
            required={"words": WORDS, "operations": WORDS},
            optional={"case_sensitive": BOOL, "requires_neighbour": BOOL, "exclude": WORDS},
        ),
        # the names cited in a guideline part that no citation rule read (see names_in_parts)
        "named_in_part": RuleSchema(required={"pattern": REGEX}, single=True),
        # a piece of pattern that several patterns share (an author list opening a reference),
        # written once and put, as one group, where a pattern holds "{<name>}"
        "fragment": RuleSchema(required={"name": STR, "pattern": REGEX}),
    }

    def __init__(self, name: str = "imr_guidelines") -> None:
        install_extensions()
        super().__init__(name)

    def _compile(self) -> None:
        self.vocabulary = vocabulary()
        lists = {PLACEHOLDER: self.vocabulary.alternation()}
        lists.update(
            ("{" + r["name"] + "}", names_alternation(r["values"]))
            for r in self.rules
            if r["kind"] == "names"
        )
        for r in self.rules:  # in file order: a fragment may hold the names written before it
            if r["kind"] in ("guideline_name", "fragment"):
                lists["{" + r["name"] + "}"] = "(?:" + filled(r, lists)["pattern"] + ")"

        def kind(name: str) -> list[dict[str, Any]]:
            return [filled(r, lists) for r in self.rules if r["kind"] == name]

        self.citations = [(r["id"], Scan(r["pattern"])) for r in kind("citation")]
        self.splits = [
            (
                re.compile(r["pattern"]),
                re.compile(r.get("requires_before", "")),
                re.compile(r["requires_lead_in"]) if "requires_lead_in" in r else None,
                bool(r.get("new_source")),
                bool(r.get("address_of_previous")),
                bool(r.get("not_cited")),
            )
            for r in kind("split")
        ]
        self.mentions = [(r["id"], Scan(r["pattern"])) for r in kind("mention")]
        self.unused = [re.compile(r["pattern"]) for r in kind("unused")]
        self.spelling = misspellings(kind("spelling"))
        named = kind("named_in_part")
        self.named_in_part = re.compile(named[0]["pattern"]) if named else None
        rejections = kind("rejection")
        if rejections:
            # the source lists a cue sets aside embed every source's name: compiled when a cue
            # is first found in a guideline part (most letters' parts hold none)
            heads, listed = lists[SOURCE_HEAD], lists[SOURCE_LIST]
            self.source_heads = LazyPattern(heads)
            subject = LazyPattern(listed + r"\s*\Z")  # right before a backward cue
            obj = LazyPattern(r"\s*" + listed)  # right after a forward cue
            one = LazyPattern(r"\s*" + lists[SOURCE_ONE])
        self.rejections = [
            (
                re.compile(r["pattern"]),
                r["direction"],
                subject
                if r["direction"] == "backward"
                else LazyPattern(r"\s*" + listed + "(?=" + r["closing"] + ")")
                if "closing" in r
                else one
                if r.get("scope") == "one"
                else obj,
                frozenset(r["parts"]) if "parts" in r else None,
                re.compile(r["requires_in_part"]) if "requires_in_part" in r else None,
            )
            for r in rejections
        ]
        # the words a line end may break ("Offi-cial"), joined before the rules read the text:
        # those of the sources' names (patterns/sources.jsonl) and of a names rule
        self.joinable = frozenset(
            w.lower()
            for words in (
                *(n for row in self.vocabulary.rows for n in row.names),
                *(
                    v
                    for r in self.rules
                    if r["kind"] == "names" and r["name"] == JOINABLE
                    for v in r["values"]
                ),
            )
            for w in re.findall(r"[A-Za-z]{5,}", words)
        )
        # in file order; the vocabulary where source_vocabulary stands
        self.sources: list[tuple[str, re.Pattern[str], bool] | SourceVocabulary] = []
        for r in self.rules:
            if r["kind"] == "source":
                r = filled(r, lists)
                self.sources.append((r["key"], re.compile(r["pattern"]), bool(r.get("short_form"))))
            elif r["kind"] == "source_vocabulary":
                self.sources.append(self.vocabulary)
        self.fields = {r["name"]: re.compile(r["pattern"]) for r in kind("field")}
        # text -> source key / parsed citation, for the rules above (bounded: see CACHE_SIZE)
        self._sources: dict[str, str] = {}
        self._parsed: dict[str, GuidelineCitation] = {}

    def split_citation(
        self, text: str, start: int, end: int
    ) -> list[tuple[int, int, bool, bool, bool]]:
        """One citation sentence naming several guidelines -> one range per guideline, each with
        whether it names a source of its own (cut by a ``new_source`` split rule: a part whose
        source is unknown is then OTHER, not the source of the first part), whether it may be
        the web address of the part before it (cut by an ``address_of_previous`` rule) and
        whether it names a source only to say it was not used (cut by a ``not_cited`` rule:
        "..., and did not rely on the ODG", "...; the MTUS does not address this device").
        A cut never falls inside the name of a known source ("Centers for Medicare and Medicaid
        Services" is one name, though "Medicaid" is one too). A rule with ``requires_lead_in``
        cuts only a citation whose lead-in (the :data:`LEAD_IN` characters before it) it finds."""
        names = [m.span() for m in self.vocabulary.regex.finditer(text, start, end)]
        lead_in = text[max(0, start - LEAD_IN) : start]
        cuts = sorted(
            (
                (m.start(), m.end(), before, new, address, not_cited)
                for p, before, lead, new, address, not_cited in self.splits
                if lead is None or lead.search(lead_in)
                for m in p.finditer(text, start, end)
            ),
            key=lambda cut: cut[:2],
        )
        out, pos, flags = [], start, (False, False, False)
        for cut_start, cut_end, before, *cut_flags in cuts:
            if any(s < cut_start < e for s, e in names):
                continue
            if cut_start > pos and before.search(text[pos:cut_start]):
                out.append((pos, cut_start, *flags))
                pos, flags = cut_end, tuple(cut_flags)
        out.append((pos, end, *flags))
        return [part for part in out if part[1] > part[0]]

    def rejected(
        self, text: str, start: int, end: int, part: tuple[str, int, int] | None = None
    ) -> list[tuple[int, int]]:
        """The sources a rejection cue sets aside in ``text[start:end]`` (a citation), as
        (start, end) of their names with their titles: the list of sources right before a backward
        cue ("ACOEM (3rd Ed.) was reviewed but does not address ...", "the MTUS and ODG are
        silent") or right after a forward one ("..., rather than the ODG", "not the version
        adopted into the MTUS"). The cues and the shape of a list are data
        (``patterns/guidelines.jsonl``, kinds ``rejection`` and ``fragment``). ``part``: the
        label and offsets of the guideline part the text lies in, for the cues of one party's
        part (``parts``, ``requires_in_part``)."""
        out: list[tuple[int, int]] = []
        for cue, direction, scope, parts, needs in self.rejections:
            if parts is not None and (
                part is None
                or part[0] not in parts
                or (needs is not None and not needs.search(text, part[1], part[2]))
            ):
                continue  # a cue of one party's part only, outside it
            for m in cue.finditer(text, start, end):
                if direction == "backward":
                    lo = max(start, m.start() - SUBJECT_REACH)
                    found = scope.search(text[lo : m.start()])
                    span = None if found is None else (lo + found.start(), lo + found.end())
                else:
                    found = scope.match(text[m.end() : end])
                    span = None if found is None else (m.end(), m.end() + found.end())
                if span is not None and self.source_heads.search(text, *span):
                    out.append(span)
        return out

    def source_without(self, text: str, names: list[tuple[int, int]]) -> str:
        """The source key of ``text`` with the ``names`` (offsets in it) blanked out."""
        chars = list(text)
        for s, e in names:
            chars[s:e] = " " * (e - s)
        return self.source(" ".join(joined_words("".join(chars), self.joinable)[0].split()))

    def names_in_parts(
        self,
        doc: Doc,
        text: str,
        offsets: list[int] | None,
        parts: list[Span],
        found: list[Span | None],
    ) -> list[Span | None]:
        """A guideline part that no citation rule read ("The Claims Administrator used only
        the ODG", "found that the MTUS did not apply and used the ODG instead"): each source it
        names that no rejection cue sets aside is cited, by its name (``named_in_part``: the
        sources of a ``SOURCE_HEAD`` fragment). Not in a part that says it cited nothing
        ("Neither the MTUS nor the ODG was cited": ``patterns/records.jsonl`` no_citation); the
        other party's sources named in it are set aside by the cues of its part ("the UR relied
        on the ODG" in the reviewer's)."""
        from ..linking.records import record_words  # read lazily: linking reads entities

        none = record_words().no_citation
        cited = [(s.start_char, s.end_char) for s in found if s is not None and s._.value.cited]
        out: list[Span | None] = []
        for part in parts:
            if any(a < part.end_char and b > part.start_char for a, b in cited):
                continue
            lo, hi = in_text(part.start_char, part.end_char, offsets)
            if none.search(text, lo, hi):
                continue
            aside = self.rejected(text, lo, hi, (part.label_, lo, hi))
            for m in self.named_in_part.finditer(text, lo, hi):
                if any(a <= m.start() < b for a, b in aside) or self.names_unused(
                    text[m.start() : hi]
                ):
                    continue
                value = GuidelineCitation(self.source(m.group()), title=" ".join(m.group().split()))
                out.append(self._span(doc, *m.span(), "citation.named_in_part", value, offsets))
        return out

    def names_unused(self, part: str) -> bool:
        """Whether a part of a citation (after the cuts) opens by naming a source only to say
        it was not used ("The ACOEM guidelines were considered but not applied", "the <Name>
        Society guideline was reviewed but not relied upon"): an ``unused`` rule matches at its
        start. Such a part is no citation, wherever it stands, also first in its part."""
        return any(p.match(part) for p in self.unused)

    def source(self, text: str) -> str:
        """The source key of the first source rule that matches (a rule may take the key from
        its match, as the domain of a cited web page). Kept per text (the same few names
        recur in every letter)."""
        return _kept(self._sources, text, self._source)

    def _source(self, text: str) -> str:
        for rule in self.sources:
            if isinstance(rule, SourceVocabulary):
                if (found := rule.key(text)) is not None:
                    return found
                continue
            key, pattern, short_form = rule
            if short_form:  # every start, until the short form is the name's initials
                m = next(
                    (m for m in pattern.finditer(text) if is_short_form(m["key"], m["name"])), None
                )
            else:
                m = pattern.search(text)
            if m:
                groups = m.groupdict()
                found = " ".join(groups[g] for g in ("key", "key2") if groups.get(g))
                if found and key == "WEB":  # a domain: "WWW.EXAMPLE.ORG" is example.org
                    return found.lower()
                return found or key
        return "OTHER"

    def parse(self, text: str) -> GuidelineCitation:
        """A citation's parts, from its text (kept per text: a citation is an immutable
        value)."""
        return _kept(self._parsed, text, self._parse)

    def _parse(self, text: str) -> GuidelineCitation:
        text = " ".join(joined_words(text, self.joinable)[0].split())  # a model's span too
        source = self.source(text)
        year = sections = pages = None
        if m := self.fields["year"].search(text):
            year = int(m["value"])
        if m := self.fields["sections"].search(text):
            sections = tuple(s.strip(" .") for s in _SPLIT.split(m["value"]) if s.strip(" ."))
        if m := self.fields["pages"].search(text):
            pages = parse_pages(m["value"])
        # The title runs to the year, sections or pages (ODG: to the first comma; MTUS titles
        # have commas: "Forearm, Wrist, and Hand Complaints").
        ends = r",?\s*(?:Section\(s\):|Pages?(?:\(s\))?:?\s*\d|\b(?:19|20)\d{2}\b)"
        head = re.split(r"\s*,|" + ends if source == "ODG" else ends, text)[0]
        head = re.sub(r"^(?:Non-MTUS\s+Citation\s+|(?:CA\s+)?MTUS\s*)", "", head).strip()
        chapter = None
        if source == "ODG":
            pieces = [p.strip(" .") for p in _SPLIT.split(text) if p.strip(" .")]
            if len(pieces) > 1:
                chapter, sections = pieces[1], sections or tuple(pieces[2:])
        return GuidelineCitation(
            source=source,
            title=head,
            year=year,
            sections=sections or (),
            pages=pages or (),
            chapter=chapter,
        )

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        text, offsets = joined_words(doc_text(doc), self.joinable)
        parts = [p for p in doc.spans.get(DECISION_PARTS, ()) if p.label_ in GUIDELINE_PARTS]
        if parts and (self.spelling.exact or self.spelling.folded):
            part_spans = [in_text(p.start_char, p.end_char, offsets) for p in parts]
            text, respelt = respelled(text, part_spans, self.spelling)
            if respelt is not None:
                offsets = respelt if offsets is None else [offsets[i] for i in respelt]
        where = [(*in_text(p.start_char, p.end_char, offsets), p.label_) for p in parts]
        found: list[Span] = []
        for rule_id, pattern in self.citations:
            for m in pattern.finditer(text):
                first = previous = previous_span = None
                in_mtus = bool(m.groupdict().get("in_mtus"))  # "..., which is part of the MTUS"
                rejected = []
                if self.rejections:  # the lead-in too: "the UR relied on <the citation>"
                    lo, hi = m.span("cite")
                    within = next(((lab, a, b) for a, b, lab in where if a <= lo < b), None)
                    rejected = self.rejected(text, max(0, lo - LEAD_IN), hi, within)
                for start, end, own, address, not_cited in self.split_citation(
                    text, *m.span("cite")
                ):
                    if not_cited or self.names_unused(text[start:end]):
                        continue  # "..., and did not rely on the ODG": named, not cited
                    value = self.parse(text[start:end])
                    aside = [
                        (max(s, start) - start, min(e, end) - start)
                        for s, e in rejected
                        if s < end and e > start
                    ]
                    if aside:  # "ACOEM, not the version adopted into the MTUS": ACOEM's
                        source = self.source_without(text[start:end], aside)
                        if source == "OTHER":
                            continue  # every source it names is set aside: no citation
                        value = replace(value, source=source)
                    if first is None:
                        first = value.source
                    elif value.source == "OTHER" and not own:  # ", and Knee Complaints 2004"
                        value = replace(value, source=first)
                    if in_mtus and value.source == "ACOEM":  # the MTUS's ACOEM chapters
                        value = replace(value, source="MTUS")
                    if address and previous_span is not None and names_address(previous, value):
                        found.remove(previous_span)  # "<Name>, <title>, <its address>"
                    previous = value
                    previous_span = self._span(doc, start, end, rule_id, value, offsets)
                    found.append(previous_span)
        if self.named_in_part is not None:
            found += self.names_in_parts(doc, text, offsets, parts, found)
        for rule_id, pattern in self.mentions:  # named in passing: not cited
            for m in pattern.finditer(text):
                title = " ".join(m.group().split())
                value = GuidelineCitation(self.source(m.group()), title=title, cited=False)
                found.append(self._span(doc, m.start(), m.end(), rule_id, value, offsets))
        spans = [s for s in found if s is not None]
        append_spans(doc, RULE_SPANS, spans)
        model = [e for e in doc.ents if e.label_ == "GUIDELINE"]
        checked = [model_span(doc, e, (c := self.parse(e.text)).source, c) for e in model]
        append_spans(doc, MODEL_SPANS, checked)
        return doc

    @staticmethod
    def _span(
        doc: Doc,
        start: int,
        end: int,
        rule_id: str,
        value: GuidelineCitation,
        offsets: list[int] | None = None,
    ) -> Span | None:
        if offsets is not None:  # offsets in the joined text -> in the doc's
            start, end = offsets[start], offsets[end - 1] + 1
        span = doc.char_span(
            start, end, label="GUIDELINE", kb_id=value.source, alignment_mode="expand"
        )
        if span is None:
            return None
        span.id_ = rule_id
        # Span values are kept by offsets: spans of two rules on the same text share one value
        # (the longer title); it is cited if either rule cites it.
        old = span._.value
        if old is None or len(value.title) > len(old.title):
            span._.value = value if old is None or not old.cited else replace(value, cited=True)
        elif value.cited and not old.cited:
            span._.value = replace(old, cited=True)
        span._.source = "rule"
        return span
