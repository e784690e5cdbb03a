"""``doc._.case.diagnoses``: the patient's diagnoses as the case summary states them (invented
letters)."""

from __future__ import annotations

import pytest

import imr_nlp
from imr_nlp import CaseInfo, Diagnosis

HEADER = """Case Number: CM16-0999998
Date Assigned: 11/01/2016 Date of Injury: 05/05/2010
Decision Date: 12/01/2016 UR Denial Date: 10/20/2016
Priority: Standard Application Received: 10/25/2016
CLINICAL CASE SUMMARY
"""
DECISIONS = """IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Physical therapy x 8 visits: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment
Guidelines 2009.
MAXIMUS guideline: Decision based on ODG Low Back Chapter, Physical therapy.
Decision rationale: ODG allows 10 visits for myalgia and myositis and 26 visits for complex
regional pain syndrome. The MTUS does not recommend therapy for hypertension. The request is
not medically necessary.
"""


@pytest.fixture(scope="module")
def rules_nlp():
    return imr_nlp.load(model=False)


def diagnoses(nlp, summary: str) -> list[Diagnosis]:
    doc = nlp(HEADER + summary + DECISIONS)
    return doc._.case.diagnoses


def texts(found: list[Diagnosis]) -> list[str]:
    return [d.text for d in found]


def test_a_diagnosis_list_gives_each_diagnosis_once_with_codes(rules_nlp):
    found = diagnoses(
        rules_nlp,
        "The worker, a 50 year old cook, is treated for lumbar radiculopathy and carpal tunnel\n"
        "syndrome. Diagnoses include lumbar radiculopathy and right shoulder contusion.\n",
    )
    assert texts(found) == [
        "lumbar radiculopathy",
        "carpal tunnel syndrome",
        "right shoulder contusion",
    ]
    assert [d.icd10 for d in found] == ["M54.16", "G56.00", "S40.011A"]


def test_guideline_quotations_in_the_rationale_are_not_the_patients(rules_nlp):
    found = texts(diagnoses(rules_nlp, "Diagnoses include cervical strain.\n"))
    assert found == ["cervical strain"]
    assert not {"myalgia", "complex regional pain syndrome", "hypertension"} & set(found)


def test_negated_and_rule_out_conditions_are_left_out(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "She is diagnosed with plantar fasciitis. There is no evidence of lumbar\n"
            "radiculopathy. The physician wants to rule out carpal tunnel syndrome.\n",
        )
    )
    assert found == ["plantar fasciitis"]


def test_the_condition_a_claim_is_filed_for(rules_nlp):
    doc = rules_nlp(
        HEADER + "The applicant is a 40-year-old man who has filed a claim for chronic neck pain\n"
        "reportedly associated with an industrial injury of May 5, 2010.\n" + DECISIONS
    )
    assert texts(doc._.case.diagnoses) == ["chronic neck pain"]
    # Also a DIAGNOSIS entity: every case diagnosis is a mention in doc.ents (API.md).
    assert [e.text for e in doc.ents if e.label_ == "DIAGNOSIS"] == ["chronic neck pain"]


def test_a_claim_for_several_conditions(rules_nlp):
    found = diagnoses(
        rules_nlp,
        "The applicant is a 52-year-old clerk who has filed a claim for right wrist pain and\n"
        "left elbow epicondylitis allegedly due to repetitive typing.\n",
    )
    assert texts(found) == ["right wrist pain", "left elbow epicondylitis"]


def test_icd10_descriptions_written_out_and_split_across_lines(rules_nlp):
    found = diagnoses(
        rules_nlp,
        "The diagnoses were documented as other intervertebral disc displacement, lumbosacral\n"
        "region; and strain of muscle, fascia and tendon of lower back, subsequent encounter.\n",
    )
    assert texts(found) == [
        "other intervertebral disc displacement, lumbosacral region",
        "strain of muscle, fascia and tendon of lower back, subsequent encounter",
    ]
    assert found[0].icd10 == "M51.27"
    assert found[1].icd10.startswith("S39.012")


def test_status_post_and_pain_listed_as_diagnoses(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Current diagnoses are left knee pain, status post arthroscopy of the left knee and\n"
            "wound infection of the left knee. Surgery was on 03/03/2016.\n",
        )
    )
    assert found == [
        "left knee pain",
        "status post arthroscopy of the left knee",
        "wound infection of the left knee",
    ]


def test_findings_and_the_mechanism_of_injury_are_not_stated_diagnoses(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "The mechanism of injury was a crush injury. Diagnoses include lateral epicondylitis.\n"
            "A nerve study showed findings indicative of cubital tunnel syndrome.\n",
        )
    )
    assert found == ["lateral epicondylitis"]


