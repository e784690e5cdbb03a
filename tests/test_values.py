"""Value classes, dates, and their serialisation."""

from __future__ import annotations

import datetime as dt

import pytest
import srsly

from imr_nlp import CaseInfo, Decision, Frequency, GuidelineCitation, Strength
from imr_nlp.normalize.dates import expand_year, parse_date
from imr_nlp.values import register_msgpack

DECISION = Decision(
    id=0,
    treatment="Norco 10/325mg #120",
    start_char=10,
    end_char=200,
    outcome="upheld",
    medically_necessary=False,
    category="pharmaceutical",
    drug="hydrocodone/acetaminophen",
    strength=Strength((10.0, 325.0), "mg"),
    quantity=120,
    frequency=Frequency(4.0, "every 6 hours", as_needed=True),
    reviewer_guidelines=[
        GuidelineCitation("MTUS", "Chronic Pain", 2009, ("Opioids",), (76, 77, 78))
    ],
)
CASE = CaseInfo(
    case_number="CM16-0000001",
    injury_date=dt.date(2015, 3, 2),
    patient_age=52,
    patient_sex="female",
    reviewer_specialties=["Family Practice"],
    reviewer_license_states=["California", "Texas"],
    letter_format="imr_2016",
)


@pytest.mark.parametrize("value", [DECISION, CASE])
def test_dict_round_trip(value):
    data = value.to_dict()
    srsly.json_dumps(data)  # plain JSON
    assert type(value).from_dict(data) == value


@pytest.mark.parametrize("value", [DECISION, CASE, dt.date(2016, 1, 2)])
def test_msgpack_round_trip(value):
    register_msgpack()
    assert srsly.msgpack_loads(srsly.msgpack_dumps({"v": [value]}))["v"][0] == value


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("12/15/2001", dt.date(2001, 12, 15)),
        ("1/7/05", dt.date(2005, 1, 7)),
        ("4-24-15", dt.date(2015, 4, 24)),
        ("07/03/2009", dt.date(2009, 7, 3)),
        ("9/27/83", dt.date(1983, 9, 27)),
        ("May 6, 2002", dt.date(2002, 5, 6)),
        ("Sept. 3 2014", dt.date(2014, 9, 3)),
        ("2016-11-09", dt.date(2016, 11, 9)),
        ("13/45/2001", None),
        ("Maybe 6, 2002", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_two_digit_years_follow_the_pivot():
    assert expand_year(16, pivot=2017) == 2016
    assert expand_year(18, pivot=2017) == 1918
