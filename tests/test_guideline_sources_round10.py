"""Guideline parts, session 24 (lead, learnt from sources10's tune half; invented citations): a
journal named after the word "journal", and a guideline whose chapter is named with its topic
before a rejection cue ("the MTUS ACOEM chapter on knee complaints does not discuss ...")."""

import pytest

from .test_guideline_sources import decision, sources
from .test_guideline_sources7 import DB, NC


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            NC + "a review by Roe AB et al., published in the journal Examplia (2011;12:1-9).",
            ["Examplia"],
        ),
        (DB + "an article in the journal Example Surgery (2014;3:1-5).", ["Example Surgery"]),
    ],
)
def test_a_journal_named_after_the_word_journal(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            NC + "ODG, Knee & Leg, Example. The MTUS\nACOEM chapter on knee complaints does not "
            "discuss the brace.",
            ["ODG"],
        ),
        (
            NC + "ODG Neck, Example. The MTUS chapter on\nneck and upper back complaints is silent "
            "on it.",
            ["ODG"],
        ),
    ],
)
def test_a_chapter_named_by_its_topic_before_a_rejection_cue(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected
    assert sources(decision(rules_nlp, ca=part).claims_administrator_guidelines) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            DB + "MTUS Chronic Pain, page 9; the ODG was not used, and the ACOEM guideline was "
            "set aside.",
            ["MTUS"],
        ),
        (DB + "MTUS Knee, Example. ODG and ACOEM were put aside as not on point.", ["MTUS"]),
    ],
)
def test_a_guideline_set_aside_in_the_passive(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected
