"""Guideline parts, round 7 (session 21): the MTUS, the ODG and ACOEM under every name a letter
gives them (``guideline_name`` rules), ACOEM placed outside the MTUS, more ways of citing
nothing, guidelines named only as not used, lists and commas between guidelines (invented
letters and citations)."""

import pytest

from imr_nlp.entities.guidelines import IMRGuidelines
from imr_nlp.rules import default_rules

from .test_guideline_sources import decision, sources

R = "The Expert Reviewer based his/her decision on "
C = "The Claims Administrator based its decision on "


def reviewer_sources(nlp, part):
    """The reviewer's sources, each once, in order (as the challenge sets compare them)."""
    return list(dict.fromkeys(sources(decision(nlp, reviewer=part).reviewer_guidelines)))


@pytest.mark.parametrize(
    "part",
    [
        R + "the California Medical Treatment Utilization Schedule (MTUS), Example, page 10.",
        R + "Cal. MTUS, Chronic Pain, Example, page 80.",
        R + "the M.T.U.S. Chronic Pain guidelines, Example.",
        "Decision based on M.T.U.S. Chronic Pain Medical Treatment Guidelines, page 11.",
        R + "the DWC MTUS Chronic Pain Medical Treatment Guidelines, page 30.",
        R + "the State of California Division of Workers' Compensation Medical Treatment "
        "Utilization Schedule, Example.",
        R + "8 C.C.R. 9792.20-9792.26, the Chronic Pain Medical Treatment Guidelines, Example.",
        R + "Title 8, California Code of Regulations, section 9792.20 et seq., Example.",
        R + "Labor Code section 4610.5 and the MTUS Chronic Pain Medical Treatment Guidelines.",
        R + "the Medical Treatment\nUtilization Schedule, Low Back Complaints, page 303.",
        R + "the MEDICAL TREATMENT UTILIZATION SCHEDULE, Example.",
        R + "the Ca MTUS chronic pain guidelines, page 22.",
        R + "the CAMTUS Chronic Pain Guidelines, Example.",
    ],
)
def test_the_mtus_by_any_name(rules_nlp, part):
    assert reviewer_sources(rules_nlp, part) == ["MTUS"]


@pytest.mark.parametrize(
    "part",
    [
        R + "www.odg-twc.com, Knee & Leg chapter, Example.",
        R + "the O.D.G. Shoulder chapter, Example surgery.",
        "O.D.G., Knee and Leg chapter.",
        R + "the Official Disabilities Guidelines, Pain chapter, Example.",
        R + "Offcial Disability Guidelines, Neck and Upper Back.",
        R + "the Treatment in Workers' Compensation (TWC) guidelines, Pain chapter, Example.",
        R + "the Work Loss Data Institute's Official Disability Guidelines, Low Back chapter.",
        R + "the odg, pain chapter.",
    ],
)
def test_the_odg_by_any_name(rules_nlp, part):
    assert reviewer_sources(rules_nlp, part) == ["ODG"]


@pytest.mark.parametrize(
    "part",
    [
        R + "the Occupational Medicine Practice Guidelines, 3rd Edition, Example Disorders.",
        R + "APG Insights, Low Back Disorders, Example.",
        R + "the ACEOM Guidelines, Chapter 12.",
        R + "A.C.O.E.M. Guidelines, Knee Disorders.",
        R + "the American College of\nOccupational and Environmental Medicine Practice "
        "Guidelines, Example.",
        # placed outside the MTUS however the clause is written
        R + "the ACOEM Practice Guidelines, 3rd Edition, Example Disorders, which have not been "
        "adopted by the MTUS.",
        R + "the ACOEM Practice Guidelines (not adopted by the MTUS), Example Disorders.",
        R + "the ACOEM Practice Guidelines, 3rd Edition, which the MTUS does not incorporate, "
        "Example Disorders.",
        R + "the non-MTUS ACOEM Practice Guidelines, 3rd Edition, Example.",
    ],
)
def test_acoem_by_any_name_and_outside_the_mtus(rules_nlp, part):
    assert reviewer_sources(rules_nlp, part) == ["ACOEM"]


