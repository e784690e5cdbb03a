"""``imr_decisions``: one :class:`~imr_nlp.values.Decision` per disputed item, in letter order.

How items are found depends on the letter format's ``mechanism`` (pattern data):

``outcome_line``
    "<request>: Upheld" / "<request>: Overturned" lines in the decisions section. The request is
    the text right before the outcome word, walked back over wrapped lines; a partial
    authorisation ("X was the original request ... the original request, Z is: Upheld") decides
    on Z and keeps X as ``original_request``. The outcome comes from the outcome line only.
``numbered_statement``
    The 2013 notice: "1) ... has determined the request for <treatment> is [not] medically
    necessary ...", listed twice; items are de-duplicated by their number.
``issue_heading``
    One item per "ISSUE AT DISPUTE:" heading; the outcome from its decision statements (the
    closing sentence, the rationale heading), read only when they agree.

The parts of every block (request, guidelines of each party, rationale) go to
``doc.spans["decision_parts"]``, each with ``span._.decision_id``.
"""

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import Warnings, warn
from ..extensions import add_warning, install_extensions
from ..rules import FORMATS, MAPPING, REGEX, STR, RuleComponent, RuleSchema, for_format
from ..text.doctext import doc_text
from ..values import Decision
from .sections import SECTIONS_KEY, UNKNOWN, section_span

PARTS_KEY = "decision_parts"
_WS = re.compile(r"\s+")
_MAX_REQUEST_LINES = 8
# Sections that are parts of an item (an item's block may run over them; any other ends it).
_ITEM_SECTIONS = {"decisions", "guidelines", "rationale"}


@Language.factory(
    "imr_decisions",
    assigns=["doc._.decision_blocks", "doc.spans", "span._.decision_id"],
    requires=["doc._.letter_format"],
)
def make_decisions(nlp: Language, name: str) -> "IMRDecisions":
    """Segment the disputed items of a letter (see :class:`IMRDecisions`)."""
    return IMRDecisions(name)


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return _WS.sub(" ", text).strip()


@dataclass
class Block:
    """An item found in the text, before it becomes a Decision."""

    start: int
    end: int
    treatment: tuple[int, int]
    outcome: str
    parts_from: int
    original_request: tuple[int, int] | None = None
    parts: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class FormatRules:
    """The compiled rules of one letter format."""

    mechanism: str
    intro: list[re.Pattern[str]]
    outcome: list[tuple[re.Pattern[str], dict[str, str]]]
    parts: list[tuple[str, re.Pattern[str]]]
    partial: list[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]]
    stops: list[re.Pattern[str]]
    continues: list[re.Pattern[str]]
    tails: list[re.Pattern[str]]
    cuts: list[re.Pattern[str]]
    trims: list[re.Pattern[str]]
    statements: list[tuple[re.Pattern[str], dict[str, str]]]
    closings: list[tuple[re.Pattern[str], dict[str, str]]]
    blocks: list[re.Pattern[str]]
    issues: list[re.Pattern[str]]
    issue_items: list[re.Pattern[str]]
    item_headings: list[re.Pattern[str]]
    item_blocks: list[re.Pattern[str]]
    item_continues: list[re.Pattern[str]]


