"""The pipeline as users load it: spacy.load, to_disk, DocBin, n_process, odd input."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.tokens import DocBin

import imr_nlp
from imr_nlp.pipeline import MODEL_PIPES, MODEL_READERS, PIPE_NAMES
from imr_nlp.rules import read_jsonl, write_jsonl


@pytest.fixture(scope="module")
def seed_texts(shared):
    return [p.read_text(encoding="utf8") for p in sorted((shared / "seeds").glob("*.txt"))]


def _facts(doc):
    parts = [
        (s.label_, s.start_char, s.end_char, s._.decision_id) for s in doc.spans["decision_parts"]
    ]
    ents = [
        (
            e.label_,
            e.start_char,
            e.end_char,
            e.id_,
            e.kb_id_,
            e._.value,
            e._.source,
            e._.is_negated,
            e._.is_historical,
            e._.is_hypothetical,
            e._.decision_id,
            e._.link_role,
            e._.link_candidates,
        )
        for e in doc.ents
    ]
    factors = [
        (s.label_, s.start_char, s.end_char, s.id_, s._.decision_id, s._.is_negated)
        for s in doc.spans.get("rationale_factors", ())
    ]
    facts = doc._.decisions, doc._.case, doc._.warnings, doc._.total_daily_mme
    return doc.text, *facts, parts, ents, factors


def with_model(names):
    """The pipe names of load(): the model's components right before the entity rules."""
    at = names.index(MODEL_READERS[0])
    return (*names[:at], *MODEL_PIPES, *names[at:])


def test_load_gives_the_pipeline():
    nlp = imr_nlp.load()
    assert tuple(nlp.pipe_names) == with_model(PIPE_NAMES)
    assert tuple(imr_nlp.load(model=False).pipe_names) == PIPE_NAMES


def test_spacy_load_by_package_name():
    nlp = spacy.load("imr_nlp")
    assert tuple(nlp.pipe_names) == with_model(PIPE_NAMES)


def test_load_options():
    assert "imr_case" not in imr_nlp.load(exclude=["imr_case"]).pipe_names
    assert imr_nlp.load(disable=["imr_case"]).disabled == ["imr_case"]
    enabled = imr_nlp.load(enable=["imr_sections"])
    assert set(enabled.disabled) == set(with_model(PIPE_NAMES)) - {"imr_sections"}


def test_public_names_resolve():
    assert set(imr_nlp.__all__) == {"__version__", *imr_nlp._EXPORTS}
    for name in imr_nlp.__all__:
        assert getattr(imr_nlp, name) is not None


def test_import_has_no_side_effects():
    code = (
        "import logging, sys, warnings; before = list(warnings.filters); import imr_nlp; "
        "assert 'spacy' not in sys.modules, 'spacy imported'; "
        "assert warnings.filters == before, 'warning filters changed'; "
        "assert not logging.getLogger().handlers, 'logging configured'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_to_disk_round_trip_keeps_rules(tmp_path, nlp, seed_texts):
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "imr_decisions" / "formats.jsonl").is_file()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    for text in seed_texts:
        assert _facts(loaded(text)) == _facts(nlp(text))


def test_rules_from_disk_are_used(tmp_path, nlp, seed_texts):
    """A saved pipeline keeps *its* rules: change one and the loaded pipeline follows it."""
    nlp.to_disk(tmp_path / "pipeline")
    path = tmp_path / "pipeline" / "imr_decisions" / "formats.jsonl"
    rules = read_jsonl(path)
    for rule in rules:
        if rule["kind"] == "outcome":
            rule["values"]["Upheld"] = "overturned"
    write_jsonl(path, rules)
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded(seed_texts[0])
    assert doc._.decisions
    assert all(d.outcome == "overturned" for d in doc._.decisions)


def test_docbin_round_trip(nlp, seed_texts):
    docs = list(nlp.pipe(seed_texts))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [_facts(d) for d in back] == [_facts(d) for d in docs]
    assert all(isinstance(d._.decisions, list) for d in back)
    span = back[0].spans["decision_parts"][0]
    assert span._.decision == back[0]._.decisions[span._.decision_id]
    assert imr_nlp.original_offsets(back[0], 5, 40) == imr_nlp.original_offsets(docs[0], 5, 40)


def test_n_process_2_gives_the_same_results(nlp, seed_texts):
    texts = seed_texts * 2
    one = [_facts(d) for d in nlp.pipe(texts)]
    two = [_facts(d) for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert two == one


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "W001"),
        ("   \n\t ", "W001"),
        ("Preheat the oven. Mix flour and eggs, then bake for twenty minutes.", "W002"),
        ("\x00\x01\x02\x03\x04\x05 binary \x06\x07\x08\x0e\x0f\x10\x11\x12", "W005"),
    ],
)
def test_odd_input_is_flagged_not_raised(nlp, text, code):
    with pytest.warns(imr_nlp.IMRWarning) as record:
        doc = nlp(text)
    assert any(code in str(w.message) for w in record)
    assert code in doc._.warnings
    assert doc._.decisions == []
    assert doc._.case.letter_format == "unknown"


def test_non_string_input_is_a_clear_error(nlp):
    with pytest.raises((TypeError, ValueError)):
        nlp(b"bytes are not text")


def test_components_are_advertised_as_entry_points():
    from importlib.metadata import entry_points

    factories = {ep.name for ep in entry_points(group="spacy_factories")}
    assert set(PIPE_NAMES) <= factories
    assert "imr_nlp" in {ep.name for ep in entry_points(group="spacy_models")}
    assert "imr_nlp.CleaningTokenizer.v1" in {
        ep.name for ep in entry_points(group="spacy_tokenizers")
    }


def test_doc_text_is_kept_per_doc_and_goes_with_it():
    import gc

    from imr_nlp.text import doctext

    nlp = spacy.blank("en")
    doc = nlp("Norco 10/325mg, one tablet twice a day.")
    kept = len(doctext._TEXTS)
    text = doctext.doc_text(doc)
    assert text == doc.text
    assert doctext.doc_text(doc) is text  # built once
    assert len(doctext._TEXTS) == kept + 1
    del doc
    gc.collect()
    assert len(doctext._TEXTS) <= kept  # dropped with the Doc


def test_the_cleaning_tokenizer_records_the_text(nlp):
    from imr_nlp.text import doctext

    doc = nlp.make_doc("Norco\n\n10/325mg  twice a day.")
    assert doc in doctext._TEXTS
    assert doctext.doc_text(doc) == doc.text