def test_a_study_showing_a_condition_is_a_finding(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Diagnoses include wrist sprain. A study read as showing carpal tunnel syndrome.\n",
        )
    )
    assert found == ["wrist sprain"]


def test_case_diagnoses_round_trip():
    case = CaseInfo(diagnoses=[Diagnosis("sciatica", "M54.30")])
    back = CaseInfo.from_dict(case.to_dict())
    assert back == case and isinstance(back.diagnoses[0], Diagnosis)


def test_the_header_date_of_injury_is_an_injury_date_without_the_case(rules_nlp):
    with rules_nlp.select_pipes(disable=["imr_case"]):
        doc = rules_nlp(HEADER + "She hurt her wrist.\n" + DECISIONS)
    assert doc._.case is None
    assert [e.text for e in doc.ents if e.label_ == "INJURY_DATE"] == ["05/05/2010"]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (  # numbered, one per line
            "Diagnoses:\n1) Cervical radiculopathy\n2) Left shoulder impingement syndrome\n"
            "3) Chronic pain syndrome\nShe returned on 02/02/2016.\n",
            [
                "Cervical radiculopathy",
                "Left shoulder impingement syndrome",
                "Chronic pain syndrome",
            ],
        ),
        (  # numbered on one line, each item a sentence, after a heading
            "Diagnoses: 1. Lumbar radiculopathy. 2. Right knee medial meniscus tear. 3. Status\n"
            "post right knee arthroscopy. He is seen monthly.\n",
            [
                "Lumbar radiculopathy",
                "Right knee medial meniscus tear",
                "Status post right knee arthroscopy",
            ],
        ),
        (  # numbered on one line, commas
            "Diagnoses include: 1) lumbar radiculopathy, 2) bilateral wrist tendinitis,\n"
            "3) myofascial pain. He is seen monthly.\n",
            ["lumbar radiculopathy", "bilateral wrist tendinitis", "myofascial pain"],
        ),
        (  # numbered, one per line, followed by a sentence with no diagnosis
            "Diagnoses:\n1) Cervical radiculopathy\n2) Left elbow tendinitis\n"
            "The patient returned to the clinic.\n",
            ["Cervical radiculopathy", "Left elbow tendinitis"],
        ),
        (  # semicolons
            "The diagnoses include lumbar radiculopathy; left knee pain; and depression.\n",
            ["lumbar radiculopathy", "left knee pain", "depression"],
        ),
        (  # commas, an item wrapped across a line break
            "The worker is being treated for right carpal tunnel\nsyndrome, left lateral "
            "epicondylitis, and low back pain.\n",
            ["right carpal tunnel syndrome", "left lateral epicondylitis", "low back pain"],
        ),
        (  # a piece relating a condition to something describes the item before it
            "Diagnoses include: lumbar strain, insomnia, depression, aggravated by chronic pain.\n",
            ["lumbar strain", "insomnia", "depression, aggravated by chronic pain"],
        ),
        (  # numbered items joined by "; and" before the last number
            "Diagnoses are: 1) left ankle sprain; 2) right hip bursitis; and 3) gout. He walks.\n",
            ["left ankle sprain", "right hip bursitis", "gout"],
        ),
        (  # the lead-in wrapped between its words
            "Her current diagnoses are documented\nas a strain of the right hip and insomnia.\n",
            ["strain of the right hip", "insomnia"],
        ),
    ],
)
def test_diagnosis_list_shapes(rules_nlp, summary, expected):
    assert texts(diagnoses(rules_nlp, summary)) == expected


def test_two_sites_sharing_one_condition_word_are_one_diagnosis(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "She has a diagnosis of chronic right sided hip and knee pain and insomnia.\n",
        )
    )
    assert found == ["chronic right sided hip and knee pain", "insomnia"]


def test_a_site_after_and_still_continues_the_item_before(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "He is treated for contusion of the upper back and pelvis subsequent encounter and\n"
            "contusion of the right knee subsequent encounter.\n",
        )
    )
    assert found == [
        "contusion of the upper back and pelvis subsequent encounter",
        "contusion of the right knee subsequent encounter",
    ]


def test_sprain_and_strain_is_one_diagnosis_not_a_bare_strain(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "He is being treated for thoracic and lumbar spine sprain and strain, depression,\n"
            "and obesity and hypertension. Her diagnoses include sprain and strain of the\n"
            "cervical spine.\n",
        )
    )
    assert found == [
        "thoracic and lumbar spine sprain and strain",
        "depression",
        "obesity",
        "hypertension",
        "sprain and strain of the cervical spine",
    ]
    assert "strain" not in found


