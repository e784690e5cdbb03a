"""Status of rationale factors by mechanism, not by wording: finding predicates, conditions,
lack openings, pointing back, clauses and hedges (docs/factors.md, session 21). Every sentence
is invented for these tests."""

from __future__ import annotations

import pytest

# Invented text in the 2016 shape, written for these tests.
HEAD = """Case Number: CM16-0777777
Date Assigned: 10/03/2016 Date of Injury: 02/02/2012
Decision Date: 11/04/2016 UR Denial Date: 09/20/2016
Priority: Standard Application Received: 09/28/2016
CLINICAL CASE SUMMARY
A 49 year old woman hurt her back lifting a crate at work.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Hydrocodone 10/325mg #60: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines.
"""


def statuses(nlp, rationale: str) -> dict[str, str]:
    """Factor label -> status of decision 0 (a finding wins over a requirement)."""
    doc = nlp(HEAD + f"Decision rationale: {rationale}\n")
    found: dict[str, str] = {}
    for span in doc.spans["rationale_factors"]:
        if found.get(span.label_) in (None, "requirement") or span._.status != "requirement":
            found[span.label_] = span._.status
    return found


# A finding stated by its predicate, with no subject naming the patient or the records, in a
# sentence with no condition, modal or guideline before it.
FINDING_PREDICATES = [
    (
        "The file lacks any measure of functional improvement.",
        {"functional_improvement": "not_documented"},
    ),
    ("Objective functional improvement is absent.", {"functional_improvement": "not_documented"}),
    (
        "The provider failed to document functional improvement.",
        {"functional_improvement": "not_documented"},
    ),
    ("Evidence of a signed opioid agreement is missing.", {"opioid_agreement": "not_documented"}),
    (
        "Documentation of pain relief with the medication could not be found.",
        {"pain_relief": "not_documented"},
    ),
    (
        "It is unknown whether the claimant has had any functional improvement.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "The reviewer is unable to find evidence of functional improvement.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "There has been no demonstrated functional improvement.",
        {"functional_improvement": "not_documented"},
    ),
    ("Functional gains were never quantified.", {"functional_improvement": "not_documented"}),
    ("Conservative care has not been exhausted.", {"failed_first_line": "not_documented"}),
    (
        "Neither pain relief nor functional improvement is documented.",
        {"pain_relief": "not_documented", "functional_improvement": "not_documented"},
    ),
    (
        "Functional improvement is documented with increased walking distance.",
        {"functional_improvement": "documented"},
    ),
    ("Pain relief of 50% is documented.", {"pain_relief": "documented"}),
    ("Dr. Lee noted a 40% reduction in pain with the medication.", {"pain_relief": "documented"}),
    (
        "The treating doctor also notes a two point drop in pain with each dose.",
        {"pain_relief": "documented"},
    ),
    (
        "The physician repeatedly reports no reduction in pain on the medication.",
        {"pain_relief": "not_documented"},
    ),
    (
        "According to the progress note, the medication reduces pain by 40%.",
        {"pain_relief": "documented"},
    ),
    (
        "The notes state the medication reduces his pain by roughly half.",
        {"pain_relief": "documented"},
    ),
    (
        "Pain relief of about 40% with the medication is described in the progress notes.",
        {"pain_relief": "documented"},
    ),
    (
        "The current regimen totals 180 mg morphine equivalents a day, well above 120.",
        {"mme_above_120": "documented"},
    ),
    (
        "There appears to be no documentation of functional improvement.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "There seems to be little evidence of functional improvement.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Improvement in function has not been objectively measured.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "It is not clear what conservative treatment has been tried.",
        {"failed_first_line": "not_documented"},
    ),
    ("Work status is temporarily totally disabled.", {"return_to_work": "not_documented"}),
    (
        "The patient reportedly obtains 50% pain relief with the medication.",
        {"pain_relief": "documented"},
    ),
]

