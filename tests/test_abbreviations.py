"""Short forms (imr_abbreviations) and guideline sources beyond MTUS/ODG/ACOEM (invented text)."""

import pickle

import pytest
import spacy
from spacy.tokens import DocBin

from imr_nlp.entities.abbreviations import expand, long_form, table
from imr_nlp.pipeline import TOKENIZER
from imr_nlp.rules import default_rules, validate
from imr_nlp.values import GuidelineCitation

DEFINED = (
    "The claimant attended a functional capacity evaluation (FCE) last spring. The FCE placed "
    "her at light duty. A Zebra Widget Therapy (ZWT) trial was also asked for."
)
UNDEFINED = "Requested: TENS unit, EMG/NCV of both legs and NSAIDs for flare-ups."


@pytest.fixture(scope="module")
def abbr():
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("imr_abbreviations")
    return nlp


def pairs(doc):
    return [(a.text, a._.long_form) for a in doc._.abbreviations]


def test_short_forms_the_letter_defines(abbr):
    doc = abbr(DEFINED)
    assert pairs(doc) == [
        ("FCE", "functional capacity evaluation"),
        ("FCE", "functional capacity evaluation"),
        ("ZWT", "Zebra Widget Therapy"),  # not in the table: the letter's definition alone
    ]
    assert long_form("ZWT", doc) == "Zebra Widget Therapy"
    assert long_form("ZWT") is None


def test_standard_short_forms_without_a_definition(abbr):
    doc = abbr(UNDEFINED)
    assert pairs(doc) == [
        ("TENS", "transcutaneous electrical nerve stimulation"),
        ("EMG", "electromyography"),
        ("NCV", "nerve conduction velocity"),
        ("NSAIDs", "nonsteroidal anti-inflammatory drug"),
    ]
    assert expand("EMG/NCV of the arms") == "electromyography/nerve conduction velocity of the arms"


def test_a_letters_definition_wins_over_the_table(abbr):
    doc = abbr("A pain team (PT) saw him; the PT advised rest.")
    assert {a._.long_form for a in doc._.abbreviations} == {"pain team"}
    assert long_form("PT", doc) == "pain team"
    assert long_form("PT") == "physical therapy"


def test_lower_case_words_in_parentheses_are_not_short_forms(abbr):
    doc = abbr("Pain in both knees (bilateral) and a brace (hinged).")
    assert doc._.abbreviations == []


def test_short_forms_survive_docbin_pickle_and_two_processes(abbr):
    docs = [abbr(DEFINED), abbr(UNDEFINED)]
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(abbr.vocab))
    assert [pairs(d) for d in back] == [pairs(d) for d in docs]
    assert pairs(pickle.loads(pickle.dumps(docs[1]))) == pairs(docs[1])
    texts = [DEFINED, UNDEFINED] * 2
    assert [pairs(d) for d in abbr.pipe(texts, n_process=2, batch_size=1)] == [
        pairs(d) for d in abbr.pipe(texts)
    ]


def test_saved_pipeline_keeps_its_table(tmp_path, abbr):
    abbr.get_pipe("imr_abbreviations").initialize(
        rules=[{"id": "a", "kind": "abbreviation", "short": "QQX", "long": "quiet quokka exam"}]
    )
    try:
        abbr.to_disk(tmp_path / "p")
        loaded = spacy.load(tmp_path / "p")
        assert pairs(loaded("A QQX and a TENS unit.")) == [("QQX", "quiet quokka exam")]
    finally:
        abbr.get_pipe("imr_abbreviations").initialize()


def test_the_table_is_valid():
    rules = default_rules("abbreviations.jsonl")
    assert validate(rules, source="abbreviations.jsonl") == rules
    assert table()["CRPS"].long == "complex regional pain syndrome"
    assert table()["AAOS"].long == "American Academy of Orthopaedic Surgeons"


def sources(nlp, text):
    return [e.kb_id_ for e in nlp(text).ents if e.label_ == "GUIDELINE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Decision based on Non-MTUS Citation Knee pain in adults. Topic 12, version 3.0. "
            "UpToDate, accessed 01/05/2017.",
            ["UpToDate"],
        ),
        (
            "Decision based on Non-MTUS Citation Example page. Made-up Institute. "
            "http://www.example-health.org/knees/page, accessed 01/05/2017, Doe J. Knee pain. "
            "Up To Date, accessed 01/05/2017.",
            ["example-health.org", "UpToDate"],
        ),
        (
            "Decision based on Non-MTUS Citation Medicare Physician Fee Schedule, CPT lookup.",
            ["Medicare Physician Fee Schedule"],
        ),
        (
            "Decision based on Non-MTUS Citation American Association of Neuromuscular & "
            "Electrodiagnostic Medicine. Recommended policy for testing.",
            ["AANEM"],
        ),
        (
            "Decision based on Non-MTUS Citation APA Practice Guideline for an example disorder.",
            ["APA"],
        ),
        (
            "Decision based on Non-MTUS Citation American Academy of Orthopaedic Surgeons, "
            "clinical guideline on an example joint, 2013.",
            ["AAOS"],
        ),
        (
            "Decision based on Non-MTUS Citation Imaginary Society of Spine Painters (ISSP) "
            "position statement. Decision rationale: none.",
            ["ISSP"],
        ),
    ],
)
def test_guideline_sources_beyond_mtus_odg_acoem(guidelines, text, expected):
    assert sources(guidelines, text) == expected


def test_a_named_guideline_is_not_cited_one_based_on_is():
    nlp = spacy.blank("en")
    nlp.add_pipe("imr_guidelines")
    doc = nlp(
        "The reviewer went outside of the MTUS Guidelines. Decision based on Non-MTUS "
        "Citation UpToDate, accessed 01/05/2017."
    )
    values = {s.text: s._.value for s in doc.spans["imr_rules"]}
    assert values["MTUS Guidelines"].cited is False
    assert values["Non-MTUS Citation UpToDate, accessed 01/05/2017"].cited is True
    assert GuidelineCitation("MTUS").cited is True


def test_an_empty_non_mtus_citation_does_not_run_on(guidelines):
    text = (
        "MAXIMUS guideline: Decision based on Non-MTUS Citation\nDecision rationale: Not needed. "
        "MAXIMUS guideline: Decision based on Non-MTUS Citation UpToDate, accessed 01/05/2017."
    )
    found = [(e.text, e.kb_id_) for e in guidelines(text).ents if e.label_ == "GUIDELINE"]
    assert found == [
        ("Non-MTUS Citation", "OTHER"),
        ("Non-MTUS Citation UpToDate, accessed 01/05/2017", "UpToDate"),
    ]


def test_short_forms_are_whole_words_not_after_a_hyphen():
    from imr_nlp.entities.abbreviations import _short_regex

    pattern = _short_regex(["EMG", "EMG/NCV", ""])
    text = "EMG/NCV, pre-EMG, xEMG, EMGs and EMG-guided; (EMG)\nEMG"
    found = [(m.start(), m.group(1)) for m in pattern.finditer(text)]
    assert found == [(0, "EMG/NCV"), (24, "EMG"), (46, "EMG"), (51, "EMG")]
    assert _short_regex([]) is None
