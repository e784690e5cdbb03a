"""The request-line parser: one grammar reads a disputed item into its fields.

An item ("Norco 5-325mg #90", "Twelve (12) sessions of physical therapy", "Work conditioning,
80 hours") is read from two sources, and only from the item itself:

- the entities ``imr_entities`` found inside the item's text (DRUG, STRENGTH, QUANTITY,
  REFILLS, FREQUENCY): their values come from :mod:`imr_nlp.normalize.amounts`, so the entities
  on the request line and the decision's fields can never disagree;
- the grammar data of ``patterns/requests.jsonl`` for what the entities do not say (with the
  number words of ``patterns/amounts.jsonl``, the table the normalisers read): the quantity
  unit vocabulary (units, grams, millilitres, sessions, visits, hours), dosage
  forms, durations, and the counts an item states without a QUANTITY entity ("One (1) MRI",
  "2 knee wraps", "Series of five injections", "80 hours", "for 2 weeks (4)").

The grammar decides how the pieces combine: a volume after a strength or a dosage form is the
quantity in millilitres ("15mg/ml oral syrup 300ml", "Terocin lotion 120ml"), the upper bound
of a dose range is no strength ("50-100mg"), and a count overlapping another entity (a
schedule, a strength) is not taken; a count before the item takes the unit of the item's noun
("One (1) follow-up visit" is in visits).
When the grammar is unsure a field is None: no value comes from outside the item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..normalize.amounts import AmountWords, amount_words
from ..rules import (
    BOOL,
    REGEX,
    STR,
    WORDS,
    RuleSchema,
    default_rules,
    register_schemas,
    validate,
)
from ..values import Frequency, Strength

REQUESTS_FILE = "requests.jsonl"
SCHEMAS = {
    "unit": RuleSchema(
        required={"unit": STR, "words": WORDS}, optional={"item_noun": BOOL, "dispensed": BOOL}
    ),
    "form": RuleSchema(required={"form": STR, "words": WORDS}),
    "not_counted": RuleSchema(required={"words": WORDS}, single=True),
    "count": RuleSchema(required={"pattern": REGEX}, optional={"unit": STR, "not_after": REGEX}),
    "duration": RuleSchema(required={"pattern": REGEX}),
    "schedule": RuleSchema(required={"pattern": REGEX}),
    "strength_range": RuleSchema(required={"pattern": REGEX}, single=True),
}
register_schemas(REQUESTS_FILE, SCHEMAS)
VOLUME = "ml"  # the unit whose STRENGTH after another strength is a volume
#: periods the duration patterns also read in short form ("x 6 wks", "for 3 mos")
SHORT_PERIODS = {"wk": "week", "mo": "month"}
AMOUNT_LABELS = ("STRENGTH", "QUANTITY", "REFILLS", "FREQUENCY", "DATE")


@dataclass(frozen=True)
class Found:
    """An entity inside the item: label, offsets relative to the item text, value, kb id."""

    label: str
    start: int
    end: int
    value: Any = None
    kb_id: str = ""


@dataclass(frozen=True)
class RequestItem:
    """The fields of one request line (None where the item does not say, or the grammar is
    unsure)."""

    drug: str | None = None
    strength: Strength | None = None
    form: str | None = None
    quantity: float | int | None = None
    quantity_unit: str | None = None
    refills: int | None = None
    frequency: Frequency | None = None
    duration: str | None = None


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class RequestParser:
    """Reads request lines with the grammar of ``patterns/requests.jsonl`` (see the module)."""

    def __init__(
        self, rules: list[dict[str, Any]] | None = None, words: AmountWords | None = None
    ) -> None:
        """``rules``: the grammar (default: requests.jsonl); ``words``: the vocabulary of amounts
        whose number words the grammar reads (default: the shipped one, shared with the
        normalisers)."""
        if rules is None:
            rules = default_rules(REQUESTS_FILE)
        else:
            rules = validate(rules, source=REQUESTS_FILE, schemas=SCHEMAS)
        self.rules = rules

        def of(kind: str) -> list[dict[str, Any]]:
            return [r for r in rules if r["kind"] == kind]

        words = amount_words() if words is None else words
        self.numbers: dict[str, int] = {k: int(v) for k, v in words.numbers.items()}
        num = r"\d+(?:\.\d+)?|\b(?:" + _alternation(list(self.numbers)) + r")\b"
        not_counted = _alternation([w for r in of("not_counted") for w in r["words"]])

        def template(pattern: str) -> re.Pattern[str]:
            return re.compile(pattern.replace("{NUM}", num).replace("{NOT_COUNTED}", not_counted))

        self.units = [
            (r["unit"], re.compile(rf"(?i)(?<![A-Za-z])(?:{_alternation(r['words'])})(?![A-Za-z])"))
            for r in of("unit")
        ]
        self.item_nouns = [
            (u, p) for (u, p), r in zip(self.units, of("unit"), strict=True) if r.get("item_noun")
        ]
        # Containers ("3 tubes"): a QUANTITY entity right before one is the count dispensed.
        self.dispensed = [
            p for (_, p), r in zip(self.units, of("unit"), strict=True) if r.get("dispensed")
        ]
        self.forms = [
            (r["form"], re.compile(rf"(?i)\b(?:{_alternation(r['words'])})\b")) for r in of("form")
        ]
        self.counts = [
            (
                template(r["pattern"]),
                r.get("unit"),
                re.compile(r["not_after"]) if "not_after" in r else None,
            )
            for r in of("count")
        ]
        self.durations = [template(r["pattern"]) for r in of("duration")]
        self.schedules = [template(r["pattern"]) for r in of("schedule")]
        self.ranges = [re.compile(r["pattern"]) for r in of("strength_range")]

    # -- pieces --------------------------------------------------------------------------

    def number(self, text: str) -> float | int | None:
        """A number written in digits or as a number word."""
        word = text.strip().lower()
        if word in self.numbers:
            return self.numbers[word]
        try:
            value = float(word)
        except ValueError:
            return None
        return int(value) if value.is_integer() else value

    def unit(self, text: str, item_nouns: bool = False) -> str | None:
        """The quantity unit a text names ("#6 sessions" -> "sessions", "120grams" -> "g");
        ``item_nouns``: only the units an item may name anywhere (sessions, visits)."""
        for unit, pattern in self.item_nouns if item_nouns else self.units:
            if pattern.search(text):
                return unit
        return None

    @staticmethod
    def next_word(text: str, end: int) -> int:
        """Where the word after ``end`` starts (past the spaces)."""
        return end + len(text[end:]) - len(text[end:].lstrip())

    def unit_after(self, text: str, end: int) -> str | None:
        """The unit named by the word right after a count ("x 80 hours" -> "hours")."""
        at = self.next_word(text, end)
        return next((u for u, p in self.units if p.match(text, at)), None)

    def form(self, text: str) -> str | None:
        for form, pattern in self.forms:
            if pattern.search(text):
                return form
        return None

    def duration(self, text: str, taken: list[tuple[int, int]]) -> str | None:
        """ "for 4 weeks" -> "4 weeks"; "one week trial" -> "1 week"; a range keeps both ends."""
        for pattern in self.durations:
            for m in pattern.finditer(text):
                n = self.number(m["n"])
                if n is None:
                    continue
                n2 = self.number(m["n2"]) if m["n2"] else None
                unit = m["unit"].lower().rstrip("s")
                unit = SHORT_PERIODS.get(unit, unit)
                high = n2 if n2 is not None else n
                plural = "" if high == 1 else "s"
                amount = f"{n}-{n2}" if n2 is not None else f"{n}"
                return f"{amount} {unit}{plural}"
        return None

    def count(
        self, text: str, taken: list[tuple[int, int]]
    ) -> tuple[float | int | None, str | None]:
        """The count an item states without a QUANTITY entity, and its unit."""
        unit: str | None
        for pattern, unit, not_after in self.counts:
            for m in pattern.finditer(text):
                start, end = m.span("n")
                if any(s < end and start < e for s, e in taken):
                    continue  # part of a schedule, a strength, a date
                if not_after is not None and not_after.search(text[: m.start()]):
                    continue
                digits = m.groupdict().get("d")
                value = self.number(digits or m["n"])
                if value is None or value == 0:
                    continue
                named = m.groupdict().get("unit")
                if named:
                    return value, self.unit(named) or unit
                if unit == "units":  # "One (1) follow-up visit with ...": the item's noun
                    unit = self.unit(text, item_nouns=True) or unit
                return value, unit
        return None, None

    def schedule(self, text: str, taken: list[tuple[int, int]]) -> Frequency | None:
        """A schedule the item states without a FREQUENCY entity ("30 day rental"): its text,
        with no count per day."""
        for pattern in self.schedules:
            for m in pattern.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    return Frequency(None, " ".join(m.group().split()))
        return None

    # -- the item ------------------------------------------------------------------------

    def parse(self, text: str, found: Sequence[Found]) -> RequestItem:
        """The fields of the item ``text`` given the entities ``found`` inside it."""
        found = sorted(found, key=lambda f: f.start)
        drugs = [f for f in found if f.label == "DRUG"]
        generics: list[str] = []
        for d in drugs:
            generics += [g for g in d.kb_id.split("/") if g and g not in generics]

        strengths = [f for f in found if f.label == "STRENGTH" and f.value is not None]
        quantity: float | int | None = None
        unit: str | None = None
        volumes = [
            s
            for i, s in enumerate(strengths)
            if getattr(s.value, "unit", "") == VOLUME and (i > 0 or self.form(text[: s.start]))
        ]
        strengths = [s for s in strengths if s not in volumes]

        entities = [f for f in found if f.label == "QUANTITY"]
        entity = next(
            (
                f
                for f in entities
                if any(p.match(text, self.next_word(text, f.end)) for p in self.dispensed)
            ),
            entities[0] if entities else None,
        )
        if entity is not None:
            quantity = entity.value
            if quantity is not None:
                entity_text = text[entity.start : entity.end]
                unit = (
                    self.unit(entity_text)
                    or self.unit_after(text, entity.end)
                    or self.unit(text, item_nouns=True)
                    or "units"
                )
        elif volumes:
            quantity, unit = volumes[0].value.amounts[0], VOLUME
            quantity = int(quantity) if float(quantity).is_integer() else quantity
        else:
            taken = [(f.start, f.end) for f in found if f.label in AMOUNT_LABELS]
            quantity, unit = self.count(text, taken)

        strength = self.strength(text, strengths, len(drugs))
        refills = next((f.value for f in found if f.label == "REFILLS"), None)
        frequency = next((f.value for f in found if f.label == "FREQUENCY"), None)
        medication = bool(drugs or strengths)
        taken = [(f.start, f.end) for f in found if f.label in AMOUNT_LABELS]
        if frequency is None:
            frequency = self.schedule(text, taken)
        return RequestItem(
            drug="/".join(generics) or None,
            strength=strength,
            form=self.form(text) if medication else None,
            quantity=quantity,
            quantity_unit=unit if quantity is not None else None,
            refills=refills,
            frequency=frequency,
            duration=self.duration(text, taken),
        )

    def strength(self, text: str, strengths: list[Found], n_drugs: int) -> Strength | None:
        """The first strength, or a compound's percentages together; None for the upper bound
        of a dose range."""
        if not strengths:
            return None
        first = strengths[0]
        if any(p.search(text[: first.start]) for p in self.ranges):
            return None
        values = [s.value for s in strengths]
        if n_drugs > 1 and len(values) > 1 and all(v.unit == "%" for v in values):
            return Strength(tuple(a for v in values for a in v.amounts), "%")
        return values[0]


@lru_cache(maxsize=1)
def default_parser() -> RequestParser:
    """The parser of the shipped grammar (built once per process)."""
    return RequestParser()
