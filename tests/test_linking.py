"""Entities linked to decisions, and the decision records built from them."""

from __future__ import annotations

import warnings

import pytest

import imr_nlp
from imr_nlp.rules import default_rules

# An invented letter in the 2016 shape: two requests for the same generic (hydromorphone) under
# two brand names, a summary that names both, and a third item that is no drug.
LETTER = """Case Number: CM16-0999999
Date Assigned: 11/01/2016 Date of Injury: 05/05/2010
Decision Date: 12/01/2016 UR Denial Date: 10/20/2016
Priority: Standard Application Received: 10/25/2016
CLINICAL CASE SUMMARY
The injured worker is a 58 year old female who hurt her back lifting a crate on 05/05/2010.
She is treated for lumbar radiculopathy. Her pain doctor lists Exalgo 8mg once daily and
Dilaudid 2mg every 6 hours for flares. A refill of Dilaudid was modified by utilization review
to Dilaudid #60. She also names hydromorphone as helpful. The Request for Authorization asked
for Dilaudid again.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Exalgo 8mg #30: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment
Guidelines 2009, Opioids.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009,
Page(s): 76-80.
Decision rationale: The file shows no functional gain from Exalgo. The request is not
medically necessary.
Dilaudid 2mg #120: Upheld
Claims Administrator guideline: The Claims Administrator did not cite any medical evidence.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009,
Page(s): 78.
Decision rationale: No urine drug screen is on file. The request is not medically necessary.
Lumbar MRI without contrast: Overturned
Claims Administrator guideline: Decision based on MTUS ACOEM Low Back Complaints 2004.
MAXIMUS guideline: Decision based on MTUS ACOEM Low Back Complaints 2004.
Decision rationale: New neurologic deficits justify imaging. The request is medically necessary.
"""


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(LETTER)


def links(doc, text, label):
    return [
        (e._.decision_id, e._.link_role) for e in doc.ents if e.text == text and e.label_ == label
    ]


def test_entities_inside_blocks_take_the_block_and_a_role(doc):
    assert [d.treatment for d in doc._.decisions] == [
        "Exalgo 8mg #30",
        "Dilaudid 2mg #120",
        "Lumbar MRI without contrast",
    ]
    assert links(doc, "#30", "QUANTITY") == [(0, "request")]
    assert links(doc, "#120", "QUANTITY") == [(1, "request")]
    guideline_roles = {
        (e._.decision_id, e._.link_role) for e in doc.ents if e.label_ == "GUIDELINE"
    }
    assert {(0, "guideline"), (1, "guideline"), (2, "guideline")} <= guideline_roles


def test_case_facts_are_not_linked(doc):
    for ent in doc.ents:
        if ent.label_ in ("INJURY_DATE", "DIAGNOSIS"):
            assert (ent._.decision_id, ent._.link_role) == (None, None)


def test_summary_mentions_link_by_brand_then_strength_and_ties_are_recorded(doc):
    assert links(doc, "Exalgo", "DRUG")[0] == (0, "summary")
    assert links(doc, "once daily", "FREQUENCY") == [(0, "summary")]
    dilaudid = links(doc, "Dilaudid", "DRUG")
    assert dilaudid[0] == (1, "summary")
    assert links(doc, "every 6 hours", "FREQUENCY") == [(1, "summary")]
    assert dilaudid[1:5] == [(1, "ur_history"), (1, "ur_history"), (1, "summary"), (1, "request")]
    assert links(doc, "#60", "QUANTITY") == [(1, "ur_history")]
    (generic,) = [e for e in doc.ents if e.text == "hydromorphone"]
    assert generic._.decision_id is None
    assert sorted(generic._.link_candidates) == [0, 1]