def test_icd10_description_with_other_and_coordinated_conditions_is_one_item(rules_nlp):
    found = diagnoses(
        rules_nlp,
        "The diagnoses were documented as other synovitis and tenosynovitis, right hand;\n"
        "unspecified sprain of the right elbow; and pain in left leg.\n",
    )
    assert texts(found) == [
        "other synovitis and tenosynovitis, right hand",
        "unspecified sprain of the right elbow",
        "pain in left leg",
    ]
    assert [d.icd10 for d in found] == ["M65.841", "S53.401A", "M79.605"]


def test_hypothetical_list_items_are_their_own_items_and_left_out(rules_nlp):
    doc = rules_nlp(
        HEADER + "The diagnoses include open wound of left index finger, possible left index\n"
        "finger foreign body, status post laceration repair left index finger, and left index\n"
        "finger cellulitis.\n" + DECISIONS
    )
    assert texts(doc._.case.diagnoses) == [
        "open wound of left index finger",
        "status post laceration repair left index finger",
        "left index finger cellulitis",
    ]


def test_rule_out_in_a_list_does_not_reach_the_next_items(rules_nlp):
    doc = rules_nlp(
        HEADER + "The diagnoses include cervical strain, rule out lumbar radiculopathy, and\n"
        "right knee meniscus tear. Diagnoses include sciatica and probable lumbar disc\n"
        "herniation.\n" + DECISIONS
    )
    assert texts(doc._.case.diagnoses) == [
        "cervical strain",
        "right knee meniscus tear",
        "sciatica",
    ]
    # The ruled-out condition stays a DIAGNOSIS entity, flagged by ConText.
    ruled_out = [e for e in doc.ents if e.text == "lumbar radiculopathy"]
    assert ruled_out and ruled_out[0]._.is_hypothetical


def test_a_list_after_a_negation_is_not_the_patients(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "There is no diagnosis of peroneal tendinitis. She is not working. Diagnoses\n"
            "include lumbar, hip, and neck strain.\n",
        )
    )
    assert found == ["lumbar, hip, and neck strain"]


def test_a_semicolon_list_is_split_at_its_semicolons_only(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Records show the worker has diagnoses that include chronic low back pain; sprain\n"
            "of the left ankle, subsequent encounter; fracture of one rib, left side, with\n"
            "routine healing; insomnia and anxiety.\n",
        )
    )
    assert found == [
        "chronic low back pain",
        "sprain of the left ankle, subsequent encounter",
        "fracture of one rib, left side, with routine healing",
        "insomnia",
        "anxiety",
    ]
    assert "subsequent encounter" not in found


def test_one_semicolon_does_not_make_a_semicolon_list(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "She is being treated for neck pain, lumbar radiculopathy and depression; she\n"
            "works part time.\n",
        )
    )
    assert found[:3] == ["neck pain", "lumbar radiculopathy", "depression"]


def test_a_strain_and_sprain_with_a_tail_is_one_diagnosis(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "He is undergoing treatment for right knee strain and sprain with effusion, lumbar\n"
            "radiculopathy, and left ankle sprain and strain with instability.\n",
        )
    )
    assert found == [
        "right knee strain and sprain with effusion",
        "lumbar radiculopathy",
        "left ankle sprain and strain with instability",
    ]
    assert not any(t.startswith("sprain with") for t in found)


def test_listed_diagnoses_sharing_an_icd_code_are_both_kept(rules_nlp):
    found = diagnoses(
        rules_nlp,
        "The worker is undergoing treatment for lumbar radiculopathy, lumbar radiculitis and\n"
        "a left wrist contusion. Diagnoses include lumbar radiculopathy.\n",
    )
    assert texts(found) == ["lumbar radiculopathy", "lumbar radiculitis", "left wrist contusion"]
    assert found[0].icd10 == found[1].icd10 == "M54.16"


def test_a_code_seen_outside_a_list_still_keeps_a_later_item_out(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "He has had lumbar radiculopathy since the fall. Diagnoses include lumbar radiculitis\n"
            "and a left wrist contusion.\n",
        )
    )
    assert "lumbar radiculitis" not in found
    assert "left wrist contusion" in found


def test_a_condition_alone_after_and_shares_the_site_only_when_site_bound(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "She was diagnosed with a hip strain, right knee tendinitis and bursitis, and low\n"
            "back pain and depression.\n",
        )
    )
    assert "right knee tendinitis and bursitis" in found
    assert "bursitis" not in found
    assert "depression" in found
    assert not any(t.endswith("pain and depression") for t in found)


