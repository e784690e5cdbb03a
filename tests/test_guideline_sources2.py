"""Guideline parts of round 2 (challenge set sources2): references listed after a citation,
the 2013 notice's "which is part of the MTUS", more ways of saying nothing was cited, web
sites by a bare or upper-case address, other states' guidelines (invented letters and
citations)."""

import pytest

from imr_nlp.rules import default_rules

from .test_guideline_sources import decision, sources


def cited(nlp, text):
    return [e.kb_id_ for e in nlp(text).ents if e.label_ == "GUIDELINE" and e._.value.cited]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an author list after the semicolon: the article is keyed by its journal
            "Decision based on Non-MTUS Citation ODG Knee, Example brace; Roe A, Doe B, et al. "
            "An invented trial of knee sleeves. Example Knee J. 2015;12(3):45-50.",
            ["ODG", "Example Knee J"],
        ),
        (  # 'and Other Medical Treatment Guidelines <reference with periods>'
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee, "
            "Example and Other Medical Treatment Guidelines Roe A, et al. A made-up study. "
            "Invented Rev. 2012 Mar 3;7(2):1-9.",
            ["ODG", "Invented Rev"],
        ),
        (  # UpToDate in any case, after a semicolon
            "Decision based on Non-MTUS Citation Official Disability Guidelines, Pain, Example; "
            "and Up to Date, An invented topic.",
            ["ODG", "UpToDate"],
        ),
        (  # a numbered list keeps being cut after its second item
            "Decision based on Non-MTUS Citation 1) ODG Knee, Example. 2) Roe A, Doe B. A "
            "made-up trial. Example J. 2010;3:1-2. 3) Poe C, et al. Another one. Other J. "
            "2011;4:5-6.",
            ["ODG", "Example J", "Other J"],
        ),
        (  # the journal, not a reference name in the article's title
            "Decision based on Non-MTUS Citation Roe A, et al. An invented Cochrane review. "
            "Example Med J. 2016;352:i1.",
            ["Example Med J"],
        ),
        (  # a web site by a bare or an upper-case address: its domain, lower-cased
            "Decision based on Non-MTUS Citation example-health.org, An invented page.",
            ["example-health.org"],
        ),
        (
            "Decision based on Non-MTUS Citation HTTP://WWW.EXAMPLE-CARE.COM/PAGE/1",
            ["example-care.com"],
        ),
        (  # another state's guidelines, by state and agency
            "Decision based on Non-MTUS Citation Oregon Division of Workers' Compensation, "
            "Example Guideline, 2015.",
            ["Oregon Division of Workers' Compensation"],
        ),
        (  # ODG by its publisher; ODG in lower case
            "Decision based on Non-MTUS Citation Work Loss Data Institute, Knee chapter, 2016.",
            ["ODG"],
        ),
        (
            "Decision based on Non-MTUS Citation official disability guidelines, knee, example.",
            ["ODG"],
        ),
        (  # references after the ODG citation's full stop
            "Decision based on Non-MTUS Citation ODG Knee, Example. Roe A, Doe B, et al. A "
            "made-up trial. Example Knee J. 2015;12(3):45-50.",
            ["ODG", "Example Knee J"],
        ),
        (  # ", and UpToDate" after an ODG citation
            "Decision based on Non-MTUS Citation ODG Pain, Example, and UpToDate, Invented topic.",
            ["ODG", "UpToDate"],
        ),
        (  # a society by its full name after a semicolon
            "Decision based on Non-MTUS Citation ODG Knee, Example; American Academy of "
            "Orthopaedic Surgeons, Invented guideline.",
            ["ODG", "AAOS"],
        ),
        (  # a joint short form
            "Decision based on Non-MTUS Citation Example College of Cardiology/Example Heart "
            "Association (ECC/EHA) invented guideline, 2014.",
            ["ECC/EHA"],
        ),
    ],
)
def test_references_and_their_sources(guidelines, text, expected):
    assert cited(guidelines, text) == expected


def test_a_semicolon_before_an_odg_chapter_cuts_nothing(guidelines):
    text = "Decision based on Non-MTUS Citation ODG Knee, Example; Knee sleeve, Example."
    assert cited(guidelines, text) == ["ODG"]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # an ACOEM chapter said to be part of the MTUS is the MTUS's
            "The Claims Administrator based its decision on the ACOEM Practice Guidelines, 2nd "
            "Edition (2004), Chapter 13, Example, page 300, which is part of the MTUS.",
            ["MTUS"],
        ),
        (  # ... but not one said not to be
            "The Claims Administrator based its decision on the ACOEM Practice Guidelines, 3rd "
            "Edition, Example Disorders, which is not part of the MTUS.",
            ["ACOEM"],
        ),
        (  # the guideline after "which is part of the MTUS, and (on) the ..."
            "The Claims Administrator based its decision on the Chronic Pain Medical Treatment "
            "Guidelines, Example, pages 10-11, which are part of the MTUS, and on the Official "
            "Disability Guidelines, Knee chapter, Example, which are not part of the MTUS.",
            ["MTUS", "ODG"],
        ),
        (  # pages make a citation complete before "and the ODG"
            "The Claims Administrator based its decision on the MTUS ACOEM Chapter 13, Example, "
            "pages 330-331, and the ODG, Knee chapter, Example.",
            ["MTUS", "ODG"],
        ),
    ],
)
def test_the_2013_notice(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, ca=part).claims_administrator_guidelines) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("The Claims Administrator did not reference any guidelines in its decision.", True),
        ("The Claims Administrator did not cite medical evidence for the decision.", True),
        ("The Claims Administrator did not base its decision on any guideline.", True),
        ("None cited.", True),
        ("Not cited.", True),
        (  # it did cite one, only not the MTUS
            "The Claims Administrator did not base its decision on the MTUS. Decision based on "
            "Non-MTUS Citation Official Disability Guidelines, Knee, Example.",
            False,
        ),
    ],
)
def test_more_ways_of_citing_nothing(rules_nlp, part, expected):
    assert decision(rules_nlp, ca=part).claims_administrator_cited_nothing is expected


def test_the_new_rules_are_validated_data():
    ids = {r["id"] for r in default_rules("guidelines.jsonl")}
    assert {
        "citation.references_after_citation",
        "citation.after_part_of_mtus",
        "split.next_reference_after_semicolon",
        "split.next_odg_after_comma",
        "citation.references_after_odg_sentence",
        "source.web_bare",
        "source.state_guidelines",
    } <= ids
