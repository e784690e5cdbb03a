"""Case facts of a letter in the 2014-2015 layout (no header block): the credentials sentence
and the summary's wordings of the injury date (invented letters)."""

from __future__ import annotations

import datetime as dt

import pytest

import imr_nlp

OPENING = """ HOW THIS REVIEW WAS DONE
An outside physician read every record of the file. {cred}
CLINICAL CASE SUMMARY
{summary}
IMR ISSUES, DECISIONS AND RATIONALES
Items decided:
Cervical pillow:  Upheld
Claims Administrator guideline: Decision based on ODG Neck Chapter, Pillows.
MAXIMUS guideline: Decision based on ODG Neck Chapter, Pillows.
Decision rationale: A pillow is a comfort item, so it is not medically necessary.
"""
SUMMARY = "The worker is a 61 year old man, a welder, who has neck pain."
CRED = "The expert reviewer is Board Certified in Neurology and is licensed to practice in Utah."


@pytest.fixture(scope="module")
def rules_nlp():
    return imr_nlp.load(model=False)


def case(nlp, cred: str = CRED, summary: str = SUMMARY):
    doc = nlp(OPENING.format(cred=cred, summary=summary))
    assert doc._.case.letter_format == "imr_2014"
    return doc._.case


@pytest.mark.parametrize(
    ("cred", "specialties", "states"),
    [
        (CRED, ["Neurology"], ["Utah"]),
        (  # a subspecialty after a comma
            "The expert reviewer is Board Certified in Internal Medicine, has a subspecialty in\n"
            "Geriatric Medicine and is licensed to practice in Ohio and Iowa.",
            ["Internal Medicine", "Geriatric Medicine"],
            ["Ohio", "Iowa"],
        ),
        (  # a subspecialty after "and" or "with"
            "The expert reviewer is Board Certified in Family Practice and has a subspecialty in\n"
            "Sports Medicine and is licensed to practice in Idaho.",
            ["Family Practice", "Sports Medicine"],
            ["Idaho"],
        ),
        (
            "The expert reviewer is Board Certified in Neurology with a subspecialty in Sleep\n"
            "Medicine and is licensed to practice in Kansas.",
            ["Neurology", "Sleep Medicine"],
            ["Kansas"],
        ),
        (  # a reviewer who is no physician: the discipline is the specialty
            "The expert reviewer is Licensed in Chiropractic, has a subspecialty in Acupuncture\n"
            "and is licensed to practice in Nevada.",
            ["Chiropractic", "Acupuncture"],
            ["Nevada"],
        ),
        (
            "The expert reviewer is Licensed in Psychology and is licensed to practice in Maine.",
            ["Psychology"],
            ["Maine"],
        ),
    ],
)
def test_the_credentials_sentence(rules_nlp, cred, specialties, states):
    found = case(rules_nlp, cred=cred)
    assert found.reviewer_specialties == specialties
    assert found.reviewer_license_states == states


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "The worker is a 61 year old man who reported an injury on 04/11/2009 while\n"
            "lifting a crate.",
            dt.date(2009, 4, 11),
        ),
        (
            "This 47 year old woman sustained a low back injury on March 3, 2011 when she\n"
            "slipped on a wet floor.",
            dt.date(2011, 3, 3),
        ),
        (
            "The patient is a 38 year old man who suffered injuries on 9/9/2012 in a fall.",
            dt.date(2012, 9, 9),
        ),
        (  # a prior injury is not the claim's
            "The worker, 52, reported a prior injury on 02/02/2001 to the same knee; no date is\n"
            "given for this claim.",
            None,
        ),
        (  # an industrial injury qualified as another one is not the claim's either
            "She had a previous industrial injury on 05/06/2003 to the wrist, and an industrial\n"
            "injury on 10/12/2013 to the shoulder.",
            dt.date(2013, 10, 12),
        ),
        (
            "The man reported a non-industrial injury on 01/01/2010 and no other date.",
            None,
        ),
        (
            "He has a history of another work injury of 3/4/2008; the work injury of 7/8/2014\n"
            "is the subject of this claim.",
            dt.date(2014, 7, 8),
        ),
    ],
)
def test_the_summarys_injury_date(rules_nlp, summary, expected):
    assert case(rules_nlp, summary=summary).injury_date == expected