def test_joint_stiffness_items_are_conditions_of_their_own(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "He has had diagnoses of a left ulna fracture and stiffness of left elbow joint.\n",
        )
    )
    assert found == ["left ulna fracture", "stiffness of left elbow joint"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The hand surgeon suspected carpal tunnel syndrome and ordered a nerve study.",
        "The differential diagnosis also included carpal tunnel syndrome versus a neuropathy.",
        "The provider mentioned possible carpal tunnel syndrome, not yet confirmed.",
    ],
)
def test_a_condition_after_a_hypothesis_cue_in_prose_is_not_the_patients(rules_nlp, sentence):
    found = texts(diagnoses(rules_nlp, f"Diagnoses include lateral epicondylitis. {sentence}\n"))
    assert found == ["lateral epicondylitis"]


def test_condition_abbreviations_in_capitals_are_items_of_their_own(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "The diagnoses include trigger finger of the left thumb, and DDD lumbar spine.\n"
            "Diagnoses: PTSD; major depression; chronic pain disorder.\n",
        )
    )
    assert found == [
        "trigger finger of the left thumb",
        "DDD lumbar spine",
        "PTSD",
        "major depression",
        "chronic pain disorder",
    ]


def test_less_common_condition_nouns_end_the_item_before(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "He was diagnosed with a closed head injury, post-traumatic vertigo and a right\n"
            "fibula fracture. She was diagnosed as having lumbar spondylosis, and opioid-induced\n"
            "constipation.\n",
        )
    )
    assert found == [
        "closed head injury",
        "post-traumatic vertigo",
        "right fibula fracture",
        "lumbar spondylosis",
        "opioid-induced constipation",
    ]


def test_a_condition_word_with_two_letters_swapped_still_ends_an_item(rules_nlp):
    found = texts(
        diagnoses(rules_nlp, "He was diagnosed with thoracic sprian and right sciatica.\n")
    )
    assert found == ["thoracic sprian", "right sciatica"]


def test_a_trailing_status_post_continues_the_condition_before_it(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "She has a diagnosis of left wrist fracture, status post open reduction and internal\n"
            "fixation.\n",
        )
    )
    assert found == ["left wrist fracture, status post open reduction and internal fixation"]
    assert not any(t.lower().startswith("status post") for t in found)


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "The assessment on the last visit was left hip bursitis and left knee strain.\n",
            ["left hip bursitis", "left knee strain"],
        ),
        (
            "Assessment: cervical strain; thoracic strain; headaches.\n",
            ["cervical strain", "thoracic strain", "headaches"],
        ),
        (
            "Diagnoses listed in the progress note dated 3/4/2016: Radiculopathy, lumbar region;\n"
            "Other chronic pain; Lumbar spinal stenosis.\n",
            ["Radiculopathy, lumbar region", "Other chronic pain", "Lumbar spinal stenosis"],
        ),
        (
            "On 5/5/2016 the diagnoses were unchanged: knee sprain and hip contusion.\n",
            ["knee sprain", "hip contusion"],
        ),
        ("The MRI impression was a disc bulge and mild foraminal narrowing.\n", []),
    ],
)
def test_assessment_and_report_headings_start_a_diagnosis_list(rules_nlp, summary, expected):
    assert [" ".join(t.split()) for t in texts(diagnoses(rules_nlp, summary))] == expected


def test_a_lettered_list_one_item_a_line_gives_each_item(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "The diagnoses are as follows:\na. Lumbar radiculopathy\nb. Left wrist sprain\n"
            "c. Plantar fasciitis\nShe is working.\n",
        )
    )
    assert found == ["Lumbar radiculopathy", "Left wrist sprain", "Plantar fasciitis"]


def test_a_list_of_code_led_lines_gives_each_description_without_its_code(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Diagnoses:\nM54.16 Radiculopathy, lumbar region\nS93.401A Sprain of unspecified "
            "ligament of right ankle, initial encounter\nG56.01 Carpal tunnel syndrome, right "
            "upper limb\nHe is off work.\n",
        )
    )
    assert found == [
        "Radiculopathy, lumbar region",
        "Sprain of unspecified ligament of right ankle, initial encounter",
        "Carpal tunnel syndrome, right upper limb",
    ]


