"""Dates in the forms letters use: 12/15/2001, 1/7/05, 4-24-15, May 6, 2002, 2016-11-09."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# Two-digit years at or below this (mod 100) are 20xx, above are 19xx. Fixed, so that the same
# letter always gives the same dates.
PIVOT_YEAR = 2030

_NUMERIC = re.compile(r"(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NAMED = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def expand_year(year: int, pivot: int = PIVOT_YEAR) -> int:
    """Resolve a two-digit year: 05 -> 2005, 83 -> 1983 (pivot 2030)."""
    if year >= 100:
        return year
    return 2000 + year if 2000 + year <= pivot else 1900 + year


def parse_date(text: str, pivot: int = PIVOT_YEAR) -> dt.date | None:
    """Parse one date written in a letter; None when it is not a valid date."""
    text = text.strip()
    try:
        if m := _ISO.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.fullmatch(text):
            return dt.date(expand_year(int(m[3]), pivot), int(m[1]), int(m[2]))
        if (m := _NAMED.fullmatch(text)) and m[1].lower() in MONTHS:
            return dt.date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    except ValueError:
        return None
    return None
