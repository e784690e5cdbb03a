"""``imr_records``: complete each decision from its linked entities.

For every decision: ``category`` (what the item is: :mod:`imr_nlp.linking.category`),
``drug``, ``strength``, ``quantity``, ``refills`` and
``frequency`` from the request line (the frequency, when the request has none, from a linked
mention of the drug in the case summary: ``frequency_source`` says which), the guidelines by
party, "did not cite any medical evidence" flags, the rationale's offsets, and ``daily_mme`` for
an opioid request (:mod:`imr_nlp.normalize.mme`, factor set chosen by the ``mme_factors`` setting).

``doc._.total_daily_mme`` sums the daily MME of the opioids the case summary lists as taken
(mentions with a strength and a frequency, not negated, historical or hypothetical, each
drug and strength once); None when there is none to compute.
"""

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..entities.abbreviations import ABBREVIATIONS_FILE
from ..extensions import TABLE_LONG_FORM, install_extensions, stored_abbreviations
from ..normalize.mme import DEFAULT_FACTORS, MME_FILE, daily_mme, factor_table
from ..rules import (
    FORMATS,
    REGEX,
    STR,
    RuleComponent,
    RuleSchema,
    default_rules,
    register_schemas,
    validate,
)
from ..text.doctext import doc_text
from ..values import Decision, GuidelineCitation
from .category import CATEGORY_SCHEMAS, Categorizer
from .category import OTHER as OTHER  # re-exported: io.tables reads it from here
from .link import GUIDELINE_PARTS, Blocks, Mention, stored_mentions
from .request import Found, default_parser

CATEGORIES_FILE = "categories.jsonl"
#: The words imr_records reads besides the categories (a file of its own, apart from the
#: category rules): "did not cite any" and the extended-release forms.
RECORDS_FILE = "records.jsonl"
RECORD_SCHEMAS = {
    "no_citation": RuleSchema(required={"pattern": REGEX}, single=True),
    "release_form": RuleSchema(required={"pattern": REGEX}, single=True),
    "refers_back": RuleSchema(required={"pattern": REGEX, "formats": FORMATS}, single=True),
    # a piece of pattern written once and put, as one group, where a later pattern holds
    # "{<name>}" (the kinds of source and the verbs of citing that no_citation's phrases share)
    "fragment": RuleSchema(required={"name": STR, "pattern": REGEX}),
}
register_schemas(RECORDS_FILE, RECORD_SCHEMAS)
NOT_CURRENT = ("is_negated", "is_historical", "is_hypothetical")
#: Categories of items that name a drug without requesting it: a test measures a drug or a
#: substance ("serum testosterone level", "vitamin D level"), so the item's drug is None.
NO_DRUG_CATEGORIES = frozenset({"diagnostic_test"})


def defined_short_forms(doc: Doc) -> dict[str, str]:
    """The short forms the letter itself defines -> their long forms (``imr_abbreviations``'
    rows with a long form in the letter; the standard table's are left to the categorizer)."""
    text = doc_text(doc)
    return {
        text[start:end]: long
        for start, end, long, long_start, _ in stored_abbreviations(doc)
        if long_start != TABLE_LONG_FORM
    }


@dataclass(frozen=True)
class RecordWords:
    """The patterns of ``patterns/records.jsonl``: ``no_citation`` (a party says it cited no
    medical evidence) and ``release`` (an extended-release form, in a request or a summary
    mention)."""

    no_citation: re.Pattern[str]
    release: re.Pattern[str]
    refers_back: re.Pattern[str] | None = None
    refers_back_formats: tuple[str, ...] = ()

    @classmethod
    def from_rules(cls, rules: list[dict[str, Any]] | None = None) -> "RecordWords":
        if rules is None:
            rules = default_rules(RECORDS_FILE)
        else:
            rules = validate(rules, source=RECORDS_FILE, schemas=RECORD_SCHEMAS)
        pieces: dict[str, str] = {}
        pattern = {}
        for r in rules:  # in file order: a fragment fills the patterns after it
            text = r["pattern"]
            for name, piece in pieces.items():
                text = text.replace(name, piece)
            if r["kind"] == "fragment":
                pieces["{" + r["name"] + "}"] = "(?:" + text + ")"
            else:
                pattern[r["kind"]] = re.compile(text)
        back = next((r for r in rules if r["kind"] == "refers_back"), None)
        formats = () if back is None else tuple(back["formats"])
        return cls(
            pattern["no_citation"], pattern["release_form"], pattern.get("refers_back"), formats
        )


@lru_cache(maxsize=1)
def record_words() -> RecordWords:
    """The shipped patterns of records.jsonl (read once per process)."""
    return RecordWords.from_rules()


