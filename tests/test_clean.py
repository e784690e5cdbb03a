"""Cleaning of PDF artefacts and the map back to the original string."""

from __future__ import annotations

import functools
import pickle
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import imr_nlp
from imr_nlp.pipeline import TOKENIZER
from imr_nlp.text.clean import _PLAIN, clean_text

from . import clean_oracle

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
        # PDFium marks a hyphen that ended a line with U+FFFE and joins the lines
        ("an x\uffferay and a non\ufffecertified item", "an x-ray and a non-certified item"),
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


# Pieces of invented text with every artefact that clean_text handles, glued at random.
PIECES = [
    "pain",
    "Norco",
    "MRI",
    "2002",
    "10mg",
    "e.g.",
    "side.",
    "below:",
    "x;",
    "4-24-",
    "non-",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u2003",
    "\u3000",
    "\v",
    "\n",
    "\n\n",
    " \n",
    " \n\n",
    "\r\n",
    "\r",
    "\f",
    " \f",
    "\u2028",
    "\u2029",
    "\x85",
    "-\n",
    "- \n",
    "- \n\n ",
    "\u00ad",
    "\u00ad\n",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\x00",
    "\x00\x00",
    "\ud800",
    "\udfff",
    "\ufffd",
    "\ufffe",
    "\u2013",
    "\u00d7",
    "ﬀ",
    "ﬁ",
    "ﬂ",
    "ﬃ",
    "ﬄ",
    "ﬅ",
    "ﬆ",
    "In",
    "The",
    "a",
    "Z",
    "9",
    ".",
    ":",
    ";",
    "-",
    "é",
]
_WHITE = set(" \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a")
_WHITE |= set("\u202f\u205f\u3000\v\n\r\f\u2028\u2029\x85")
_EXPANDS = _PLAIN  # what each replaced character stands for (the cleaner's own table)

pieces = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# Many lines each followed by a blank line: the 2014 extractions' doubled line breaks.
doubled_lines = st.lists(pieces, min_size=6, max_size=14).map(lambda ls: " \n\n".join(ls))


def _assert_maps_back(raw: str) -> None:
    cleaned = clean_text(raw)
    text = cleaned.text
    previous = 0
    covered = set()
    for i, char in enumerate(text):
        start, end = cleaned.to_original(i, i + 1)
        assert previous <= start < end <= len(raw), (raw, i)
        previous = start
        covered.update(range(start, end))
        source = raw[start:end]
        if char in _EXPANDS.get(source, ""):
            continue  # one of the letters of a ligature
        if char in " \n":
            # a run of whitespace or NULs, or the space put after a glued sentence's period
            assert set(source) <= _WHITE | {"\x00"} or raw[start - 1] in ".:;", (raw, i)
        elif char == "\ufffd":
            assert "\ud800" <= source <= "\udfff" or source == char
        elif char == "-" and source == "\ufffe":
            pass  # PDFium's line-end hyphen mark
        else:
            assert source == char, (raw, i, char, source)
    # Nothing but whitespace, NULs, soft hyphens and zero-width characters is dropped.
    dropped = {raw[j] for j in range(len(raw)) if j not in covered}
    assert dropped <= _WHITE | set("\x00\u00ad\u200b\u200c\u200d\ufeff"), (raw, dropped)


@settings(max_examples=400, deadline=None)
@given(st.one_of(pieces, doubled_lines))
def test_same_text_and_anchors_as_the_first_implementation(raw):
    new, old = clean_text(raw), clean_oracle.clean_text(raw)
    assert (new.text, new.anchors, new.original_length) == (
        old.text,
        old.anchors,
        old.original_length,
    )


@settings(max_examples=400, deadline=None)
@given(st.one_of(pieces, doubled_lines))
def test_each_cleaned_character_maps_back_to_its_source(raw):
    _assert_maps_back(raw)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_same_as_the_first_implementation(raw):
    new, old = clean_text(raw), clean_oracle.clean_text(raw)
    assert (new.text, new.anchors) == (old.text, old.anchors)
    _assert_maps_back(raw)


def _blank_with_cleaning():
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})


@functools.cache
def _warmed_and_plain():
    """Two tokenizers for all the examples: the cache warming accumulates, as in a long run."""
    return _blank_with_cleaning(), _blank_with_cleaning()


def _tokens(doc):
    return [(t.orth_, t.whitespace_, t.norm_) for t in doc]


WORDS = [
    "Dr.",
    "(Dr.",
    "Jan.",
    "Mr.",
    "don't",
    "'s",
    "Norco",
    "Norco,",
    "10mg",
    "#60;Norco",
    "5/325",
    "UpheldClaims",
    "pain.",
    "(pain)",
    "e.g.",
    "U.S.",
    "g.",
    "8)",
    "4%-27.5%",
    "...",
    "a",
    "\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), max_size=4))
def test_warming_the_tokenizer_cache_keeps_the_tokens(texts):
    warmed, plain = _warmed_and_plain()
    for text in texts + texts:  # the second time every chunk has been warmed
        expected = plain.tokenizer.tokenizer(clean_text(text).text)  # no warming
        assert _tokens(warmed.make_doc(text)) == _tokens(expected)


def test_the_cache_is_warmed_and_a_new_rule_still_applies():
    nlp = _blank_with_cleaning()
    text = "Dr. Lee saw the patient; Norco was stopped. The patient saw Dr. Lee again."
    assert [t.text for t in nlp(text)][:2] == ["Dr.", "Lee"]
    assert {"Norco", "patient", "Lee"} <= nlp.tokenizer._warmed
    # A change of the rules empties spaCy's cache: the chunks are warmed again, the rule applies.
    nlp.tokenizer.add_special_case("Norco", [{"ORTH": "Nor"}, {"ORTH": "co"}])
    assert not nlp.tokenizer._warmed
    assert "Nor" in [t.text for t in nlp(text)]
    copy = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert not copy._warmed and _tokens(copy(text)) == _tokens(nlp(text))
    assert copy._warmed
