"""Normalisers: the value of an entity from its text.

Each function takes the entity text and returns its value (see API.md), or None when the text
does not give one. The English they read (number words, "twice", Latin schedules, unit
spellings) is data: ``patterns/amounts.jsonl`` (:class:`AmountWords`). Entity rules name their
normaliser in ``patterns/entities.jsonl`` (field ``value``); :data:`NORMALIZERS` maps those names
to the functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from ..rules import MAPPING, REGEXES, STR, RuleSchema, default_rules, register_schemas, validate
from ..values import Frequency, Strength
from .dates import parse_date

AMOUNTS_FILE = "amounts.jsonl"
SCHEMAS = {
    "number_words": RuleSchema(required={"values": MAPPING}, single=True),
    "times_words": RuleSchema(required={"values": MAPPING}, single=True),
    "schedules": RuleSchema(required={"values": MAPPING}, single=True),
    "unit": RuleSchema(required={"unit": STR, "spellings": REGEXES}),
}
register_schemas(AMOUNTS_FILE, SCHEMAS)
_NOTHING = "(?!)"  # a regex that never matches
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")


def _as_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _values(rules: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return {k.lower(): v for r in rules if r["kind"] == kind for k, v in r["values"].items()}


class AmountWords:
    """The vocabulary of amounts (``patterns/amounts.jsonl``) and the normalisers reading it:
    number words, times words ("twice"), Latin schedules ("bid") and unit spellings. The
    shipped vocabulary is built once (:func:`amount_words`); the module's functions use it."""

    def __init__(self, rules: list[dict[str, Any]] | None = None) -> None:
        if rules is None:
            rules = default_rules(AMOUNTS_FILE)
        else:
            rules = validate(rules, source=AMOUNTS_FILE, schemas=SCHEMAS)
        self.rules = rules
        #: number word -> value, in file order (the request grammar reads the same table).
        self.numbers: dict[str, int | float] = _values(rules, "number_words")
        self.times: dict[str, int | float] = _values(rules, "times_words")
        #: schedule -> administrations per day (None: as needed only), in file order.
        self.schedules: dict[str, int | float | None] = _values(rules, "schedules")
        self._number_word = re.compile(
            r"\b(?:" + ("|".join(map(re.escape, self.numbers)) or _NOTHING) + r")\b"
        )  # file order: the frequency normaliser replaces the words by their digits
        self._num_or_word = re.compile(
            r"\d+(?:\.\d+)?|\b(?:" + _alternation(self.numbers) + r")\b", re.IGNORECASE
        )
        units = [r for r in rules if r["kind"] == "unit"]
        self._units = [r["unit"] for r in units]
        self._unit = re.compile(
            "|".join(
                f"(?P<u{i}>{'|'.join(r['spellings'])})" for i, r in enumerate(units)
            ),  # the first spelling that matches at the leftmost place wins
            re.IGNORECASE,
        )
        num = r"\d+(?:\.\d+)?"  # the frequency normaliser has made number words digits
        self._per_dose = re.compile(
            rf"\s*({num})(?:\s*(?:-|to)\s*({num}))?\s*"
            r"(?:tabs?|tablets?|caps?|capsules?|pills?|patch(?:es)?|puffs?|applications?)\b"
            rf"|\s*({num})(?:\s*(?:-|to)\s*({num}))?\s*(?=by mouth|orally|po\b)"
            # a bare dose right before its schedule: "1 every 6 hours", "2 at bedtime"
            rf"|\s*({num})(?:\s*(?:-|to)\s*({num}))?\s+"
            r"(?=every\b|q\.?\s*\d|at bedtime|daily|nightly|[bt]\.?i\.?d\b|q\.?i\.?d\b|q\.?hs\b)"
        )
        self._times = re.compile(
            r"\b(" + _alternation(self.times) + r"|\d+)"
            r"\s*(?:times|x)?\s*(?:a|per|each)?\s*(?:day|daily)\b"
        )
        self._schedules = [
            (
                re.compile(rf"(?<![a-z]){re.escape(key)}(?![a-z])"),
                re.compile(rf"\b{re.escape(key)}\b"),
                value,
            )
            for key, value in self.schedules.items()
        ]

    def number(self, text: str) -> float | int | None:
        """First number in ``text`` (digits or a number word), int when whole."""
        m = self._num_or_word.search(text)
        if m is None:
            return None
        word = m.group().lower()
        value = self.numbers[word] if word in self.numbers else float(word)
        return _as_number(value)

    def unit(self, text: str) -> str:
        """The unit of the first unit spelling in ``text``, or ""."""
        m = self._unit.search(text)
        return self._units[int(m.lastgroup[1:])] if m and m.lastgroup else ""

    def strength(self, text: str) -> Strength | None:
        """ "10/325mg" -> Strength((10.0, 325.0), "mg"); "20 mcg/hr"; "5%"; "10/325" -> unit
        ""."""
        amounts = tuple(float(n.replace(",", "")) for n in _NUMBER.findall(text))
        if not amounts:
            return None
        unit = self.unit(text)
        if unit == "mg/ml" and len(amounts) == 2 and amounts[1] == 1.0:
            amounts = amounts[:1]
        return Strength(amounts, unit)

    def quantity(self, text: str) -> float | int | None:
        """ "#180" -> 180; "quantity 120" -> 120; "Eight (8) sessions" -> 8; unknown -> None."""
        if "unknown" in text.lower():
            return None
        digits = re.search(r"\((\d+)\)", text)
        if digits:
            return int(digits.group(1))
        numbers = [m.group() for m in self._num_or_word.finditer(text)]
        if len(numbers) > 1 and re.search(r"\d\s*(?:-|to)\s*\w", text):  # a range: upper bound
            return self.number(numbers[-1])
        return self.number(text)

    def refills(self, text: str) -> int | None:
        """ "with 3 refills" -> 3; "Two refills" -> 2."""
        value = self.number(text)
        return int(value) if value is not None else None

    def frequency(self, text: str) -> Frequency:
        """Administrations per day where they can be computed (upper bound of any range)."""
        low = self._number_word.sub(lambda m: str(self.numbers[m.group()]), text.lower())
        as_needed = bool(re.search(r"\bp\.?r\.?n\b|as needed", low))
        is_range = False
        per_day: float | None = None
        # Units per administration ("1-2 tabs ...").
        units = 1.0
        m = self._per_dose.match(low)
        rest = low
        if m:
            first = m.group(1) or m.group(3) or m.group(5)
            second = m.group(2) or m.group(4) or m.group(6)
            units = float(second or first)
            is_range = second is not None
            rest = low[m.end() :]  # "1 tab b.i.d.": the schedule after the dose
        compact = re.sub(r"[.\s]", "", rest)
        if re.search(r"\bweek|\bmonth|\d\s*x\s*\d|\d\s+times\s+\d", low):
            per_day = None  # weekly therapy schedules: no daily count
        elif h := re.search(
            r"(?:every|q)\s*(\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(\d+(?:\.\d+)?))?\s*"
            r"(?:hours?|hrs?|h)\b",
            low,
        ):
            hours = float(h.group(1))  # the shorter interval gives the upper bound
            is_range = is_range or h.group(2) is not None
            per_day = units * 24 / hours
        elif t := self._times.search(low):
            word = t.group(1)
            count = self.times.get(word) or float(word)
            per_day = units * float(count)
        else:
            for in_compact, in_words, value in self._schedules:
                if in_compact.search(compact) or in_words.search(rest):
                    per_day = units * value if value is not None else None
                    break
        return Frequency(
            _as_number(per_day) if per_day is not None else None,
            " ".join(text.split()),
            is_range=is_range,
            as_needed=as_needed,
        )


