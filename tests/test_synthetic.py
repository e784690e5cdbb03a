"""The invented training letters: same seed, same letters; spans well formed; names left out."""

from __future__ import annotations

from training.synthetic import check, generate


def test_generation_is_seeded_and_spans_are_well_formed():
    first, again, other = generate(5, seed=3), generate(5, seed=3), generate(5, seed=4)
    assert first == again and first != other
    check(first)
    labels = {label for _, spans in first for *_, label in spans}
    assert {"DRUG", "STRENGTH", "DATE", "INJURY_DATE", "GUIDELINE"} <= labels


def test_excluded_names_never_appear():
    samples = generate(30, seed=0)
    names = {
        text[s:e].lower() for text, spans in samples for s, e, label in spans if label == "DRUG"
    }
    left_out = sorted(names)[:3]
    for text, _ in generate(30, seed=0, exclude=left_out):
        assert not any(name in text.lower() for name in left_out)