@pytest.mark.parametrize(
    "part",
    [
        "None provided.",
        "None identified.",
        "(none)",
        "--",
        "",
        "No guidelines cited.",
        "No guideline(s) cited.",
        "There was no guideline cited.",
        "No citation provided.",
        "No citation.",
        "Not provided.",
        "Guideline not cited.",
        "Decision based on None cited.",
        "Decision based on Non-MTUS Citation None.",
        "The Claims Administrator cited none.",
        "The Claims Administrator did not rely on any guideline.",
        "The Claims Administrator did not use any guidelines or medical evidence.",
        "The Claims Administrator did not indicate which guidelines were used.",
        "The Claims Administrator made no reference to any guideline.",
        "The utilization review report does not cite guidelines.",
        "No guideline reference was provided.",
        "Neither the MTUS nor the ODG was cited by the Claims Administrator.",
        "The Claims Administrator failed to cite any guideline.",
        "The Claims Administrator referenced no guidelines.",
        "The guideline relied upon was not identified.",
        "None (clinical judgment).",
    ],
)
def test_every_way_of_citing_nothing(rules_nlp, part):
    found = decision(rules_nlp, ca=part)
    assert found.claims_administrator_guidelines == []
    assert found.claims_administrator_cited_nothing


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (R + "the ODG, Example chapter, as MTUS and ACOEM do not address this request.", ["ODG"]),
        (
            R + "the ODG Example chapter; the MTUS Chronic Pain Medical Treatment Guidelines are "
            "silent on this issue.",
            ["ODG"],
        ),
        (
            R + "the MTUS Chronic Pain Guidelines; the Official Disability Guidelines were not "
            "needed.",
            ["MTUS"],
        ),
        (
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Example. "
            "Decision based on Non-MTUS Citation ODG was not cited.",
            ["MTUS"],
        ),
        # 'does not recommend' is what the guideline says: it is cited
        (
            R + "the MTUS Chronic Pain Guidelines, page 78; the ODG does not recommend this "
            "medication either.",
            ["MTUS", "ODG"],
        ),
    ],
)
def test_a_guideline_named_as_not_used(rules_nlp, part, expected):
    assert reviewer_sources(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            R + "the following:\n1. MTUS Chronic Pain Medical Treatment Guidelines, Example, "
            "page 78.\n2. Physicians' Desk Reference (PDR), 70th edition.",
            ["MTUS", "PDR"],
        ),
        (
            R + "the following guidelines: (1) the MTUS Chronic Pain Medical Treatment "
            "Guidelines; (2) the Official Disability Guidelines, Example chapter.",
            ["MTUS", "ODG"],
        ),
        (
            R + "the following:\n- MTUS Chronic Pain Medical Treatment Guidelines, page 78\n"
            "- Official Disability Guidelines, Example chapter\n- PDR",
            ["MTUS", "ODG", "PDR"],
        ),
        (
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Example. "
            "Decision based on Non-MTUS Citation 1. ODG Pain, Example. 2. PDR, examplol.",
            ["MTUS", "ODG", "PDR"],
        ),
    ],
)
def test_lists_of_guidelines(rules_nlp, part, expected):
    assert reviewer_sources(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # the MTUS before the ODG after a comma
            C + "the MTUS Chronic Pain Medical Treatment Guidelines, the Official Disability "
            "Guidelines and the ACOEM Practice Guidelines.",
            ["MTUS", "ODG", "ACOEM"],
        ),
        (  # ACOEM after a comma in an ODG citation
            C + "the ODG Low Back chapter, ACOEM Low Back Disorders (2011), and MTUS Low Back "
            "Complaints.",
            ["ODG", "ACOEM", "MTUS"],
        ),
        (  # a source after 'and' when the three's name stands alone before it
            C + "the MTUS and the CDC opioid guideline.",
            ["MTUS", "CDC"],
        ),
        (
            C + "the MTUS and the American Example Society guideline.",
            ["MTUS", "American Example Society"],
        ),
        (
            C + "the MTUS and Example Orthopaedic Society criteria.",
            ["MTUS", "Example Orthopaedic Society"],
        ),
        (C + "the MTUS and ACOEM.", ["MTUS"]),  # still one: the MTUS's ACOEM chapters
        (  # the ODG misspelt after the lead-in: the article after its full stop is cut off
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Example. "
            "Decision based on Non-MTUS Citation Offical Disability Guidelines, Pain, Example. "
            "Roe A. An invented title. Example Pain J. 2014;15:1-9.",
            ["MTUS", "ODG", "Example Pain J"],
        ),
        (  # an author's initial ends no sentence: the book's title is in the ODG citation
            "Decision based on MTUS Low Back Complaints 2004, Section(s): Example. Decision based "
            "on Non-MTUS Citation Official Disability Guidelines (ODG), Low back, Example Roe J. "
            "Occupational medicine practice guidelines, 2nd edition (2004) p 301.",
            ["MTUS", "ODG"],
        ),
    ],
)
def test_several_guidelines_in_one_part(rules_nlp, part, expected):
    assert reviewer_sources(rules_nlp, part) == expected


def test_each_guideline_name_fills_its_placeholder():
    rules = default_rules("guidelines.jsonl")
    names = {r["name"] for r in rules if r["kind"] == "guideline_name"}
    assert names == {"MTUS_NAME", "ODG_NAME", "ACOEM_NAME"}
    component = IMRGuidelines()
    patterns = [scan.pattern.pattern for _, scan in component.citations]
    patterns += [p.pattern for p, *_ in component.splits]
    patterns += [rule[1].pattern for rule in component.sources if isinstance(rule, tuple)]
    assert not [p for p in patterns if any("{" + n + "}" in p for n in names)]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            "The Expert Reviewer referenced the MTUS Chronic Pain Medical Treatment Guidelines.",
            "MTUS",
        ),
        ("The Expert Reviewer used the ODG Example chapter.", "ODG"),
        ("The Expert Reviewer referred to the Official Disability Guidelines, Example.", "ODG"),
        ("The Expert Reviewer's decision was based on the ODG Example chapter.", "ODG"),
        ("The Expert Reviewer based his or her decision on the ODG Example chapter.", "ODG"),
        ("The Expert Reviewer based the determination on the ODG Example chapter.", "ODG"),
        ("The Expert Reviewer based its decision in part upon the ODG Example chapter.", "ODG"),
        (
            "The Expert Reviewer made the decision based on the MTUS Chronic Pain guidelines.",
            "MTUS",
        ),
        ("Per the ODG Example chapter, Example.", "ODG"),
    ],
)
def test_the_lead_in_in_more_words(rules_nlp, part, expected):
    assert reviewer_sources(rules_nlp, part) == [expected]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # the name in quotation marks after the lead-in
        ('The Expert Reviewer relied on the "CA MTUS Guidelines" for the decision.', ["MTUS"]),
        # the British spelling of the schedule's name
        (R + "the Medical Treatment Utilisation Schedule, Chronic Pain, page 9.", ["MTUS"]),
        # a guideline read but not used is no citation
        (
            R + "the MTUS, Chronic Pain Medical Treatment Guidelines, page 9; the ODG was "
            "reviewed but not relied upon.",
            ["MTUS"],
        ),
    ],
)
def test_quoted_names_and_guidelines_read_but_not_used(rules_nlp, part, expected):
    assert reviewer_sources(rules_nlp, part) == expected