def test_a_list_item_naming_two_alternatives_is_not_the_patients(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Diagnoses include plantar fasciitis, carpal tunnel syndrome versus cervical "
            "radiculopathy, and lumbar strain.\n",
        )
    )
    assert found == ["plantar fasciitis", "lumbar strain"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Her family history is significant for diabetes.",
        "His father and brother have had carpal tunnel syndrome.",
        "The request for an injection to treat lumbar radiculopathy was denied.",
        "The diagnosis of rotator cuff tear has not been established.",
        "She was seen for carpal tunnel syndrome, which was not confirmed.",
        "Carpal tunnel syndrome, left, suspected.",
        "There is carpal tunnel syndrome versus cervical radiculopathy.",
        "Her sister was diagnosed with rheumatoid arthritis and lumbar strain.",
        "An MRI dated 3/3/2016 noted a full thickness rotator cuff tear.",
        "The EMG was positive for carpal tunnel syndrome on the right.",
        "The UR reviewer cited the ODG, which allows therapy for lumbar radiculopathy.",
        "She was screened for depression and diabetes.",
        "The physician's rationale noted that carpal tunnel syndrome had not been documented.",
        "The impression was lumbar radiculopathy vs. peripheral neuropathy.",
    ],
)
def test_relatives_requests_and_unsettled_conditions_in_prose_are_not_the_patients(
    rules_nlp, sentence
):
    found = texts(diagnoses(rules_nlp, f"Diagnoses include plantar fasciitis. {sentence}\n"))
    assert found == ["plantar fasciitis"]


def test_an_uncertain_or_device_model_diagnosis_is_not_plausible(rules_nlp):
    component = rules_nlp.get_pipe("imr_diagnoses")
    summary = (
        "He has lumbar radiculopathy. He was fitted for a partial finger prosthesis. "
        "The physician noted possible carpal tunnel syndrome.\n"
    )
    doc = rules_nlp(HEADER + summary + DECISIONS)
    text = doc.text

    def span(words: str):
        start = text.index(words)
        return doc.char_span(start, start + len(words), label="DIAGNOSIS")

    assert component.plausible_model_diagnosis(doc, span("lumbar radiculopathy"))
    assert not component.plausible_model_diagnosis(doc, span("partial finger prosthesis"))
    assert not component.plausible_model_diagnosis(doc, span("possible carpal tunnel syndrome"))


@pytest.mark.parametrize("tail", ["unchanged", "the same as above", "not documented"])
def test_a_list_trigger_followed_by_no_diagnosis_gives_no_item(rules_nlp, tail):
    found = texts(
        diagnoses(rules_nlp, f"Diagnoses include plantar fasciitis. Diagnoses were {tail}.\n")
    )
    assert found == ["plantar fasciitis"]


@pytest.mark.parametrize(
    "summary",
    [
        "He was diagnosed with lumbar strain and prescribed ibuprofen.",
        "He was diagnosed with a lumbar strain by the company doctor and returned to work.",
        "He was diagnosed with lumbar strain in 2014 and underwent therapy.",
        "Diagnoses include lumbar strain, for which therapy was recommended.",
    ],
)
def test_a_diagnosis_list_ends_where_a_clause_of_what_was_done_begins(rules_nlp, summary):
    assert texts(diagnoses(rules_nlp, summary + "\n")) == ["lumbar strain"]


@pytest.mark.parametrize(
    "summary",
    [
        "The current diagnoses, per the progress report of 10/03/2016, are thoracic outlet "
        "syndrome and lumbar strain.",
        "On 5/5/2016 the physician assessed her with thoracic outlet syndrome and lumbar strain.",
        "The podiatrist assessed him as having thoracic outlet syndrome and lumbar strain.",
        "She was seen by a surgeon, who diagnosed thoracic outlet syndrome and lumbar strain.",
        "She is being followed for thoracic outlet syndrome and lumbar strain.",
    ],
)
def test_the_physicians_own_wording_starts_a_diagnosis_list(rules_nlp, summary):
    assert texts(diagnoses(rules_nlp, summary + "\n")) == [
        "thoracic outlet syndrome",
        "lumbar strain",
    ]


def test_treated_for_the_above_conditions_names_no_diagnosis(rules_nlp):
    doc = rules_nlp(
        HEADER + "She was treated for the above conditions by her doctor.\n" + DECISIONS
    )
    assert not [e for e in doc.ents if e.label_ == "DIAGNOSIS"]


def test_a_numbered_list_is_not_cut_at_a_letter_ending_an_item(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Diagnoses: 1. Thoracic outlet syndrome. 2. Neurogenic claudication. 3. Tinnitus.\n",
        )
    )
    assert found == ["Thoracic outlet syndrome", "Neurogenic claudication", "Tinnitus"]


def test_past_medical_history_is_background_and_a_combined_heading_starts_a_list(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "His past medical history is significant for diabetes and hypertension. "
            "Diagnoses/Impressions: thoracic outlet syndrome; lumbar strain.\n",
        )
    )
    assert found == ["thoracic outlet syndrome", "lumbar strain"]


def test_a_list_item_ending_in_suspected_is_not_the_patients(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp, "Diagnoses: lumbar strain; thoracic outlet syndrome, left, suspected.\n"
        )
    )
    assert found == ["lumbar strain"]


def test_a_differential_diagnosis_list_is_not_the_patients(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Diagnoses are listed as lumbar strain. Differential diagnoses included thoracic "
            "outlet syndrome and tinnitus.\n",
        )
    )
    assert found == ["lumbar strain"]


@pytest.mark.parametrize("bullet", ["- ", "\u2022 ", "   "])
def test_a_list_one_diagnosis_a_line_under_a_heading_gives_each_line(rules_nlp, bullet):
    summary = (
        "Per the latest office note, the diagnoses were:\n"
        f"{bullet}Thoracic sprain, chronic\n"
        f"{bullet}Left ulnar neuritis, mild\n"
        f"{bullet}Mood disorder due to pain\n"
        "He works part time and uses a home exercise program every day of the week.\n"
    )
    assert texts(diagnoses(rules_nlp, summary)) == [
        "Thoracic sprain, chronic",
        "Left ulnar neuritis, mild",
        "Mood disorder due to pain",
    ]


def test_wrapped_prose_after_a_heading_is_not_read_one_item_a_line(rules_nlp):
    component = rules_nlp.get_pipe("imr_diagnoses")
    lines = "Diagnoses:\nThoracic sprain\nLeft ulnar neuritis\nHe works.\n"
    assert component._list_lines(lines, len("Diagnoses:\n")) == [(11, 26), (27, 46)]
    for text in [
        # wrapped prose: long lines
        "Diagnoses:\nThoracic sprain and left ulnar neuritis of the elbow region after a fall,\n"
        "with mood disorder after the accident at the plant in the spring of that year.\n",
        # the heading does not end its line
        "Diagnoses: Thoracic sprain\nLeft ulnar neuritis\nGout\n",
        # lower-case lines are a wrapped sentence
        "Diagnoses:\nthoracic sprain, left ulnar\nneuritis and gout\n",
    ]:
        pos = text.index(":") + 1
        pos += len(text[pos:]) - len(text[pos:].lstrip())
        assert component._list_lines(text, pos) == []


def test_a_line_list_ends_at_prose_and_a_deferred_line_is_no_item(rules_nlp):
    summary = (
        "DIAGNOSES:\n"
        "THORACIC RADICULOPATHY, LEFT T8\n"
        "GOUT, RIGHT FOOT\n"
        "Psych diagnosis - deferred\n"
        "He was seen again and reported more pain.\n"
    )
    found = texts(diagnoses(rules_nlp, summary))
    assert found == ["THORACIC RADICULOPATHY, LEFT T8", "GOUT, RIGHT FOOT"]


def test_a_trailing_icd_code_is_left_out_of_a_list_item(rules_nlp):
    summary = "Diagnoses: Other chronic pain (G89.29); Cervicalgia M54.2; Thoracic sprain.\n"
    assert texts(diagnoses(rules_nlp, summary)) == [
        "Other chronic pain",
        "Cervicalgia",
        "Thoracic sprain",
    ]


@pytest.mark.parametrize(
    "summary",
    [
        "The evaluator diagnosed her with right heel bursitis and gout.",
        "She is diagnosed with:\n1) Right heel bursitis\n2) Gout\n",
        "Her diagnoses per the treating podiatrist are right heel bursitis and gout.",
        "The diagnosis list included right heel bursitis and gout.",
        "The diagnoses related to the industrial injury are right heel bursitis and gout.",
    ],
)
def test_more_ways_of_opening_a_diagnosis_list(rules_nlp, summary):
    found = texts(diagnoses(rules_nlp, summary + "\n"))
    assert [t.lower() for t in found] == ["right heel bursitis", "gout"]


def test_a_rule_out_tail_makes_a_list_item_hypothetical(rules_nlp):
    summary = "Diagnoses include: thoracic sprain; ulnar neuritis, rule out; gout; cervicalgia.\n"
    assert texts(diagnoses(rules_nlp, summary)) == ["thoracic sprain", "gout", "cervicalgia"]


def test_medication_induced_and_condition_words_keep_list_items_apart(rules_nlp):
    summary = (
        "Diagnoses: 1. Medication-induced gastritis 2. Thoracic sprain. She was diagnosed with\n"
        "occupational asthma and chronic rhinitis. He was diagnosed with right ACL graft failure\n"
        "and hand eczema.\n"
    )
    assert texts(diagnoses(rules_nlp, summary)) == [
        "Medication-induced gastritis",
        "Thoracic sprain",
        "occupational asthma",
        "chronic rhinitis",
        "right ACL graft failure",
        "hand eczema",
    ]


