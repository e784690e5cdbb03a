"""Guideline parts, session 23 (src-gen3; invented citations, one mechanism per test): the form's
"Non-MTUS Citation" label inside a part, ACOEM placed outside the MTUS by its own edition or
clause after an MTUS citation, authors with lower-case particles, a journal after a comma or as
the first words of a letter-form part, more ways of setting a guideline aside, lists of the
three, and where a part says nothing was cited."""

import pytest

from imr_nlp.rules import default_rules

from .test_guideline_sources import decision, sources
from .test_guideline_sources7 import DB, NC, R, party_keys


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # the label inside the part, after the MTUS's citation, with or without punctuation
        (
            "MTUS ACOEM Chapter 12, page 301 Non-MTUS Citation ODG Low Back, Example",
            ["MTUS", "ODG"],
        ),
        ("MTUS: ACOEM Chapter 13\nNon-MTUS Citation: ODG Knee & Leg, Example", ["MTUS", "ODG"]),
        ("MTUS Chronic Pain, page 9; Non-MTUS citation ODG Pain, Example", ["MTUS", "ODG"]),
        # ... but a none-word after it is no citation of its own
        ("MTUS Chronic Pain, page 9. Non-MTUS Citation: None.", ["MTUS"]),
    ],
)
def test_the_non_mtus_label_inside_a_part(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            DB + "MTUS Chronic Pain, page 80; ACOEM 3rd ed. Example Disorders, which is not part "
            "of the MTUS",
            ["MTUS", "ACOEM"],
        ),
        (
            R + "the MTUS and on the ACOEM Guidelines, 3rd Edition (not adopted by the MTUS).",
            ["MTUS", "ACOEM"],
        ),
        (DB + "MTUS ACOEM Chapter 12; ACOEM Practice Guidelines, Third Edition, Example.", None),
        (
            R + "the MTUS Chronic Pain guidelines, page 9, and the ACOEM guidelines, which are "
            "not part of the MTUS.",
            ["MTUS", "ACOEM"],
        ),
        # the 2004 chapters after the MTUS stay the MTUS's
        (DB + "MTUS Chronic Pain, page 80; ACOEM Chapter 12, page 303.", ["MTUS"]),
        (R + "the MTUS and ACOEM Chapter 13.", ["MTUS"]),
    ],
)
def test_acoem_placed_outside_the_mtus_after_an_mtus_citation(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == (expected or ["MTUS", "ACOEM"])


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (NC + "ODG Pain; and van Roe AB et al, An example review, Example J 2010;35:1-9.", None),
        (NC + "ODG Knee; van der Poe AB, de Doe C. An example trial. Example J 2012;16:1-9.", None),
        (NC + "ODG Pain; de Roe L et al. An example paper. Example J 2014;14:1-8.", None),
    ],
)
def test_an_author_with_a_lower_case_particle_opens_a_reference(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == ["ODG", "OTHER"]
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines)[1] == "Example J"


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # a journal after a comma, before its year and volume
        (
            NC + "ODG Pain; Roe AB et al, An example review, Example Pain J 2010;35(5):100-10.",
            ["ODG", "Example Pain J"],
        ),
        # a one-word journal that opens a letter-form part, and after an article's title
        (DB + "Examplia. 2015;31(10):20-30, an example review; ODG Hip, Example.", None),
        (DB + "Roe P, et al. An example study. Examplia. 2013;154:1-8; ODG Pain, Example.", None),
    ],
)
def test_a_journal_by_its_title(rules_nlp, part, expected):
    keys = sources(decision(rules_nlp, reviewer=part).reviewer_guidelines)
    assert keys == (expected or ["Examplia", "ODG"])


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (DB + "MTUS (silent); ODG Pain, Example", ["ODG"]),
        (DB + "MTUS - does not address. ODG Knee, Example.", ["ODG"]),
        (DB + "ODG Pain, Example; the MTUS was referenced but not applied.", ["ODG"]),
        (DB + "ACOEM: silent. ODG Low Back, Example.", ["ODG"]),
        # what the guideline says of the request is a use of it
        (DB + "ODG Pain, Example; the MTUS does not recommend this drug.", ["ODG", "MTUS"]),
    ],
)
def test_a_guideline_set_aside_by_a_mark(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (R + "the ODG, ACOEM and MTUS guidelines.", ["ODG", "ACOEM", "MTUS"]),
        (DB + "CA MTUS & ODG", ["MTUS", "ODG"]),
        ("Medscape, ODG", ["OTHER", "ODG"]),
        ("UpToDate, ODG Knee", ["OTHER", "ODG"]),
        # the MTUS's ACOEM stays one
        (R + "the MTUS and ACOEM guidelines.", ["MTUS"]),
    ],
)
def test_lists_of_the_three_and_known_sources(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    "part",
    [
        "Not stated in the UR letter.",
        "None cited by the carrier.",
        "Not provided by the claims administrator.",
        "Not listed in the determination",
    ],
)
def test_a_none_word_and_where_nothing_was_found(rules_nlp, part):
    assert party_keys(rules_nlp, part) == ["none"]


def test_the_author_list_is_written_once():
    rules = default_rules("guidelines.jsonl")
    fragment = next(r for r in rules if r["id"] == "fragment.author_list")
    users = [r for r in rules if "{AUTHOR_LIST}" in r.get("pattern", "")]
    assert len(users) >= 7
    assert not [r for r in users if fragment["pattern"][:40] in r["pattern"]]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # a journal's abbreviation in parentheses with its year and volume
        (
            DB + "Journal of Example Surgery (J Ex Surg Am 2014;96:1-8), a cohort; ODG Knee.",
            ["J Ex Surg Am", "ODG"],
        ),
        # a state agency with its short form in parentheses
        (
            DB + "Non-MTUS Citation: Nevada Department of Labor & Examples (L&E), Guideline for "
            "Example Opioids (2013).",
            ["L&E"],
        ),
        # a titled guideline after another reference, keyed by its name
        (
            DB + "MTUS Chronic Pain, page 86, and the 2016 CDC opioid guideline, and also the "
            "State of Examplia Opioid Prescribing Guidelines (2016).",
            ["MTUS", "CDC", "State of Examplia Opioid Prescribing Guidelines"],
        ),
        # a book after a single author, without an edition
        (
            NC + "ODG Pain, Example; Roe H. The Example Manual: How It Works, 2002.",
            ["ODG", "The Example Manual"],
        ),
        (NC + "ODG Knee; Doe J. Knee Example Handbook. 2010.", ["ODG", "Knee Example Handbook"]),
        # an article's sentence-case title is no book
        (NC + "ODG Knee; Doe J. An example of knee braces. 2010.", ["ODG", "OTHER"]),
    ],
)
def test_references_keyed_by_their_own_names(rules_nlp, part, expected):
    keys = sources(decision(rules_nlp, reviewer=part).reviewer_guidelines)
    assert keys == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # the three misspelt as parties type them
        (NC + "Official Disibility Guidelines, Pain, Example.", ["ODG"]),
        (NC + "Offical Disability Guildelines, Knee, Example.", ["ODG"]),
        (NC + "ACOME Practice Guidelines, 3rd Ed., Example.", ["ACOEM"]),
        (DB + "Medical Treatment Utilization Schedual, Chronic Pain.", ["MTUS"]),
        (DB + "Calif. MTUS, Chronic Pain, page 9.", ["MTUS"]),
        (DB + "CPMTG, page 78", ["MTUS"]),
        (DB + "MUTS Chronic Pain, page 78", ["MTUS"]),
        # a body-region chapter's 2004 title ("... Complaints") is the MTUS's ACOEM chapter
        (DB + "ACOEM Chapter 12, page 301, Low Back Complaints.", ["MTUS"]),
        (DB + "ACOEM, Chapter 13, Knee Complaints, Table 13-3.", ["MTUS"]),
        # ... not when the part says it is outside the MTUS or of a later edition
        (NC + "ACOEM, Chapter 13, Knee Complaints.", ["ACOEM"]),
        (DB + "ACOEM 3rd Edition, Knee Complaints and Disorders.", ["ACOEM"]),
        # another body's chronic pain guidelines are not the MTUS's
        (NC + "Example State Chronic Pain Treatment Guidelines (2014).", ["OTHER"]),
    ],
)
def test_the_three_misspelt_and_the_2004_chapters(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # "N/A" and "not applicable" right after a name set it aside ("N/A" ends no initial)
        (DB + "MTUS N/A; ODG Pain, Example", ["ODG"]),
        (DB + "MTUS: N/A. ODG Pain, Example", ["ODG"]),
        (DB + "MTUS (N/A); ODG Pain, Example", ["ODG"]),
        (DB + "ODG Pain, Example; MTUS N/A", ["ODG"]),
        ("MTUS not applicable; " + NC + "ODG Pain, Example.", ["ODG"]),
        (DB + "ODG Pain, Example [MTUS silent]", ["ODG"]),
        # a list of names set aside together is not cut apart first
        ("The MTUS and ODG do not address the request. " + DB + "UpToDate, Example.", ["OTHER"]),
        (R + "the MTUS, page 9, and the ODG, Pain.", ["MTUS", "ODG"]),
        # "rather than", "instead of", "but not" before a guideline
        ("The Expert Reviewer cited the MTUS rather than the ODG.", ["MTUS"]),
        ("The Expert Reviewer cited the MTUS instead of the ODG.", ["MTUS"]),
        ("The Expert Reviewer cited the ODG but not the MTUS.", ["ODG"]),
    ],
)
def test_a_guideline_set_aside_in_few_words(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # a later sentence of the sentence form names another guideline as used
        (R + "the ODG, Example. The MTUS was also consulted.", ["ODG", "MTUS"]),
        (R + "the ODG, Example. In addition, the MTUS Chronic Pain guidelines, page 9.", None),
        (R + "the ODG, Example. Also cited: MTUS Chronic Pain, page 9.", None),
        (DB + "ODG Pain, Example. Also cited: MTUS Chronic Pain, page 9.", None),
        # ... not a later sentence that sets it aside
        (R + "the ODG, Example. The MTUS does not address this.", ["ODG"]),
        (R + "the ODG, Example. The MTUS was not used.", ["ODG"]),
    ],
)
def test_a_guideline_named_in_a_later_sentence_of_the_sentence_form(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == (expected or ["ODG", "MTUS"])


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # the ODG by one of its chapters' titles alone (the Non-MTUS lead-in, no "ODG")
        (NC + "Ankle & Foot (Acute & Chronic), Example orthosis, updated 2016.", ["ODG"]),
        (NC + "Elbow (Acute and Chronic) chapter, Example injections.", ["ODG"]),
        (NC + "Pain (Chronic) chapter, Example drug, criteria for use.", ["ODG"]),
        (
            DB + "MTUS Chronic Pain, page 9. " + NC + "Neck (Acute & Chronic), Example.",
            ["MTUS", "ODG"],
        ),
        # ... and named beside its title: one key
        (NC + "ODG Knee (Acute & Chronic), Example brace.", ["ODG"]),
        # the MTUS's chronic pain guidelines are not the ODG's pain chapter
        (DB + "MTUS Chronic Pain Medical Treatment Guidelines, Example, page 3.", ["MTUS"]),
    ],
)
def test_the_odg_by_a_chapter_title(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected
