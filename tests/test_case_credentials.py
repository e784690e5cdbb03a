"""The reviewer's specialties in the credentials block, however the line wraps (invented
letters)."""

from __future__ import annotations

import pytest

import imr_nlp

HEADER = """Case Number: CM16-0999997
Date Assigned: 11/01/2016 Date of Injury: 05/05/2010
Decision Date: 12/01/2016 UR Denial Date: 10/20/2016
Priority: Standard Application Received: 10/25/2016
The Expert Reviewer has the following credentials:
State(s) of Licensure: Oregon
"""
SUMMARY = """CLINICAL CASE SUMMARY
The reviewer summarised the records of a 40 year old male with neck pain.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Cervical pillow: Upheld
Claims Administrator guideline: Decision based on ODG Neck Chapter, Pillows.
MAXIMUS guideline: Decision based on ODG Neck Chapter, Pillows.
Decision rationale: A pillow is a personal comfort item. It is not medically necessary.
"""


@pytest.fixture(scope="module")
def rules_nlp():
    return imr_nlp.load(model=False)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (  # wrapped after a word of a name
            "Certification(s)/Specialty: Family Practice, Sports\nMedicine\n",
            ["Family Practice", "Sports Medicine"],
        ),
        (  # wrapped after '&'
            "Certification(s)/Specialty: Neurology, Physical Medicine &\nRehabilitation\n",
            ["Neurology", "Physical Medicine & Rehabilitation"],
        ),
        ("Certification(s)/Specialty: Internal Medicine\n", ["Internal Medicine"]),
    ],
)
def test_specialties_across_a_wrap(rules_nlp, block, expected):
    doc = rules_nlp(HEADER + block + SUMMARY)
    assert doc._.case.reviewer_specialties == expected


def test_a_title_case_summary_heading_is_not_a_specialty(rules_nlp):
    summary = SUMMARY.replace("CLINICAL CASE SUMMARY", "Clinical Case Summary")
    doc = rules_nlp(HEADER + "Certification(s)/Specialty: Orthopedic Surgery\n" + summary)
    assert doc._.case.reviewer_specialties == ["Orthopedic Surgery"]
