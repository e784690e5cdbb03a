"""``imr_link``: each entity to the decision it belongs to.

- An entity inside a decision block belongs to it, with ``ent._.link_role`` "request" (the
  request line), "guideline" (the guideline parts) or "rationale".
- In the rest of the letter (case summary), a *mention* is a DRUG with the STRENGTH, FREQUENCY,
  QUANTITY and REFILLS that follow it in the same sentence ("Dilaudid 6mg every 8 hours"). A
  mention whose drug shares a generic ingredient with exactly one requested drug belongs to that
  decision, and so does everything in it; when several decisions request the drug, the most
  ingredients in common decide (compounds), then the name as written (brand), then the
  strength; a remaining tie is recorded (``ent._.link_candidates``), not guessed. The role is
  "ur_history" in a sentence about utilization review ("modification of prescription to
  Dilaudid #93"), else "summary".
- Case-level facts (INJURY_DATE, DIAGNOSIS) and unlinked entities keep ``decision_id`` None.

The values live in ``doc.user_data`` under the entity offsets, so they survive ``DocBin``.
Rules (``patterns/linking.jsonl``): the labels that are case facts, the sentence patterns of
utilization-review history and the mention window.
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import MENTIONS, install_extensions
from ..rules import REGEX, WORDS, RuleComponent, RuleSchema
from ..structure.decisions import PARTS_KEY
from ..text.doctext import doc_text
from ..text.sentences import CLAUSE_END

LINKING_FILE = "linking.jsonl"
#: Strength, frequency, quantity or refills at most this many characters after the previous
#: part of a drug mention, in the same sentence, belong to it (``imr_link``'s mention_window).
MENTION_WINDOW = 40
ATTACHED = ("STRENGTH", "FREQUENCY", "QUANTITY", "REFILLS")
GUIDELINE_PARTS = ("claims_administrator_guideline", "reviewer_guideline")
_COMPOUND_GAP = re.compile(r"[\s/+-]*")


@dataclass
class Mention:
    """A drug mentioned outside the decision blocks, with what is attached to it. A compound
    ("dextromethorphan 5% amitriptyline 5% lidocaine/capsaicin 0.025%") is one mention with
    several drugs."""

    drug: Span
    attached: list[Span] = field(default_factory=list)

    def first(self, label: str) -> Span | None:
        return next((s for s in self.attached if s.label_ == label), None)

    @property
    def drugs(self) -> list[Span]:
        return [self.drug, *(s for s in self.attached if s.label_ == "DRUG")]

    @property
    def spans(self) -> list[Span]:
        return [self.drug, *self.attached]


@Language.factory(
    "imr_link",
    assigns=["span._.decision_id", "span._.link_role", "span._.link_candidates", "doc.spans"],
    requires=["doc.ents", "doc._.decision_blocks", "doc.spans"],
    default_config={"mention_window": MENTION_WINDOW},
)
def make_link(nlp: Language, name: str, mention_window: int) -> "IMRLink":
    """Link entities to decisions (see :class:`IMRLink`)."""
    return IMRLink(name, mention_window=mention_window)


def stored_mentions(doc: Doc, ents: list[Span] | None = None) -> list[Mention]:
    """The drug mentions ``imr_link`` found (``doc.spans["drug_mentions"]``), each with its
    drugs and attached entities: the DRUG and attached entities inside the mention's span (all
    of them belong to it: :meth:`IMRLink.mentions` attaches every one it passes). ``ents``:
    ``list(doc.ents)`` when the caller has it."""
    ents = list(doc.ents) if ents is None else ents
    starts = [e.start_char for e in ents]
    out = []
    for span in doc.spans.get(MENTIONS, ()):
        inside = ents[bisect_left(starts, span.start_char) : bisect_left(starts, span.end_char)]
        spans = [e for e in inside if e.label_ == "DRUG" or e.label_ in ATTACHED]
        if spans:
            out.append(Mention(spans[0], spans[1:]))
    return out


def ingredients(generic: str | None) -> set[str]:
    """The generic ingredients of a ``kb_id_`` ("hydrocodone/acetaminophen" -> 2)."""
    return {g for g in (generic or "").split("/") if g}


class Blocks:
    """The decision blocks of a Doc, indexed once (bisect) for the per-entity lookups."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.text = doc_text(doc) if text is None else text
        self.decisions = doc._.decision_blocks
        self.starts = [d.start_char for d in self.decisions]
        self.parts = list(doc.spans.get(PARTS_KEY, ()))  # in imr_decisions' order
        self._parts_of: dict[Any, list[Span]] | None = None
        parts = sorted(self.parts, key=lambda p: p.start_char)
        self.request_starts, self.request_ends = [], []
        for d in self.decisions:
            inside = [p for p in parts if d.start_char <= p.start_char < d.end_char]
            request = [p for p in inside if p.label_ == "request"]
            first = min((p.start_char for p in inside), default=d.end_char)
            self.request_starts.append(request[0].start_char if request else d.start_char)
            self.request_ends.append(request[0].end_char if request else first)
        self.ents = list(doc.ents)
        self.ent_starts = [e.start_char for e in self.ents]

    def parts_of(self, decision_id: Any) -> list[Span]:
        """The decision parts of a decision (``span._.decision_id``), in imr_decisions' order."""
        if self._parts_of is None:
            self._parts_of = {}
            for part in self.parts:
                self._parts_of.setdefault(part._.decision_id, []).append(part)
        return self._parts_of.get(decision_id, [])

    def ents_within(self, span: Span) -> list[Span]:
        """``span.ents`` (the entities wholly inside the span) from the entities read once."""
        out = []
        for ent in self.ents[bisect_left(self.ent_starts, span.start_char) :]:
            if ent.end_char > span.end_char:
                break
            out.append(ent)
        return out

    def block_of(self, char: int) -> int | None:
        """Index of the decision whose block holds the character, or None."""
        i = bisect_right(self.starts, char) - 1
        if i >= 0 and char < self.decisions[i].end_char:
            return i
        return None

    def treatment_start(self, index: int) -> int:
        """Where the decision's treatment text starts on its request line: for a partial
        authorisation, the remaining portion under review (``imr_decisions``' "request" part),
        not the original request before it."""
        decision = self.decisions[index]
        if not decision.partial:
            return decision.start_char
        return self.request_starts[index]

    def request_entities(self, index: int, whole_line: bool = False) -> list[Span]:
        """The entities of a decision's treatment on its request line (``whole_line``: also
        those of a partial authorisation's original request)."""
        start = self.decisions[index].start_char if whole_line else self.treatment_start(index)
        lo = bisect_left(self.ent_starts, start)
        hi = bisect_left(self.ent_starts, self.request_ends[index])
        return self.ents[lo:hi]


