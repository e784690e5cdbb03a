"""Guideline parts, round 8 (session 22): the part reader made robust to the ways a party words
what it used and did not use (invented letters and citations, one class of wording per test):
a part that opens by naming a source as not used (rule kind ``unused``), slash-separated and
line-by-line lists, a guideline named before the lead-in and relied on by a pronoun, a drug's
label after "and on the", a year before a source, quotation marks, words before the name, words
broken by a hyphen at a line end, a second verb of citing, more ways of citing nothing."""

import pytest

from imr_nlp.entities.guidelines import IMRGuidelines, joined_words
from imr_nlp.rules import default_rules

from .test_guideline_sources import decision, sources

R = "The Expert Reviewer based his/her decision on "
C = "The Claims Administrator based its decision on "
NC = "Decision based on Non-MTUS Citation "
DB = "Decision based on "
CORE = ("MTUS", "ODG", "ACOEM")


def party_keys(nlp, part, party="reviewer"):
    """The party's sources, each once, in order, a source other than the three as OTHER (the
    per-party keys the challenge sets compare)."""
    found = decision(nlp, **{"reviewer" if party == "reviewer" else "ca": part})
    cited = getattr(found, f"{party}_guidelines")
    keys = [k if k in CORE else "OTHER" for k in sources(cited)]
    if not keys and getattr(found, f"{party}_cited_nothing"):
        return ["none"]
    return list(dict.fromkeys(keys))


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # the part opens with the clause: only the guideline it names is left out
        (
            NC + "The ACOEM guidelines were reviewed but not applied; Official Disability "
            "Guidelines, Shoulder, Example.",
            ["ODG"],
        ),
        (
            NC + "ODG was considered but not relied upon; ACOEM Practice Guidelines, 3rd Edition, "
            "Example Disorders.",
            ["ACOEM"],
        ),
        (
            DB + "The MTUS does not address this request; Official Disability Guidelines, Knee, "
            "Example.",
            ["ODG"],
        ),
        (DB + "The MTUS and ACOEM do not address this device; ODG, Low Back, Example.", ["ODG"]),
        (DB + "MTUS: not applicable. " + NC + "ODG Pain, Example.", ["ODG"]),
        (DB + "MTUS (not applicable). " + NC + "ODG Pain, Example.", ["ODG"]),
        # after a cut, any source, not only the three
        (
            R
            + "the MTUS Chronic Pain Medical Treatment Guidelines, page 22, and on the ODG, Pain; "
            "the American Example Society guideline was reviewed but not relied upon.",
            ["MTUS", "ODG"],
        ),
        (R + "the ODG, Pain, Example; UpToDate was consulted but not applied.", ["ODG"]),
        (
            DB + "MTUS Chronic Pain Medical Treatment Guidelines, page 78; the CDC guideline was "
            "considered but not used.",
            ["MTUS"],
        ),
        (
            DB
            + "MTUS Chronic Pain Medical Treatment Guidelines, page 78; ACOEM was considered but "
            "not applied; ODG Pain, Example.",
            ["MTUS", "ODG"],
        ),
        (C + "the ODG, Pain; the MTUS, ACOEM and UpToDate do not address it.", ["ODG"]),
        (C + "the ODG; the MTUS was reviewed and found not to address the request.", ["ODG"]),
        (NC + "ODG Pain, Example; ACOEM - not used.", ["ODG"]),
        (NC + "ODG Pain, Example; ACOEM (not applied).", ["ODG"]),
        # a use of the guideline is no such clause
        (R + "the ODG, Knee, Example; the MTUS does not recommend this device.", ["ODG", "MTUS"]),
    ],
)
def test_a_part_that_names_a_source_as_not_used(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            DB
            + "MTUS Chronic Pain Medical Treatment Guidelines, pages 68-69 / ODG Pain (Chronic), "
            "Example / UpToDate: Example drug information.",
            ["MTUS", "ODG", "OTHER"],
        ),
        (
            DB + "MTUS Chronic Pain Medical Treatment Guidelines, page 99\n/ ODG Pain (Chronic), "
            "Example",
            ["MTUS", "ODG"],
        ),
        (NC + "ODG Low Back, Example / ACOEM 3rd Edition, Low Back Disorders", ["ODG", "ACOEM"]),
        # no space beside the slash: one name; ACOEM after the MTUS: the MTUS's chapter
        (DB + "MTUS/ACOEM, Low Back Complaints, Chapter 12, page 303.", ["MTUS"]),
        (DB + "CA MTUS / ACOEM Chapter 12, Low Back Complaints, page 303", ["MTUS"]),
    ],
)
def test_slash_separated_lists(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            R + "the following guidelines:\nMTUS Chronic Pain Medical Treatment Guidelines, page 78"
            "\nODG Pain, Example\nUpToDate, Example topic",
            ["MTUS", "ODG", "OTHER"],
        ),
        (
            R + "the following:\nCA MTUS 2009, Chronic Pain, page 60\nOfficial Disability "
            "Guidelines, Pain",
            ["MTUS", "ODG"],
        ),
        (
            "The Claims Administrator cited the following:\nODG Knee & Leg, Example\nACOEM 3rd "
            "Edition, Knee Disorders",
            ["ODG", "ACOEM"],
        ),
        (
            R
            + "the following:\na) MTUS Chronic Pain Medical Treatment Guidelines, page 78\nb) ODG "
            "Pain, Example",
            ["MTUS", "ODG"],
        ),
        (R + "the following: (a) the MTUS, page 78; (b) the ODG, Pain, Example.", ["MTUS", "ODG"]),
        (R + "i) MTUS, page 78; ii) ODG, Pain.", ["MTUS", "ODG"]),
        (
            NC + "1) ODG Pain, Example 2) CDC Guideline for Prescribing Opioids 3) Federation of "
            "Example Boards Model Policy",
            ["ODG", "OTHER"],
        ),
        # a line break in an MTUS citation before the ODG
        (
            DB + "MTUS Chronic Pain Medical Treatment Guidelines, page 78\nODG Pain, Example",
            ["MTUS", "ODG"],
        ),
        # one guideline wrapped over two lines stays one
        (
            NC + "Official Disability Guidelines\n(ODG) Treatment in Workers' Comp, Pain, Example",
            ["ODG"],
        ),
        (R + "ODG & MTUS.", ["ODG", "MTUS"]),
        (R + "ODG + MTUS.", ["ODG", "MTUS"]),
    ],
)
def test_lists_by_line_letter_and_sign(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            "The Expert Reviewer found that the MTUS Chronic Pain Medical Treatment Guidelines "
            "address the request, and based the decision on them, page 30 (Example).",
            ["MTUS"],
        ),
        (
            "The Claims Administrator noted that the ODG addresses this item and based its "
            "decision on it, Knee chapter, Example.",
            ["ODG"],
        ),
        (
            "The Expert Reviewer determined that the Official Disability Guidelines apply to the "
            "request and relied on them (Pain chapter, Example).",
            ["ODG"],
        ),
        (
            "The Expert Reviewer found the ODG, Knee chapter, to be applicable and relied upon it.",
            ["ODG"],
        ),
        # a negated verb is no such sentence: the guideline after the lead-in is cited
        (
            "The Claims Administrator stated that the MTUS does not address the request and based "
            "its decision on the ODG, Pain, Example.",
            ["ODG"],
        ),
    ],
)
def test_a_guideline_named_then_relied_on_by_a_pronoun(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            C + "the MTUS Chronic Pain Medical Treatment Guidelines, page 16, and on the Examplex "
            "(examplegen) prescribing information, Example Pharma, revised 2017.",
            ["MTUS", "Examplex prescribing information"],
        ),
        (
            R + "the ODG, Pain, Example, and on the Examplon ER package insert.",
            ["ODG", "Examplon ER package insert"],
        ),
        (
            "The Expert Reviewer relied on the Official Disability Guidelines, Pain, and the "
            "Examplederm (examplocaine patch 5%) label.",
            ["ODG", "Examplederm label"],
        ),
        (
            NC + "ODG Pain, Example; the 2016 CDC Guideline for Prescribing Opioids for Chronic "
            "Pain.",
            ["ODG", "CDC"],
        ),
        (
            NC + "ODG Low Back, Example; the 2014 FDA Drug Safety Communication on example "
            "injections.",
            ["ODG", "FDA"],
        ),
        (R + "the ODG, Pain, Example, and also cited the MTUS, page 78.", ["ODG", "MTUS"]),
        (C + "the ODG and, additionally, on the MTUS, page 78.", ["ODG", "MTUS"]),
        (
            NC + "ODG Low Back, Example. Also: North American Spine Society coverage policy on "
            "example.",
            ["ODG", "NASS"],
        ),
    ],
)
def test_labels_years_and_second_lead_ins(rules_nlp, part, expected):
    found = decision(rules_nlp, reviewer=part).reviewer_guidelines
    assert list(dict.fromkeys(sources(found))) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("The Expert Reviewer relied on the 'Official Disability Guidelines', Knee.", ["ODG"]),
        (
            'The Expert Reviewer relied on the "CA MTUS ACOEM Guidelines", Chapter 8, page 181.',
            ["MTUS"],
        ),
        (R + "the current ODG, Knee.", ["ODG"]),
        (R + "the most recent version of the ODG, Knee.", ["ODG"]),
        (R + "the Knee chapter of the ODG.", ["ODG"]),
        (R + "the Pain chapter of the Official Disability Guidelines.", ["ODG"]),
        (R + "page 80 of the MTUS Chronic Pain Medical Treatment Guidelines.", ["MTUS"]),
        (R + "Chapter 12 of the MTUS (ACOEM, 2nd Ed.), Low Back Complaints.", ["MTUS"]),
        (R + "both the MTUS and the ODG.", ["MTUS", "ODG"]),
        (R + "evidence-based guidelines: the ODG, Knee.", ["ODG"]),
        (
            "The guidelines relied upon by the Expert Reviewer were the MTUS Chronic Pain Medical "
            "Treatment Guidelines.",
            ["MTUS"],
        ),
        ("According to the ODG, Knee chapter.", ["ODG"]),
        ("UpToDate, Example topic.", ["OTHER"]),
    ],
)
def test_words_around_the_name(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (R + "ODG/MTUS guidelines.", ["ODG", "MTUS"]),
        (R + "MTUS/ODG.", ["MTUS", "ODG"]),
        (R + "the ACOEM/ODG guidelines.", ["ACOEM", "ODG"]),
        (DB + "MTUS/ACOEM Chapter 12.", ["MTUS"]),
        (
            "Guidelines cited: MTUS Chronic Pain Medical Treatment Guidelines, page 78; ODG Pain.",
            ["MTUS", "ODG"],
        ),
        ("Citation: ODG Knee, Example.", ["ODG"]),
        (
            R + "the ACOEM Practice Guidelines, 3rd Edition, Low Back Disorders, "
            "https://www.acoempracguides.org.",
            ["ACOEM"],
        ),
    ],
)
def test_two_names_with_a_slash_labels_and_own_sites(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (NC + "Official Dis-\nability Guidelines, Knee, Example.", ["ODG"]),
        (
            R + "the Chronic Pain Medi-\ncal Treatment Guidelines, page 41, and on the Offi-\ncial "
            "Disability Guidelines, Pain.",
            ["MTUS", "ODG"],
        ),
        (R + "the ODG, Knee; the MTUS does not ad-\ndress the request.", ["ODG"]),
        (
            NC + "American College of Occupa-\ntional and Environmental Medicine, Practice "
            "Guidelines, 3rd Ed.",
            ["ACOEM"],
        ),
    ],
)
def test_words_broken_at_a_line_end(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (
            NC + "ODG Pain, Example, and the Example State Opioid Prescribing Guidelines, 2016.",
            ["ODG", "OTHER"],
        ),
        (
            NC + "ODG Knee, Example; Example Health System Clinical Guideline for Knee Pain, 2015.",
            ["ODG", "OTHER"],
        ),
        (
            NC + "ODG Low Back, Example; Example Medical Policy, Example Health Plan, 2016.",
            ["ODG", "OTHER"],
        ),
        (
            R
            + "the ODG, Knee, Example, and on an article by Roe et al. in Example Surgery (2014).",
            ["ODG", "OTHER"],
        ),
        # an ODG topic after a semicolon is no reference of its own
        (NC + "Official Disability Guidelines; Pain; Opioids, criteria for use.", ["ODG"]),
    ],
)
def test_a_reference_no_rule_knows_by_name(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("The Claims Administrator cited only the ODG, Knee.", ["ODG"]),
        ("The Claims Administrator relied solely on the ODG, Knee.", ["ODG"]),
        (C.replace("decision on", "decision primarily on") + "the ODG, Knee.", ["ODG"]),
        ("The Claims Administrator based its non-certification on the ODG, Knee.", ["ODG"]),
        ("The Claims Administrator supported its decision with the ODG, Knee.", ["ODG"]),
        ("The UR physician cited the ODG, Knee.", ["ODG"]),
        ("The Claims Administrator did not cite any guidelines other than the ODG, Knee.", ["ODG"]),
        ("The Claims Administrator cited no guidelines other than the MTUS, page 78.", ["MTUS"]),
    ],
)
def test_the_lead_in_with_adverbs_nouns_and_subjects(rules_nlp, part, expected):
    assert party_keys(rules_nlp, part, party="claims_administrator") == expected


