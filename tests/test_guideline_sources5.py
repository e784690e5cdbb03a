"""Guideline sources of the vocabulary ``patterns/sources.jsonl``: one key per society, agency,
payer, reference, criteria set, web site or journal; ambiguous short forms only with their full
name; a journal wins over a body named in its title (invented citations)."""

import json

import pytest

from imr_nlp.entities.sources import (
    PLACEHOLDER,
    SOURCES_FILE,
    TYPES,
    SourceVocabulary,
    normal,
    vocabulary,
)
from imr_nlp.rules import default_rules, file_schemas, validate

from .test_guideline_sources import decision, sources
from .test_guideline_sources2 import cited

NC = "Decision based on Non-MTUS Citation"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # societies: by their short form, written short or in full, in capitals, over a line break
        (
            f"{NC} American Academy of Physical Medicine and Rehabilitation, Invented statement.",
            ["AAPM&R"],
        ),
        (f"{NC} AAPM&R position paper on an example therapy (2015).", ["AAPM&R"]),
        (f"{NC} AAPM position paper on an example therapy (2015).", ["AAPM"]),
        (
            f"{NC} American Association of\nNeurological Surgeons, Invented guideline (2014).",
            ["AANS"],
        ),
        (f"{NC} AMERICAN SOCIETY FOR SURGERY OF THE HAND, Example guideline.", ["ASSH"]),
        (f"{NC} American Orthopedic Foot & Ankle Society, Invented position.", ["AOFAS"]),
        # agencies
        (f"{NC} Agency for Healthcare Research and Quality, An invented review (2011).", ["AHRQ"]),
        (f"{NC} USPSTF, An invented recommendation statement (2019).", ["USPSTF"]),
        (f"{NC} VA/DoD Clinical Practice Guideline for an example condition (2017).", ["VA/DoD"]),
        # payers and coverage determinations
        (f"{NC} Cigna Medical Coverage Policy 0000, An example device.", ["Cigna"]),
        (f"{NC} Local Coverage Determination L00000, An example orthosis.", ["Medicare"]),
        # clinical references and criteria sets: as written, or their one short name
        (f"{NC} Lexi-Comp Online, examplone.", ["Lexi-Comp"]),
        (f"{NC} Epocrates, examplone monograph.", ["Epocrates"]),
        (f"{NC} Physicians' Desk Reference, 70th ed., Examplex.", ["PDR"]),
        (f"{NC} InterQual Criteria, An example procedure.", ["InterQual"]),
        # a payer's fee schedule
        (f"{NC} Official Medical Fee Schedule, physical medicine.", ["OMFS"]),
    ],
)
def test_each_kind_of_source_is_keyed(guidelines, text, expected):
    assert cited(guidelines, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ambiguous short form alone names no source of the vocabulary
        (f"{NC} ADA guidance for an example program.", ["OTHER"]),
        (f"{NC} WHO criteria for an example condition.", ["OTHER"]),
        (
            f"{NC} Examplone (examplol and ASA) tablets, package insert.",
            ["Examplone package insert"],
        ),
        # the full name is the source, keyed as written ...
        (
            f"{NC} American Diabetes Association, Invented standards (2017).",
            ["American Diabetes Association"],
        ),
        (f"{NC} World Health Organization, An invented ladder.", ["World Health Organization"]),
        # ... or by the short form written in parentheses right after it
        (f"{NC} American Diabetes Association (ADA) Invented standards (2017).", ["ADA"]),
        # a name that shares another body's short form keeps its own name
        (
            f"{NC} American Psychological Association, Division 00, An invented list.",
            ["American Psychological Association"],
        ),
    ],
)
def test_ambiguous_short_forms_only_with_the_full_name(guidelines, text, expected):
    assert cited(guidelines, text) == expected


