"""The trained NER model: shipped, loaded offline, combined with the rules by a named policy,
stable on the sample letter, and trainable end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy

import imr_nlp
from imr_nlp.entities.merge import COMBINE_POLICY, combine
from imr_nlp.extensions import model_span
from imr_nlp.pipeline import MODEL_PIPES, model_path
from training.train import MAX_MODEL_MB, model_size_mb

EXPECTED = Path(__file__).parent / "data" / "model_sample.json"


def model_entities(doc):
    return [[e.start_char, e.end_char, e.label_] for e in doc.ents]


def test_model_is_shipped_small_and_described():
    path = model_path()
    assert model_size_mb(path) <= MAX_MODEL_MB
    meta = json.loads((path / "meta.json").read_text("utf8"))
    assert set(meta["labels"]["ner"]) == set(imr_nlp.LABELS)
    assert meta["performance"]["ents_f"] > 0.5
    assert meta["imr_nlp"]["held_out"] and meta["sources"]


def test_load_includes_the_model_unless_asked_not_to():
    assert set(MODEL_PIPES) <= set(imr_nlp.load().pipe_names)
    assert not set(MODEL_PIPES) & set(imr_nlp.load(model=False).pipe_names)


def test_model_predictions_on_the_sample_letter_are_stable():
    """Regenerate after retraining: python -c "import json, spacy, imr_nlp;
    from imr_nlp.pipeline import model_path; d = spacy.load(model_path())(imr_nlp.sample_text());
    print(json.dumps([[e.start_char, e.end_char, e.label_] for e in d.ents]))"
    > tests/data/model_sample.json"""
    doc = spacy.load(model_path())(imr_nlp.sample_text())
    assert model_entities(doc) == json.loads(EXPECTED.read_text("utf8"))


def test_combine_policy_rules_win_and_the_model_fills_gaps():
    assert COMBINE_POLICY == "rules_win_model_fills_gaps"
    doc = spacy.blank("en")("Take Zorvalin 8 mg daily with Norco")
    rules = [doc.char_span(14, 18, label="STRENGTH"), doc.char_span(30, 35, label="DRUG")]
    model = [
        doc.char_span(5, 13, label="DRUG"),  # missed by the rules: added
        doc.char_span(14, 24, label="QUANTITY"),  # overlaps a rule span: dropped
        doc.char_span(30, 35, label="DIAGNOSIS"),  # same place, other label: the rule wins
    ]
    found = [(s.text, s.label_) for s in combine(rules, model)]
    assert found == [("Zorvalin", "DRUG"), ("8 mg", "STRENGTH"), ("Norco", "DRUG")]


def test_model_diagnoses_join_only_where_the_gold_would_count_them(rules_nlp):
    nlp = rules_nlp
    doc = nlp(re.sub(r"\sdescribed\s", " complained of ", imr_nlp.sample_text()))
    text = doc.text
    diagnoses = nlp.get_pipe("imr_diagnoses")

    def plausible(phrase, start=0):
        begin = text.index(phrase, start)
        return diagnoses.plausible_model_diagnosis(doc, doc.char_span(begin, begin + len(phrase)))

    summary = text.index("CLINICAL CASE SUMMARY")
    assert plausible("left L5 radiculopathy", summary)  # a condition in the summary
    assert not plausible("low back pain", text.index("complained of"))  # a complaint
    assert not plausible("warehouse loader", summary)  # names no condition
    assert not plausible("painful radiculopathy")  # a rationale sentence quoting the MTUS


def test_model_diagnosis_spans_are_cut_into_the_conditions_they_name(rules_nlp):
    nlp = rules_nlp
    added = (
        "His slow recovery reflects a displaced ankle fracture complicated by peroneal "
        "tendinitis with swelling. The foreman saw mild pain with walking. "
    )
    text = imr_nlp.sample_text()
    at = text.index("The injured worker is a 46")
    doc = nlp(text[:at] + added + text[at:])
    diagnoses = nlp.get_pipe("imr_diagnoses")

    def pieces(phrase):
        begin = doc.text.index(phrase)
        span = doc.char_span(begin, begin + len(phrase), label="DIAGNOSIS")
        return [p.text for p in diagnoses.model_diagnoses(doc, span)]

    fragment = "a displaced ankle fracture complicated by peroneal tendinitis with"
    assert pieces(fragment) == ["displaced ankle fracture", "peroneal tendinitis"]
    assert pieces("mild pain with walking") == []  # a symptom, not a diagnosis


def test_model_diagnoses_in_the_sentence_stating_the_decision_do_not_join(rules_nlp):
    nlp = rules_nlp
    text = imr_nlp.sample_text()
    at = text.index("Decision rationale: Gabapentin") + len("Decision rationale: ")
    added = "Her hip fracture follow-up is medically necessary. Her hip fracture has healed. "
    doc = nlp(text[:at] + added + text[at:])
    diagnoses = nlp.get_pipe("imr_diagnoses")
    first = doc.text.index("hip fracture")
    second = doc.text.index("hip fracture", first + 1)
    kept = [
        diagnoses.plausible_model_diagnosis(doc, doc.char_span(b, b + len("hip fracture")))
        for b in (first, second)
    ]
    assert kept == [False, True]


def test_model_drugs_join_only_when_they_look_like_drug_names(rules_nlp):
    nlp = rules_nlp
    doc = nlp.make_doc(
        "Current medications include Zorvalin 8 mg, canes-walkers and a Neurosurgeon. "
        "Creatinine testing and Zorvalin levels are due with each medication refill. "
        "Her medications were anti-inflammatories and antidepressants."
    )
    drugs = nlp.get_pipe("imr_drugs")

    def plausible(word):
        begin = doc.text.index(word)
        return drugs.plausible_model_drug(doc, doc.char_span(begin, begin + len(word)))

    assert plausible("Zorvalin")
    assert not plausible("canes-walkers")  # a device, read part by part
    assert not plausible("Neurosurgeon")  # a specialist's shape
    assert not plausible("Creatinine")  # a laboratory test
    assert not plausible("anti-inflammatories")  # drug classes, as the lexicon excludes them
    assert not plausible("antidepressants")


def test_model_spans_get_values_from_the_same_normalisers(nlp):
    entities = nlp.get_pipe("imr_entities")
    doc = nlp.make_doc("asked for Percocet 5/325mg every 6 hours")
    spans = [
        doc.char_span(10, 18, label="DRUG"),
        doc.char_span(19, 26, label="STRENGTH"),
        doc.char_span(27, 40, label="FREQUENCY"),
    ]
    # imr_drugs values the model's DRUG span from its lexicon, imr_entities the amounts
    checked = model_span(doc, spans[0], *nlp.get_pipe("imr_drugs").value_of(spans[0].text))
    drug, strength, frequency = (entities.model_value(doc, s) for s in (checked, *spans[1:]))
    assert (drug.kb_id_, drug._.value.is_opioid, drug._.source) == (
        "oxycodone/acetaminophen",
        True,
        "model",
    )
    assert strength._.value == imr_nlp.Strength((5.0, 325.0), "mg")
    assert frequency._.value.per_day == 4
    assert drug.id_ == "model.imr_ner"


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_training_runs_end_to_end_on_a_tiny_subset(tmp_path, shared):
    from training.train import train

    out = train(tmp_path / "tiny", shared=shared, synthetic=3, max_steps=2, limit=1)
    trained = spacy.load(out)
    assert trained.pipe_names == ["tok2vec", "ner"]
    assert set(trained.get_pipe("ner").labels) <= set(imr_nlp.LABELS)


def test_model_files_are_all_shipped_in_the_wheel():
    """pyproject's package data for imr_nlp.models covers imr_ner/* and imr_ner/*/*."""
    root = model_path()
    deep = [p for p in root.rglob("*") if p.is_file() and len(p.relative_to(root).parts) > 2]
    assert deep == []


