"""Scans that try a pattern only where a match can begin (imr_nlp.text.fastre) find exactly what
``finditer`` finds; the drug look-up that skips tokens no name can begin with finds what a
look-up at every token finds."""

from __future__ import annotations

import random
import re

import pytest
import spacy

from imr_nlp.entities.drugs import MAX_WORDS
from imr_nlp.rules import default_rules
from imr_nlp.text.fastre import (
    LONG_PATTERN,
    LazyPattern,
    Scan,
    first_class,
    folded_text,
    required_strings,
)

PATTERN_FILES = (
    "entities.jsonl",
    "guidelines.jsonl",
    "diagnoses.jsonl",
    "drugs.jsonl",
    "rationale.jsonl",
)
REGEX_FIELDS = ("pattern", "not_before", "not_after", "requires_before")

# Invented pieces: numbers, number words, units, schedule words, guideline words, odd cases and
# characters that case-fold to ASCII letters (long s, Kelvin sign, dotless i).
PIECES = (
    "2", "10", "7.5", ".5", "325", "10/325", "5-325mg", "12/01/2019", "3/4/19", "9-10/10", "#60",
    "one", "Two", "THREE", "twelve", "ſix", "Kg", "ıd", "İt", "mg", "MCG", "ml", "%", "g",
    "tablets", "tab", "by mouth", "po", "every", "q", "hours", "hrs", "h", "daily", "twice",
    "times", "x", "a", "per", "day", "week", "weeks", "as needed", "PRN", "t.i.d.", "refills",
    "sessions", "visits", "(8)", "quantity", "qty:", "Jan", "March", "15,", "2018", "MTUS",
    "ODG", "Guidelines", "Chronic", "Pain", "Medical", "Treatment", "Chapter", "Section(s):",
    "diagnoses", "include", "lumbar", "strain", "right", "and", "or", "with", "of", "the",
    "Norco", "oxycodone", "é", "_", "-", "/", ",", ";", ":", ".", "(", ")", '"', "'",
)  # fmt: skip
SPACES = (" ", " ", " ", "", "\n", "  ", "\t", " \n ")


def invented_texts(count: int = 250, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(PIECES) + rng.choice(SPACES) for _ in range(rng.randint(1, 60))]
        text = "".join(words)
        out.append(text if rng.random() < 0.7 else rng.choice((text.upper(), text.swapcase())))
    return out


def shipped_regexes() -> list[tuple[str, str]]:
    return [
        (f"{rule['id']}.{field}", rule[field])
        for name in PATTERN_FILES
        for rule in default_rules(name)
        for field in REGEX_FIELDS
        if isinstance(rule.get(field), str)
    ]


TEXTS = invented_texts()


@pytest.mark.parametrize(("name", "source"), shipped_regexes())
def test_scan_finds_what_finditer_finds(name, source):
    pattern = re.compile(source)
    scan = Scan(pattern)
    for text in TEXTS:
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in scan.finditer(text)] == expected, (name, text)
        # within bounds, as a component scans one part of a letter
        pos, endpos = len(text) // 4, 3 * len(text) // 4
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text, pos, endpos)]
        found = [(m.span(), m.groups()) for m in scan.finditer(text, pos, endpos)]
        assert found == expected, (name, text, pos, endpos)


@pytest.mark.parametrize(
    ("source", "text", "spans"),
    [
        (r"\s*(?:,|\band\b)", "left\nand right", [(4, 8)]),  # a match opening with a newline
        (r"(?i)\bsix\b", "ſix SIX six", [(0, 3), (4, 7), (8, 11)]),  # long s folds to s
        (r"(?i)\bkg\b", "2 Kg", [(2, 4)]),  # the Kelvin sign folds to k
        (r"(?i)\b(?:\d+|one)\s+days?\b", "xone day, 3 days, One day", [(10, 16), (18, 25)]),
        (r"(?<![\d/-])\d{1,2}([/-])\d{1,2}\1\d{4}", "1/2/2019 1/2-2019", [(0, 8)]),  # \1
        (r"x?", "ab", [(0, 0), (1, 1), (2, 2)]),  # may be empty: scanned as before
    ],
)
def test_scan_cases(source, text, spans):
    pattern = re.compile(source)
    assert [m.span() for m in pattern.finditer(text)] == spans
    assert [m.span() for m in Scan(pattern).finditer(text)] == spans


def test_scan_takes_the_fast_path_for_rule_shapes():
    # a leading \b and an ignore-case alternation: scanned from its first characters in C
    assert Scan(r"(?i)\b(?:\d+|one|two)\s+times\b").prepare().places is not None
    assert first_class(re.compile(r"(?i)\b(?:one|two)")) == "[OTot]"
    assert first_class(re.compile(r"(?<![A-Za-z])(?:TID|bid)")) == "[Tb]"
    # the first characters are not known: no class
    assert first_class(re.compile(r"(?i).x")) is None
    assert first_class(re.compile(r"a*")) is None


