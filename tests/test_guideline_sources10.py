"""Guideline parts, session 24 (src-gen4; invented parts in wordings no earlier test used, one
mechanism per test): a source named only to be set aside (rejection cues with their scope,
ConText-like, kind ``rejection``), parts that say in any words that nothing was cited (the
fragments of ``patterns/records.jsonl`` no_citation), the three guidelines' names misspelt
(kind ``spelling``: the edits one key-slip away), the three named in a part no citation rule
read (``named_in_part``), a proper name before a lower-case kind of criteria set."""

import pytest

from imr_nlp.entities.guidelines import misspellings, respelled
from imr_nlp.linking.records import RecordWords, record_words
from imr_nlp.rules import default_rules
from imr_nlp.text.spelling import EDITS

from .test_guideline_sources import decision, sources
from .test_guideline_sources7 import DB, NC, C, R, party_keys


def keys(nlp, part):
    party = "claims_administrator" if part.startswith("The Claims Administrator") else "reviewer"
    return party_keys(nlp, part, party)


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            NC
            + (
                " ODG Knee & Leg, Example bracing. The MTUS knee chapter was "
                "looked at and found to be silent on bracing."
            ),
            ["ODG"],
        ),
        (
            R
            + (
                "the ODG Low Back chapter; ACOEM was consulted, but it does "
                "not speak to this device."
            ),
            ["ODG"],
        ),
        (
            DB
            + " MTUS Chronic Pain, page 9. "
            + NC
            + (" ODG Pain, Example. UpToDate was read but offers no guidance on this."),
            ["MTUS", "ODG"],
        ),
        (
            R + ("the ODG Pain chapter rather than the MTUS, which has no section on this drug."),
            ["ODG"],
        ),
        (R + "the ODG Shoulder chapter instead of the MTUS.", ["ODG"]),
        (R + ("ODG Shoulder, Example; the reviewer chose not to apply the MTUS."), ["ODG"]),
        (R + ("the MTUS Chronic Pain guidelines, page 80, without relying on the ODG."), ["MTUS"]),
        (
            NC
            + (
                " ACOEM Practice Guidelines, 3rd Edition, Example Disorders "
                "(not incorporated into the MTUS)."
            ),
            ["ACOEM"],
        ),
        (NC + " ACOEM Example Guideline 2019, a version outside the MTUS.", ["ACOEM"]),
        (NC + (" ACOEM Example Guideline 2019, which the MTUS has not adopted."), ["ACOEM"]),
        (
            NC + (" ODG Knee, Example. The ACOEM knee guideline lacks guidance on this brace."),
            ["ODG"],
        ),
        (
            DB
            + " MTUS Postsurgical Treatment, Knee. "
            + NC
            + " ODG Knee, Example. ACOEM (4th Ed.) was deemed inapplicable.",
            ["MTUS", "ODG"],
        ),
        (
            R
            + (
                "the ODG Pain chapter, Example. The MTUS and ACOEM are not "
                "pertinent to this request."
            ),
            ["ODG"],
        ),
        (
            R
            + (
                "ODG Pain, Example; MTUS Chronic Pain Guidelines - "
                "considered but found not to apply."
            ),
            ["ODG"],
        ),
        (
            R + ("the MTUS Chronic Pain guidelines. The ODG was referenced but is not on point."),
            ["MTUS"],
        ),
        (R + "the ODG; the reviewer did not base the decision on the MTUS.", ["ODG"]),
        (NC + " ODG Knee, Example. The MTUS is inapplicable to this item.", ["ODG"]),
        (
            R + ("the MTUS, page 9, and the ODG Pain chapter; UpToDate was not relied upon."),
            ["MTUS", "ODG"],
        ),
        (R + "the ODG, as opposed to the MTUS.", ["ODG"]),
        (R + "the MTUS; it made no reference to the ODG.", ["MTUS"]),
        (
            R
            + (
                "ODG Pain, Example. The 2019 ACOEM guideline on opioids was "
                "not the basis of this decision."
            ),
            ["ODG"],
        ),
        (R + "ODG Pain, Example. MTUS guidance was not applicable.", ["ODG"]),
        (R + ("ODG Pain, Example. The reviewer considered ACOEM but did not apply it."), ["ODG"]),
        (R + ("ODG Pain, Example; ACOEM's guidance was considered inapplicable."), ["ODG"]),
        (R + "ODG Pain, Example. Not applicable: MTUS.", ["ODG"]),
        (R + "ODG Pain, Example; MTUS (which was not used).", ["ODG"]),
        (NC + " ODG Knee, Example. No MTUS guidance exists for this device.", ["ODG"]),
        (NC + (" ODG Knee, Example. This device is outside the scope of the MTUS."), ["ODG"]),
        (NC + (" ODG Knee, Example. The MTUS does not contain guidance on this device."), ["ODG"]),
        (R + "the ODG Knee chapter in the absence of MTUS guidance.", ["ODG"]),
        (R + ("the ODG Knee chapter, since there is no MTUS section on this brace."), ["ODG"]),
        (R + "the MTUS; the ODG, although reviewed, was not applied.", ["MTUS"]),
        (
            R + ("the MTUS Chronic Pain Medical Treatment Guidelines, page 9. ODG: not consulted."),
            ["MTUS"],
        ),
        (R + ("the ODG. The MTUS was also reviewed, but it is silent on this item."), ["ODG"]),
        (
            R
            + (
                "the MTUS and the ODG Pain chapter, which is silent on "
                "dosing but supports the drug."
            ),
            ["MTUS", "ODG"],
        ),
    ],
)
def test_a_source_set_aside_by_a_cue_is_not_cited(rules_nlp, part, expected):
    assert keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            R
            + (
                "the MTUS Chronic Pain guidelines, page 80, and the ODG, "
                "which does not recommend this drug."
            ),
            ["MTUS", "ODG"],
        ),
        (R + "the ODG Pain chapter, which does not support long-term use.", ["ODG"]),
        (R + "the MTUS and the ODG; neither recommends the device.", ["MTUS", "ODG"]),
        (R + "the ODG Knee chapter; the ODG does not recommend bracing.", ["ODG"]),
        (DB + " MTUS Chronic Pain Medical Treatment 2009, page 9.", ["MTUS"]),
        (NC + (" ACOEM Practice Guidelines, 3rd Ed., Example (not part of the MTUS)."), ["ACOEM"]),
        (R + "the MTUS and ODG.", ["MTUS", "ODG"]),
    ],
)
def test_a_source_used_or_placed_stays_cited(rules_nlp, part, expected):
    # what a guideline says of the request ("does not recommend", "neither recommends") is a
    # use of it; "not part of the MTUS" places ACOEM, it does not set it aside
    assert keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    "part",
    [
        R + ("clinical judgment; no published guideline or study is referenced."),
        (
            "The Claims Administrator relied on its own clinical "
            "experience; no guideline, study or article was named."
        ),
        ("No evidence-based guideline or peer-reviewed literature is cited in the determination."),
        ("The determination letter does not identify any guideline or study."),
        ("There is no citation of a guideline or of medical literature."),
        "No specific guideline or published evidence was invoked.",
        "The utilization review gives no guideline and no study.",
        "Guidelines: none referenced.",
        "Nothing was cited.",
        "No source of any kind was given.",
        "The denial was issued without reference to any guideline.",
        ("The reviewer's rationale does not rest on any written guideline."),
        "No guidelines or studies were relied upon.",
        "Not referenced.",
        "The UR physician listed no supporting references.",
        "No authority was cited for the denial.",
        ("The claims administrator did not specify the guideline it applied."),
        "Clinical judgment only; no guideline cited.",
        "The decision cites no published standard.",
        "None of the guidelines was identified in the UR report.",
        "The rationale mentions no guideline or literature.",
        ("No medical evidence or treatment guideline was provided by the claims administrator."),
        ("The decision does not name a guideline, a study or any other source."),
        DB + " no guideline or study.",
        ("The claims administrator's letter is silent as to the guideline used."),
        "Basis for decision not stated.",
        ("The UR report contains no reference to guidelines or studies."),
        "No MTUS, ODG or other guideline was cited.",
        ("No MTUS or ODG guideline was referenced by the claims administrator."),
    ],
)
def test_a_part_that_says_in_any_words_that_nothing_was_cited(rules_nlp, part):
    assert keys(rules_nlp, part) == ["none"]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (NC + " OGD Knee & Leg, Example bracing.", ["ODG"]),
        (R + "the OGD Pain chapter.", ["ODG"]),
        (R + "the TMUS Chronic Pain guidelines, page 9.", ["MTUS"]),
        (DB + " MSTU Chronic Pain Medical Treatment 2009, page 9.", ["MTUS"]),
        (NC + " ACEOM Practice Guidelines, 3rd Edition, Example.", ["ACOEM"]),
        (NC + " ACOM Practice Guidelines, 3rd Edition, Example.", ["ACOEM"]),
        (NC + " ACCOEM Practice Guidelines, 3rd Edition, Example.", ["ACOEM"]),
        (NC + " AOCEM Practice Guidelines, 3rd Edition, Example.", ["ACOEM"]),
        (NC + " Offical Disabilty Guidlines, Knee, Example.", ["ODG"]),
        (NC + " Official Disabillity Guidelnes, Pain, Example.", ["ODG"]),
        (NC + " Oficial Dissability Guidleines, Knee, Example.", ["ODG"]),
        (R + "the Offcial Disablity Guidlines (ODG) Pain chapter.", ["ODG"]),
        (R + ("the Medical Treatment Utlization Schedule, Chronic Pain, page 9."), ["MTUS"]),
        (R + "the Medical Tretment Utilization Schedual, page 9.", ["MTUS"]),
        (R + "the California Medical Treatment Utilisation Shedule.", ["MTUS"]),
        (R + "the Chronic Pain Medical Treatmnet Guidelines, page 80.", ["MTUS"]),
        (
            NC
            + (
                " American College of Occupational and Enviromental "
                "Medicine, Practice Guidelines, 3rd Ed."
            ),
            ["ACOEM"],
        ),
        (
            NC
            + (
                " American Collage of Occupational and Environmental "
                "Medicine guidelines, 3rd Ed., Example."
            ),
            ["ACOEM"],
        ),
        (NC + (" Occupational Medicine Practise Guidelines, 3rd Ed., Example."), ["ACOEM"]),
        (R + "the Official Disability Guideline's Pain chapter.", ["ODG"]),
        (R + "the ODG's Pain chapter.", ["ODG"]),
        (R + "the MTUS's Chronic Pain guidelines.", ["MTUS"]),
        (NC + " ODG-Pain, Example.", ["ODG"]),
        (
            NC + (" Official Disability Guidelines-Treatment in Workers Comp, Knee, Example."),
            ["ODG"],
        ),
        (R + "the MTUS and the Offical Disibility Guidlines.", ["MTUS", "ODG"]),
        (R + "the CA-MTUS Chronic Pain Medical Treatment Guidelines.", ["MTUS"]),
        (R + "the Ca. MTUS.", ["MTUS"]),
    ],
)
def test_the_three_names_misspelt_one_edit_away(rules_nlp, part, expected):
    assert keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("The Claims Administrator used only the ODG, Knee chapter.", ["ODG"]),
        (
            (
                "The Claims Administrator found that the MTUS did not apply "
                "and used the ODG instead."
            ),
            ["ODG"],
        ),
        (
            R + ("the MTUS Chronic Pain guidelines, page 37, and the Budapest criteria."),
            ["MTUS", "OTHER"],
        ),
        (R + "the ODG alone; the MTUS is silent on this test.", ["ODG"]),
        (R + "only the ODG, since the MTUS was not applicable.", ["ODG"]),
        (("The reviewer applied the ODG; the MTUS did not govern this request."), ["ODG"]),
        (R + "ODG Knee, Example. MTUS: no applicable section.", ["ODG"]),
        (R + "ODG Knee, Example (the MTUS contains nothing on point).", ["ODG"]),
        (
            NC + (" ACOEM, 3rd Edition, Example; this edition has not been adopted by the MTUS."),
            ["ACOEM"],
        ),
        (
            NC
            + (
                " ACOEM Practice Guidelines (2011 revision, which is not within the MTUS), Example."
            ),
            ["ACOEM"],
        ),
        (R + ("the MTUS, page 9. Although the ODG was reviewed, it was not used."), ["MTUS"]),
        (R + "the MTUS, page 9; no reliance was placed on the ODG.", ["MTUS"]),
        (R + "ODG Pain, Example; MTUS (not relevant to this drug).", ["ODG"]),
        (R + ("ODG Pain, Example; the MTUS offers no recommendation on this drug."), ["ODG"]),
        (R + ("the MTUS Chronic Pain guidelines; ACOEM's guideline was not needed."), ["MTUS"]),
        (
            ("The Claims Administrator did not rely on the MTUS, but on the ODG Pain chapter."),
            ["ODG"],
        ),
        (C + "the ODG. The MTUS and ACOEM were not referenced.", ["ODG"]),
        (C + "no guideline; the MTUS was mentioned but not applied.", ["none"]),
        (R + "the ODG and UpToDate; ACOEM was not considered.", ["ODG", "OTHER"]),
        (R + ("the ODG Knee chapter; the reviewer set aside the MTUS as inapplicable."), ["ODG"]),
        (R + "the ODG; the MTUS has no chapter on this.", ["ODG"]),
        (
            R + ("the MTUS Chronic Pain guidelines, page 37; the Example consensus."),
            ["MTUS", "OTHER"],
        ),
        (NC + " ODG Knee, Example, and the Ottawa Example algorithm.", ["ODG", "OTHER"]),
        (
            R + ("the MTUS Chronic Pain guidelines, page 37, and the CRPS criteria of the MTUS."),
            ["MTUS"],
        ),
        (R + "the ODG Knee chapter and its Example criteria.", ["ODG"]),
    ],
)
def test_the_three_named_in_a_part_no_lead_in_opens_and_criteria_sets(rules_nlp, part, expected):
    assert keys(rules_nlp, part) == expected