def test_decision_records(doc):
    exalgo, dilaudid, mri = doc._.decisions
    assert (exalgo.category, exalgo.drug, exalgo.quantity) == (
        "pharmaceutical",
        "hydromorphone",
        30,
    )
    assert exalgo.strength == imr_nlp.Strength((8.0,), "mg")
    assert (exalgo.frequency.per_day, exalgo.frequency_source) == (1, "summary")
    assert exalgo.daily_mme == 32.0  # 8 mg x 1 x 4 (CDC 2016)
    assert (dilaudid.frequency.per_day, dilaudid.frequency_source) == (4, "summary")
    assert dilaudid.daily_mme == 32.0  # 2 mg x 4 x 4
    assert dilaudid.claims_administrator_guidelines == []
    assert dilaudid.claims_administrator_cited_nothing
    assert not dilaudid.reviewer_cited_nothing
    assert [g.source for g in dilaudid.reviewer_guidelines] == ["MTUS"]
    assert (mri.category, mri.drug, mri.daily_mme) == ("imaging", None, None)
    assert doc.text[mri.rationale_start : mri.rationale_end].startswith("Decision rationale:")
    assert doc._.total_daily_mme == 64.0


def test_entity_decision_getter(doc):
    (quantity,) = [e for e in doc.ents if e.text == "#120"]
    assert quantity._.decision is doc._.decisions[1] or quantity._.decision == doc._.decisions[1]


def test_mme_factor_set_is_a_load_option():
    nlp = imr_nlp.load(mme_factors="cdc2022")
    exalgo = nlp(LETTER)._.decisions[0]
    assert exalgo.daily_mme == 40.0  # factor 5 in 2022
    assert exalgo.mme_factors == "cdc2022"
    with pytest.raises(Exception, match="E011"):
        imr_nlp.load(mme_factors="nope")


def test_seed_summary_sig_of_another_strength_gives_no_frequency(nlp, shared):
    text = (shared / "seeds" / "003_4671121da8fcf2dc.txt").read_text(encoding="utf8")
    doc = nlp(text)
    (dilaudid,) = [d for d in doc._.decisions if d.treatment == "Dilaudid 4mg #90"]
    mention = [
        (e.text, e.label_)
        for e in doc.ents
        if e._.decision_id == dilaudid.id and e._.link_role == "summary"
    ]
    assert ("6mg", "STRENGTH") in mention
    assert ("every 8 hours", "FREQUENCY") in mention
    # the schedule of 6 mg tablets is no schedule of the 4 mg ones requested
    assert (dilaudid.frequency, dilaudid.frequency_source, dilaudid.daily_mme) == (None,) * 3


# Invented: an immediate-release combination and an extended-release tablet of the same
# ingredient; the summary gives a schedule to the combination only, and the ER one is asked.
PRODUCTS = """Case Number: CM16-0999998
Date Assigned: 11/01/2016 Date of Injury: 05/05/2010
Decision Date: 12/01/2016 UR Denial Date: 10/20/2016
Priority: Standard Application Received: 10/25/2016
CLINICAL CASE SUMMARY
The injured worker is a 47 year old male who strained his neck moving a desk on 05/05/2010.
His medications are oxycodone/acetaminophen 10/325mg 1-2 tablets every 4-6 hours and
oxycodone ER 20mg.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Oxycodone ER 20mg #60: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines.
Decision rationale: No functional gain is on file. The request is not medically necessary.
"""


def test_summary_frequency_comes_from_the_same_product_only(nlp):
    (er,) = nlp(PRODUCTS)._.decisions
    assert (er.frequency, er.frequency_source, er.daily_mme) == (None, None, None)
    same = nlp(PRODUCTS.replace("oxycodone ER 20mg.", "oxycodone ER 20mg twice a day."))
    (er,) = same._.decisions
    assert (er.frequency.per_day, er.frequency_source, er.daily_mme) == (2, "summary", 60.0)


