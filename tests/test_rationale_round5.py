"""Rationale factor status, round 5 (docs/factors.md, session 24: status-gen4): how a finding is
tied to a criterion across a decision's sentences, and what a negation there is about. Every
sentence is invented for these tests (none is a challenge item's or a letter's)."""

from __future__ import annotations

import pytest

from tests.test_rationale_status_mechanisms import statuses

# A first-line or conservative care that did not work, stated in a later sentence, is the
# failure the criterion asks for: its negation is the care's lack of effect, not a lack of the
# criterion ("did not ease", "no lasting benefit from", "neither ... controlled").
CARE_FAILED_LATER = [
    (
        "Blocks are reserved for pain that has not responded to conservative care. Six weeks of"
        " chiropractic care and ibuprofen did not help.",
        {"failed_first_line": "documented"},
    ),
    (
        "Surgery is considered after conservative treatment fails. She got no lasting benefit"
        " from physical therapy, a home program or naproxen.",
        {"failed_first_line": "documented"},
    ),
    (
        "Surgery is considered after conservative treatment fails. The records show no"
        " conservative treatment at all.",
        {"failed_first_line": "not_documented"},
    ),
]

# "X is not a first-line drug" classifies the drug requested: its negation is no lack of a
# first-line trial, which a later sentence may find.
NOT_FIRST_LINE_CLASS = [
    (
        "Pregabalin is not a first-line drug for neuropathic pain. The claimant tried"
        " amitriptyline and then duloxetine, and neither relieved the burning in her feet.",
        {"failed_first_line": "documented"},
    ),
]

# A condition's scope runs to the end of its clause: record words inside it ("documented on
# examination") belong to the criterion, and "once" opens a condition like "after".
CONDITION_SCOPE = [
    (
        "Trigger point injections are an option for myofascial pain that is documented by"
        " palpation once stretching and NSAIDs have failed.",
        {"failed_first_line": "requirement"},
    ),
    (
        "A block is an option for radicular pain that is confirmed on imaging, once a course of"
        " physical therapy, stretching, anti-inflammatory drugs and rest has failed.",
        {"failed_first_line": "requirement"},
    ),
]

# A lack of care pointing back in other words: no trial of a drug class, what (if anything)
# has been tried left unclear, a benefit asserted without saying what it is; care stopped after
# a few visits is too little care, not a failure of it.
LACK_POINTING_BACK = [
    (
        "Lidoderm is for localized neuropathic pain after first-line agents have failed. The"
        " chart shows no trial of a tricyclic.",
        {"failed_first_line": "not_documented"},
    ),
    (
        "Imaging follows failure of conservative treatment. The records leave unclear what, if"
        " anything, has been tried since the fall.",
        {"failed_first_line": "not_documented"},
    ),
    (
        "Opioids are continued only with improvement in function. The physician says she is"
        " better on the drug but does not say how.",
        {"functional_improvement": "not_documented"},
    ),
    ("Physical therapy has never been tried.", {"failed_first_line": "not_documented"}),
    ("Her physical therapy was stopped after two visits when she moved house.", {}),
]

# A below-threshold dose stated before the morphine words is no dose above 120; a dose stated
# as more than a figure above 120 is one.
MME_THRESHOLD = [
    (
        "Her daily intake, 40 mg of oxycodone, is well below the cap of 120 mg morphine"
        " equivalents.",
        {"mme_above_120": "not_documented"},
    ),
    (
        "His two long-acting drugs together come to more than 200 mg morphine equivalents.",
        {"mme_above_120": "documented"},
    ),
]

# Weaning advised by the reviewer in other words: the weaning "should follow" the guideline,
# the guideline's advice on tapering "should be followed", medication "allowed for" a taper.
WEANING_ADVICE = [
    (
        "The request is not certified, and the taper should follow the schedule in the guideline.",
        {"weaning_recommended": "documented"},
    ),
    (
        "Non-certification is upheld; the treating doctor's plan should be guided by the"
        " guideline's advice on a slow dose reduction, which should be followed.",
        {"weaning_recommended": "documented"},
    ),
    (
        "Part of the quantity should be allowed for a taper.",
        {"weaning_recommended": "documented"},
    ),
    (
        "Guidelines recommend tapering when there is no functional improvement.",
        {"weaning_recommended": "requirement", "functional_improvement": "requirement"},
    ),
]