class IMRDecisions(RuleComponent):
    """Sets ``doc._.decision_blocks`` (each disputed item: its treatment, outcome and offsets;
    ``imr_records`` completes them into ``doc._.decisions``) and ``doc.spans["decision_parts"]``."""

    schemas: ClassVar[dict[str, RuleSchema]] = {
        "outcome": RuleSchema(required={"formats": FORMATS, "pattern": REGEX, "values": MAPPING}),
        "statement": RuleSchema(required={"formats": FORMATS, "pattern": REGEX, "values": MAPPING}),
        "closing": RuleSchema(required={"formats": FORMATS, "pattern": REGEX, "values": MAPPING}),
        "part": RuleSchema(required={"formats": FORMATS, "label": STR, "pattern": REGEX}),
        "partial": RuleSchema(
            required={"formats": FORMATS, "pattern": REGEX, "remainder": REGEX, "strip": REGEX}
        ),
        "pattern": RuleSchema(
            required={"formats": FORMATS, "pattern": REGEX},
            roles=dict.fromkeys(
                (
                    "intro",
                    "request_stop",
                    "request_continue",
                    "request_tail",
                    "request_cut",
                    "request_trim",
                    "statement_block",
                    "issue",
                    "issue_item",
                    "item_heading",
                    "item_block",
                    "item_continues",
                ),
                False,
            ),
        ),
    }

    def __init__(self, name: str = "imr_decisions") -> None:
        install_extensions()
        super().__init__(name)

    def _compile(self) -> None:
        def pats(role: str, fmt: str) -> list[re.Pattern[str]]:
            rules = for_format(self.rules, "pattern", fmt, role)
            return [re.compile(r["pattern"]) for r in rules]

        def valued(kind: str, fmt: str) -> list[tuple[re.Pattern[str], dict[str, str]]]:
            # value keys in lower case: a pattern may match its words in any case ("UPHELD")
            return [
                (re.compile(r["pattern"]), {k.lower(): v for k, v in r["values"].items()})
                for r in for_format(self.rules, kind, fmt)
            ]

        self.formats: dict[str, FormatRules] = {}
        for rule in self.rules:
            if rule["kind"] != "format":
                continue
            fmt = rule["format"]
            self.formats[fmt] = FormatRules(
                mechanism=rule["mechanism"],
                intro=pats("intro", fmt),
                outcome=valued("outcome", fmt),
                parts=[
                    (r["label"], re.compile(r["pattern"]))
                    for r in for_format(self.rules, "part", fmt)
                ],
                partial=[
                    (re.compile(r["pattern"]), re.compile(r["remainder"]), re.compile(r["strip"]))
                    for r in for_format(self.rules, "partial", fmt)
                ],
                stops=pats("request_stop", fmt),
                continues=pats("request_continue", fmt),
                tails=pats("request_tail", fmt),
                cuts=pats("request_cut", fmt),
                trims=pats("request_trim", fmt),
                statements=valued("statement", fmt),
                closings=valued("closing", fmt),
                blocks=pats("statement_block", fmt),
                issues=pats("issue", fmt),
                issue_items=pats("issue_item", fmt),
                item_headings=pats("item_heading", fmt),
                item_blocks=pats("item_block", fmt),
                item_continues=pats("item_continues", fmt),
            )

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        fmt = doc._.letter_format
        rules = self.formats.get(fmt) if fmt and fmt != UNKNOWN else None
        blocks: list[Block] = []
        self._unsure = False
        if rules is not None:
            region = self._region(doc, rules)
            if rules.mechanism == "outcome_line":
                blocks = self._outcome_lines(doc_text(doc), region, rules)
            elif rules.mechanism == "numbered_statement":
                blocks = self._statements(doc_text(doc), region, rules)
            else:
                stops = [
                    s.start_char
                    for s in doc.spans.get(SECTIONS_KEY, ())
                    if s.label_ not in _ITEM_SECTIONS
                ]
                blocks = self._issue_headings(doc_text(doc), region, rules, stops)
            if self._unsure:
                add_warning(doc, Warnings.W008.name)
                warn(Warnings.W008, stacklevel=3)
            if not blocks:
                add_warning(doc, Warnings.W004.name)
                warn(Warnings.W004, stacklevel=3)
        self._set(doc, self._once(doc, blocks))
        return doc

    # -- regions -------------------------------------------------------------------------

    @staticmethod
    def _region(doc: Doc, rules: FormatRules) -> tuple[int, int]:
        """Where items are looked for: the decisions section for outcome lines; the whole
        letter for the mechanisms whose items span several sections."""
        if rules.mechanism != "outcome_line":
            return 0, len(doc_text(doc))
        span = section_span(doc, "decisions")
        return (span.start_char, span.end_char) if span is not None else (0, len(doc_text(doc)))

    # -- outcome lines ---------------------------------------------------------------------

    def _outcome_lines(self, text: str, region: tuple[int, int], rules: FormatRules) -> list[Block]:
        lo, hi = region
        for intro in rules.intro:
            if m := intro.search(text, lo, hi):
                lo = m.end()
                break
        found: list[tuple[int, int, str]] = []
        for pattern, values in rules.outcome:
            found += [
                (m.start(), m.end(), values[m["outcome"].lower()])
                for m in pattern.finditer(text, lo, hi)
            ]
        found.sort()
        blocks: list[Block] = []
        prev = lo
        for colon, end, outcome in found:
            treatment, original = self._request(text, prev, colon, rules)
            start = original[0] if original else treatment[0]
            blocks.append(Block(start, hi, treatment, outcome, end, original))
            prev = end
        for block, nxt in itertools.pairwise(blocks):
            block.end = nxt.start
        for block in blocks:
            block.end = _rstrip(text, block.start, block.end)
            block.parts = self._parts(text, block, rules)
        return blocks

    def _request(
        self, text: str, lo: int, colon: int, rules: FormatRules
    ) -> tuple[tuple[int, int], tuple[int, int] | None]:
        """The request ending at ``colon``, and the original request of a partial one."""
        for marker, remainder, strip in rules.partial:
            markers = list(marker.finditer(text, lo, colon))
            rests = list(remainder.finditer(text, lo, colon))
            if markers and rests and rests[-1].start() > markers[-1].end():
                m = markers[-1]
                start = _skip_ws(text, rests[-1].end(), colon)
                if any(cut.search(text, start, colon) for cut in rules.cuts):
                    continue  # a sentence ends before the colon: another item's partial
                trailer = strip.search(text, start, colon)
                end = _rstrip(text, start, trailer.start() if trailer else colon)
                original_start = self._walk_back(text, lo, m.start(), rules)
                return (start, end), (original_start, _rstrip(text, original_start, m.start()))
        start = self._walk_back(text, lo, colon, rules)
        end = _rstrip(text, start, colon)
        for trim in rules.trims:
            if m := trim.search(text, start, end):
                end = _rstrip(text, start, m.start())
        return (start, end), None

    @staticmethod
    def _walk_back(text: str, lo: int, end: int, rules: FormatRules) -> int:
        """Start of the request ending at ``end``: back over wrapped lines, then after the last
        glued sentence end. A previous line ending in a stop (a sentence end, a colon) ends the
        walk unless it reads as continuing ("..., DOS:") or the line after it can only be the
        tail of a wrapped request (a date, a lone number)."""
        start = max(text.rfind("\n", lo, end) + 1, lo)
        line = text[start:end]
        for _ in range(_MAX_REQUEST_LINES):
            if start <= lo:
                break
            prev_start = max(text.rfind("\n", lo, start - 1) + 1, lo)
            prev = text[prev_start : start - 1]
            if not prev.strip():
                break
            wrapped = any(p.search(line) for p in rules.tails) or any(
                p.search(prev) for p in rules.continues
            )
            if not wrapped and any(stop.search(prev) for stop in rules.stops):
                break
            start, line = prev_start, prev
        cut = start
        for pattern in rules.cuts:
            for m in pattern.finditer(text, start, end):
                cut = max(cut, m.end())
        return _skip_ws(text, cut, end)

    @staticmethod
    def _parts(text: str, block: Block, rules: FormatRules) -> list[tuple[str, int, int]]:
        heads = sorted(
            (m.start(), label)
            for label, pattern in rules.parts
            for m in [pattern.search(text, block.parts_from, block.end)]
            if m is not None
        )
        parts = [("request", *block.treatment)]
        if block.original_request:
            parts.append(("original_request", *block.original_request))
        for i, (start, label) in enumerate(heads):
            end = heads[i + 1][0] if i + 1 < len(heads) else block.end
            parts.append((label, start, _rstrip(text, start, end)))
        return parts

    # -- the 2013 notice -------------------------------------------------------------------

    def _statements(self, text: str, region: tuple[int, int], rules: FormatRules) -> list[Block]:
        """Numbered determination lines, de-duplicated by number. The listings of a number (the
        notice lists every item twice) and the closing sentence of its rationale block must
        agree on the outcome; an item they disagree on is left out (W008: a wrong outcome is
        worse than a missing one). The treatment is the first listing's."""
        lo, hi = region
        items: dict[str, Block] = {}
        outcomes: dict[str, set[str]] = {}
        for pattern, values in rules.statements:
            for m in pattern.finditer(text, lo, hi):
                outcome = values["negated" if m["negation"] else "affirmed"]
                outcomes.setdefault(m["num"], set()).add(outcome)
                if m["num"] in items:
                    continue
                start, end = m.span("treatment")
                items[m["num"]] = Block(
                    m.start(), m.end(), (start, _rstrip(text, start, end)), outcome, m.end()
                )
        # Each item's block is its rationale block ("1) Regarding the request for ...") when
        # the letter has one, else its determination line.
        heads = sorted(
            (m.start(), m["num"], m.span("treatment") if "treatment" in m.re.groupindex else None)
            for pattern in rules.blocks
            for m in pattern.finditer(text, lo, hi)
            if m["num"] in items
        )
        for i, (start, num, named) in enumerate(heads):
            block = items[num]
            block.start, block.parts_from = start, start
            block.end = _rstrip(text, start, heads[i + 1][0] if i + 1 < len(heads) else hi)
            if named and collapse(text[slice(*named)]) == collapse(text[slice(*block.treatment)]):
                # the block heading restates the request: read it there, inside the block
                block.start = named[0]
                block.treatment = (named[0], _rstrip(text, *named))
            closing = _last_outcome(text, block.start, block.end, rules.closings)
            if closing is not None:
                outcomes[num].add(closing)
        for num, said in outcomes.items():
            if len(said) > 1 and num in items:
                del items[num]
                self._unsure = True
        blocks = sorted(items.values(), key=lambda b: b.treatment[0])
        for block in blocks:
            block.parts = self._parts(text, block, rules)
        return blocks

    def _issue_headings(
        self, text: str, region: tuple[int, int], rules: FormatRules, stops: Sequence[int] = ()
    ) -> list[Block]:
        """One item per issue heading; the outcome from its decision statements. An issue
        heading listing several items (numbered, or one a line) gives one item per entry, each
        read in its own block (see :meth:`_listed_items`)."""
        lo, hi = region
        found = sorted(
            (m.start(), m.span("treatment"))
            for pattern in rules.issues
            for m in pattern.finditer(text, lo, hi)
        )
        blocks: list[Block] = []
        for i, (start, (t_start, t_end)) in enumerate(found):
            end = found[i + 1][0] if i + 1 < len(found) else hi
            opens = sorted(
                m.start() for p in rules.item_blocks for m in p.finditer(text, t_end, end)
            )
            entries = self._entries(text, t_start, t_end, rules, len(opens))
            if len(entries) > 1 or len(opens) > 1:
                blocks += self._listed_items(text, entries, opens, (t_end, end), rules, stops)
                continue
            outcome = self._agreed(text, t_end, end, rules.statements)
            if outcome is None:
                continue  # no decision statement, or statements that disagree: not sure
            treatment = (t_start, _rstrip(text, t_start, t_end))
            block = Block(start, _rstrip(text, start, end), treatment, outcome, t_end)
            block.parts = self._parts(text, block, rules)
            blocks.append(block)
        return blocks

    @staticmethod
    def _entries(
        text: str, start: int, end: int, rules: FormatRules, n_blocks: int
    ) -> list[tuple[str | None, tuple[int, int]]]:
        """The items an issue heading lists: its numbered entries ("1) X" / "1. X", which may
        wrap), else, when the letter has several item blocks, its lines (a line indented deeper
        than the first continues the one before); one entry otherwise."""
        numbered: dict[str, tuple[int, int]] = {}
        for pattern in rules.issue_items:
            for m in pattern.finditer(text, start, end):
                t_start, t_end = m.span("treatment")
                numbered.setdefault(m["num"], (t_start, _rstrip(text, t_start, t_end)))
        if "1" in numbered and len(numbered) > 1:
            return [(num, span) for num, span in numbered.items()]
        whole = [(None, (start, _rstrip(text, start, end)))]
        if n_blocks <= 1:
            return whole
        entries: list[tuple[int, int]] = []
        pos = start
        for line in text[start:end].split("\n"):
            if line.strip():
                lead = pos + len(line) - len(line.lstrip())
                entries.append((lead, lead + len(line.strip())))
            pos += len(line) + 1
        # More lines than blocks: some items wrap. Join a line to the one before when it
        # reads as its continuation (rules.item_continues, the surer ones first: the line before
        # ends in "and", "of", a comma, ... or the line starts with a date; then a line starting
        # in lower case), until the counts agree.
        while len(entries) > n_blocks and (joined := _join_one(text, entries, rules)):
            entries = joined
        return [(None, span) for span in entries]

    def _listed_items(
        self,
        text: str,
        entries: list[tuple[str | None, tuple[int, int]]],
        opens: list[int],
        region: tuple[int, int],
        rules: FormatRules,
        stops: Sequence[int],
    ) -> list[Block]:
        """The blocks of the listed items. An item's block starts at its item heading: a
        numbered heading ("ISSUE #2: X", "2) X") or the issue's own text restated on the lines
        right before a block's opening heading (its guideline heading); else, when the letter
        has exactly one block per listed item, the k-th block is the k-th item's (blocks that
        follow one another unlabelled, in the order of the list). The request is read from the
        item heading when it restates the list's text (inside the block), else from the list
        (the issue line is the request). An item that cannot be placed is left out (W008)."""
        lo, hi = region
        numbered: dict[str, tuple[int, int]] = {}
        for pattern in rules.item_headings:
            for m in pattern.finditer(text, lo, hi):
                if m["num"] not in numbered:
                    t_start, t_end = m.span("treatment")
                    numbered[m["num"]] = (t_start, _rstrip(text, t_start, t_end))
        same_count = len(opens) == len(entries)
        # block start, request, where the body starts, whether placed by order alone
        placed: list[tuple[int, tuple[int, int], int, bool]] = []
        for k, (num, span) in enumerate(entries):
            key = num if num is not None else str(k + 1)  # an unnumbered list's k-th line
            if key in numbered:
                head = numbered[key]
                same = collapse(text[slice(*head)]).lower() == collapse(text[slice(*span)]).lower()
                placed.append((head[0], head if same else span, head[1], False))
            elif same_count:
                restated = _restated(text, span, opens[k - 1] if k else lo, opens[k])
                if restated is not None:
                    placed.append((restated[0], restated, restated[1], False))
                else:
                    placed.append((opens[k], span, opens[k], True))
            else:
                self._unsure = True
        placed.sort()
        blocks: list[Block] = []
        for i, (start, request, body, by_order) in enumerate(placed):
            end = placed[i + 1][0] if i + 1 < len(placed) else hi
            end = min([end, *(s for s in stops if body < s < end)])
            if by_order and not _names_its_own(
                text, (start, end), request, [e for _, e in entries]
            ):
                self._unsure = True  # an unlabelled block naming another listed item
                continue
            outcome = self._agreed(text, body, end, rules.statements)
            if outcome is None:
                continue
            block = Block(start, _rstrip(text, start, end), request, outcome, body)
            block.parts = self._parts(text, block, rules)
            blocks.append(block)
        return blocks

    def _agreed(
        self, text: str, start: int, end: int, statements: list[tuple[re.Pattern[str], Any]]
    ) -> str | None:
        outcome, disagree = _agreed_outcome(text, start, end, statements)
        self._unsure = self._unsure or disagree
        return outcome

    # -- output ------------------------------------------------------------------------------

    @staticmethod
    def _once(doc: Doc, blocks: list[Block]) -> list[Block]:
        """The blocks without repeats: a block is dropped when another block of the same item
        and outcome holds all of its text (a letter whose issues section, or every line, was
        extracted twice; of identical blocks the first stays). W007 when a repeat was dropped
        or the same item and outcome still stand more than once."""
        text = doc_text(doc)
        keys = [(collapse(text[slice(*b.treatment)]), b.outcome) for b in blocks]
        bodies = [collapse(text[b.start : b.end]) for b in blocks]

        def repeated(i: int) -> bool:
            return any(
                j != i
                and keys[j] == keys[i]
                and bodies[i] in bodies[j]
                and (bodies[i] != bodies[j] or j < i)
                for j in range(len(blocks))
            )

        kept = [b for i, b in enumerate(blocks) if not repeated(i)]
        items = [(collapse(text[slice(*b.treatment)]), b.outcome) for b in kept]
        if len(kept) < len(blocks) or len(set(items)) < len(items):
            add_warning(doc, Warnings.W007.name)
            warn(Warnings.W007, stacklevel=4)
        return kept

    @staticmethod
    def _set(doc: Doc, blocks: list[Block]) -> None:
        text = doc_text(doc)
        decisions: list[Decision] = []
        parts: list[Span] = []
        for i, block in enumerate(blocks):
            t_start, t_end = block.treatment
            original = None
            if block.original_request:
                original = collapse(text[slice(*block.original_request)])
            decisions.append(
                Decision(
                    id=i,
                    treatment=collapse(text[t_start:t_end]),
                    start_char=block.start,
                    end_char=block.end,
                    outcome=block.outcome,  # type: ignore[arg-type]
                    medically_necessary=block.outcome == "overturned",
                    partial=block.original_request is not None,
                    original_request=original,
                )
            )
            for label, start, end in block.parts:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None and len(span):
                    span._.decision_id = i
                    parts.append(span)
        doc._.decision_blocks = decisions
        doc.spans[PARTS_KEY] = parts