def test_a_name_in_lower_case_prose_is_no_source():
    vocab = vocabulary()
    assert vocab.key("An example of the clinical pharmacology of examplone.") is None
    assert vocab.key("Clinical Pharmacology, examplone.") == "Clinical Pharmacology"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "(American Volume)" is the journal's title, not its abbreviation
            f"{NC} ODG Knee, Example; Roe A, Doe B, et al. An invented trial. Journal of Example "
            "and Joint Surgery (American Volume), 2011, 93(4):300-8.",
            ["ODG", "Journal of Example and Joint Surgery"],
        ),
        (  # ... while a real abbreviation in parentheses stays the key
            f"{NC} Roe A, et al. An invented trial. Journal of Example Surgery (J Ex Surg), 2011.",
            ["J Ex Surg"],
        ),
        (  # a society in a journal's title: the journal wins
            f"{NC} ODG Shoulder, Example; Roe A, Doe B, et al. An invented review. Journal of "
            "the American Academy of Orthopaedic Surgeons, 2012, 20(3).",
            ["ODG", "Journal of the American Academy of Orthopaedic Surgeons"],
        ),
        (  # the society alone is the society
            f"{NC} American Academy of Orthopaedic Surgeons, An invented guideline (2013).",
            ["AAOS"],
        ),
    ],
)
def test_the_two_known_wrong_keys(guidelines, text, expected):
    assert cited(guidelines, text) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # a plain "and" before a known source
            "The Expert Reviewer based his decision on the ODG, Knee, Example surgery and the "
            "AAOS guideline on an invented condition (2013).",
            ["ODG", "AAOS"],
        ),
        (  # a comma before a known source, in an ODG citation
            "Decision based on Non-MTUS Citation ODG Low Back, Example support, Aetna Clinical "
            "Policy Bulletin 0000.",
            ["ODG", "Aetna"],
        ),
        (  # a list number after the semicolon
            "The Expert Reviewer based her decision on the following: 1) MTUS Chronic Pain "
            "Medical Treatment Guidelines, Example; 2) Lexicomp, examplone; 3) FDA Drug Safety "
            "Communication (2016).",
            ["MTUS", "Lexicomp", "FDA"],
        ),
        (  # a list one item a line, its "1." before the citation
            "The Expert Reviewer based his decision on the following guidelines:\n1. MTUS "
            "Chronic Pain Medical Treatment Guidelines, Example\n2. Epocrates, examplone\n3. "
            "American Academy of Neurology position paper (2014)",
            ["MTUS", "Epocrates", "AAN"],
        ),
        (  # a single author opens a reference after a semicolon
            "Decision based on Non-MTUS Citation ODG Low Back, Example; Roe A. An invented "
            "cohort. Journal of Example Backs, 2011, 11(4):300-8.",
            ["ODG", "Journal of Example Backs"],
        ),
    ],
)
def test_known_sources_open_a_citation_of_their_own(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # a reference that names a known source is complete: "and the MTUS" is cut
            "The Expert Reviewer based his decision on Epocrates, examplone, and the MTUS.",
            ["Epocrates", "MTUS"],
        ),
        (  # ... but never inside a known source's name ("Medicaid" is a name too)
            "Decision based on Non-MTUS Citation ODG Knee, Example; Centers for Medicare and "
            "Medicaid Services, An invented coverage determination (280.1).",
            ["ODG", "CMS"],
        ),
    ],
)
def test_cuts_around_known_names(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected


def test_a_chapter_number_on_its_own_line_cuts_nothing(rules_nlp):
    part = (
        "The Expert Reviewer based his decision on the MTUS ACOEM Guidelines, Chapter\n12. Low "
        "Back Complaints, page 300."
    )
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == ["MTUS"]


# --- the vocabulary is data ----------------------------------------------------------------


def test_the_vocabulary_validates_and_every_row_is_typed():
    rules = default_rules(SOURCES_FILE)
    assert validate(rules, source=SOURCES_FILE, schemas=file_schemas(SOURCES_FILE)) == rules
    assert {r["type"] for r in rules} <= set(TYPES)
    assert {"society", "agency", "payer", "reference", "web_site", "journal"} <= {
        r["type"] for r in rules
    }
    # a body's short form is its key, a name is never two rows'
    rows = {r["id"]: r for r in rules}
    assert rows["src.aaos"]["key"] == "AAOS"
    owners: dict[str, set[str]] = {}
    for r in rules:
        for name in (*r["names"], *r.get("short", ())):
            owners.setdefault(normal(name), set()).add(r["id"])
    assert [name for name, ids in owners.items() if len(ids) > 1] == []


def test_ambiguous_short_forms_are_never_matched_alone():
    vocab = vocabulary()
    for short in ("CNS", "ADA", "ACA", "ACS", "ASH", "NIA", "OTA", "SIS", "WHO", "ASA"):
        assert vocab.key(f"{short} guideline for an example.") is None, short


def test_an_invented_vocabulary_keys_and_fills_the_placeholder():
    rows = [
        {
            "id": "src.x",
            "kind": "source",
            "type": "society",
            "names": ["Invented Example Society"],
            "short": ["IXS"],
            "key": "IXS",
        },
        {"id": "src.y", "kind": "source", "type": "reference", "names": ["Examplopedia"]},
        {
            "id": "src.z",
            "kind": "source",
            "type": "society",
            "names": ["Invented Example Society of Knees"],
            "ambiguous": ["IESK"],
        },
    ]
    vocab = SourceVocabulary(rows)
    assert vocab.key("the Invented Example Society guideline") == "IXS"
    assert vocab.key("INVENTED EXAMPLE SOCIETY OF KNEES (IESK) statement") == "IESK"
    assert vocab.key("Invented Example Society of Knees statement") == (
        "Invented Example Society of Knees"
    )  # the longest name wins at the same place
    assert vocab.key("IESK statement") is None
    assert vocab.key("Examplopedia, knees; IXS") == "Examplopedia"  # the leftmost name
    assert "Examplopedia" in vocab.alternation()


def test_the_reference_names_are_written_once():
    """The patterns name the vocabulary by its placeholder, not by copies of its names."""
    rules = default_rules("guidelines.jsonl")
    with_placeholder = [r["id"] for r in rules if PLACEHOLDER in json.dumps(r)]
    assert len(with_placeholder) >= 7
    assert not [r["id"] for r in rules if "Medscape|Micromedex" in r.get("pattern", "")]
    kinds = [r["kind"] for r in rules]
    assert kinds.count("source_vocabulary") == 1
    order = [r["id"] for r in rules if r["kind"].startswith("source")]
    assert order.index("source.journal") < order.index("source.vocabulary")
    assert order.index("source.journal_title") < order.index("source.vocabulary")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every state but California, from one list (names.other_us_states)
        (
            f"{NC} Texas Department of Insurance, Division of Workers' Compensation, example "
            "treatment guideline.",
            ["Texas Department of Insurance"],
        ),
        (
            f"{NC} New\nHampshire Department of Labor, example guideline (2015).",
            ["New Hampshire Department of Labor"],
        ),
        # ACOEM cited "outside of the MTUS" is ACOEM, also inside a citation of the MTUS
        (
            "Decision based on MTUS Knee Complaints 2004, Section(s): Example, and ACOEM "
            "Practice Guidelines, 3rd Edition, Knee Disorders (2011) outside of the MTUS.",
            ["MTUS", "ACOEM"],
        ),
        # an article keyed by its journal's NLM abbreviation
        (
            f"{NC} Roe A et al., An invented trial of an example device, Foot Ankle Int 2014.",
            ["Foot Ankle Int"],
        ),
        # a foundation that publishes its academy's guidelines is the academy
        (
            f"{NC} American Academy of Otolaryngology-Head and Neck Surgery Foundation, Example "
            "guideline, 2016.",
            ["AAO-HNS"],
        ),
    ],
)
def test_states_acoem_outside_the_mtus_journals_and_foundations(guidelines, text, expected):
    assert cited(guidelines, text) == expected


def test_a_names_list_fills_its_placeholder_once_for_every_pattern():
    rules = default_rules("guidelines.jsonl")
    (states,) = [r for r in rules if r["kind"] == "names" and r["name"] == "OTHER_US_STATES"]
    assert "Texas" in states["values"] and "California" not in states["values"]
    assert not any("Alabama" in r.get("pattern", "") for r in rules if r["kind"] != "names")
