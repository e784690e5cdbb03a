"""Odd, broken and hostile input: a flag or a coded error, never a crash, nothing lost; and
properties that hold for any text (hypothesis)."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import imr_nlp
from imr_nlp.cli import main
from imr_nlp.text.clean import MAX_CHARS

SAMPLE = imr_nlp.sample_text()
CUT_BEFORE_ISSUES = SAMPLE[: SAMPLE.index("IMR ISSUES")]


@pytest.fixture(scope="module")
def rules(rules_nlp):
    return rules_nlp


def quietly(nlp, text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nlp(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (CUT_BEFORE_ISSUES, "W003"),  # a letter with no issues section
        (SAMPLE * 800, "W006"),  # about 5 MB: only the first MAX_CHARS are read
    ],
)
def test_flagged_not_raised(nlp, text, code):
    doc = quietly(nlp, text)
    assert code in doc._.warnings
    if code == "W006":
        assert len(text) > 5_000_000 and len(doc.text) <= MAX_CHARS


def test_a_truncated_letter_keeps_what_is_there(nlp):
    cut = SAMPLE[: SAMPLE.index("Gabapentin 600mg #90 with 2 refills:") + 20]
    doc = quietly(nlp, cut)
    assert [d.treatment for d in doc._.decisions][:2] == [
        d.treatment for d in quietly(nlp, SAMPLE)._.decisions
    ][:2]


def test_ligatures_nbsp_and_form_feeds(nlp):
    odd = SAMPLE.replace("fi", "\ufb01").replace(" ", "\u00a0", 40).replace("\n", "\n\f", 3)
    doc = quietly(nlp, odd)
    assert len(doc._.decisions) == 3
    for ent in doc.ents:
        start, end = imr_nlp.original_offsets(doc, ent.start_char, ent.end_char)
        assert 0 <= start < end <= len(odd)


def test_a_bad_input_never_stops_or_loses_the_others_in_a_batch(nlp):
    texts = [SAMPLE, "", "\x00\x01\x02\x03" * 50, "Nothing here is a letter.", SAMPLE]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = list(nlp.pipe(texts))
    assert len(docs) == 5
    assert [len(d._.decisions) for d in docs] == [3, 0, 0, 0, 3]
    assert [bool(d._.warnings) for d in docs] == [False, True, True, True, False]


def test_invalid_utf8_zero_byte_and_binary_files_in_the_cli(tmp_path):
    (tmp_path / "latin1.txt").write_bytes(SAMPLE.encode("latin-1", "replace") + b"\xff\xfe\x80")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(out), "--quiet"])
    import pandas as pd

    letters = pd.read_csv(tmp_path / "out.letters.csv")
    errors = pd.read_csv(tmp_path / "out.errors.csv")
    ids = [*letters["letter_id"], *errors["letter_id"]]
    assert sorted(Path(i).stem for i in ids) == [
        "empty",
        "empty",
        "latin1",
        "noise",
    ]
    assert list(errors["code"]) == ["E002"]  # the zero-byte PDF
    assert result.exit_code == 1


def test_letter_text_stays_out_of_warnings_and_errors(nlp, tmp_path):
    secret = "Zebulon Quartermaine of 12 Elm Street"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nlp(f"{secret} bought a kayak and paddled home.")
    assert caught and all(secret not in str(w.message) for w in caught)
    path = tmp_path / "letter.pdf"
    path.write_bytes(f"%PDF-1.4 {secret}".encode())
    with pytest.raises(imr_nlp.PDFError) as err:
        imr_nlp.read_pdf(path)
    assert secret not in str(err.value)


def test_same_input_same_output(nlp):
    first, second = quietly(nlp, SAMPLE), quietly(nlp, SAMPLE)
    assert first._.decisions == second._.decisions
    assert [(e.start_char, e.label_, e.kb_id_) for e in first.ents] == [
        (e.start_char, e.label_, e.kb_id_) for e in second.ents
    ]


def check_invariants(doc):
    n = len(doc.text)
    blocks = sorted((d.start_char, d.end_char) for d in doc._.decisions)
    for (_, e1), (s2, _) in itertools.pairwise(blocks):
        assert e1 <= s2, "decisions overlap"
    for start, end in blocks:
        assert 0 <= start < end <= n
    for ent in doc.ents:
        assert 0 <= ent.start_char < ent.end_char <= n
        inside = [b for b in blocks if b[0] < ent.end_char and ent.start_char < b[1]]
        assert all(b[0] <= ent.start_char and ent.end_char <= b[1] for b in inside), (
            "an entity crosses a decision boundary"
        )
        if ent._.decision_id is not None:
            decision = ent._.decision
            assert decision.start_char <= ent.start_char or ent._.link_role in (
                "summary",
                "ur_history",
            )
    for ent in doc.ents:
        start, end = imr_nlp.original_offsets(doc, ent.start_char, ent.end_char)
        assert 0 <= start <= end


PROPERTY = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@PROPERTY
@given(st.text(max_size=400))
def test_random_text_never_raises(rules, text):
    check_invariants(quietly(rules, text))


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(SAMPLE) - 1),
            st.integers(0, 40),
            st.text(alphabet=" \n\f-:#/.,0123456789abcXYZ\u00a0\ufb01", max_size=12),
        ),
        max_size=8,
    )
)
def test_mutated_letters_never_raise_and_keep_their_invariants(rules, edits):
    text = SAMPLE
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut :]
    check_invariants(quietly(rules, text))