class IMRLink(RuleComponent):
    """Sets ``decision_id``, ``link_role`` and ``link_candidates`` of ``doc.ents``."""

    rules_file = LINKING_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        "case_labels": RuleSchema(required={"labels": WORDS}, single=True),
        "ur_sentence": RuleSchema(required={"pattern": REGEX}),
    }

    def __init__(self, name: str = "imr_link", *, mention_window: int = MENTION_WINDOW) -> None:
        self.window = mention_window
        super().__init__(name)

    def _compile(self) -> None:
        install_extensions()

        self.case_labels = {
            x for r in self.rules if r["kind"] == "case_labels" for x in r["labels"]
        }
        self.ur = [re.compile(r["pattern"]) for r in self.rules if r["kind"] == "ur_sentence"]

    def sentence(self, text: str, span: Span) -> tuple[int, int]:
        starts = [m.end() for m in CLAUSE_END.finditer(text, 0, span.start_char)]
        after = CLAUSE_END.search(text, span.end_char)
        return (max(starts, default=0), after.start() if after else len(text))

    def mentions(self, doc: Doc, blocks: Blocks | None = None) -> Iterator[Mention]:
        """Drug mentions outside the decision blocks, in letter order."""
        blocks = Blocks(doc) if blocks is None else blocks
        text = blocks.text
        current: Mention | None = None
        for ent in blocks.ents:
            if blocks.block_of(ent.start_char) is not None:
                continue
            if ent.label_ == "DRUG":
                if current is not None and self.continues_compound(text, current, ent):
                    current.attached.append(ent)
                    continue
                if current is not None:
                    yield current
                current = Mention(ent)
            elif ent.label_ in ATTACHED and current is not None:
                last = current.spans[-1]
                gap = text[last.end_char : ent.start_char]
                if len(gap) <= self.window and not CLAUSE_END.search(gap):
                    current.attached.append(ent)
        if current is not None:
            yield current

    @staticmethod
    def continues_compound(text: str, mention: Mention, drug: Span) -> bool:
        """Whether a drug right after a mention is the next ingredient of a compound: it follows
        another ingredient or a percentage with only spaces, "/", "+" or "-" between."""
        last = mention.spans[-1]
        gap = text[last.end_char : drug.start_char]
        if not _COMPOUND_GAP.fullmatch(gap) or "\n\n" in gap:
            return False
        value = last._.value
        return last.label_ == "DRUG" or (
            last.label_ == "STRENGTH" and getattr(value, "unit", "") == "%"
        )

    def candidates(self, blocks: Blocks, mention: Mention) -> list[int]:
        """Decisions whose requested drug the mention names, narrowed by strength."""
        names = set().union(*(ingredients(d.kb_id_) for d in mention.drugs))
        overlap, brands, strengths = {}, {}, {}
        for i in range(len(blocks.decisions)):
            request = blocks.request_entities(i)
            drugs = [e for e in request if e.label_ == "DRUG"]
            shared = names & set().union(set(), *(ingredients(d.kb_id_) for d in drugs))
            if shared:
                overlap[i] = len(shared)
                brands[i] = drugs[0].text.lower()
                strength = next((e for e in request if e.label_ == "STRENGTH"), None)
                strengths[i] = strength._.value if strength is not None else None
        best = max(overlap.values(), default=0)  # a compound goes where most ingredients match
        found = [i for i in overlap if overlap[i] == best]
        if len(found) > 1:  # the same name as written ("Exalgo" vs "Dilaudid") decides first
            same = [i for i in found if brands[i] == mention.drug.text.lower()]
            found = same or found
        strength = mention.first("STRENGTH")
        if len(found) > 1 and strength is not None:
            same = [i for i in found if strengths[i] == strength._.value]
            found = same or found
        return found

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        blocks = Blocks(doc)  # doc.ents is rebuilt on every access: read once
        decisions, text = blocks.decisions, blocks.text
        mentions = list(self.mentions(doc, blocks))
        doc.spans[MENTIONS] = [
            Span(doc, m.drug.start, m.spans[-1].end, label="MENTION") for m in mentions
        ]
        if not decisions or not blocks.ents:
            return doc
        parts = [p for p in doc.spans.get(PARTS_KEY, ()) if p.label_ in GUIDELINE_PARTS]
        for ent in blocks.ents:
            index = blocks.block_of(ent.start_char)
            if index is None or ent.label_ in self.case_labels:
                continue
            ent._.decision_id = decisions[index].id
            if ent.start_char < blocks.request_ends[index]:
                ent._.link_role = "request"
            elif any(p.start_char <= ent.start_char < p.end_char for p in parts):
                ent._.link_role = "guideline"
            else:
                ent._.link_role = "rationale"
        for mention in mentions:
            found = self.candidates(blocks, mention)
            if not found:
                continue
            start, end = self.sentence(text, mention.drug)
            ur = any(p.search(text, start, end) for p in self.ur)
            role = "ur_history" if ur else "summary"
            for span in mention.spans:
                span._.link_role = role
                if len(found) == 1:
                    span._.decision_id = decisions[found[0]].id
                else:
                    span._.link_candidates = [decisions[i].id for i in found]
        return doc