# The reviewer's verdict that the treatment's benefit is not shown answers the benefit
# criteria (pain relief, function) stated before, however far back.
BENEFIT_VERDICT = [
    (
        "Continued use of an opioid calls for less pain and better function. The notes list the"
        " doses. A clinically meaningful benefit has not been demonstrated, so the request is"
        " not medically necessary.",
        {"pain_relief": "not_documented", "functional_improvement": "not_documented"},
    ),
    (
        "Continued use of an opioid calls for less pain and better function. Urine screens"
        " were consistent. The regimen has not been shown to be effective.",
        {
            "pain_relief": "not_documented",
            "functional_improvement": "not_documented",
            "urine_drug_screen": "documented",
        },
    ),
]

# A care that "has not really / ever been attempted" is a finding by its tense (adverbs between
# the auxiliary and the participle), and a later finding overturns an earlier one.
TENSE_ADVERBS = [
    (
        "The orthopedist states that conservative treatment was tried. Conservative measures"
        " have not actually been attempted.",
        {"failed_first_line": "not_documented"},
    ),
]

# A sentence that rebuts the one before it ("This is not consistent with the therapist's
# notes") overturns the finding claimed there.
REBUTTAL = [
    (
        "The chiropractor asserts that conservative care did not help. This is contradicted by"
        " his own notes.",
        {"failed_first_line": "not_documented"},
    ),
]

# The worker back at a job in other words, pointing back to the return-to-work criterion.
BACK_AT_WORK = [
    (
        "Opioids may be continued when the patient has returned to work. By the last visit she"
        " was back on her regular shifts at the warehouse.",
        {"return_to_work": "documented"},
    ),
]

# The latest finding about a factor decides, several sentences after its criterion: the
# factor's own measures (pain ratings from one value to another, a percentage or duration of
# relief, too little of a care) past sentences about other things.
DISCOURSE_SCOPE = [
    (
        "A second block is supported only with 50% pain relief for six weeks. She had the first"
        " block in May. Her MRI shows a disc bulge at L5-S1. The surgeon's note gives no"
        " percentage and no duration of relief.",
        {"pain_relief": "not_documented"},
    ),
    (
        "Surgery follows three months of conservative care. The MRI shows a large herniation."
        " The EMG confirms an S1 radiculopathy. He had only two weeks of physical therapy.",
        {"failed_first_line": "not_documented"},
    ),
]

# Two ratings compared are relief only when the lower takes away at least a fifth of the higher
# (the component's relief_minimum; the "relief_ratings" rule reads them): one point of eight, or
# the same rating with and without the drug, is no relief.
RELIEF_SHARE = [
    (
        "At the May visit she gave her pain as 6/10 with medications and 7/10 without.",
        {"pain_relief": "not_documented"},
    ),
    (
        "At the May visit she gave her pain as 3/10 with medications and 7/10 without.",
        {"pain_relief": "documented"},
    ),
    (
        "Continued use requires a reduction in pain. She has had the drug since May. Her neck"
        " pain went from 6/10 to 6/10 over the quarter.",
        {"pain_relief": "not_documented", "duration_of_use": "documented"},
    ),
]

# A rating that fell, several sentences after the relief criterion, with a clause of its own
# about something else: only its clause says whether relief is met.
MEASURE_CLAUSE = [
    (
        "The guideline's mark for an antidepressant is a reduction in pain of 30%. She also has"
        " diabetes. The burning in her feet went down from 7/10 to 3/10 on duloxetine, although"
        " she still cannot stand for long.",
        {"pain_relief": "documented"},
    ),
]

# Two ratings compared ("versus", "compared with") point back to the relief criterion and are
# judged by the same share; a condition's scope runs on over a list joined by commas, where the
# patient named is the guideline's patient; "if" after a lack in the record asks a question, it
# states no condition; "Neither appears in the submitted reports." points back as a lack.
COMPARED_AND_CONDITIONS = [
    (
        "After a trial of duloxetine the guideline looks for a 30% reduction in pain. On the last"
        " visit she rated the pain 3/10 on duloxetine compared with 7/10 before it.",
        {"pain_relief": "documented"},
    ),
    (
        "After a trial of duloxetine the guideline looks for a 30% reduction in pain. On the last"
        " visit she rated the pain 6/10 on duloxetine compared with 7/10 before it.",
        {"pain_relief": "not_documented"},
    ),
    (
        "A program is recommended if a full evaluation is done, the patient is motivated, and"
        " earlier treatments have been unsuccessful.",
        {"failed_first_line": "requirement"},
    ),
    (
        "The submitted notes do not say how many visits she had or if she made any functional"
        " improvement with them.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "An MRI is considered when the examination shows a deficit, the claimant has not"
        " improved after physical therapy, and surgery is planned.",
        {"failed_first_line": "requirement"},
    ),
    (
        "Renewal is conditioned on a reduction in pain that the patient reports. Neither appears"
        " in the submitted reports.",
        {"pain_relief": "not_documented"},
    ),
]