def test_same_product_needs_name_strength_and_release_form(nlp):
    from imr_nlp.linking.link import Mention
    from imr_nlp.linking.records import same_product

    doc = nlp.make_doc("Norco 10/325 every 6 hours and oxycodone ER 20mg twice a day")
    norco, oxy_er = Mention(doc[0:1]), Mention(doc[6:7])
    norco.attached = [_labelled(doc[1:2], "STRENGTH", "10/325")]
    oxy_er.attached = [_labelled(doc[8:10], "STRENGTH", "20")]
    assert same_product(norco, "Norco 10/325 #120", "10/325")
    assert not same_product(norco, "Norco 5/325 #120", "5/325")  # another strength
    assert not same_product(norco, "OxyContin 20mg #60", "10/325")  # another name
    assert same_product(oxy_er, "Oxycodone ER 20mg #60", "20")
    assert not same_product(oxy_er, "Oxycodone 20mg #60", "20")  # immediate release asked


def _labelled(span, label, value):
    from spacy.tokens import Span

    out = Span(span.doc, span.start, span.end, label=label)
    out._.value = value
    return out


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        ("Acupuncture for six sessions", "acupuncture"),
        ("Chiropractic treatment, 12 visits", "chiropractic"),
        ("Physical therapy twice a week for three weeks", "physical_therapy"),
        ("EMG/NCS of both upper limbs", "diagnostic_test"),
        ("CT scan of the thoracic spine", "imaging"),
        ("Right L4-L5 transforaminal epidural steroid injection", "injection"),
        ("Left knee arthroscopy with partial meniscectomy", "surgery"),
        ("Front-wheeled walker", "dme"),
        ("Follow-up visit with a pain specialist", "evaluation_management"),
        ("Functional restoration program, 10 days", "program"),
        ("Cognitive behavioral therapy, 6 sessions", "behavioral_health"),
        ("Home health aide 4 hours a day", "home_health"),
        ("Round-trip transportation to appointments", "transportation"),
        ("Something nobody has asked for before", "other"),
    ],
)
def test_categories_are_a_table(treatment, category):
    from imr_nlp.linking.records import IMRRecords

    records = IMRRecords()
    assert records.category(treatment, []) == category
    kinds = {r["kind"] for r in default_rules("categories.jsonl")}
    assert kinds == {"category", "request_prefix", "head_boundary", "spelling"}


@pytest.fixture(scope="module")
def records():
    from imr_nlp.linking.records import IMRRecords

    return IMRRecords()


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        # an associated surgical service is what it is, not the surgery it goes with
        ("Associated surgical service: arm sling", "dme"),
        (
            "Associated surgical service: post-operative physical therapy, 12 visits",
            "physical_therapy",
        ),
        ("Associated Surgical Services: post-operative therapy x 8", "physical_therapy"),
        ("Associated surgical service: pre-operative medical clearance", "evaluation_management"),
        ("Associated surgical service: pre-operative labs", "diagnostic_test"),
        ("Associated surgical service: pre-op EKG", "diagnostic_test"),
        ("Associated surgical service: assistant surgeon", "surgery"),
        ("Associated surgical service: two day inpatient stay", "other"),
        ("Associated surgical service: cold compression unit, 14 day rental", "dme"),
    ],
)
def test_associated_surgical_service_is_its_item(records, treatment, category):
    assert records.category(treatment, []) == category


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        # the head of the request decides, not a word in its modifiers
        ("Orthopedic surgery consultation for the left wrist", "evaluation_management"),
        ("Consultation with a spine surgeon", "evaluation_management"),
        ("Physical therapy re-evaluation", "evaluation_management"),
        ("Psychiatric consultation", "evaluation_management"),
        ("Knee brace after the arthroscopy", "dme"),
        ("Retrospective request for urine toxicology screen", "diagnostic_test"),
        ("Twelve sessions of acupuncture to the neck", "acupuncture"),
        ("One month trial of an acute rehabilitation unit", "program"),
        ("Purchase of a cold therapy unit for the shoulder", "dme"),
        ("Diagnostic ultrasound of the right elbow", "imaging"),
        ("Ultrasound 2 times a week for 3 weeks", "physical_therapy"),
        ("Functional capacity evaluation", "evaluation_management"),
        # a container followed by a period or a count ("trial of 2 weeks") is not stripped
        ("Chronic pain program trial of 10 days", "program"),
        ("Psychotherapy course of 10 sessions", "behavioral_health"),
        ("Cold packs 2x4", "physical_therapy"),  # a schedule, not a count of packs
        ("Cold packs x 2", "dme"),
    ],
)
def test_category_comes_from_the_head(records, treatment, category):
    assert records.category(treatment, []) == category


