"""Rationale factors, round 3 (docs/factors.md, session 22): factors found by the way they are
worded, not by an item: first-line care named by what was tried, relief and function named
through their measures, screens and agreements by their state, durations by events and spans,
work by its continuation; and factor words used as background that stay no factor. Every
sentence is invented for these tests."""

from __future__ import annotations

import pytest

from tests.test_rationale_status_mechanisms import statuses

# Failure of first-line care named by what was tried: the care's kinds after 'such as', a
# relative clause after a comma, 'did not succeed', 'with no change in symptoms', 'neither
# helped', care gone through 'and still', conservative care as an adverb. A treatment that 'has
# not worked' is no work status.
FAILED_FIRST_LINE = [
    (
        "Duloxetine is used when first-line agents such as an NSAID or a tricyclic have not"
        " worked.",
        {"failed_first_line": "requirement"},
    ),
    (
        "He has been on naproxen, which is not controlling his knee pain.",
        {"failed_first_line": "documented"},
    ),
    (
        "She attended ten therapy visits with no change in her symptoms.",
        {"failed_first_line": "documented"},
    ),
    (
        "The claimant tried meloxicam and later a home exercise program. Neither helped.",
        {"failed_first_line": "documented"},
    ),
    (
        "He has been through acupuncture, bracing and therapy and still cannot lift his arm.",
        {"failed_first_line": "documented"},
    ),
    (
        "There is no sign that her back has been treated conservatively.",
        {"failed_first_line": "not_documented"},
    ),
]

# Function named through its measures and activities.
FUNCTION = [
    ("Since the injections she can mow the lawn again.", {"functional_improvement": "documented"}),
    (
        "With the medication he is able to walk his dog and to cook dinner.",
        {"functional_improvement": "documented"},
    ),
    (
        "She reports that bathing and dressing have become easier.",
        {"functional_improvement": "documented"},
    ),
    (
        "After therapy her walking distance went up from 2 to 6 blocks.",
        {"functional_improvement": "documented"},
    ),
    (
        "There is no indication that the worker functions any better on this dose.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "The progress notes list no activities the drug makes possible, and no functional"
        " measure was recorded.",
        {"functional_improvement": "not_documented"},
    ),
]

# Relief named through its measures: a share taken off the pain, a rating with the one it fell
# from, the pain compared before and after a dose, relief the drug produced.
PAIN = [
    ("She says the patch takes about half off her neck pain.", {"pain_relief": "documented"}),
    ("He now rates his pain 4/10, down from 7/10.", {"pain_relief": "documented"}),
    (
        "The notes give no pain levels before and after each dose.",
        {"pain_relief": "not_documented"},
    ),
    (
        "The patient reports that it has provided no lasting relief.",
        {"pain_relief": "not_documented"},
    ),
    (
        "This 61 year old has used tramadol for about three years.",
        {"duration_of_use": "documented"},
    ),
]

# Screens and agreements named by their state; duration by an event and a start counted back;
# work by its continuation; weaning advised as a gradual discontinuation.
OTHER_WORDS = [
    (
        "The in-office screen of 3/2/2016 was consistent.",
        {"urine_drug_screen": "documented"},
    ),
    ("The patient's agreement is on file.", {"opioid_agreement": "documented"}),
    (
        "Celecoxib has been refilled since the claimant's injury in 2014.",
        {"duration_of_use": "documented"},
    ),
    (
        "The claimant started methadone at a pain clinic three years ago.",
        {"duration_of_use": "documented"},
    ),
    ("She continues her full-time job as a clerk.", {"return_to_work": "documented"}),
    ("He is back at his old job as a welder.", {"return_to_work": "documented"}),
    (
        "She began taking meloxicam in 2014 and has taken it daily since.",
        {"duration_of_use": "documented"},
    ),
    (
        "A urine test from 2/2016 showed the prescribed oxycodone.",
        {"urine_drug_screen": "documented"},
    ),
    ("The reduction should be done slowly.", {"weaning_recommended": "documented"}),
]

# Factor words used as background stay no factor (or not the factor they look like).
BACKGROUND = [
    ("A six-day tapering course of prednisone is reasonable for the flare.", {}),
    ("A Medrol taper pack was given in the emergency room.", {}),
    ("The patient has had 24 chiropractic treatments since 2014.", {}),
    (
        "The claimant has not worked since 2015. He remains on temporary disability.",
        {"return_to_work": "not_documented"},
    ),
    ("Nerve studies showed results consistent with carpal tunnel syndrome.", {}),
    ("A functional capacity evaluation is requested to set work restrictions.", {}),
    ("Physical therapy is authorized at 2 times a week for 4 weeks.", {}),
    ("Her symptoms began two years ago after a fall.", {}),
    ("He began working at the warehouse in 2009.", {}),
    ("He has been on light duty since 3/2016.", {}),
]