# The same predicates after a condition, a modal or a guideline, and a patient who would need to
# show something: requirements.
CONDITIONS_STAY_REQUIREMENTS = [
    (
        ("Opioids are continued only when pain relief and functional improvement are documented."),
        {"pain_relief": "requirement", "functional_improvement": "requirement"},
    ),
    (
        "Continuation is appropriate as long as functional improvement is demonstrated.",
        {"functional_improvement": "requirement"},
    ),
    (
        (
            "Continued opioid use should be based on documented pain relief and functional "
            "improvement."
        ),
        {"pain_relief": "requirement", "functional_improvement": "requirement"},
    ),
    (
        "If there is no improvement in function, opioids should be discontinued.",
        {"functional_improvement": "requirement"},
    ),
    (
        "Without functional improvement, opioids should be discontinued.",
        {"functional_improvement": "requirement"},
    ),
    (
        "To continue, the patient would need to show objective functional improvement.",
        {"functional_improvement": "requirement"},
    ),
    (
        (
            "The claimant will need to demonstrate pain relief with the medication before "
            "more is approved."
        ),
        {"pain_relief": "requirement"},
    ),
    (
        "He needs to have a urine drug screen before refills are given.",
        {"urine_drug_screen": "requirement"},
    ),
    ("Ongoing use requires documentation of pain relief.", {"pain_relief": "requirement"}),
]

# A sentence that opens with the lack it rests on, or with a lack and ends in the conclusion on
# the request.
LACK_OPENINGS = [
    (
        "Absent documentation of functional improvement, continued use is not supported.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Without evidence of pain relief, the request is not medically necessary.",
        {"pain_relief": "not_documented"},
    ),
    (
        (
            "Therefore, without documented functional improvement, continued use is not "
            "medically necessary."
        ),
        {"functional_improvement": "not_documented"},
    ),
    (
        "Without any objective pain relief, the request is not certified.",
        {"pain_relief": "not_documented"},
    ),
]

# A next sentence pointing back with a pronoun, 'None', or a finding that the treatments were
# tried.
POINTING_BACK = [
    (
        (
            "Massage may be continued when it brings pain relief and functional improvement. "
            "After ten visits, the notes do not reflect either."
        ),
        {"functional_improvement": "not_documented", "pain_relief": "not_documented"},
    ),
    (
        ("The guidelines require objective functional improvement. This has not been documented."),
        {"functional_improvement": "not_documented"},
    ),
    (
        (
            "Opioids are continued only with objective functional improvement. That has not "
            "been shown here."
        ),
        {"functional_improvement": "not_documented"},
    ),
    (
        (
            "The ongoing use of opioids hinges on pain relief and functional improvement. "
            "Neither has been shown in this case."
        ),
        {"functional_improvement": "not_documented", "pain_relief": "not_documented"},
    ),
    (
        (
            "More sessions require evidence of functional improvement from the first set. "
            "None was reported."
        ),
        {"functional_improvement": "not_documented"},
    ),
    (
        (
            "Imaging is appropriate after conservative care fails. This patient has had only "
            "two weeks of therapy."
        ),
        {"failed_first_line": "not_documented"},
    ),
    (
        (
            "Opioids are recommended after failure of first-line agents. He tried ibuprofen "
            "and gabapentin first."
        ),
        {"failed_first_line": "documented"},
    ),
    (
        (
            "Celecoxib is an option after failure of first-line NSAIDs. The claimant "
            "developed an ulcer on naproxen."
        ),
        {"failed_first_line": "documented"},
    ),
    (
        (
            "Arthroscopy follows several months of conservative care. She has had a single "
            "session of therapy."
        ),
        {"failed_first_line": "not_documented"},
    ),
    (
        (
            "Before opioids are continued, guidelines suggest a written opioid agreement and "
            "periodic urine drug screens. This is a short postoperative supply, so these "
            "steps are not needed now."
        ),
        {"opioid_agreement": "requirement", "urine_drug_screen": "requirement"},
    ),
]

