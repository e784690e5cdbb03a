"""The trained factor model (``models/imr_factors``), the second stage of ``imr_rationale``:
shipped and loaded offline, predicting on invented rationales, combined with the rules as
``combine.json`` says, and failing loudly when its model is missing. Invented text only."""

from __future__ import annotations

import json

import pytest

import imr_nlp
from imr_nlp import pipeline
from imr_nlp.entities.factor_model import (
    COMBINE_FILE,
    PLACEHOLDER,
    RULE_ID,
    FactorModel,
    decide,
    decisive,
    status_words,
)
from imr_nlp.errors import IMRError
from imr_nlp.pipeline import factor_model_path


@pytest.fixture(scope="module")
def model():
    return FactorModel.from_path(factor_model_path())


def test_the_model_is_shipped_small_with_its_combination():
    path = factor_model_path()
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 10 * 2**20
    settings = json.loads((path / COMBINE_FILE).read_text("utf8"))
    assert set(settings) == {"add", "sentence", "status", "status_on"}
    assert settings["status_on"] in ("requirement", "all")


def test_load_uses_the_second_stage_only_with_the_model():
    assert (imr_nlp.load().get_pipe("imr_rationale").model is not None) == pipeline.FACTOR_MODEL
    assert imr_nlp.load(model=False).get_pipe("imr_rationale").model is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Guidelines ask for random urine drug testing; no recent toxicology screen is on file.",
            "urine_drug_screen",
        ),
        (
            "He has taken the opioid daily since 2013, well past any short course.",
            "duration_of_use",
        ),
        ("A gradual taper of the medication is advised for this patient.", "weaning_recommended"),
        (
            "She tried anti-inflammatories and a home exercise program without benefit.",
            "failed_first_line",
        ),
    ],
)
def test_the_factor_classifier_reads_invented_rationales(model, text, label):
    scores = model.factor_scores([text])[0]
    assert scores[label] > 0.5
    assert scores[label] == max(scores.values())


def test_the_status_classifier_tells_a_lack_from_a_finding(model):
    def scores(sentence):
        return model.status_scores([["lab_pain_relief", *sentence.lower().split()]])[0]

    lack = scores("There is no documentation of xxfactor with the medication .")
    found = scores("The patient reports xxfactor from the medication .")
    rule = scores("Guidelines state that continued use requires xxfactor .")
    assert lack["not_documented"] > 0.5 > lack["documented"]
    assert found["documented"] > 0.5 > found["not_documented"]
    # a guideline's criterion leans to "requirement" more than a finding does (the class is
    # rare in the training data: the model is used only where it is confident)
    assert rule["requirement"] > max(lack["requirement"], found["requirement"])


def test_status_words_replace_the_factor_and_mark_the_next_sentence():
    text = "Relief must be shown. None was shown."
    bounds = [(0, 21), (22, 37)]
    out = status_words(text, bounds, [(0, 6)], "pain_relief")
    assert out[:2] == ["lab_pain_relief", PLACEHOLDER]
    assert "nx_none" in out and "none" not in out


def test_a_finding_outweighs_a_requirement_and_the_later_finding_wins():
    assert decisive([(0, 5, "requirement"), (10, 15, "documented")]) == "documented"
    assert decisive([(0, 5, "not_documented"), (10, 15, "requirement")]) == "not_documented"
    assert decisive([(0, 5, "documented"), (10, 15, "not_documented")]) == "not_documented"


FOUND = {"pain_relief": [(0, 6, "requirement")], "urine_drug_screen": [(30, 40, "documented")]}
RULED = {
    "pain_relief": {"documented": 0.02, "not_documented": 0.93, "requirement": 0.05},
    "urine_drug_screen": {"documented": 0.01, "not_documented": 0.97, "requirement": 0.02},
}
EXTRA = {
    "duration_of_use": (
        0.91,
        50,
        80,
        {"documented": 0.8, "not_documented": 0.1, "requirement": 0.1},
        0.75,
    ),
    "return_to_work": (
        0.40,
        0,
        20,
        {"documented": 0.3, "not_documented": 0.6, "requirement": 0.1},
        0.2,
    ),
}


def test_the_combination_follows_its_thresholds():
    settings = {"add": 0.8, "status": 0.9, "status_on": "requirement"}
    changed, added = decide(settings, FOUND, RULED, EXTRA)
    # a rules' requirement takes a confident status; a rules' finding is kept
    assert changed == {"pain_relief": "not_documented"}
    # a factor the rules missed is added above the threshold only, with the model's status
    assert added == {"duration_of_use": [(50, 80, "documented")]}
    changed, _ = decide({**settings, "status_on": "all"}, FOUND, RULED, EXTRA)
    assert changed == {"pain_relief": "not_documented", "urine_drug_screen": "not_documented"}
    assert decide({"add": None, "status": None}, FOUND, RULED, EXTRA) == ({}, {})
    changed, _ = decide({**settings, "status": 0.95}, FOUND, RULED, EXTRA)
    assert changed == {}
    # a sentence threshold: one sentence must carry the factor on its own
    assert decide({**settings, "sentence": 0.7}, FOUND, RULED, EXTRA)[1] == added
    assert decide({**settings, "sentence": 0.8}, FOUND, RULED, EXTRA)[1] == {}


class Stub:
    """A second stage that adds one factor and finds a rules' requirement lacking."""

    def __init__(self, model):
        self.real = FactorModel(model.nlp, {})  # its own copy: the fixture stays as loaded

    def revise(self, doc, part, spans):
        self.real.second_stage = lambda text, found: (
            {lab: "not_documented" for lab in found},
            {"weaning_recommended": [(0, len(text), "documented")]},
        )
        return FactorModel.revise(self.real, doc, part, spans)


LETTER = """Case Number: CM16-0000001
Date of Injury: 01/02/2014
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination rests on the decisions for the disputed items/services set forth below:
Oxycodone 10mg #90: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2009.
Decision rationale: Guidelines require a urine drug screen for ongoing opioid use.
"""


def test_the_rules_component_writes_the_second_stage_spans(model):
    nlp = imr_nlp.load(model=False)
    plain = nlp(LETTER)
    assert [s.label_ for s in plain.spans["rationale_factors"]] == ["urine_drug_screen"]
    assert plain.spans["rationale_factors"][0]._.status == "requirement"
    nlp.get_pipe("imr_rationale").model = Stub(model)
    doc = nlp(LETTER)
    spans = {s.label_: s for s in doc.spans["rationale_factors"]}
    assert set(spans) == {"urine_drug_screen", "weaning_recommended"}
    assert spans["urine_drug_screen"]._.status == "not_documented"
    added = spans["weaning_recommended"]
    assert added.id_ == RULE_ID and added._.status == "documented"
    assert added._.decision_id == spans["urine_drug_screen"]._.decision_id
    assert added.text.startswith("Decision rationale")


def test_a_missing_model_fails_loudly(monkeypatch):
    monkeypatch.setattr(pipeline, "FACTOR_MODEL_NAME", "imr_factors_missing")
    with pytest.raises(IMRError, match="imr_factors_missing"):
        factor_model_path()
    with pytest.raises(IMRError):
        imr_nlp.load(config={"components": {"imr_rationale": {"model": True}}})


ON = {"components": {"imr_rationale": {"model": True}}}
ITEMS = [
    (
        "Ongoing opioid use calls for pain relief and better function; neither is recorded. "
        "She has taken the drug for years."
    ),
    (
        "The guideline asks for a trial of first-line care. He did six weeks of therapy without "
        "improvement, and a taper was advised."
    ),
]


def factor_facts(doc):
    return [
        (s.start_char, s.end_char, s.label_, s.id_, s._.status, s._.decision_id)
        for s in doc.spans["rationale_factors"]
    ]


@pytest.fixture(scope="module")
def on_nlp():
    return imr_nlp.load(config=ON)


@pytest.fixture(scope="module")
def texts():
    from evaluation.challenge.factors import letter

    return [
        letter({"request": "Tramadol 50mg #60", "outcome": "upheld", "rationale": r}) for r in ITEMS
    ]


def test_the_model_on_survives_two_processes_and_a_docbin(on_nlp, texts):
    from spacy.tokens import DocBin

    assert on_nlp.get_pipe("imr_rationale").model is not None
    docs = list(on_nlp.pipe(texts * 2))
    assert all(factor_facts(d) for d in docs)
    two = [factor_facts(d) for d in on_nlp.pipe(texts * 2, n_process=2, batch_size=1)]
    assert two == [factor_facts(d) for d in docs]
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(on_nlp.vocab))
    assert [factor_facts(d) for d in back] == [factor_facts(d) for d in docs]