def _alternation(words: Iterable[str]) -> str:
    """Words as a regex alternation, the longest first (no words: one that never matches)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or _NOTHING


@lru_cache(maxsize=1)
def amount_words() -> AmountWords:
    """The shipped vocabulary of amounts (built once per process)."""
    return AmountWords()


def strength(text: str) -> Strength | None:
    """ "10/325mg" -> Strength((10.0, 325.0), "mg"); "20 mcg/hr"; "5%"; "10/325" -> unit ""."""
    return amount_words().strength(text)


def quantity(text: str) -> float | int | None:
    """ "#180" -> 180; "quantity 120" -> 120; "Eight (8) sessions" -> 8; unknown -> None."""
    return amount_words().quantity(text)


def refills(text: str) -> int | None:
    """ "with 3 refills" -> 3; "Two refills" -> 2."""
    return amount_words().refills(text)


def frequency(text: str) -> Frequency:
    """Administrations per day where they can be computed (upper bound of any range)."""
    return amount_words().frequency(text)


def date(text: str) -> Any:
    """A date in any form the letters use (see :func:`imr_nlp.normalize.dates.parse_date`)."""
    return parse_date(re.sub(r"\s+", "", text) if re.match(r"\d", text) else text)


NORMALIZERS: dict[str, Callable[[str], Any]] = {
    "strength": strength,
    "quantity": quantity,
    "refills": refills,
    "frequency": frequency,
    "date": date,
}
