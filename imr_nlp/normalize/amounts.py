"""Normalisers: the value of an entity from its text.

Each function takes the entity text and returns its value (see API.md), or None when the text
does not give one. Entity rules name their normaliser in ``patterns/entities.jsonl``
(field ``value``); :data:`NORMALIZERS` maps those names to the functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..values import Frequency, Strength
from .dates import parse_date

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
UNITS = {
    "mg": "mg",
    "mgs": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "ug": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
    "g": "g",
    "gm": "g",
    "gms": "g",
    "gram": "g",
    "grams": "g",
    "ml": "ml",
    "cc": "ml",
    "%": "%",
    "percent": "%",
    "mcg/hr": "mcg/hr",
    "mcg/h": "mcg/hr",
    "mcg/hour": "mcg/hr",
    "mg/ml": "mg/ml",
}
# Latin and abbreviated schedules -> administrations per day (None: as needed only).
SCHEDULES: dict[str, float | None] = {
    "qd": 1,
    "daily": 1,
    "qday": 1,
    "qam": 1,
    "qpm": 1,
    "qhs": 1,
    "hs": 1,
    "nightly": 1,
    "bid": 2,
    "tid": 3,
    "qid": 4,
    "prn": None,
}
TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3}

_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_NUM_OR_WORD = re.compile(
    r"\d+(?:\.\d+)?|\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"mcg\s*/\s*h(?:ou)?r?|mg\s*/\s*\d*\s*ml|mcg|µg|ug|mg|mgs|micrograms?|milligrams?|"
    r"grams?|gms?|g|ml|cc|%|percent",
    re.IGNORECASE,
)


def _number(text: str) -> float | int | None:
    """First number in ``text`` (digits or a number word), int when whole."""
    m = _NUM_OR_WORD.search(text)
    if m is None:
        return None
    word = m.group().lower()
    value = NUMBER_WORDS[word] if word in NUMBER_WORDS else float(word)
    return int(value) if float(value).is_integer() else value


def _as_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def strength(text: str) -> Strength | None:
    """ "10/325mg" -> Strength((10.0, 325.0), "mg"); "20 mcg/hr"; "5%"; "10/325" -> unit ""."""
    amounts = tuple(float(n.replace(",", "")) for n in _NUMBER.findall(text))
    if not amounts:
        return None
    unit_match = None
    for m in _UNIT.finditer(text):
        unit_match = m
        break
    unit = ""
    if unit_match:
        raw = re.sub(r"\s+", "", unit_match.group().lower())
        raw = re.sub(r"mg/\d*ml", "mg/ml", raw)
        raw = re.sub(r"mcg/h(?:ou)?r?", "mcg/hr", raw)
        unit = UNITS.get(raw, raw)
    if unit == "mg/ml" and len(amounts) == 2 and amounts[1] == 1.0:
        amounts = amounts[:1]
    return Strength(amounts, unit)


def quantity(text: str) -> float | int | None:
    """ "#180" -> 180; "quantity 120" -> 120; "Eight (8) sessions" -> 8; unknown -> None."""
    if "unknown" in text.lower():
        return None
    digits = re.search(r"\((\d+)\)", text)
    if digits:
        return int(digits.group(1))
    numbers = [m.group() for m in _NUM_OR_WORD.finditer(text)]
    if len(numbers) > 1 and re.search(r"\d\s*(?:-|to)\s*\w", text):  # a range: upper bound
        return _number(numbers[-1])
    return _number(text)


def refills(text: str) -> int | None:
    """ "with 3 refills" -> 3; "Two refills" -> 2."""
    value = _number(text)
    return int(value) if value is not None else None


def frequency(text: str) -> Frequency:
    """Administrations per day where they can be computed (upper bound of any range)."""
    low = _NUMBER_WORD.sub(lambda m: str(NUMBER_WORDS[m.group()]), text.lower())
    as_needed = bool(re.search(r"\bp\.?r\.?n\b|as needed", low))
    compact = re.sub(r"[.\s]", "", low)
    is_range = False
    per_day: float | None = None
    # Units per administration ("1-2 tabs ...").
    units = 1.0
    m = re.match(
        r"\s*(\d+(?:\.\d+)?|one|two|three)(?:\s*(?:-|to)\s*(\d+(?:\.\d+)?|two|three))?\s*"
        r"(?:tabs?|tablets?|caps?|capsules?|pills?|patch(?:es)?|puffs?|applications?)\b"
        r"|\s*(\d+(?:\.\d+)?|one|two|three)(?:\s*(?:-|to)\s*(\d+(?:\.\d+)?|two|three))?\s*"
        r"(?=by mouth|orally|po\b)",
        low,
    )
    if m:
        first, second = m.group(1) or m.group(3), m.group(2) or m.group(4)
        units = float(NUMBER_WORDS.get(second or first, second or first))
        is_range = second is not None
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
    elif t := re.search(
        r"\b(once|twice|thrice|\d+|one|two|three|four)\s*(?:times|x)?\s*"
        r"(?:a|per|each)?\s*(?:day|daily)\b",
        low,
    ):
        word = t.group(1)
        count = TIMES_WORDS.get(word) or NUMBER_WORDS.get(word) or float(word)
        per_day = units * float(count)
    else:
        for key, value in SCHEDULES.items():
            if re.search(rf"(?<![a-z]){key}(?![a-z])", compact) or re.search(rf"\b{key}\b", low):
                per_day = units * value if value is not None else None
                break
    return Frequency(
        _as_number(per_day) if per_day is not None else None,
        " ".join(text.split()),
        is_range=is_range,
        as_needed=as_needed,
    )


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