def test_axis_headings_of_a_psychological_evaluation_list_diagnoses(rules_nlp):
    summary = "Axis I: Pain disorder with psychological factors. Axis II: Deferred.\n"
    assert texts(diagnoses(rules_nlp, summary)) == ["Pain disorder with psychological factors"]


def test_common_comorbidities_have_codes(rules_nlp):
    found = diagnoses(rules_nlp, "Comorbidities include hypothyroidism, morbid obesity and gout.\n")
    assert [(d.text, d.icd10) for d in found] == [
        ("hypothyroidism", "E03.9"),
        ("morbid obesity", "E66.01"),
        ("gout", "M10.9"),
    ]


def test_a_model_claim_event_or_differential_is_not_plausible(rules_nlp):
    component = rules_nlp.get_pipe("imr_diagnoses")
    summary = (
        "He had a work injury on the dock. He was diagnosed with heel bursitis versus partial "
        "tendon rupture.\n"
    )
    doc = rules_nlp(HEADER + summary + DECISIONS)

    def span(words: str):
        start = doc.text.index(words)
        return doc.char_span(start, start + len(words), label="DIAGNOSIS")

    assert not component.plausible_model_diagnosis(doc, span("work injury"))
    assert not component.plausible_model_diagnosis(
        doc, span("heel bursitis versus partial tendon rupture")
    )
    assert component.plausible_model_diagnosis(doc, span("heel bursitis"))


def test_reflux_disease_has_its_own_code_not_gastritis(rules_nlp):
    found = diagnoses(rules_nlp, "Diagnoses include GERD and gastritis.\n")
    assert [(d.text, d.icd10) for d in found] == [("GERD", "K21.9"), ("gastritis", "K29.70")]


@pytest.mark.parametrize(
    "summary",
    [
        "Diagnoses: #1 Thoracic sprain. #2 Ulnar neuritis. #3 Gout. He works part time.",
        "Diagnoses: Thoracic sprain. Ulnar neuritis. Gout. He has been working full time.",
        "Dx: thoracic sprain, ulnar neuritis, and gout.",
    ],
)
def test_numbered_with_hashes_one_a_sentence_and_dx_headings(rules_nlp, summary):
    found = texts(diagnoses(rules_nlp, summary + "\n"))
    assert [t.lower() for t in found] == ["thoracic sprain", "ulnar neuritis", "gout"]


def test_sentences_after_a_heading_list_end_at_the_first_that_is_no_item(rules_nlp):
    summary = (
        "Assessment: Thoracic sprain. Gout. Worse with cold weather and standing. Ulnar neuritis.\n"
    )
    assert texts(diagnoses(rules_nlp, summary)) == ["Thoracic sprain", "Gout"]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "He was diagnosed with a left tibial plateau fracture, gout and chronic kidney "
            "disease.\n",
            ["left tibial plateau fracture", "gout", "chronic kidney disease"],
        ),
        (
            "She was diagnosed with a crush injury of the hand, osteoarthritis and atrial "
            "fibrillation.\n",
            ["crush injury of the hand", "osteoarthritis", "atrial fibrillation"],
        ),
        # a one-word site still belongs to the condition after it
        (
            "The diagnoses are lumbar, thoracic and cervical strain.\n",
            ["lumbar, thoracic and cervical strain"],
        ),
        (
            "The neurologist on 02/14/16 diagnosed post-concussion syndrome and cervical "
            "strain. The examination was normal.\n",
            ["post-concussion syndrome", "cervical strain"],
        ),
        (
            "Dr. Example diagnosed lumbar radiculopathy and depression.\n",
            ["lumbar radiculopathy", "depression"],
        ),
        (
            "The diagnoses listed by the treating physiatrist are:\n1. Lumbar facet arthropathy\n"
            "2. Depression secondary to chronic pain\nShe walks daily.\n",
            ["Lumbar facet arthropathy", "Depression secondary to chronic pain"],
        ),
        (  # a condition to be ruled out after the list is not the patient's
            "The chiropractor diagnosed cervical sprain and right shoulder impingement; a "
            "cervical disc herniation is to be ruled out. She takes ibuprofen.\n",
            ["cervical sprain", "right shoulder impingement"],
        ),
        (  # painful hardware is a condition of its own, not the end of the fracture item
            "Current diagnoses are healed right wrist fracture and painful retained hardware of "
            "the right wrist. He has pain.\n",
            ["healed right wrist fracture", "painful retained hardware of the right wrist"],
        ),
    ],
)
def test_one_word_conditions_dates_named_doctors_and_painful_hardware(rules_nlp, summary, expected):
    """A one-word condition that needs no site is a list item of its own; a physician's
    diagnosis with its date or by a named doctor opens a list; painful hardware is a
    condition."""
    assert texts(diagnoses(rules_nlp, summary)) == expected


