"""Guideline parts of round 3 (challenge set sources3): the sentence form ("<party> based its
decision in part on ...", "<party> cited ..."), clauses that place a citation in or out of the
MTUS, "and (on)" before another guideline or reference, references keyed by their web address,
and more names of other sources (invented letters and citations)."""

import pytest

from imr_nlp.rules import default_rules

from .test_guideline_sources import decision, sources
from .test_guideline_sources2 import cited


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # "in part", the MTUS by its full name
            "The Claims Administrator based its decision in part on the Medical Treatment "
            "Utilization Schedule, Chronic Pain Medical Treatment Guidelines, Example, page 12.",
            ["MTUS"],
        ),
        (  # "cited", two guidelines joined by "and"
            "The Claims Administrator cited the MTUS and ODG.",
            ["MTUS", "ODG"],
        ),
        (  # the ODG misspelt, after "recommendations outside of the MTUS:"
            "The Claims Administrator based its decision on recommendations outside of the MTUS: "
            "the Offical Disabilty Guidelines, Knee, Example brace.",
            ["ODG"],
        ),
        (  # the Chronic Pain guidelines by their year; a reference after "and on"
            "The Claims Administrator based its decision in part on the 2009 Chronic Pain Medical "
            "Treatment Guidelines, Example, page 20, and on UpToDate, An invented topic.",
            ["MTUS", "UpToDate"],
        ),
        (  # an agency first; the ODG after "and on"
            "The Claims Administrator based its decision in part on the Food and Drug "
            "Administration (FDA) label for an example drug and on the ODG, Pain, Example.",
            ["FDA", "ODG"],
        ),
        (  # "; and the CDC ..." after two guidelines
            "The Claims Administrator based its decision in part on the MTUS Chronic Pain Medical "
            "Treatment Guidelines, Example, page 80; the ODG, Pain, Example; and the CDC "
            "Guideline for an invented practice (2016).",
            ["MTUS", "ODG", "CDC"],
        ),
        (  # a web site after "and on the website"
            "The Claims Administrator based its decision in part on the ODG, Pain, Example; and on "
            "the website www.example-device.com.",
            ["ODG", "example-device.com"],
        ),
    ],
)
def test_the_sentence_form_of_the_claims_administrator(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, ca=part).claims_administrator_guidelines) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # the other evidence named first
            "The Expert Reviewer based his decision on Other Medical Treatment Guideline or "
            "Medical Evidence: UpToDate, An invented topic.",
            ["UpToDate"],
        ),
        (  # a textbook after "and on"
            "The Expert Reviewer based her decision on the Official Disability Guidelines, Hip, "
            "Example, and on Exampleton's Invented Orthopaedics, 3rd edition.",
            ["ODG", "Exampleton's Invented Orthopaedics"],
        ),
        (  # ACOEM said not to be adopted by the MTUS, after an MTUS citation
            "The Expert Reviewer based his decision on the MTUS ACOEM Example Complaints, Chapter "
            "12, page 300, and on the ACOEM Practice Guidelines, 3rd Edition, Example Disorders, "
            "not adopted by the MTUS.",
            ["MTUS", "ACOEM"],
        ),
        (  # ... an ACOEM chapter said to be adopted in the MTUS
            "The Expert Reviewer based her decision on the ACOEM Practice Guidelines, 2nd Edition "
            "(2004), Chapter 7, page 120, as adopted in the MTUS.",
            ["MTUS"],
        ),
        (  # ... and "a non-MTUS guideline"
            "The Expert Reviewer cited ACOEM, 3rd edition, Example chapter, a non-MTUS guideline.",
            ["ACOEM"],
        ),
        (  # "the following guidelines:"; a second sentence "He also cited ..."
            "The Expert Reviewer based his decision on the following guidelines: MTUS Chronic "
            "Pain Medical Treatment Guidelines, page 80. He also cited the ODG Pain chapter, "
            "Example.",
            ["MTUS", "ODG"],
        ),
        (  # the other evidence after a comma
            "The Expert Reviewer based his decision on the MTUS Chronic Pain Medical Treatment "
            "Guidelines, Example, page 64, Other Medical Treatment Guideline or Medical Evidence: "
            "Example drug, example-drugs.com.",
            ["MTUS", "example-drugs.com"],
        ),
        (  # an MTUS guideline named without "MTUS"
            "The Expert Reviewer based her decision on the Acupuncture Medical Treatment "
            "Guidelines, 9792.24.1.",
            ["MTUS"],
        ),
        (  # a journal after the colon; its abbreviation's full stop does not end the sentence
            "The Expert Reviewer based his decision on Other Medical Treatment Guideline or "
            "Medical Evidence: Example J. 2012;14(2):100-110.",
            ["Example J"],
        ),
        (  # "pp." does not end the sentence
            "The Expert Reviewer based his decision on the MTUS Chronic Pain Medical Treatment "
            "Guidelines, Example, pp. 74-76, and the ODG, Pain, Example.",
            ["MTUS", "ODG"],
        ),
        (  # "and in part on", "as well as", "along with"
            "The Expert Reviewer based her decision on the MTUS Chronic Pain Medical Treatment "
            "Guidelines, Example, page 80, and in part on the ODG, Pain, Example.",
            ["MTUS", "ODG"],
        ),
        (
            "The Expert Reviewer based her decision on the ODG, Knee, Example, as well as the "
            "MTUS Knee Complaints, page 343.",
            ["ODG", "MTUS"],
        ),
        (
            "The Expert Reviewer based his decision on the ODG, Knee, Example, along with "
            "UpToDate, An invented topic.",
            ["ODG", "UpToDate"],
        ),
        (  # the guideline after "not part of the MTUS, and ..."
            "The Expert Reviewer based her decision on the ACOEM Practice Guidelines, 3rd ed. "
            "(2011), Example Disorders, not part of the MTUS, and the ODG, Example.",
            ["ACOEM", "ODG"],
        ),
        (  # the MTUS by its place in the regulations
            "The Expert Reviewer based his/her decision on the California Code of Regulations, "
            "Title 8, Section 9792.24.2, Chronic Pain Medical Treatment Guidelines.",
            ["MTUS"],
        ),
        (  # a numbered list after the colon
            "The Expert Reviewer based her decision on: 1) MTUS Chronic Pain Medical Treatment "
            "Guidelines, page 9; 2) ODG, Pain, Example.",
            ["MTUS", "ODG"],
        ),
        (
            "The Expert Reviewer based her decision on:\n1. MTUS Chronic Pain Medical Treatment "
            "Guidelines, page 9\n2. ODG, Pain, Example",
            ["MTUS", "ODG"],
        ),
        (  # "U.S." does not end the sentence
            "The Expert Reviewer based her decision on the ODG, Pain, Example, and on the U.S. "
            "Food and Drug Administration (FDA) warning for an example drug.",
            ["ODG", "FDA"],
        ),
    ],
)
def test_the_sentence_form_of_the_reviewer(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected


@pytest.mark.parametrize(
    "part",
    [
        "The Claims Administrator cited no guidelines.",
        "The Claims Administrator cited no evidence-based guidelines or medical evidence.",
        "The Claims Administrator's decision was not based on any evidence-based guidelines.",
        "N/A",
    ],
)
def test_more_ways_of_citing_nothing(rules_nlp, part):
    found = decision(rules_nlp, ca=part)
    assert found.claims_administrator_guidelines == []
    assert found.claims_administrator_cited_nothing


def test_a_sentence_that_cites_nothing_is_still_nothing(rules_nlp):
    found = decision(
        rules_nlp, ca="The Claims Administrator did not cite any evidence-based guidelines."
    )
    assert found.claims_administrator_guidelines == []
    assert found.claims_administrator_cited_nothing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a reference's name, its title and its address: one reference, keyed by the address
            "Decision based on Non-MTUS Citation Example Health Library, An invented page, "
            "https://www.example-health.org/page/1, accessed 01/02/2017.",
            ["example-health.org"],
        ),
        (  # two addresses stay two
            "Decision based on Non-MTUS Citation http://www.example-one.org/a, "
            "https://example-two.com/b.",
            ["example-one.org", "example-two.com"],
        ),
        (  # an ODG citation stays before an address
            "Decision based on Non-MTUS Citation ODG Knee, Example, www.example-knee.org.",
            ["ODG", "example-knee.org"],
        ),
        (  # a reference after a semicolon that names an agency further on
            "Decision based on Non-MTUS Citation ODG Pain, Example; Exampledrug tablets, "
            "prescribing information, FDA label revised 2016.",
            ["ODG", "FDA"],
        ),
        (  # a list number's full stop does not end the ODG citation
            "Decision based on Non-MTUS Citation ODG Knee, Example; Other Medical Treatment "
            "Guidelines: 1. Roe A, et al. A made-up trial. Example J 2015; 3:1-9. 2. Poe B, et "
            "al. Another one. Other J 2016; 4:2-8.",
            ["ODG", "Example J", "Other J"],
        ),
        (  # a book after its authors, by its title
            "Decision based on Non-MTUS Citation Roe A, et al., Example Surgery, 4th ed., 2015.",
            ["Example Surgery"],
        ),
        (  # a society in full without a short name
            "Decision based on Non-MTUS Citation American Example Association, An invented "
            "standard, 2016.",
            ["American Example Association"],
        ),
        (  # a journal by the abbreviation written after its name
            "Decision based on Non-MTUS Citation Journal of Example Medicine (J Ex Med), 2014.",
            ["J Ex Med"],
        ),
        (  # a clearinghouse by its short name
            "Decision based on Non-MTUS Citation National Example Clearinghouse (NEC), An "
            "invented guideline, 2014.",
            ["NEC"],
        ),
        (  # a society's name runs on over "of <Name>", not into its guideline's title
            "Decision based on Non-MTUS Citation ODG Pain, Example, and the American Society of "
            "Examplologists Practice Guidelines for Invented Care, 2010.",
            ["ODG", "American Society of Examplologists"],
        ),
        (  # an insurer's policy by the insurer
            "Decision based on Non-MTUS Citation Aetna Clinical Policy Bulletin, Example device.",
            ["Aetna"],
        ),
    ],
)
def test_references_and_their_keys(guidelines, text, expected):
    assert cited(guidelines, text) == expected