# A contrast cuts a clause; a lack in a later contrast clause, or in the main clause after an
# opening concession, with no factor of its own qualifies the factor before it (the reviewer's
# last word).
CLAUSES = [
    (
        ("There is documentation of a signed opioid agreement, but no recent urine drug screen."),
        {"opioid_agreement": "documented", "urine_drug_screen": "not_documented"},
    ),
    (
        "The chart includes a signed opioid agreement but no recent urine drug screen.",
        {"opioid_agreement": "documented", "urine_drug_screen": "not_documented"},
    ),
    (
        (
            "The physician reports pain relief with the medication, but offers no percentage "
            "or duration."
        ),
        {"pain_relief": "not_documented"},
    ),
    (
        ("Guidelines require objective functional improvement, but the records do not show any."),
        {"functional_improvement": "not_documented"},
    ),
    (
        (
            "A signed opioid agreement is on file, but the patient now wishes to stop the "
            "medication."
        ),
        {"opioid_agreement": "documented"},
    ),
    (
        (
            "While guidelines support random urine drug testing, the submitted records "
            "include no such testing."
        ),
        {"urine_drug_screen": "not_documented"},
    ),
    (
        ("There is minimal documentation of functional improvement, and no record of pain scores."),
        {"functional_improvement": "not_documented", "pain_relief": "not_documented"},
    ),
]

# A worker stated off work in other words, first-line care still due: findings of lack; a drug
# that no longer works is no work factor.
STATED_OFF_OR_DUE = [
    ("The patient no longer works.", {"return_to_work": "not_documented"}),
    ("She has not worked since the injury.", {"return_to_work": "not_documented"}),
    ("He is unemployed.", {"return_to_work": "not_documented"}),
    ("The medication no longer works.", {}),
    ("The claimant has yet to try physical therapy.", {"failed_first_line": "not_documented"}),
    (
        "She has yet to complete the authorized course of physical therapy.",
        {"failed_first_line": "not_documented"},
    ),
]

# A negation of something else than the criterion, as the 4 A's are reported, is not the factor's.
NEGATED_OTHER = [
    ("The patient reports 50% pain relief with no side effects.", {"pain_relief": "documented"}),
    (
        "The patient reports pain relief with no side effects or aberrant behaviors.",
        {"pain_relief": "documented"},
    ),
    (
        "There are no aberrant behaviors and functional improvement is documented.",
        {"functional_improvement": "documented"},
    ),
    ("The last urine drug screen showed no illicit drugs.", {"urine_drug_screen": "documented"}),
    (
        "He reports improved function without adverse effects.",
        {"functional_improvement": "documented"},
    ),
    (
        "Pain relief and improved function are reported, with no signs of misuse.",
        {"pain_relief": "documented", "functional_improvement": "documented"},
    ),
    (
        "The patient reports pain relief with the medication, but no side effects.",
        {"pain_relief": "documented"},
    ),
]

# Double negatives are no lack; too little said or done is one.
HEDGES = [
    (
        "The last urine drug screen was not inconsistent with the prescribed medications.",
        {"urine_drug_screen": "documented"},
    ),
    (
        "The patient gets not insignificant pain relief from the patch.",
        {"pain_relief": "documented"},
    ),
    (
        "The patient could not tolerate NSAIDs because of gastritis.",
        {"failed_first_line": "documented"},
    ),
    ("He has not returned to work.", {"return_to_work": "not_documented"}),
    ("He has never had a urine drug screen.", {"urine_drug_screen": "not_documented"}),
]


CASES = (
    FINDING_PREDICATES
    + CONDITIONS_STAY_REQUIREMENTS
    + LACK_OPENINGS
    + POINTING_BACK
    + CLAUSES
    + STATED_OFF_OR_DUE
    + NEGATED_OTHER
    + HEDGES
)


@pytest.mark.parametrize(("rationale", "expected"), CASES)
def test_status_by_mechanism(nlp, rationale, expected):
    assert statuses(nlp, rationale) == expected