# Status by mechanism: a brief course is the guideline's limit even beside a date of the case;
# 'conditioned on' states a criterion ('a reported reduction' is a quality asked for, no record);
# the record saying only something else, 'Nor is ...' and 'does not meet the standard' are
# lacks; care still working is no failure; symptoms that have persisted despite care are one;
# a screen's result 'showing no <drug>' is no lack of the screen; the daily dose, a trial of
# first-line care and side effects named point back to their criteria.
STATUS = [
    (
        "After the 3/2016 sprain, a brief course of baclofen is reasonable.",
        {"duration_of_use": "requirement"},
    ),
    (
        "Further use is conditioned on a reported decrease in pain. The notes say only that"
        " he 'is sore.'",
        {"pain_relief": "not_documented"},
    ),
    (
        "More visits are allowed if functional improvement is shown. Nor is function"
        " addressed in the last two notes.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Continued opioids require a return to work. The note says only that she has returned"
        " to work.",
        {"return_to_work": "documented"},
    ),
    (
        "The physician's remark, with no pain scores, does not meet the standard.",
        {"pain_relief": "not_documented"},
    ),
    (
        "An injection is considered when conservative care fails. The claimant is improving"
        " with physical therapy.",
        {"failed_first_line": "not_documented"},
    ),
    (
        "Low back pain has persisted for four months despite chiropractic care and NSAIDs.",
        {"failed_first_line": "documented"},
    ),
    (
        "Imaging is indicated when symptoms have persisted despite conservative care.",
        {"failed_first_line": "requirement"},
    ),
    (
        "The random drug screen of 5/2016 was inconsistent, showing no oxycodone.",
        {"urine_drug_screen": "documented"},
    ),
    (
        "Doses above 120 mg MED a day are not advised. The reviewer could not work out the"
        " total daily dose from the notes, which do not list it.",
        {"mme_above_120": "not_documented"},
    ),
    (
        "Pregabalin is an option when first-line agents have not worked. No adequate trial of a"
        " first-line drug is recorded.",
        {"failed_first_line": "not_documented"},
    ),
    (
        "Buprenorphine is an option for patients who cannot tolerate other opioids. The notes"
        " describe dizziness and nausea on both morphine and tramadol.",
        {"failed_first_line": "documented"},
    ),
    (
        "Opioids may continue if the worker has returned to work. She went back to her usual"
        " job in 4/2016.",
        {"return_to_work": "documented"},
    ),
]

# More wordings of the same classes: a measure that went from one value to another, a share of
# the pain cut, an effect on him or her (this patient), care 'were tried without benefit' in the
# simple past, a drug first prescribed in a year, taken 'long term'.
MORE = [
    (
        "His standing tolerance went from 5 to 20 minutes.",
        {"functional_improvement": "documented"},
    ),
    ("The patch cuts his knee pain by about 30%.", {"pain_relief": "documented"}),
    ("The medication lets her sleep through the night.", {"functional_improvement": "documented"}),
    (
        "If the medication lets him sleep, it may be continued.",
        {"functional_improvement": "requirement"},
    ),
    (
        "Splinting, NSAIDs and a home exercise program were tried without benefit.",
        {"failed_first_line": "documented"},
    ),
    ("Tramadol was first prescribed in 2013.", {"duration_of_use": "documented"}),
    ("Physical therapy was started in 2016.", {}),
    ("He has used the cream long term.", {"duration_of_use": "documented"}),
    (
        "Her neck pain persists in spite of months of chiropractic care.",
        {"failed_first_line": "documented"},
    ),
    (
        "She remains symptomatic after bracing and an injection.",
        {"failed_first_line": "documented"},
    ),
    ("Acupuncture gave only temporary relief.", {"failed_first_line": "documented"}),
    (
        "Naproxen was discontinued because of heartburn.",
        {"failed_first_line": "documented"},
    ),
    ("He reports better endurance for walking.", {"functional_improvement": "documented"}),
    ("His activity level has risen.", {"functional_improvement": "documented"}),
    ("She is now independent in dressing.", {"functional_improvement": "documented"}),
    (
        "He no longer needs help with bathing.",
        {"functional_improvement": "documented"},
    ),
    ("His back pain went from severe to mild.", {"pain_relief": "documented"}),
    ("She has been on tramadol for the past 3 years.", {"duration_of_use": "documented"}),
    ("He has been on modified duty for the past two years.", {}),
    (
        "He has been working part-time since 2014 without restrictions.",
        {"return_to_work": "documented"},
    ),
]

CASES = FAILED_FIRST_LINE + FUNCTION + PAIN + OTHER_WORDS + BACKGROUND + STATUS + MORE


@pytest.mark.parametrize(("rationale", "expected"), CASES)
def test_factors_round3(nlp, rationale, expected):
    assert statuses(nlp, rationale) == expected