def test_a_long_pattern_is_scanned_from_its_first_characters():
    # an invented vocabulary written into a rule: not compiled a second time as a look-ahead
    names = [f"{a}{b}{c}name" for a in "bdfg" for b in "aeiou" for c in "klmnprst"] * 4
    source = r"(?i)\bcited\s+(?:the\s+)?(?:" + "|".join(names) + r")\b"
    assert len(source) > LONG_PATTERN
    scan = Scan(source).prepare()
    assert scan.places is None and scan.starts is not None
    assert scan.starts.pattern.endswith(r"(?<=\b[\s\S])")  # its leading \b checked in C
    text = "Cited the bokname; recited fatname, CITED GUTNAME and cited\nthe dimname."
    expected = [m.span() for m in re.finditer(source, text)]
    assert [m.span() for m in scan.finditer(text)] == expected
    assert len(expected) == 3


@pytest.fixture(scope="module")
def drugs_nlp():
    tokenizer = {"@tokenizers": "imr_nlp.CleaningTokenizer.v1"}
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}})
    nlp.add_pipe("imr_drugs")
    return nlp


def every_token_lookup(doc, lexicon):
    """The names found by looking up at every token (the look-up before the skip)."""
    text, out, i, n = doc.text, [], 0, len(doc)
    while i < n:
        token = doc[i]
        if not token.is_alpha or len(token) < 2:
            i += 1
            continue
        for size in range(min(MAX_WORDS, n - i), 0, -1):
            key = text[token.idx : doc[i + size - 1].idx + len(doc[i + size - 1])].lower()
            if (re.sub(r"\s+", " ", key) if size > 1 else key) in lexicon:
                out.append((i, i + size))
                i += size
                break
        else:
            i += 1
    return out


@pytest.mark.parametrize(
    "text",
    [
        "She takes Norco 10/325 and MS Contin daily.",
        "Tylenol  #3 with\nLac-Hydrin cream; MS\nContin; ms contin ER",
        "NORCO, norco,Norco;Percocet\nOpana ER, Oxycodone  ER and acetaminophen and codeine.",
    ],
)
def test_drug_lookup_skips_only_tokens_no_name_begins_with(drugs_nlp, text):
    doc = drugs_nlp(text)
    lexicon = drugs_nlp.get_pipe("imr_drugs").lexicon
    found = [(s.start, s.end) for s in doc.spans["imr_rules"]]
    expected = every_token_lookup(doc, lexicon)
    assert expected, text
    # the component may widen a name by its release suffix ("Opana ER")
    assert [start for start, _ in found] == [start for start, _ in expected]
    assert all(end >= e for (_, end), (_, e) in zip(found, expected, strict=True))


def test_sentence_start_is_the_last_sentence_end_before_a_place():
    from imr_nlp.entities.diagnoses import _sentence_start
    from imr_nlp.text.sentences import SENTENCE_END

    texts = [*TEXTS[:40], "A. b.\n\nc.d. e.", "x.", ".\n\n\n.", ""]
    for text in texts:
        for pos in range(len(text) + 1):
            cut = [m.end() for m in SENTENCE_END.finditer(text, 0, pos)]
            assert _sentence_start(text, pos) == max([0, *cut]), (text, pos)


def test_required_strings_never_skip_a_match():
    """A rule is not scanned where none of the strings every match contains is in the text
    (Scan.may_match, imr_rationale): on invented texts, every shipped regex that has such
    strings finds nothing where they are missing."""
    texts = [*invented_texts(120, seed=5), "ſtrain İt ıs KG", "Function improved; pain 3/10"]
    for rule_id, source in shipped_regexes():
        pattern = re.compile(source)
        required = required_strings(pattern)
        if required is None:
            continue
        assert all(s and s == s.lower() for s in required), rule_id
        for text in texts:
            if not Scan(pattern).may_match(folded_text(text)):
                assert pattern.search(text) is None, (rule_id, text)


def test_folded_text_reads_case_partners_as_ascii():
    assert folded_text("ſIX İt ıs K") == "six it is k"
    # the longest of the required sets: a branch's words (4 letters) rather than "off"
    pattern = re.compile(r"(?i)\b(?:wean(?:ing)?|taper)\s+off")
    assert required_strings(pattern) == frozenset({"wean", "taper"})
    assert required_strings(re.compile(r"(?=wean)\w+|x")) is None  # a look-ahead requires nothing
    scan = Scan(r"(?i)\bwean")
    assert scan.may_match(folded_text("WEANING")) and not scan.may_match(folded_text("taper"))


def test_a_lazy_pattern_compiles_on_first_use_and_pickles_uncompiled():
    import pickle

    lazy = LazyPattern(r"(?i)\bset\s+(\w+)\s+aside")
    assert lazy._compiled is None  # loading pays nothing
    assert lazy.search("They Set it aside.").group(1) == "it"
    assert lazy._compiled is not None and lazy.match("set x aside") is not None
    copy = pickle.loads(pickle.dumps(lazy))  # a worker process gets the source, not the code
    assert copy._compiled is None and copy.search("no such words") is None