def test_a_list_named_for_its_report_with_its_verb(rules_nlp):
    """ "The <kind> diagnoses listed in the report of <date> are: A; B" opens a list, as the
    heading with a colon does."""
    found = diagnoses(
        rules_nlp,
        "The orthopedic diagnoses listed in the report of 02/14/2015 are: Lumbar strain, "
        "chronic; Right sacroiliac joint dysfunction. He walks daily.\n",
    )
    assert texts(found) == ["Lumbar strain, chronic", "Right sacroiliac joint dysfunction"]


def test_a_later_mention_of_a_diagnosis_in_fewer_words_is_not_another(rules_nlp):
    """A mention outside a list whose words all are those of an earlier diagnosis names it
    again; one with a word of its own (the other side) is another diagnosis."""
    found = diagnoses(
        rules_nlp,
        "She was diagnosed with a displaced fracture of the left fifth toe. The toe fracture\n"
        "was splinted. Later she sustained a right thumb sprain at home.\n",
    )
    assert texts(found) == ["displaced fracture of the left fifth toe", "right thumb sprain"]


@pytest.mark.parametrize("site", ["nasal", "rib", "finger", "clavicle"])
def test_an_injury_of_a_site_is_a_diagnosis_anywhere(rules_nlp, site):
    found = diagnoses(rules_nlp, f"In the fall he sustained a {site} fracture. He rests.\n")
    assert texts(found) == [f"{site} fracture"]


# Round 7 (diagnoses4's tune half): the shapes, in invented summaries of our own.


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (  # an Assessment/Plan list: each item's plan after a dash is left out
            "Assessment/Plan: 1. Left knee sprain - continue bracing. 2. HTN - defer to\n"
            "primary care. 3. Gastritis - start omeprazole. He will return in a month.\n",
            ["Left knee sprain", "HTN", "Gastritis"],
        ),
        (  # "Clinical impression:" with items numbered in parentheses
            "Clinical impression: (1) Left C6 radiculopathy. (2) Cervical myospasm. He is\n"
            "working.\n",
            ["Left C6 radiculopathy", "Cervical myospasm"],
        ),
        (  # the report's diagnosis section named as such
            "In the diagnosis section the physician listed: left wrist tendinitis; insomnia;\n"
            "and gastritis.\n",
            ["left wrist tendinitis", "insomnia", "gastritis"],
        ),
        (  # a "status post" item keeps the procedure and drops when it was done
            "The diagnoses are s/p left knee arthroscopy on 03/14/2015 and left knee\n"
            "chondromalacia.\n",
            ["s/p left knee arthroscopy", "left knee chondromalacia"],
        ),
        (  # "diagnosed as having:" heading a numbered list, one item a line
            "She was diagnosed as having:\n1. Left knee sprain.\n2. Insomnia.\n3. Lumbar\n"
            "strain.\nTreatment has included therapy.\n",
            ["Left knee sprain", "Insomnia", "Lumbar strain"],
        ),
        (  # the visit the diagnoses were made at, then ICD-10-CM code lines
            "Diagnoses at the visit of 02/03/2016 were:\nM54.5 Low back pain\n"
            "S39.012A Strain of muscle, fascia and tendon of lower back, initial encounter\n"
            "He has had therapy.\n",
            [
                "Low back pain",
                "Strain of muscle, fascia and tendon of lower back, initial encounter",
            ],
        ),
        (  # "the diagnoses now include ...", "were noted to include ..."
            "His diagnoses now include left hip bursitis. Her diagnoses were noted to include\n"
            "insomnia and gastritis.\n",
            ["left hip bursitis", "insomnia", "gastritis"],
        ),
        (  # "the diagnoses remain ..."
            "His diagnoses remain left shoulder bursitis and cervical strain.\n",
            ["left shoulder bursitis", "cervical strain"],
        ),
    ],
)
def test_diagnosis_list_shapes_round_7(rules_nlp, summary, expected):
    assert texts(diagnoses(rules_nlp, summary)) == expected


def test_symptoms_test_results_and_resolved_conditions_are_not_diagnoses(rules_nlp):
    found = texts(
        diagnoses(
            rules_nlp,
            "Testing showed symptoms of depression and anxiety. A nerve study was negative\n"
            "for radiculopathy. He had a wrist fracture in 2001 that fully resolved. The\n"
            "current diagnosis is lumbar strain.\n",
        )
    )
    assert found == ["lumbar strain"]