def test_rejection_cues_are_data_with_a_direction_and_a_note():
    rules = [r for r in default_rules("guidelines.jsonl") if r["kind"] == "rejection"]
    assert {r["direction"] for r in rules} == {"forward", "backward"}
    assert all(r.get("note") for r in rules)


def test_misspellings_are_generated_from_the_words_and_edits():
    table = misspellings(
        [
            {
                "words": ["ODG"],
                "operations": ["transpose"],
                "case_sensitive": True,
                "exclude": ["DOG"],
            },
            {"words": ["Schedule"], "operations": ["substitute"], "requires_neighbour": True},
        ]
    )
    assert table.exact["OGD"] == "ODG" and "DOG" not in table.exact
    assert "odg" not in table.folded and table.folded["schedyle"] == "Schedule"
    assert EDITS["double"]("ab") == {"aab", "abb"}
    text = "x OGD Knee; Example Schedyle; Schedule Schedyle."
    out, offsets = respelled(text, [(0, len(text))], table)
    # a word of a requires_neighbour rule is read only beside another word of the rules
    assert out == "x ODG Knee; Example Schedyle; Schedule Schedule."
    assert offsets is not None and len(offsets) == len(out)
    assert respelled(text, [(12, 30)], table) == (text, None)  # outside the parts: as written