# A later contrast clause that names another factor still finds this one lacking when it also
# holds this factor's own measure ("her daily activity").
LATER_CLAUSE_MEASURE = [
    (
        "He says the patch lets him sleep, but no change in his pain or his daily activities is"
        " recorded.",
        {"functional_improvement": "not_documented", "pain_relief": "not_documented"},
    ),
]

# Second-hand reports as findings: the PR-2, what the patient reported or the claimant states,
# a reporting verb before a pronoun pointing back, "the most recent one" with a screen's result;
# the worker's full shifts are return to work's own words, met even beside another factor.
SECOND_HAND = [
    (
        "Opioids are continued when pain relief is shown. Per the PR-2 of 5/2016, pain is 4/10"
        " with medication and 8/10 without.",
        {"pain_relief": "documented"},
    ),
    (
        "Continuation calls for return to work. According to the PR-2, she is working full duty.",
        {"return_to_work": "documented"},
    ),
    (
        "Continuation calls for functional improvement. The claimant states she can now vacuum"
        " and cook for her family.",
        {"functional_improvement": "documented"},
    ),
    (
        "Ongoing opioid use requires documented pain relief. The primary treating physician"
        " reported that this was not achieved.",
        {"pain_relief": "not_documented"},
    ),
    (
        "A drug screen should be done before renewal. The most recent one, from March, was"
        " consistent with the prescriptions.",
        {"urine_drug_screen": "documented"},
    ),
    (
        "Opioids may be continued when the patient has returned to work. The worker, who"
        " signed an opioid agreement, has been back on her full shifts at the hospital.",
        {"return_to_work": "documented", "opioid_agreement": "documented"},
    ),
]

# Overturned in the next sentence: a later lack stated by its predicate ("no specific
# functional gains are identified"), a rebuttal that opens with "However,", a specific activity
# that is not named pointing back to the function criterion.
OVERTURNED = [
    (
        "The physician notes the patient has functional improvement with the medication."
        " However, no specific functional gains are identified.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "The chiropractor asserts that conservative care did not help. However, this is at odds"
        " with his own notes.",
        {"failed_first_line": "not_documented"},
    ),
    (
        "Ongoing use requires functional improvement. The physician wrote that she is doing"
        " better. No specific activity is named, however.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Guidelines recommend urine drug screens for patients on opioids. A written agreement is"
        " also advised.",
        {"urine_drug_screen": "requirement", "opioid_agreement": "requirement"},
    ),
]

# A lack stated just before the criterion: the sentence right before a requirement, naming no
# factor of its own, that finds the care or its outcome lacking answers it.
LACK_BEFORE = [
    (
        "She has had PT before. How many visits she completed, and what came of them, is not"
        " documented. Further therapy requires objective improvement from the prior course.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "He has not had any therapy for the back. Surgery is reserved for pain that has not"
        " responded to conservative care.",
        {"failed_first_line": "not_documented"},
    ),
    (
        "No urine drug screen is on file. Continued opioids require a drug screen and improved"
        " function.",
        {"urine_drug_screen": "not_documented", "functional_improvement": "requirement"},
    ),
]

CASES = (
    CARE_FAILED_LATER
    + NOT_FIRST_LINE_CLASS
    + CONDITION_SCOPE
    + LACK_POINTING_BACK
    + MME_THRESHOLD
    + WEANING_ADVICE
    + BENEFIT_VERDICT
    + TENSE_ADVERBS
    + REBUTTAL
    + BACK_AT_WORK
    + DISCOURSE_SCOPE
    + RELIEF_SHARE
    + MEASURE_CLAUSE
    + COMPARED_AND_CONDITIONS
    + LATER_CLAUSE_MEASURE
    + SECOND_HAND
    + OVERTURNED
    + LACK_BEFORE
)


@pytest.mark.parametrize(("rationale", "expected"), CASES)
def test_round5(nlp, rationale, expected):
    assert statuses(nlp, rationale) == expected


def test_relief_minimum_is_factory_config():
    import spacy

    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("imr_rationale", config={"relief_minimum": 0.1})
    assert pipe.relief_minimum == 0.1
    pipe.initialize(lambda: [], nlp=nlp)
    assert pipe.relief_share("pain went from 8/10 to 7/10") == 0.125
    assert pipe.relief_share("6/10 with medications and 8/10 without") == 0.25
    assert pipe.relief_share("8/10 with and without the medication") == 0.0
    assert pipe.relief_share("pain of 8/10") is None