def test_only_known_words_are_joined():
    words = frozenset({"official", "address"})
    assert joined_words("Offi-cial and evidence-based", words)[0] == "Official and evidence-based"
    text, offsets = joined_words("does not ad-dress it", words)
    assert text == "does not address it"
    assert offsets is not None and "does not ad-dress it"[offsets[text.index("dress")]] == "d"
    assert joined_words("www.example.org/drug-information", words) == (
        "www.example.org/drug-information",
        None,
    )


@pytest.mark.parametrize(
    "part",
    [
        "Unknown.",
        "Not available.",
        "The UR did not cite.",
        "Unspecified",
    ],
)
def test_more_ways_of_citing_nothing(rules_nlp, part):
    assert party_keys(rules_nlp, part, party="claims_administrator") == ["none"]


def test_the_new_rules_are_data():
    rules = {r["id"]: r for r in default_rules("guidelines.jsonl")}
    for rule_id in (
        "unused.named_not_used",
        "citation.based_on_named_guideline",
        "split.next_after_slash",
        "split.next_after_slash_acoem",
        "split.next_line_in_list",
        "split.next_line_odg_after_mtus",
        "split.next_line_mtus_after_odg",
        "split.next_lettered_item",
        "split.next_roman_item",
        "split.second_lead_in",
        "split.core_after_slash",
        "split.core_after_slash_mtus",
        "split.core_after_slash_acoem",
        "source.core_web_sites",
        "split.any_reference_after_and_on",
        "split.titled_reference_after_core",
        "names.words_broken_at_line_ends",
    ):
        assert rules[rule_id].get("note"), rule_id
    assert "unused" in IMRGuidelines.schemas
    assert "requires_lead_in" in IMRGuidelines.schemas["split"].optional