def test_a_misspelt_word_needs_a_name_word_beside_it(rules_nlp):
    table = misspellings([r for r in default_rules("guidelines.jsonl") if r["kind"] == "spelling"])
    text = "Offical Disabillity Guidlines; medial meniscus; a Tretment plan"
    out, offsets = respelled(text, [(0, len(text))], table)
    assert out.startswith("Official Disability Guidelines;")
    assert "medial meniscus" in out and "Tretment plan" in out
    # each character of a respelt word maps into the word as written
    assert max(offsets[:8]) == len("Offical") - 1
    assert offsets[out.index("Disability")] == text.index("Disabillity")


def test_no_citation_phrases_are_built_from_fragments():
    words = record_words()
    assert words.no_citation.search("no published guideline or study is referenced")
    assert not words.no_citation.search("the guideline and the study were cited")
    custom = RecordWords.from_rules(
        [
            {"id": "f", "kind": "fragment", "name": "NOUN", "pattern": "guidelines?|studies"},
            {"id": "n", "kind": "no_citation", "pattern": r"(?i)\bno\s+{NOUN}\s+cited"},
            {"id": "r", "kind": "release_form", "pattern": r"\bER\b"},
        ]
    )
    assert custom.no_citation.search("No studies cited.")
    assert not custom.no_citation.search("No reference cited.")


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            (
                "The Claims Administrator's utilization review physician "
                "referenced the ODG, Knee chapter."
            ),
            ["ODG"],
        ),
        (("The Claims Administrator: in the UR report, the ODG Knee chapter was cited."), ["ODG"]),
        (("The Claims Administrator: the ODG was the guideline relied upon."), ["ODG"]),
        (
            (
                "The Claims Administrator: ODG Knee was the only guideline "
                "cited; MTUS not referenced."
            ),
            ["ODG"],
        ),
        (R + "ODG Knee, Example; MTUS not consulted.", ["ODG"]),
        (R + "the MTUS; ODG and ACOEM not used.", ["MTUS"]),
        (("The Expert Reviewer turned to the ODG, as the MTUS has nothing on point."), ["ODG"]),
        (
            ("The Expert Reviewer: the MTUS being silent, the ODG Knee chapter was applied."),
            ["ODG"],
        ),
        (("The Expert Reviewer found the MTUS inapplicable and followed the ODG."), ["ODG"]),
        (("The Expert Reviewer set the MTUS aside and applied ODG Knee, Example."), ["ODG"]),
        (
            (
                "The Expert Reviewer applied the MTUS Chronic Pain "
                "guidelines; the ODG was not needed."
            ),
            ["MTUS"],
        ),
        (NC + (" ACOEM Guidelines (3rd ed., not the 2004 MTUS version), Example."), ["ACOEM"]),
        (NC + (" ACOEM's 2020 Example guideline, not yet adopted by the MTUS."), ["ACOEM"]),
        (
            R
            + (
                "the MTUS (not the ODG's Pain chapter, which was also "
                "reviewed) and, secondarily, the ODG."
            ),
            ["MTUS", "ODG"],
        ),
        (
            (
                "The Claims Administrator: no guideline was identified; the "
                "denial rested on clinical judgment alone."
            ),
            ["none"],
        ),
        (
            (
                "The Claims Administrator: the UR letter lists no supporting "
                "guideline or medical literature."
            ),
            ["none"],
        ),
        (("The Claims Administrator: none. The UR physician relied on experience."), ["none"]),
        (
            (
                "The Claims Administrator: the UR decision does not "
                "reference any evidence-based source."
            ),
            ["none"],
        ),
        ("The Claims Administrator: citations - none.", ["none"]),
        (
            (
                "The Claims Administrator: No treatment guidelines or "
                "studies were referenced in the UR determination."
            ),
            ["none"],
        ),
    ],
)
def test_parts_in_prose_with_sources_used_and_set_aside(rules_nlp, part, expected):
    # bare participles ("MTUS not referenced"), cues that bracket the source ("found the MTUS
    # inapplicable", "set the MTUS aside"), a label and a none-word after a dash
    assert keys(rules_nlp, part) == expected