@pytest.mark.parametrize(
    "treatment",
    [
        "Cold compression unit",
        "Lumbosacral support",
        "Hinged knee brace",
        "Thermal wrap for the lower back",
        "Gel pads",
        "Shoulder sling",
        "Lift chair",
        "Bathroom safety aids",
        "Antiseptic wipes #100",
        "Ergonomic workstation",
        "Interferential unit 30 day rental",
        "Home H-wave device",
        "Front wheeled walker",
        "Bone growth stimulator",
        "Hot/cold pack",
    ],
)
def test_device_vocabulary_is_dme(records, treatment):
    assert records.category(treatment, []) == "dme"


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        ("Spinal cord stimulator trial", "surgery"),
        ("Bilateral L3-4 medial branch blocks", "injection"),
        ("Right sacroiliac joint injection under fluoroscopy", "injection"),
        ("Radiofrequency ablation at L4-5", "injection"),
        ("Manipulation under anesthesia of the shoulder", "surgery"),
        ("Spinal manipulation 6 visits", "chiropractic"),
        ("E-stim 2 times a week for 4 weeks", "physical_therapy"),
        ("Infrared therapy to the neck", "physical_therapy"),
        ("Manual therapy, six sessions", "physical_therapy"),
        ("Myofascial release of the upper back", "physical_therapy"),
        ("Hot packs 2 times a week", "physical_therapy"),
        ("Carpal tunnel release, right", "surgery"),
    ],
)
def test_procedures_and_therapies(records, treatment, category):
    assert records.category(treatment, []) == category


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        ("TENS unit", "dme"),
        ("TENS 3 times a week", "physical_therapy"),
        ("FCE", "evaluation_management"),
        ("Lumbar ESI at L5-S1", "injection"),
        ("EMG/NCV of both legs", "diagnostic_test"),
        ("PT 2x6 for the knee", "physical_therapy"),
        ("PT/PTT", "diagnostic_test"),
        ("DME", "dme"),
        ("CBT, 8 sessions", "behavioral_health"),
        ("MBB at left L4-5", "injection"),
    ],
)
def test_abbreviations_are_written_out(records, treatment, category):
    assert records.category(treatment, []) == category


@pytest.mark.parametrize(
    ("treatment", "drug", "category"),
    [
        ("Ketorolac 30mg intramuscular injection", "Ketorolac", "injection"),
        ("Ketorolac 30mg IM", "Ketorolac", "injection"),
        ("Lidocaine injection to the trapezius", "Lidocaine", "injection"),
        ("Lidocaine 5% patch #30", "Lidocaine", "pharmaceutical"),
        ("Menthol pads #20", "Menthol", "pharmaceutical"),
        ("Chlorhexidine wipes #30", "Chlorhexidine", "dme"),
        ("Associated surgical service: Ondansetron 4mg #10", "Ondansetron", "pharmaceutical"),
    ],
)
def test_a_drug_is_pharmaceutical_unless_injected(records, treatment, drug, category):
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")(treatment)
    start = next(t.i for t in doc if t.text == drug)
    request = [Span(doc, start, start + 1, label="DRUG")]
    assert records.category(treatment, request) == category


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        # a request no rule knows may misspell the word that decides it: one slip is read
        ("Acupunture 8 sessions for the neck", "acupuncture"),
        ("Accupunture x 4", "acupuncture"),  # one slip from the common 'accupuncture'
        ("Pyschotherapy, 6 visits", "behavioral_health"),  # swapped; the head decides, not "visits"
        ("Transporation to all appointments", "transportation"),
        ("Arthroscpy of the right knee", "surgery"),  # a letter dropped
        ("Electromyograpy of both arms", "diagnostic_test"),
        ("Orthopedic matress", "dme"),
        ("Spine evalution", "evaluation_management"),
        # no word is near enough, or a rule already knows the request: nothing is respelt
        ("Gym membership for 3 months", "other"),
        ("Massagers for the back", "dme"),  # two letters from massage: a device, as written
        ("Back massager", "dme"),  # "-r" makes the one that does it: no slip for massage
        ("Something nobody has asked for before", "other"),
    ],
)
def test_a_misspelt_deciding_word_is_read_as_the_word(records, treatment, category):
    assert records.category(treatment, []) == category


