"""Guideline parts, session 22 (lead, from sources8's tune half, as mechanisms; invented
citations): a guideline named in a later sentence of a part, after a reference; an ACOEM said to be
outside the MTUS; a lower-case chapter set aside; a titled guideline after ', and also the'; the
2004 ACOEM body-region chapters as the MTUS's."""

import pytest

from .test_guideline_sources7 import DB, NC, party_keys


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # a core guideline in a later sentence, after a journal reference's semicolon
        (
            DB + "Roe A, et al. Nerve pain drugs compared. Example Pain J. 2012;40(2):10-8; "
            "ODG Pain, Antidepressants.",
            ["OTHER", "ODG"],
        ),
        (DB + "MTUS Chronic Pain, page 9. ODG Pain, Opioids, dosing.", ["MTUS", "ODG"]),
        # ... but not when that sentence sets it aside, however worded
        (DB + "MTUS Chronic Pain, page 9. ODG not applicable.", ["MTUS"]),
        (DB + "MTUS Chronic Pain, page 9. ODG and ACOEM do not address this device.", ["MTUS"]),
        (DB + "ODG Knee, Braces. MTUS was also consulted but not applied.", ["ODG"]),
        # an ACOEM said to be no part of the MTUS is ACOEM; the MTUS named after it is its own
        (
            DB + "ODG-TWC; ACOEM (not part of the MTUS); MTUS ACOEM Chapter 13",
            ["ODG", "ACOEM", "MTUS"],
        ),
        # a chapter in lower case between the name and the verb of setting it aside
        (
            DB + "ODG Knee and Leg; the MTUS/ACOEM knee chapter does not address replacement.",
            ["ODG"],
        ),
        # a titled guideline after ', and also the'
        (
            DB + "ODG Pain, Opioids, and also the Example State Board Guidelines for Prescribing "
            "Opioids (2014).",
            ["ODG", "OTHER"],
        ),
        # the 2004 ACOEM's body-region chapters are the MTUS's, its other chapters and the
        # Non-MTUS citations are ACOEM
        (DB + "ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 13, page 340", ["MTUS"]),
        (DB + "ACOEM, 2nd Edition (2004), Chapter 7, page 127 (Non-MTUS)", ["ACOEM"]),
        (NC + "ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12", ["ACOEM"]),
        (DB + "ACOEM Practice Guidelines, 3rd Edition (2011), Low Back Disorders", ["ACOEM"]),
    ],
)
def test_later_sentences_outside_the_mtus_and_2004_chapters(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected
