"""Rationale factors (with ConText negation) and pain scores."""

from __future__ import annotations

import pytest

# Invented text in the 2016 shape, written for these tests.
LETTER = """Case Number: CM16-0888888
Date Assigned: 10/03/2016 Date of Injury: 02/02/2012
Decision Date: 11/04/2016 UR Denial Date: 09/20/2016
Priority: Standard Application Received: 09/28/2016
CLINICAL CASE SUMMARY
A 51 year old man hurt his shoulder unloading tiles on 02/02/2012. At the last visit his pain
was 8/10 without medications and 4/10 with them; seen again on 9/10/2016, it was 6-7/10. With
medications, he rates it 3 out of 10.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Oxycodone 10mg #90: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Page(s): 80.
Decision rationale: He has taken oxycodone for more than three years. There is no evidence of
functional improvement and no urine drug screen has been done. His dose is above the 120mg
MED limit. He has returned to modified duty. A slow taper is advised. The request is not
medically necessary.
"""


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(LETTER)


def test_factors_are_linked_and_carry_negation(doc):
    found = {
        s.label_: (s._.decision_id, bool(s._.is_negated)) for s in doc.spans["rationale_factors"]
    }
    assert found["duration_of_use"] == (0, False)
    assert found["functional_improvement"] == (0, True)
    assert found["urine_drug_screen"] == (0, True)
    assert found["mme_above_120"] == (0, False)
    assert found["return_to_work"] == (0, False)
    assert found["weaning_recommended"] == (0, False)
    assert all(s.id_.startswith("factor.") for s in doc.spans["rationale_factors"])


def test_pain_scores_are_letter_facts(doc):
    scores = [(p.score, p.with_medication) for p in doc._.pain_scores]
    assert scores == [(8.0, False), (4.0, True), (7.0, None), (3.0, True)]
    first = doc._.pain_scores[0]
    assert doc.text[first.start_char : first.end_char] == "8/10"


@pytest.mark.filterwarnings("ignore::imr_nlp.IMRWarning")
def test_no_factors_outside_rationales(nlp):
    doc = nlp("The worker returned to work and had a urine drug screen.")
    assert list(doc.spans["rationale_factors"]) == []