def test_the_new_rules_are_validated_data():
    rules = {r["id"]: r for r in default_rules("guidelines.jsonl")}
    assert {
        "split.next_odg_after_and",
        "split.next_reference_after_and_on",
        "split.address_of_reference",
        "split.reference_naming_a_source",
        "source.society_named",
        "source.journal_named",
        "source.book_after_authors",
    } <= set(rules)
    assert rules["split.address_of_reference"]["address_of_previous"] is True


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # a society's guideline after ", and the"
            "The Expert Reviewer based his decision on the ODG Knee chapter, Example topic, and "
            "the AAOS clinical practice guideline on an invented condition.",
            ["ODG", "AAOS"],
        ),
        (  # a title's own "and" after a comma names no reference: one citation
            "The Expert Reviewer based her decision on the MTUS ACOEM Forearm, Wrist, and Hand "
            "Complaints 2004, page 270.",
            ["MTUS"],
        ),
        (  # "; and the <drug> ... FDA labeling": an agency named further on
            "The Expert Reviewer cited the ODG, Pain, Example topic; and the Examplex "
            "(examplamide) FDA-approved labeling.",
            ["ODG", "FDA"],
        ),
        (  # the agency in full; parentheses after a comma belong to the title, not a key
            "The Expert Reviewer based his decision on the MTUS, Example, page 70, and on the U.S. "
            "Food and Drug Administration, Medication Guide for Example Drugs (EDs).",
            ["MTUS", "FDA"],
        ),
    ],
)
def test_references_after_a_comma_and_and_agencies_in_full(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected
