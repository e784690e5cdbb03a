"""Status of rationale factors by mechanism, round 2 (docs/factors.md, session 22): conditions
stated with the patient as a modal's subject, prohibitions with 'unless', lists of criteria,
a finding carried over to the next factor ('The same is true of ...'), the lack of a factor's
object pointing back, new subjects after ', and', hedges, advice and 'despite'. Every sentence
is invented for these tests."""

from __future__ import annotations

import pytest

from tests.test_rationale_status_mechanisms import statuses

# A sentence whose subject is the patient with a modal states what would have to be shown: a
# condition, even with "his / her" later. Advice to wean stays advice.
MODAL_CONDITIONS = [
    (
        "Before opioids are started, the patient should sign an opioid agreement that sets out"
        " his duties.",
        {"opioid_agreement": "requirement"},
    ),
    (
        "He must show functional improvement on her prescribed regimen before more visits.",
        {"functional_improvement": "requirement"},
    ),
    ("The patient should be weaned from the opioid.", {"weaning_recommended": "documented"}),
]

# The guideline's condition with 'only' and a population between, and a prohibition with its
# condition ('No ... unless'), are requirements; a sentence opening with 'No' that states a
# lack is still a finding.
PROHIBITIONS_AND_ONLY = [
    (
        "No further sessions unless the patient shows objective functional improvement.",
        {"functional_improvement": "requirement"},
    ),
    ("No functional improvement has been shown.", {"functional_improvement": "not_documented"}),
    (
        "Facet blocks are recommended only for patients with facet pain when conservative"
        " care has failed to help. No repeat blocks unless 50% pain relief is obtained.",
        {"failed_first_line": "requirement", "pain_relief": "requirement"},
    ),
]

# A sentence that opens a list of criteria with a colon quotes the guideline in every clause,
# even a clause naming 'the patient'. 'The criteria are not met: ...' is a finding.
CRITERIA_LISTS = [
    (
        "Criteria for a functional restoration program include: the patient has lost the"
        " ability to work; previous methods of treating the pain have been unsuccessful; and"
        " the patient is motivated to change.",
        {"failed_first_line": "requirement"},
    ),
    (
        "The following criteria must be met: the patient has a signed opioid agreement, and"
        " random urine drug screens are done.",
        {"opioid_agreement": "requirement", "urine_drug_screen": "requirement"},
    ),
    (
        "The criteria for continued use are not met: there is no documented pain relief.",
        {"pain_relief": "not_documented"},
    ),
]

# 'The same is true of X', 'Likewise, X': X takes the finding of the sentence before.
CARRIED_OVER = [
    (
        "Pain scores before and after each dose are not recorded. The same is true of"
        " functional improvement.",
        {"pain_relief": "not_documented", "functional_improvement": "not_documented"},
    ),
    (
        "The records document a signed opioid agreement. The same goes for urine drug screening.",
        {"opioid_agreement": "documented", "urine_drug_screen": "documented"},
    ),
    (
        "Guidelines call for functional improvement. The same applies to pain relief.",
        {"functional_improvement": "requirement", "pain_relief": "requirement"},
    ),
]

# The lack of the criterion's object in the next sentence points back to it: the drug tests,
# the agreement, the care tried. A fact of the case ('the request was made on ...') is no
# conclusion, and a clause opening with 'no' is a finding.
OBJECT_LACKING = [
    (
        "Random drug testing is recommended for patients on opioids. He takes oxycodone daily,"
        " and no screen has been done this year.",
        {"urine_drug_screen": "not_documented"},
    ),
    (
        "An opioid agreement is advised before opioids are continued. The records show no"
        " agreement on file.",
        {"opioid_agreement": "not_documented"},
    ),
    (
        "An epidural injection is reasonable after four weeks of conservative care. The"
        " request was made two days after the injury, and no therapy or medication trial"
        " preceded it.",
        {"failed_first_line": "not_documented"},
    ),
    (
        "Guidelines call for review of pain relief and functional improvement. She has taken"
        " the drug since 2013. The last note gives her pain as 7/10 with no comparison to pain"
        " levels before the dose, and there is no discussion of her activities of daily living.",
        {
            "pain_relief": "not_documented",
            "functional_improvement": "not_documented",
            "duration_of_use": "documented",
        },
    ),
    (
        "Guidelines call for review of pain relief. She has taken the drug since 2013. She has"
        " no other complaints and no neurological deficit.",
        {"pain_relief": "requirement", "duration_of_use": "documented"},
    ),
    (
        "Sleep aids are not advised beyond short-term use. The records do not state when"
        " zolpidem was started.",
        {"duration_of_use": "not_documented"},
    ),
    (
        "Treatment is not suggested for longer than two weeks without evidence of functional"
        " improvement. After 60 hours the summary shows her lifting capacity unchanged, and she"
        " remains off work.",
        # a programme's length is no drug's duration of use (GUIDE.md; session 23)
        {
            "functional_improvement": "not_documented",
            "return_to_work": "not_documented",
        },
    ),
    (
        "Drug testing is recommended for patients on long-acting opioids. There is no sign of"
        " a need for drugs for which a screen would be advised.",
        {"urine_drug_screen": "requirement"},
    ),
]

# A new subject after ', and' opened by an article ends the clause; a hedge on little
# evidence is a lack; weaning advised with words between; 'despite' care takes it as had.
CLAUSES_HEDGES_ADVICE = [
    (
        "The notes show no change in function, and a urine drug screen from May was"
        " consistent with the prescribed medications.",
        {"functional_improvement": "not_documented", "urine_drug_screen": "documented"},
    ),
    (
        "There is little, if any, evidence that her function has improved.",
        {"functional_improvement": "not_documented"},
    ),
    ("Weaning to a lower dose should be undertaken.", {"weaning_recommended": "documented"}),
    (
        "Despite six weeks of physical therapy and an injection, she still cannot raise her arm.",
        {"failed_first_line": "documented"},
    ),
    (
        "Imaging is indicated when symptoms persist despite six weeks of conservative care.",
        {"failed_first_line": "requirement"},
    ),
]

# The scope of a lack over a list: the last item after ', and the ...' stays in the list's
# clause; ', and the records show ...' (a verb of its own) opens a new clause.
LIST_SCOPE = [
    (
        "There is no documentation of pain relief, functional improvement, and the results of"
        " urine drug testing.",
        {
            "pain_relief": "not_documented",
            "functional_improvement": "not_documented",
            "urine_drug_screen": "not_documented",
        },
    ),
    (
        "He has used the drug since 2014, and the records show no pain relief.",
        {"duration_of_use": "documented", "pain_relief": "not_documented"},
    ),
]

# A criterion's clause (a requirement, modal or condition before the factor, no record cue of
# its own but the patient as an owner) states the criterion; a later clause that is a finding
# may find it lacking, whatever it opens with.
CRITERION_CLAUSES = [
    (
        "Ongoing use requires that the patient demonstrate functional improvement; the records"
        " show none.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "The prescriber is expected to review the pain relief obtained and the patient's"
        " functional status at each visit.",
        {"pain_relief": "requirement", "functional_improvement": "requirement"},
    ),
    (
        "Opioids may continue if there is pain relief; she is not working.",
        {"pain_relief": "requirement", "return_to_work": "not_documented"},
    ),
    (
        "The records show no pain relief, as the guideline requires.",
        {"pain_relief": "not_documented"},
    ),
]

