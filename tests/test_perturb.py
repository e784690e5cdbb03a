"""The layout perturbations of evaluation/perturb.py keep a letter's words (invented text)."""

from __future__ import annotations

from evaluation.perturb import PERTURBATIONS, labels, wrap

TEXT = (
    "Date of Injury: 01/02/2016\n"
    "The injured worker is a 40-year-old clerk with a long history of back pain and a request for\n"
    "therapy.\n"
    "Physical therapy twice a week for four weeks: Upheld\n"
    "MAXIMUS guideline: Decision based on MTUS.\n"
    "Decision rationale: Not supported."
)


def test_every_perturbation_keeps_the_words():
    for name, perturb in PERTURBATIONS.items():
        changed = perturb(TEXT)
        if name == "labels":
            assert changed.lower().split() == TEXT.lower().split()
        else:
            assert changed.split() == TEXT.split(), name


def test_wrap_breaks_long_lines_only():
    out = wrap(40)(TEXT)
    assert max(len(line) for line in out.split("\n")) <= 40
    assert "Date of Injury: 01/02/2016" in out.split("\n")


def test_labels_change_the_case_of_labels_and_outcomes():
    out = labels(TEXT)
    assert "Maximus Guideline:" in out and ": UPHELD" in out and "Decision Rationale:" in out