def _agreed_outcome(
    text: str, start: int, end: int, statements: list[tuple[re.Pattern[str], dict[str, str]]]
) -> tuple[str | None, bool]:
    """The outcome all the statement rules agree on, each read from its last statement in
    ``text[start:end]`` (the closing sentence, the rationale heading), and whether they
    disagree; None when none is found or they disagree."""
    outcomes = set()
    for pattern, values in statements:
        if found := list(pattern.finditer(text, start, end)):
            outcomes.add(values["negated" if found[-1]["negation"] else "affirmed"])
    return (outcomes.pop() if len(outcomes) == 1 else None), len(outcomes) > 1


def _last_outcome(
    text: str, start: int, end: int, closings: list[tuple[re.Pattern[str], dict[str, str]]]
) -> str | None:
    """The outcome of the last closing sentence in ``text[start:end]``, or None."""
    last: tuple[int, str] | None = None
    for pattern, values in closings:
        for m in pattern.finditer(text, start, end):
            if last is None or m.start() >= last[0]:
                last = (m.start(), values["negated" if m["negation"] else "affirmed"])
    return last[1] if last else None


def _names_its_own(
    text: str, block: tuple[int, int], request: tuple[int, int], listed: list[tuple[int, int]]
) -> bool:
    """False when the block names another listed item and not its own request (an item paired
    with the wrong block); True otherwise."""
    body = collapse(text[slice(*block)]).lower()
    own = collapse(text[slice(*request)]).lower()
    if own in body:
        return True
    others = [collapse(text[slice(*e)]).lower() for e in listed]
    return not any(o != own and o in body for o in others)


def _join_one(
    text: str, entries: list[tuple[int, int]], rules: FormatRules
) -> list[tuple[int, int]] | None:
    """``entries`` with the first line that continues the one before (by the first
    ``item_continues`` rule that finds one) joined to it, or None."""
    for pattern in rules.item_continues:
        for i in range(1, len(entries)):
            if pattern.search(f"{text[slice(*entries[i - 1])]}\n{text[slice(*entries[i])]}"):
                return [*entries[: i - 1], (entries[i - 1][0], entries[i][1]), *entries[i + 1 :]]
    return None


def _restated(text: str, entry: tuple[int, int], lo: int, opening: int) -> tuple[int, int] | None:
    """The span of the 1-3 lines right before ``opening`` (not before ``lo``) that restate the
    listed ``entry`` (the same words, whatever the wrap), or None."""
    want = collapse(text[slice(*entry)]).lower()
    end = _rstrip(text, lo, opening)
    start = end
    for _ in range(3):
        start = max(text.rfind("\n", lo, max(start - 1, lo)) + 1, lo)
        start = _skip_ws(text, start, end)
        if collapse(text[start:end]).lower() == want:
            return start, end
        if start <= lo:
            break
    return None


def _skip_ws(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
