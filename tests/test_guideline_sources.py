"""Guideline parts beyond "Decision based on ...": a guideline named right after the label,
several guidelines in one part, other evidence by name, and parts that cite nothing
(invented letters and citations)."""

import pytest

from imr_nlp.rules import default_rules

HEAD = """Case Number: CM16-0999970
Date Assigned: 11/01/2016 Date of Injury: 05/05/2010
Decision Date: 12/01/2016 UR Denial Date: 10/20/2016
Priority: Standard Application Received: 10/25/2016
CLINICAL CASE SUMMARY
The injured worker is a 44 year old female who strained her neck lifting trays at work.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Cervical pillow: Upheld
"""
OTHER_PART = "Decision based on MTUS Neck and Upper Back Complaints 2004."
TAIL = "Decision rationale: Nothing in the file supports it. It is not medically necessary.\n"


def letter(ca: str = OTHER_PART, reviewer: str = OTHER_PART) -> str:
    return f"{HEAD}Claims Administrator guideline: {ca}\nMAXIMUS guideline: {reviewer}\n{TAIL}"


def decision(nlp, **parts):
    (found,) = nlp(letter(**parts))._.decisions
    return found


def sources(citations):
    return [c.source for c in citations]


def cited(nlp, text):
    return [
        (" ".join(e.text.split()), e.kb_id_)
        for e in nlp(text).ents
        if e.label_ == "GUIDELINE" and e._.value.cited
    ]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("CA MTUS 2009 Chronic Pain Medical Treatment Guidelines, pages 60-61, Example.", ["MTUS"]),
        ("The MTUS ACOEM Guidelines, Chapter 8, page 170.", ["MTUS"]),
        ("MTUS: ACOEM, Chapter 13, page 340; ODG Knee, Example procedure.", ["MTUS", "ODG"]),
        (
            "1. MTUS Chronic Pain Medical Treatment Guidelines 2009, page 50, Example.\n"
            "2. Official Disability Guidelines (ODG), Pain Chapter, Example.",
            ["MTUS", "ODG"],
        ),
        (
            "California MTUS Guidelines, Chronic Pain 2009, Example, and Official Disability "
            "Guidelines, Pain, Example.",
            ["MTUS", "ODG"],
        ),
    ],
)
def test_a_part_that_names_its_guideline_after_the_label(rules_nlp, part, expected):
    found = decision(rules_nlp, reviewer=part)
    assert sources(found.reviewer_guidelines) == expected
    assert sources(found.claims_administrator_guidelines) == ["MTUS"]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("No medical evidence was cited by the claims administrator.", True),
        ("No guidelines were cited by the Claims Administrator.", True),
        ("Not Applicable", True),
        ("The Claims Administrator did not cite any medical evidence for its decision.", True),
        ("The Claims Administrator did not name any guideline or other evidence.", True),
        ("Decision based on MTUS Neck and Upper Back Complaints 2004.", False),
    ],
)
def test_a_part_that_says_it_cites_nothing(rules_nlp, part, expected):
    found = decision(rules_nlp, ca=part)
    assert found.claims_administrator_cited_nothing is expected
    assert found.claims_administrator_guidelines == [] or not expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            "The Physician Reviewer based his/her decision on the Non-MTUS ACOEM Practice "
            "Guidelines, 3rd Edition, Chapter 6, Example, and the Non-MTUS UpToDate, Example "
            "topic.",
            ["ACOEM", "UpToDate"],
        ),
        (
            "The Physician Reviewer based his/her decision on the Postsurgical Treatment "
            "Guidelines, Knee, page 24.",
            ["MTUS"],
        ),
        (
            "The Claims Administrator based its decision on the Official Disability Guidelines, "
            "Pain Chapter, Example, and the MTUS Chronic Pain Medical Treatment Guidelines, "
            "page 99.",
            ["ODG", "MTUS"],
        ),
    ],
)
def test_based_its_decision_on_several_guidelines(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DECISION BASED ON MTUS CHRONIC PAIN MEDICAL TREATMENT 2016, SECTION(S): EXAMPLE.",
            ["MTUS"],
        ),
        (
            "Decision based on Non-MTUS Citation Offical Disability Guideline, Knee, Example.",
            ["ODG"],
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain, "
            "Example. Other Medical Treatment Guidelines https://www.example-evidence.org/page.",
            ["ODG", "example-evidence.org"],
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee, "
            "Example; and https://www.example-society.org/page?id=1.",
            ["ODG", "example-society.org"],
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Neck, "
            "Example; ACOEM Neck Disorders Chapter, Example.",
            ["ODG", "ACOEM"],
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines, Diabetes "
            "chapter and American Example Association (AEA) Standards of Care 2016.",
            ["ODG", "AEA"],
        ),
        (
            "Decision based on Non-MTUS Citation\n1. Hayes Directory, Example technology\n"
            "2. InterQual Procedures Criteria 2016, Example procedure.",
            ["Hayes", "InterQual"],
        ),
        (
            "Decision based on Non-MTUS Citation Medscape, Example disease; and "
            "www.example-spine.com, Example treatment.",
            ["Medscape", "example-spine.com"],
        ),
    ],
)
def test_citations_and_their_sources(guidelines, text, expected):
    assert [source for _, source in cited(guidelines, text)] == expected