def test_a_list_item_that_is_an_address_and_a_journal_before_a_final_year(rules_nlp):
    part = NC + "1. UpToDate, Example topic. 2. Physicians' Desk Reference. 3. www.example.org"
    found = decision(rules_nlp, reviewer=part).reviewer_guidelines
    assert sources(found) == ["UpToDate", "PDR", "example.org"]
    part = NC + "Roe A, et al. An example trial of cooling. Examplia. 2012; UpToDate."
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == [
        "Examplia",
        "UpToDate",
    ]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (R + "the ODG Knee chapter; the MTUS is not.", ["ODG"]),
        (
            R + ("ODG Knee, Example. There is no applicable MTUS guideline for this device."),
            ["ODG"],
        ),
        (
            R + ("ODG Knee, Example. The MTUS was consulted, but did not address the brace."),
            ["ODG"],
        ),
        (R + "ODG Knee, Example; MTUS - no recommendation.", ["ODG"]),
        (R + "ODG Knee, Example; MTUS: no applicable guideline.", ["ODG"]),
        (R + ("ODG Knee, Example. UpToDate, while reviewed, was not relied upon."), ["ODG"]),
        (
            ("The Claims Administrator: the decision letter is devoid of any guideline citation."),
            ["none"],
        ),
        (("The Claims Administrator: unable to determine the guideline used."), ["none"]),
        ("The Claims Administrator: the guideline used is not known.", ["none"]),
        (("The Claims Administrator: it is unclear which guidelines were used."), ["none"]),
        (
            (
                "The Claims Administrator: the UR letter lacks any reference "
                "to medical literature or guidelines."
            ),
            ["none"],
        ),
        (
            NC
            + (
                " Amercian College of Occupational and Environmental "
                "Medicine Practice Guidelines, 3rd ed., Example."
            ),
            ["ACOEM"],
        ),
        (NC + " ODGs, Knee, Example.", ["ODG"]),
        (R + "the Medical Treatment Utilization Schedules, page 9.", ["MTUS"]),
        (NC + " the official disability guidelines, Knee, Example.", ["ODG"]),
        (R + "the Chronic Pain Medical Treatment Guidlines, page 80.", ["MTUS"]),
        (R + "the Califronia MTUS, page 80.", ["MTUS"]),
        (NC + " Offical Disabilty Guildeline, Knee, Example.", ["ODG"]),
    ],
)
def test_more_wordings_of_the_three_mechanisms(rules_nlp, part, expected):
    # an elided verb ("the MTUS is not."), a remark after a dash or colon ("MTUS - no
    # recommendation"), none-parts that say the guideline is unknown or absent, plurals and
    # transposed letters of the names
    assert keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (DB + " MTUS is silent on the request. ODG Knee, Example.", ["ODG"]),
        (
            DB
            + (" MTUS does not address this device. Official Disability Guidelines, Knee chapter."),
            ["ODG"],
        ),
        (
            (
                "The Expert Reviewer: the UR relied on the ODG; the Expert "
                "Reviewer instead applied the MTUS Chronic Pain guidelines."
            ),
            ["MTUS"],
        ),
        (NC + " ODG Pain, Example. MTUS: N/A. ACOEM: N/A.", ["ODG"]),
        (
            NC
            + (
                " ODG Pain, Example; Medscape, Example topic. ACOEM was "
                "reviewed but was not relied upon."
            ),
            ["ODG", "OTHER"],
        ),
        (
            DB
            + (
                " MTUS Chronic Pain Medical Treatment 2016, Section(s): "
                "Opioids. The ODG, though consulted, adds nothing and was "
                "not used."
            ),
            ["MTUS"],
        ),
        (R + "the ODG. No MTUS.", ["ODG"]),
        (DB + " MTUS, page 9; not ODG.", ["MTUS"]),
        (NC + " ACOEM 3rd Ed., Example (outside MTUS).", ["ACOEM"]),
        (("The Expert Reviewer: ODG Knee, Example; it did not apply the MTUS or ACOEM."), ["ODG"]),
        (
            (
                "The Expert Reviewer: the Claims Administrator cited the "
                "ODG. The Expert Reviewer based his/her decision on the MTUS."
            ),
            ["MTUS"],
        ),
        (
            (
                "The Expert Reviewer: while the UR cited the ODG, the Expert "
                "Reviewer relied on the MTUS Chronic Pain guidelines."
            ),
            ["MTUS"],
        ),
        (
            (
                "The Expert Reviewer: the UR relied on the ODG; the Expert "
                "Reviewer applied the MTUS."
            ),
            ["MTUS"],
        ),
        (
            (
                "The Expert Reviewer: the utilization reviewer cited the "
                "ODG, but the Expert Reviewer used the MTUS."
            ),
            ["MTUS"],
        ),
        (
            (
                "The Expert Reviewer: unlike the claims administrator, which "
                "relied on the ODG, the reviewer applied the MTUS."
            ),
            ["MTUS"],
        ),
    ],
)
def test_sources_set_aside_first_in_a_part_or_named_as_the_other_partys(rules_nlp, part, expected):
    # a letter-form part that opens by setting the MTUS aside keeps the ODG after it; in the
    # reviewer's part, what "the UR / the claims administrator cited" is the other party's
    assert keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (R + "the MTUS, although the ODG was consulted.", ["MTUS"]),
        (R + "the MTUS. Although the ODG was consulted, the decision rests on the MTUS.", ["MTUS"]),
        (R + "the MTUS; while ACOEM was also reviewed, it adds nothing here.", ["MTUS"]),
        (R + "the MTUS and the ODG, although the ODG was reviewed and applied.", ["MTUS", "ODG"]),
    ],
)
def test_a_source_conceded_as_read_is_not_the_basis(rules_nlp, part, expected):
    assert keys(rules_nlp, part) == expected
