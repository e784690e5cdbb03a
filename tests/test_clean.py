"""Cleaning of PDF artefacts and the map back to the original string."""

from __future__ import annotations

import re

import pytest

import imr_nlp
from imr_nlp.text.clean import clean_text

RAW = (
    "The claim was non- \ncertified on 4-24- \n15 for the right side.MRI was\u00a0advised.\f"
    "Page two  starts mid-sentence with a ﬁnal ﬂare\u00a0up.\r\nEnd."
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("non- \ncertified", "non-certified"),
        ("4-24- \n15", "4-24-15"),
        ("4-24-\n15", "4-24-15"),
        ("right side.MRI of", "right side. MRI of"),
        ("set forth below:Physical exam", "set forth below: Physical exam"),
        ("a\u00a0b", "a b"),
        ("two  spaces   here", "two spaces here"),
        ("ﬁnal ﬂare ﬀ", "final flare ff"),
        ("end of page\fnext page", "end of page\nnext page"),
        ("line\r\nnext\rthird", "line\nnext\nthird"),
        ("para one.\n\n\n\npara two", "para one.\n\npara two"),
        ("trailing   \nspace", "trailing\nspace"),
        ("soft\u00adhyphen", "softhyphen"),
        ("e.g.MRI and Dr.Smith", "e.g.MRI and Dr.Smith"),  # no space after abbreviations
        ("OxyContin LidoPro", "OxyContin LidoPro"),  # capitals inside words stay
    ],
)
def test_artefacts(raw, clean):
    assert clean_text(raw).text == clean


def test_blank_line_after_every_line_is_removed():
    lines = [f"line {i} of the letter " for i in range(12)]
    raw = " \n\n".join(lines[:6]) + " \n\n \n\n" + " \n\n".join(lines[6:])
    expected = "\n".join(x.strip() for x in lines[:6]) + "\n\n"
    expected += "\n".join(x.strip() for x in lines[6:])
    assert clean_text(raw).text == expected


def test_single_blank_lines_stay_in_normal_text():
    raw = "para one\n\npara two\nline\nline\nline\nline\nline\nline"
    assert clean_text(raw).text == raw


def test_idempotent():
    once = clean_text(RAW).text
    assert clean_text(once).text == once
    assert clean_text(once).anchors == ((0,), (0,))


def test_offsets_map_words_back():
    cleaned = clean_text(RAW)
    for m in re.finditer(r"\S+", cleaned.text):
        start, end = cleaned.to_original(m.start(), m.end())
        original = RAW[start:end]
        # Same word, up to the artefacts that cleaning removed.
        expected = m.group()
        squashed = re.sub(r"-\s+", "-", original).replace("ﬁ", "fi").replace("ﬂ", "fl")
        assert squashed == expected, (m.group(), original)


@pytest.mark.filterwarnings("ignore::imr_nlp.IMRWarning")
def test_original_offsets_on_doc(nlp):
    doc = nlp(RAW)
    assert doc.text != RAW
    at = doc.text.index("4-24-15")
    start, end = imr_nlp.original_offsets(doc, at, at + len("4-24-15"))
    assert RAW[start:end] == "4-24- \n15"
    span = doc.char_span(doc.text.index("final"), doc.text.index("final") + 5)
    start, end = imr_nlp.original_offsets(doc, span.start_char, span.end_char)
    assert RAW[start:end] == "ﬁnal"
    assert imr_nlp.original_offsets(doc, 0, len(doc.text)) == (0, len(RAW))
    with pytest.raises(ValueError):
        imr_nlp.original_offsets(doc, 5, len(doc.text) + 1)


@pytest.mark.filterwarnings("ignore::imr_nlp.IMRWarning")
def test_clean_doc_maps_to_itself(nlp):
    doc = nlp("Nothing to clean here.")
    assert imr_nlp.original_offsets(doc, 0, 7) == (0, 7)


def test_empty_and_whitespace():
    assert clean_text("").text == ""
    assert clean_text(" \n\f\u00a0 ").text == ""