def test_chapters_of_one_guideline_after_a_semicolon_stay_one_citation(guidelines):
    text = (
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee, "
        "Example; ODG Hip, Example."
    )
    assert [source for _, source in cited(guidelines, text)] == ["ODG"]


def test_a_list_item_number_in_the_sections_is_no_new_citation(guidelines):
    text = "Decision based on MTUS Example Treatment 2016, Section(s): 2. Opioids, Example."
    assert [source for _, source in cited(guidelines, text)] == ["MTUS"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Decision based on Non-MTUS Citation InterQual 2016, Example Criteria.", "InterQual"),
        ("Decision based on Non-MTUS Citation MCG (Milliman Care Guidelines), Example.", "MCG"),
        ("Decision based on Non-MTUS Citation Medicare Benefit Policy Manual, Ch 7.", "Medicare"),
        (
            "Decision based on Non-MTUS Citation Centers for Medicare & Medicaid Services (CMS), "
            "Example Determination.",
            "CMS",
        ),
        (
            "Decision based on Non-MTUS Citation Doe J, Roe R, et al. An example trial of knee "
            "care. Spine 2009;34(10):1066-1077.",
            "Spine",
        ),
        (
            "Decision based on Non-MTUS Citation Doe J, et al. Example Journal. 2012;15(3):1-9.",
            "Example Journal",
        ),
        (
            "Decision based on Non-MTUS Citation Ex Am Acad Surg 2014 Sep;22(9):1-5, An example.",
            "Ex Am Acad Surg",
        ),
    ],
)
def test_other_evidence_keyed_by_its_name(guidelines, text, expected):
    assert [source for _, source in cited(guidelines, text)] == [expected]


def test_the_new_rules_are_validated_data():
    ids = {r["id"] for r in default_rules("guidelines.jsonl")}
    assert {
        "citation.part_opening",
        "citation.other_guidelines",
        "split.next_sentence_odg",
        "split.next_list_item",
        "source.vocabulary",
        "source.journal",
    } <= ids


CITED_TEXTBOOK = "Decision based on Non-MTUS Citation {}, 3rd edition."


@pytest.mark.parametrize(
    "title", ["Smith's Invented Hand Surgery", "Roe and Doe's Fractures of the Foot"]
)
def test_a_textbook_is_keyed_by_its_possessive_title(guidelines, title):
    assert [k for _, k in cited(guidelines, CITED_TEXTBOOK.format(title))] == [title]
