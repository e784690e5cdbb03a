"""Rationale factors and status, round 4 (docs/factors.md, session 23): mechanisms of grammar, not
items' words. Every sentence is invented for these tests."""

from __future__ import annotations

import pytest

from tests.test_rationale_status_mechanisms import statuses

# A span of time is the drug's duration of use only in a sentence about taking something (a use
# verb, 'been on', a drug or a medication named): not how long a splint was worn, a patient stays
# off a leg, or a device is certified.
DURATION_OF_USE = [
    ("She wore a wrist brace at night for three months.", {}),
    ("He is to stay off the left leg for six weeks after the repair.", {}),
    ("She has used the lidocaine patch for eight months.", {"duration_of_use": "documented"}),
    (
        "The muscle relaxant has been continued for more than a year.",
        {"duration_of_use": "documented"},
    ),
    (
        "Cyclobenzaprine is not advised for longer than three weeks.",
        {"duration_of_use": "requirement"},
    ),
    ("Over the past two years he has taken Norco daily.", {"duration_of_use": "documented"}),
]


# Function stated by a habit's amount or frequency, with a person as subject.
FUNCTION_HABIT = [
    (
        "The physician notes that the patient walks two miles a day on the medication.",
        {"functional_improvement": "documented"},
    ),
    (
        "She reports 40% less pain and is now swimming twice a week.",
        {"pain_relief": "documented", "functional_improvement": "documented"},
    ),
    ("The patient walks with a cane.", {}),
]

# The reviewer's verdict that the criteria for continuing are not met answers the continuation
# criteria (function, pain relief, return to work) stated earlier, however far back, and not the
# other criteria asked for beside them.
VERDICT = [
    (
        "Opioids may be continued if the patient has returned to work or has improved pain and"
        " function. Random urine drug testing should also be done. The criteria for continued"
        " use have not been met.",
        {
            "return_to_work": "not_documented",
            "pain_relief": "not_documented",
            "functional_improvement": "not_documented",
            "urine_drug_screen": "requirement",
        },
    ),
    (
        "Opioids may be continued if the patient has improved function. Neither criterion for"
        " ongoing use is satisfied here.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Opioids may be continued if the patient has improved function. The criteria for"
        " imaging are not met.",
        {"functional_improvement": "requirement"},
    ),
]

# The broad finding cues of round 3, held to their grammar: "not given" is a finding only as not
# provided (not as not administered), "not listed as" is a classification, and a negated mention
# of side effects finds no intolerance of first-line care.
BROAD_CUES = [
    (
        "Opioids are not given for chronic back pain without documented functional improvement.",
        {"functional_improvement": "requirement"},
    ),
    (
        "The frequency of use is not given, and pain relief is not quantified.",
        {"pain_relief": "not_documented"},
    ),
    (
        "Opioids are not listed as first-line agents for neuropathic pain; they are used after"
        " antidepressants have failed.",
        {"failed_first_line": "requirement"},
    ),
    (
        "Pregabalin is used after first-line agents have failed. The patient tolerates the"
        " medication with no side effects.",
        {"failed_first_line": "requirement"},
    ),
    (
        "Pregabalin is used after first-line agents have failed. He developed gastritis on"
        " naproxen.",
        {"failed_first_line": "documented"},
    ),
]

# A past effect with the patient's pain or ability as object: this patient's relief or function
# ("the injections reduced her pain", "improved his ability to kneel"); a negation before it is a
# lack.
EFFECT_ON_PATIENT = [
    ("The injections reduced her pain.", {"pain_relief": "documented"}),
    ("The medication has not lessened his back pain.", {"pain_relief": "not_documented"}),
    (
        "Therapy improved her ability to kneel and to climb stairs.",
        {"functional_improvement": "documented"},
    ),
    ("His ability to stand has not changed.", {"functional_improvement": "not_documented"}),
]