def same_product(
    mention: Mention, treatment: str, strength: Any, words: RecordWords | None = None
) -> bool:
    """Whether a summary mention names the requested product: the drug name as written in the
    request, the same strength, and the same release form (extended or immediate; the
    ``release_form`` pattern of ``words``, default records.jsonl's)."""
    found = mention.first("STRENGTH")
    if found is None or found._.value != strength:
        return False
    name = " ".join(mention.drug.text.lower().split())
    request = " ".join(treatment.lower().split())
    if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", request):
        return False
    end = max(s.end_char for s in mention.spans)
    release = (words or record_words()).release
    text = doc_text(mention.drug.doc)
    return bool(release.search(text[mention.drug.start_char : end])) == bool(
        release.search(treatment)
    )


@Language.factory(
    "imr_records",
    assigns=["doc._.decisions", "doc._.total_daily_mme"],
    requires=["doc._.decision_blocks", "span._.decision_id", "span._.link_role", "doc.spans"],
    default_config={"mme_factors": DEFAULT_FACTORS},
)
def make_records(nlp: Language, name: str, mme_factors: str) -> "IMRRecords":
    """Complete the decision records (see :class:`IMRRecords`)."""
    return IMRRecords(name, mme_factors=mme_factors)


class IMRRecords(RuleComponent):
    """Fills the Decision fields beyond the outcome, and ``doc._.total_daily_mme``."""

    rules_file = CATEGORIES_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        **CATEGORY_SCHEMAS,
    }

    def __init__(self, name: str = "imr_records", *, mme_factors: str = DEFAULT_FACTORS) -> None:
        self.mme_rules = default_rules(MME_FILE)
        self.words = record_words()
        factor_table(mme_factors, self.mme_rules)  # fails early (E011) on an unknown set
        self.mme_factors = mme_factors
        super().__init__(name)

    def _compile(self) -> None:
        install_extensions()
        self.categorizer = Categorizer(self.rules, default_rules(ABBREVIATIONS_FILE))
        self.parser = default_parser()

    def category(
        self, treatment: str, request: list[Span], defined: Mapping[str, str] | None = None
    ) -> str:
        """What the requested item is (:mod:`imr_nlp.linking.category`), reading the short
        forms the letter defines (``defined``: :func:`defined_short_forms`, "... (ESWT)")
        through their long forms."""
        return self.categorizer(
            treatment, drugs=[e.text for e in request if e.label_ == "DRUG"], defined=defined
        )

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        blocks = Blocks(doc)  # doc.ents is rebuilt on every access: read once
        mentions = stored_mentions(doc, blocks.ents)  # imr_link's
        defined = defined_short_forms(doc)  # once per letter, for every item's category
        doc._.decisions = [
            self.complete(doc, i, d, blocks, mentions, defined)
            for i, d in enumerate(blocks.decisions)
        ]
        doc._.total_daily_mme = self.total_daily_mme(mentions)
        return doc

    def complete(
        self,
        doc: Doc,
        index: int,
        decision: Decision,
        blocks: Blocks,
        mentions: list[Mention],
        defined: Mapping[str, str] | None = None,
    ) -> Decision:
        start, end = blocks.request_starts[index], blocks.request_ends[index]
        request = [
            e for e in blocks.request_entities(index) if start <= e.start_char and e.end_char <= end
        ]  # the entities of the item itself: nothing before it on the line, nothing after
        found = [
            Found(e.label_, e.start_char - start, e.end_char - start, e._.value, e.kb_id_)
            for e in request
        ]
        item = self.parser.parse(blocks.text[start:end], found)
        drug = next((e for e in request if e.label_ == "DRUG"), None)
        category = self.category(decision.treatment, request, defined)
        if category in NO_DRUG_CATEGORIES:
            drug, item = None, dataclasses.replace(item, drug=None)
        frequency, source = item.frequency, "request" if item.frequency is not None else None
        if frequency is None and decision.partial:  # the schedule of the original request
            whole = blocks.request_entities(index, whole_line=True)
            span = next((e for e in whole if e.label_ == "FREQUENCY"), None)
            frequency = span._.value if span is not None else None
            source = "request" if frequency is not None else None
        if frequency is None and drug is not None:
            strength = next((e for e in request if e.label_ == "STRENGTH"), None)
            span = self.summary_frequency(mentions, decision, strength)
            frequency = span._.value if span is not None else None
            source = "summary" if frequency is not None else None
        fields: dict[str, Any] = {
            "category": category,
            "drug": item.drug,
            "drug_class": getattr(drug._.value, "drug_class", None) if drug is not None else None,
            "is_opioid": getattr(drug._.value, "is_opioid", None) if drug is not None else None,
            "strength": item.strength,
            "form": item.form,
            "quantity": item.quantity,
            "quantity_unit": item.quantity_unit,
            "refills": item.refills,
            "frequency": frequency,
            "frequency_source": source,
            "duration": item.duration,
        }
        fields["daily_mme"] = daily_mme(
            fields["drug"],
            fields["strength"],
            fields["frequency"],
            self.mme_factors,
            self.mme_rules,
        )
        fields["mme_factors"] = self.mme_factors if fields["daily_mme"] is not None else None
        fields.update(self.parts(doc, decision, blocks))
        return dataclasses.replace(decision, **fields)

    def summary_frequency(
        self, mentions: list[Mention], decision: Decision, strength: Span | None
    ) -> Span | None:
        """The frequency of a summary mention of the same product as the request, linked to the
        decision: the drug name as written, the strength and the release form all the same (an
        immediate-release combination's "every 4-6 hours" says nothing of an extended-release
        request of the same ingredient). None when no such mention has one."""
        if strength is None:
            return None
        for m in mentions:
            if (
                m.drug._.decision_id == decision.id
                and m.drug._.link_role == "summary"
                and m.first("FREQUENCY") is not None
                and same_product(m, decision.treatment, strength._.value, self.words)
            ):
                return m.first("FREQUENCY")
        return None

    def parts(self, doc: Doc, decision: Decision, blocks: Blocks | None = None) -> dict[str, Any]:
        """Guidelines by party, "did not cite" flags and the rationale offsets of a decision."""
        blocks = Blocks(doc) if blocks is None else blocks
        out: dict[str, Any] = {}
        keys = {
            "claims_administrator_guideline": "claims_administrator",
            "reviewer_guideline": "reviewer",
        }
        back = self.words.refers_back
        if doc._.letter_format not in self.words.refers_back_formats:
            back = None
        # the reviewer's pointers back, each with the guidelines named inside it
        pointers: list[list[GuidelineCitation]] = []
        for part in blocks.parts_of(decision.id):
            if part.label_ in GUIDELINE_PARTS:
                party = keys[part.label_]
                ents = [e for e in blocks.ents_within(part) if e.label_ == "GUIDELINE"]
                cited = [
                    e._.value
                    for e in ents
                    if e._.value is not None and e._.value.cited  # not named in passing
                ]
                out[f"{party}_guidelines"] = cited
                if party == "reviewer" and back is not None:
                    pointers = [
                        [
                            e._.value
                            for e in ents
                            if e._.value is not None and m.start() <= e.start_char < m.end()
                        ]
                        for m in back.finditer(blocks.text, part.start_char, part.end_char)
                    ]
                out[f"{party}_cited_nothing"] = not cited and bool(
                    self.words.no_citation.search(blocks.text, part.start_char, part.end_char)
                )
            elif part.label_ == "rationale":
                out["rationale_start"], out["rationale_end"] = part.start_char, part.end_char
        if pointers:
            out["reviewer_guidelines"] = _pointed_at(
                out.get("reviewer_guidelines", []),
                out.get("claims_administrator_guidelines", []),
                pointers,
            )
            out["reviewer_cited_nothing"] = False
        return out

    def total_daily_mme(self, mentions: list[Mention]) -> float | None:
        """Daily MME of the opioid regimen the case summary lists (see the module doc)."""
        seen, total = set(), None
        for mention in mentions:
            drug, strength = mention.drug, mention.first("STRENGTH")
            frequency = mention.first("FREQUENCY")
            if strength is None or frequency is None:
                continue
            if any(getattr(drug._, flag, False) for flag in NOT_CURRENT):
                continue
            key = (drug.kb_id_, strength._.value)
            mme = daily_mme(
                drug.kb_id_, strength._.value, frequency._.value, self.mme_factors, self.mme_rules
            )
            if mme is None or key in seen:
                continue
            seen.add(key)
            total = (total or 0.0) + mme
        return None if total is None else round(total, 2)


def _pointed_at(
    own: list[GuidelineCitation],
    other: list[GuidelineCitation],
    pointers: list[list[GuidelineCitation]],
) -> list[GuidelineCitation]:
    """The claims administrator's citations the reviewer points back at, then the reviewer's
    own ("the same sections": all of them; "the same ODG section": those of the ODG, or the
    source alone when the claims administrator cited none of it). A name inside a pointer is
    the pointer's, no citation of its own."""
    inside = [c for named in pointers for c in named]
    out: list[GuidelineCitation] = []
    for named in pointers:
        sources = {c.source for c in named}
        picked = [c for c in other if not sources or c.source in sources]
        if sources and not picked:
            picked = [GuidelineCitation(source=s, title=s) for s in sorted(sources)]
        out += [c for c in picked if c not in out]
    return out + [c for c in own if c not in out and not any(c is n for n in inside)]