def test_respelling_needs_exactly_one_near_word():
    from imr_nlp.linking.category import Categorizer
    from imr_nlp.text.spelling import one_edit

    assert one_edit("pyschotherapy", "psychotherapy", swap=True)  # neighbours swapped
    assert not one_edit("pyschotherapy", "psychotherapy")  # a swap is two edits without it
    assert one_edit("matress", "mattress") and one_edit("evalution", "evaluation")
    assert not one_edit("massagers", "massage", swap=True)  # two letters added
    assert not one_edit("therapy", "therapy", swap=True)
    rules = [
        {"id": "c", "kind": "category", "category": "surgery", "pattern": r"\bfusion\b"},
        {"id": "s", "kind": "spelling", "words": ["fusion", "fusiod"]},
    ]
    categorize = Categorizer(rules, [])
    assert categorize("Lumbar fusoin") == "surgery"
    assert categorize("Lumbar fusio") == "other"  # one slip from two words: not respelt


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        ("Bilateral knee MRIs", "imaging"),
        ("MRI's of the cervical and lumbar spine", "imaging"),
        ("Lumbar and thoracic CTs", "imaging"),
        ("Right cts release", "surgery"),  # lower-case 'cts' is carpal tunnel syndrome
        ("EMGs of both legs", "diagnostic_test"),
        # a home exercise program is taught by a therapist: therapy, not a program
        ("Home exercise program, 3 visits with the therapist", "physical_therapy"),
        ("HEP instruction x 2", "physical_therapy"),
        ("Home exercise kit", "dme"),
        ("Functional restoration program, 10 days", "program"),
    ],
)
def test_plural_short_forms_and_home_exercise(records, treatment, category):
    assert records.category(treatment, []) == category


def test_a_short_form_the_letter_defines_is_read_through_its_long_form(records, rules_nlp):
    # an invented short form no table holds: unknown alone, an injection once defined
    assert records.categorizer("DRGB, right L5") == "other"
    defined = {"DRGB": "dorsal root ganglion block"}
    assert records.categorizer("DRGB, right L5", defined=defined) == "injection"
    assert records.categorizer("Repeat DRGBs at L5-S1", defined=defined) == "injection"
    assert records.categorizer("DRGBX", defined=defined) == "other"  # not a whole word
    letter = (
        "Case Number: CM16-0999991\n"
        "Date Assigned: 11/01/2016 Date of Injury: 05/05/2010\n"
        "Decision Date: 12/01/2016 UR Denial Date: 10/20/2016\n"
        "Priority: Standard Application Received: 10/25/2016\n"
        "CLINICAL CASE SUMMARY\n"
        "The injured worker is a 47 year old man with low back pain radiating to the left leg. "
        "The provider asked for a dorsal root ganglion block (DRGB) at the left L5 level.\n"
        "IMR ISSUES, DECISIONS AND RATIONALES\n"
        "The Final Determination rests on the decisions for the disputed items/services set "
        "forth below:\n"
        "DRGB, left L5: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.\n"
        "Decision rationale: The records give no reason that supports this item. The request "
        "is not medically necessary.\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an invented letter of no known format
        doc = rules_nlp(letter)
    assert [(d.treatment, d.category) for d in doc._.decisions] == [("DRGB, left L5", "injection")]