# A criterion found met in the next sentence by its object's presence: a screen had or its result
# stated, an agreement said to be signed; and ratings out of 10 from one value to another.
FOUND_MET = [
    (
        "Guidelines call for a urine drug screen in patients at risk. She had an inconsistent"
        " screen on 5/3/2016.",
        {"urine_drug_screen": "documented"},
    ),
    (
        "Guidelines call for a urine drug screen in patients at risk. He has not had a screen"
        " this year.",
        {"urine_drug_screen": "not_documented"},
    ),
    (
        "The MTUS requires a signed opioid agreement. One was signed in March.",
        {"opioid_agreement": "documented"},
    ),
    (
        "The MTUS requires a signed opioid agreement. None has been signed.",
        {"opioid_agreement": "not_documented"},
    ),
    ("The ratings fell from 7/10 to 4/10.", {"pain_relief": "documented"}),
]

# The worker said to be working answers a return-to-work criterion stated just before.
WORKING = [
    (
        "Opioids may be continued if the patient has returned to work. He is working full duty"
        " as a mechanic.",
        {"return_to_work": "documented"},
    ),
    (
        "Opioids may be continued if the patient has returned to work. It is unclear whether"
        " he is working.",
        {"return_to_work": "not_documented"},
    ),
]

# A lack pointing back in other words: the patient who "has done neither", the record that
# "includes only" something else (not a count: "only one screen"); a limit "beyond" a span.
LACK_OTHER_WORDS = [
    (
        "Opioids may be continued when the patient has returned to work or has improved"
        " function. This patient has done neither.",
        {"return_to_work": "not_documented", "functional_improvement": "not_documented"},
    ),
    (
        "He has neither returned to work nor shown improved function.",
        {"return_to_work": "not_documented", "functional_improvement": "not_documented"},
    ),
    (
        "Ongoing use calls for a review of pain relief. The submitted records include only a"
        " medication list.",
        {"pain_relief": "not_documented"},
    ),
    (
        "Guidelines require a drug screen. The records include only one screen, from 2014.",
        {"urine_drug_screen": "requirement"},
    ),
    (
        "Guidelines advise against benzodiazepines beyond four weeks.",
        {"duration_of_use": "requirement"},
    ),
]

# Function that stayed the same or worsened is a lack of improvement.
FUNCTION_SAME = [
    ("His function is unchanged.", {"functional_improvement": "not_documented"}),
    (
        "Her activities of daily living remain the same.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "His function has worsened since the dose was raised.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Opioids may be continued if function improves. Her daily activities are unchanged.",
        {"functional_improvement": "not_documented"},
    ),
]

# A pronoun subject saying whether what was just asked for happened points back as a finding.
PRONOUN_EVENT = [
    (
        "Opioids are continued when there is a return to work or improved function. That has"
        " not happened here.",
        {"return_to_work": "not_documented", "functional_improvement": "not_documented"},
    ),
    (
        "Opioids are continued when there is a return to work or improved function. This is"
        " not the case.",
        {"return_to_work": "not_documented", "functional_improvement": "not_documented"},
    ),
]

# First-line care still working is no failure ("has responded well to physical therapy"); oral
# NSAIDs by brand are first-line care.
FIRST_LINE = [
    (
        "The claimant has responded well to physical therapy and continues to improve.",
        {"failed_first_line": "not_documented"},
    ),
    ("The patient tried Celebrex without relief.", {"failed_first_line": "documented"}),
]

# @@CASES@@
CASES = (
    DURATION_OF_USE
    + FUNCTION_HABIT
    + VERDICT
    + BROAD_CUES
    + EFFECT_ON_PATIENT
    + FOUND_MET
    + WORKING
    + LACK_OTHER_WORDS
    + FUNCTION_SAME
    + PRONOUN_EVENT
    + FIRST_LINE
)


@pytest.mark.parametrize(("rationale", "expected"), CASES)
def test_round4(nlp, rationale, expected):
    assert statuses(nlp, rationale) == expected