def test_loads_and_runs_with_the_network_blocked(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("imr_nlp tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    doc = imr_nlp.load()(imr_nlp.sample_text())
    assert doc._.decisions and any(e._.source for e in doc.ents)


def _model_spans(doc):
    ents = [(e.start_char, e.end_char, e.label_, e._.source) for e in doc.ents]
    checked = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get("imr_model", ())]
    return ents, [s for s in checked if s[2] in ("DRUG", "DIAGNOSIS")]


def test_model_runs_where_its_spans_can_be_kept_with_the_whole_letters_results(nlp):
    """imr_ner reads only the sentences where a model DRUG or DIAGNOSIS can be kept, and the
    pipeline's entities are those of the model run on the whole letter."""
    everywhere = imr_nlp.load(config={"components": {"imr_ner": {"everywhere": True}}})
    at = imr_nlp.sample_text().index("The injured worker is a 46")
    added = (
        "She was prescribed Zorvalin 8 mg at night for sleep. The adjuster called twice. "
        "The working diagnosis is a displaced ankle fracture complicated by tendinitis. "
    )
    text = imr_nlp.sample_text()[:at] + added + imr_nlp.sample_text()[at:]
    model = nlp.get_pipe("imr_ner")
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline[: nlp.pipe_names.index("imr_ner")]:
        doc = proc(doc)
    ranges, core = model.token_ranges(doc)
    read = sum(b - a for a, b in ranges)
    assert 0 < read < 0.8 * len(doc)

    def covered(phrase):
        begin = doc.text.index(phrase)
        span = doc.char_span(begin, begin + len(phrase), alignment_mode="expand")
        return bool(core[span.start : span.end].all())

    assert covered("prescribed Zorvalin 8 mg")  # a medication sentence
    assert covered("displaced ankle fracture")  # a condition in the summary
    assert not covered("The adjuster called twice")  # neither
    assert _model_spans(nlp(text)) == _model_spans(everywhere(text))


def test_model_labels_without_a_region_run_the_model_everywhere():
    """A label of imr_entities' model_labels whose spans are not bound to sentences (DATE)
    makes the model read the whole letter: load() passes the labels on."""
    labels = ["DRUG", "DIAGNOSIS", "DATE"]
    nlp = imr_nlp.load(config={"components": {"imr_entities": {"model_labels": labels}}})
    model = nlp.get_pipe("imr_ner")
    assert model.everywhere and model.labels == set(labels)
    doc = nlp.make_doc("Seen on 01/02/2016. Nothing else.")
    assert model.token_ranges(doc)[0] == [(0, len(doc))]
    assert not imr_nlp.load().get_pipe("imr_ner").everywhere