# A finding told by its tense or an appraisal, with the factor as the subject: a guideline
# states its criteria in the present with modals and conditions. An appraisal of too little
# is a lack. A treatment's effect in the past tense is a finding even in the factor's words.
TENSE_AND_APPRAISAL = [
    ("Pain relief was minimal.", {"pain_relief": "not_documented"}),
    (
        "Functional improvement has been modest at best.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Functional improvement was seen after the first six visits.",
        {"functional_improvement": "documented"},
    ),
    ("Urine drug testing has been done twice this year.", {"urine_drug_screen": "documented"}),
    ("Return to work has not occurred.", {"return_to_work": "not_documented"}),
    ("Pain relief is good, with minimal side effects.", {"pain_relief": "documented"}),
    ("Pain relief is required for continued use.", {"pain_relief": "requirement"}),
    (
        "Opioids may be continued if pain relief has been maintained.",
        {"pain_relief": "requirement"},
    ),
    (
        "Massage is an option for patients whose medication has been reduced, and functional"
        " gains are expected within six visits.",
        {"functional_improvement": "requirement"},
    ),
    (
        "Facet blocks are limited to patients with documentation of failure of conservative"
        " treatment.",
        {"failed_first_line": "requirement"},
    ),
    ("Gabapentin gave no relief.", {"failed_first_line": "documented"}),
    ("Physical therapy and NSAIDs did not help.", {"failed_first_line": "documented"}),
    (
        "If therapy did not help, an injection may be considered.",
        {"failed_first_line": "requirement"},
    ),
]

# Factor words (recall): a change of function with the function as the subject (the negation
# is the finding's context), pain's change as a noun after it, a drug test in the singular,
# a first-line drug's side effects.
FACTOR_WORDS = [
    ("His function has not improved.", {"functional_improvement": "not_documented"}),
    (
        "The notes do not say whether her function has changed.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Opioids should be continued if function has improved.",
        {"functional_improvement": "requirement"},
    ),
    ("There is no documentation of pain decrease.", {"pain_relief": "not_documented"}),
    ("His last random drug test was appropriate.", {"urine_drug_screen": "documented"}),
    (
        "There is no evidence that he has been screened for drug use.",
        {"urine_drug_screen": "not_documented"},
    ),
    (
        "She previously tried gabapentin, which made her too dizzy to drive.",
        {"failed_first_line": "documented"},
    ),
    ("Oral medications have caused gastric distress.", {"failed_first_line": "documented"}),
    ("His average pain is 8/10 without Norco and 4/10 with it.", {"pain_relief": "documented"}),
]

# The reviewer's doubt about what the record claims is a finding of lack.
DOUBTS = [
    (
        "Any functional improvement claimed by the patient is unsubstantiated.",
        {"functional_improvement": "not_documented"},
    ),
    ("Functional improvement seems doubtful.", {"functional_improvement": "not_documented"}),
    (
        "The claimed pain relief is not supported by the ratings in the notes.",
        {"pain_relief": "not_documented"},
    ),
    ("Pain relief is described only in vague terms.", {"pain_relief": "not_documented"}),
    (
        "Opioids are continued when functional improvement is shown in the notes.",
        {"functional_improvement": "requirement"},
    ),
]

# A sentence that opens with the premise the reviewer takes as established states a finding.
PREMISES = [
    (
        "Given the intolerance of the nonselective agents, celecoxib is a fair alternative.",
        {"failed_first_line": "documented"},
    ),
    (
        "Given the lack of functional improvement, the request is not certified.",
        {"functional_improvement": "not_documented"},
    ),
    (
        "Given the guideline criteria of functional improvement, further visits are not indicated.",
        {"functional_improvement": "requirement"},
    ),
]

CASES = (
    MODAL_CONDITIONS
    + PROHIBITIONS_AND_ONLY
    + CRITERIA_LISTS
    + CARRIED_OVER
    + OBJECT_LACKING
    + CLAUSES_HEDGES_ADVICE
    + LIST_SCOPE
    + CRITERION_CLAUSES
    + TENSE_AND_APPRAISAL
    + FACTOR_WORDS
    + DOUBTS
    + PREMISES
)


@pytest.mark.parametrize(("rationale", "expected"), CASES)
def test_status_by_mechanism_round2(nlp, rationale, expected):
    assert statuses(nlp, rationale) == expected
