"""Letter formats, read from small invented letters (tests/data/formats) and the sample letter.

The 2013 notice, "DOCUMENTS REVIEWED" and "MEDICAL PROFESSIONAL REVIEW" formats are known only
from their published headings; these fixtures were written from them.
"""

from __future__ import annotations

import itertools
import json
import warnings
from pathlib import Path

import pytest

import imr_nlp
from evaluation.evaluate import Scores, score_letter

FORMATS = Path(__file__).parent / "data" / "formats"
SAMPLE = Path(imr_nlp.__file__).parent / "data"
CASES = [*sorted(FORMATS.glob("*.json")), SAMPLE / "sample_letter.json"]


def _process(nlp, path: Path):
    text = path.with_suffix(".txt").read_text(encoding="utf8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = nlp(text)
    return doc, [str(w.message) for w in caught]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_format_fixture(nlp, path):
    expected = json.loads(path.read_text(encoding="utf8"))
    doc, _ = _process(nlp, path)
    assert doc._.case.letter_format == expected["letter_format"]
    scores = Scores()
    score_letter(doc, expected, scores)
    assert scores.errors == []
    assert len(doc._.decisions) == len(expected["decisions"])


@pytest.mark.parametrize(("name", "code"), [("nonletter", "W002"), ("no_issues", "W003")])
def test_unknown_letters_are_flagged(nlp, name, code):
    doc, messages = _process(nlp, FORMATS / f"{name}.json")
    assert doc._.decisions == []
    assert doc._.case.letter_format == "unknown"
    assert code in doc._.warnings
    assert any(code in m for m in messages)


def test_notice_lists_are_deduplicated(nlp):
    doc, _ = _process(nlp, FORMATS / "notice_2013.json")
    text = doc.text
    numbered = text.count("has determined the request for")
    assert numbered == 2 * len(doc._.decisions)  # listed twice, read once
    ends = [(d.start_char, d.end_char) for d in doc._.decisions]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))


def test_artefacts_map_back_to_the_raw_text(nlp):
    raw = (FORMATS / "artefacts_2016.txt").read_text(encoding="utf8")
    doc = nlp(raw)
    for decision in doc._.decisions:
        start, end = imr_nlp.original_offsets(doc, decision.start_char, decision.end_char)
        assert (
            raw[start:end].split()[:2]
            == doc.text[decision.start_char : decision.end_char].split()[:2]
        )
    for span in doc.spans["decision_parts"]:
        start, end = imr_nlp.original_offsets(doc, span.start_char, span.end_char)
        assert 0 <= start < end <= len(raw)


def test_parts_of_every_block(nlp):
    doc, _ = _process(nlp, SAMPLE / "sample_letter.json")
    labels = {}
    for span in doc.spans["decision_parts"]:
        labels.setdefault(span._.decision_id, set()).add(span.label_)
        decision = span._.decision
        assert decision.start_char <= span.start_char < span.end_char <= decision.end_char
    expected = {"request", "claims_administrator_guideline", "reviewer_guideline", "rationale"}
    assert labels == {d.id: expected for d in doc._.decisions}


def test_parts_start_at_their_heading_even_when_glued(nlp):
    """ "...: OverturnedClaims Administrator guideline:" gives a part starting at "Claims"."""
    doc, _ = _process(nlp, FORMATS / "artefacts_2016.json")
    parts = [s for s in doc.spans["decision_parts"] if s.label_ == "claims_administrator_guideline"]
    assert parts
    assert all(s.text.startswith("Claims Administrator guideline:") for s in parts)


def _sources(doc) -> list[tuple[list[str], list[str], bool]]:
    return [
        (
            [g.source for g in d.claims_administrator_guidelines],
            [g.source for g in d.reviewer_guidelines],
            d.claims_administrator_cited_nothing,
        )
        for d in doc._.decisions
    ]


def test_notice_guidelines_by_party(nlp):
    # One guideline heading, one statement per party under it ("The Claims Administrator based
    # its decision on ...", "The Expert Reviewer relied on ...").
    doc, _ = _process(nlp, FORMATS / "notice_2013_parties.json")
    sources = _sources(doc)
    assert sources[0][0] == ["MTUS"]
    assert sources[1] == ([], ["MTUS"], True)
    assert sources[2] == (["ODG"], ["ODG"], False)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("notice_2013", [([], ["MTUS"], False)] * 3),
        ("medical_professional_review", [([], ["MTUS", "ODG"], False)]),
        ("medical_professional_review_overturned", [([], ["MTUS"], False)]),
    ],
)
def test_guideline_named_under_the_reviewer_heading(nlp, name, expected):
    doc, _ = _process(nlp, FORMATS / f"{name}.json")
    assert _sources(doc) == expected


def test_relied_on_in_prose_is_no_citation(nlp):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # not a letter
        doc = nlp("The provider relied on the patient's account of the fall. ODG is cited later.")
    ids = [s.id_ for s in doc.spans.get("imr_rules", ()) if s.label_ == "GUIDELINE"]
    assert not any(i.startswith("citation.") for i in ids)


def _mpr(heading_not: bool, closing: str) -> str:
    text = (FORMATS / "medical_professional_review_overturned.txt").read_text(encoding="utf8")
    heading = "IS/WAS NOT MEDICALLY NECESSARY:" if heading_not else "IS/WAS MEDICALLY NECESSARY:"
    text = text.replace("IS/WAS MEDICALLY NECESSARY:", heading)
    return text.replace("#30 is\nmedically necessary.", f"#30 {closing}")


@pytest.mark.parametrize(
    ("heading_not", "closing", "outcome"),
    [
        (False, "is medically necessary.", "overturned"),
        (True, "is not medically necessary.", "upheld"),
        (True, "was not medically necessary at this time.", "upheld"),
        (True, "is medically necessary.", None),  # heading and closing sentence disagree
        (False, "is not medically necessary.", None),
    ],
)
def test_professional_review_outcome_from_heading_and_closing(nlp, heading_not, closing, outcome):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = nlp(_mpr(heading_not, closing))
    assert [d.outcome for d in doc._.decisions] == ([outcome] if outcome else [])


@pytest.mark.parametrize(
    "heading",
    [
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "IMR ISSUE(S), DECISION(S) AND RATIONALE(S)",
        "IMR ISSUE, DECISION AND RATIONALE",
        "IMR ISSUES, DECISIONS & RATIONALES",
    ],
)
def test_decisions_heading_in_singular_plural_and_ampersand_forms(nlp, heading):
    text = imr_nlp.sample_text()
    expected = len(nlp(text)._.decisions)
    doc = nlp(text.replace("IMR ISSUES, DECISIONS AND RATIONALES", heading))
    assert doc._.case.letter_format == "imr_2016"
    assert len(doc._.decisions) == expected > 0


@pytest.mark.parametrize(
    ("written", "variant"),
    [
        ("MAXIMUS guideline:", "Maximus Guideline:"),
        ("Claims Administrator guideline:", "CLAIMS ADMINISTRATOR GUIDELINE:"),
        ("Decision rationale:", "Decision Rationale:"),
        (": Upheld", ": UPHELD"),
        (": Overturned", ": overturned"),
    ],
)
def test_part_labels_and_outcome_words_in_any_case(nlp, written, variant):
    def read(doc):
        return [
            (d.outcome, d.reviewer_guidelines, d.claims_administrator_guidelines, d.rationale_start)
            for d in doc._.decisions
        ]

    text = imr_nlp.sample_text()
    assert written in text
    expected = read(nlp(text))
    assert read(nlp(text.replace(written, variant))) == expected
    assert len(expected) == 3 and all(parts[1] and parts[3] for parts in expected)


# --- the older layouts' grammar (session 22): invented variants of the fixtures -------------


def _read(nlp, text: str):
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return nlp(text)


def _notice(lines: list[str]) -> str:
    """A minimal 2013 notice whose two listings are ``lines`` (numbered determination lines)."""
    listing = "\n".join(lines)
    return (
        "Notice of Independent Medical Review Determination\n\nDated: 10/1/2013\n\n"
        "IMR Case Number:          CM13-0012345\n\nFinal Determination:\n"
        f"{listing}\n\nSincerely,\n[redacted]\n"
        "INDEPENDENT MEDICAL REVIEW DECISIONS AND RATIONALES\n"
        f"{listing}\n\nMedical Qualifications of the Expert Reviewer:\nNone given.\n"
    )


LEAD = "MAXIMUS Federal Services, Inc. has determined the request for"


@pytest.mark.parametrize(
    ("line", "treatment", "outcome"),
    [
        (
            f"1) {LEAD} Baclofen 10mg #60 is not\nmedically necessary and appropriate.",
            "Baclofen 10mg #60",
            "upheld",
        ),
        (f"1) {LEAD} Baclofen 10mg #60 isnot medically necessary.", "Baclofen 10mg #60", "upheld"),
        (
            f"1) {LEAD} Baclofen 10mg #60 is\nnotmedically necessary and appropriate.",
            "Baclofen 10mg #60",
            "upheld",
        ),
        (
            f"1. {LEAD} Baclofen 10mg #60 is medically\nnecessary.",
            "Baclofen 10mg #60",
            "overturned",
        ),
        (
            "1) MAXIMUS Federal Services has determined the request for a cane is medically "
            "necessary and appropriate.",
            "a cane",
            "overturned",
        ),
        (
            f"1) {LEAD} repeat knee injection if pain is\nunchanged in 6 weeks is not medically "
            "necessary and appropriate.",
            "repeat knee injection if pain is unchanged in 6 weeks",
            "upheld",
        ),
        (
            f"1) {LEAD}\n2 sessions of biofeedback is medically necessary and appropriate.",
            "2 sessions of biofeedback",
            "overturned",
        ),
    ],
)
def test_notice_determination_line_wordings_and_wraps(nlp, line, treatment, outcome):
    doc = _read(nlp, _notice([line]))
    assert [(d.treatment, d.outcome) for d in doc._.decisions] == [(treatment, outcome)]


def test_notice_line_without_its_closing_words_never_swallows_the_next(nlp):
    doc = _read(
        nlp,
        _notice(
            [
                f"1) {LEAD} Baclofen 10mg #60 is not medically necessary.",
                f"2) {LEAD} a shower chair is medically necessary and appropriate.",
            ]
        ),
    )
    assert [(d.treatment, d.outcome) for d in doc._.decisions] == [
        ("Baclofen 10mg #60", "upheld"),
        ("a shower chair", "overturned"),
    ]


def _notice_fixture() -> str:
    return (FORMATS / "notice_2013.txt").read_text(encoding="utf8")


@pytest.mark.parametrize(
    "change",
    [
        # the second listing says the opposite of the first
        lambda t: (
            t[: t.rindex("Tramadol ER 150mg #30 is\nmedically")]
            + t[t.rindex("Tramadol ER 150mg #30 is\nmedically") :].replace(
                "#30 is\nmedically", "#30 is not\nmedically", 1
            )
        ),
        # the rationale's closing sentence says the opposite of both listings
        lambda t: t.replace(
            "The request for Tramadol ER 150mg #30 is medically necessary",
            "The request for Tramadol ER 150mg #30 is not medically necessary",
        ),
    ],
    ids=["listings", "closing"],
)
def test_notice_item_whose_outcome_is_stated_both_ways_is_left_out(nlp, change):
    text = change(_notice_fixture())
    assert text != _notice_fixture()
    doc = _read(nlp, text)
    assert [d.treatment for d in doc._.decisions] == [
        "lumbar epidural steroid injection at L4-L5 under fluoroscopic guidance",
        "Cyclobenzaprine 7.5mg #60",
    ]
    assert "W008" in doc._.warnings


def test_notice_request_is_read_inside_its_block(nlp):
    doc, _ = _process(nlp, FORMATS / "notice_2013_wraps.json")
    requests = [s for s in doc.spans["decision_parts"] if s.label_ == "request"]
    for span, decision in zip(requests, doc._.decisions, strict=True):
        assert decision.start_char <= span.start_char < span.end_char <= decision.end_char
        assert span.text.split()[0] != "1)"


def test_notice_reviewer_pointing_back_at_the_claims_administrator(nlp):
    # "agreed that these pages apply and relied on them", "relied on the same ODG section and
    # on the <guideline>", "found those sections relevant and relied on them"
    doc, _ = _process(nlp, FORMATS / "notice_2013_wraps.json")
    assert [(ca, sorted(r), none) for ca, r, none in _sources(doc)] == [
        ([], ["MTUS"], True),
        (["MTUS"], ["MTUS"], False),
        (["ODG"], ["MTUS", "ODG"], False),
        (["MTUS"], ["MTUS"], False),
    ]


def test_pointer_naming_a_source_the_other_party_did_not_cite():
    from imr_nlp.linking.records import _pointed_at
    from imr_nlp.values import GuidelineCitation

    mtus = GuidelineCitation(source="MTUS", title="Chronic Pain")
    odg = GuidelineCitation(source="ODG", title="ODG", cited=True)
    assert _pointed_at([], [mtus], [[]]) == [mtus]  # "relied on them": all of them
    assert [c.source for c in _pointed_at([odg], [mtus], [[odg]])] == ["ODG"]  # "the same ODG"
    assert _pointed_at([odg], [mtus], [[mtus]]) == [mtus, odg]


def test_professional_review_numbered_issue_list(nlp):
    doc, _ = _process(nlp, FORMATS / "medical_professional_review_list.json")
    assert "W008" not in doc._.warnings
    requests = [s for s in doc.spans["decision_parts"] if s.label_ == "request"]
    for span, decision in zip(requests, doc._.decisions, strict=True):
        assert decision.start_char <= span.start_char < span.end_char <= decision.end_char
    last = doc._.decisions[-1]
    assert "QUALIFICATIONS" not in doc.text[last.start_char : last.end_char]
    assert [d.quantity for d in doc._.decisions][-1] == 40


@pytest.mark.parametrize(
    "heading", ["ISSUE #2: ", "Issue 2 - ", "2) ", "2. ", "ITEM NO. 2: "], ids=str.strip
)
def test_professional_review_item_heading_wordings(nlp, heading):
    text = (FORMATS / "medical_professional_review_list.txt").read_text(encoding="utf8")
    doc = _read(nlp, text.replace("ISSUE NO. 2: ", heading))
    assert [d.outcome for d in doc._.decisions] == ["overturned", "upheld", "overturned"]


def test_professional_review_listed_item_stated_both_ways_is_left_out(nlp):
    text = (FORMATS / "medical_professional_review_list.txt").read_text(encoding="utf8")
    text = text.replace("purchase, was not medically", "purchase, was medically")
    doc = _read(nlp, text)
    assert [d.outcome for d in doc._.decisions] == ["overturned", "overturned"]
    assert "W008" in doc._.warnings


def test_professional_review_list_sources(nlp):
    doc, _ = _process(nlp, FORMATS / "medical_professional_review_list.json")
    assert _sources(doc) == [([], ["MTUS"], False), ([], ["ODG"], False), ([], ["MTUS"], False)]


@pytest.mark.parametrize(
    ("sentence", "specialties", "states"),
    [
        (
            "The expert reviewer is a physician Board Certified in Neurology with a subspecialty "
            "in Sleep\nMedicine, licensed in Ohio. He or she sees patients weekly.",
            ["Neurology", "Sleep Medicine"],
            ["Ohio"],
        ),
        (
            "The physician who decided this case is Board Certified in Urology and licensed in\n"
            "Utah; the physician has no tie to the parties.",
            ["Urology"],
            ["Utah"],
        ),
        (
            "The reviewer is Board\nCertified in Dermatology and licensed in Maine and Vermont, "
            "has practised for ten years, and sees patients weekly.",
            ["Dermatology"],
            ["Maine", "Vermont"],
        ),
        (
            "The expert reviewer is Board Certified in Rheumatology and licensed in Iowa, keeps "
            "an active practice, and has no ties to the parties.",
            ["Rheumatology"],
            ["Iowa"],
        ),
        (
            "The physician reviewer is Board Certified in Geriatrics and in Hospice Medicine, "
            "and is licensed to practise in\nNew Mexico.",
            ["Geriatrics", "Hospice Medicine"],
            ["New Mexico"],
        ),
    ],
)
def test_reviewer_credentials_sentences_of_the_older_layouts(nlp, sentence, specialties, states):
    assert _credentials(nlp, sentence) == (specialties, states)


def _credentials(nlp, sentence: str) -> tuple[list[str], list[str]]:
    """The reviewer's specialties and states read from the notice fixture with its credentials
    sentence replaced by ``sentence``."""
    text = _notice_fixture().replace(
        "The physician reviewer is Board Certified in Internal Medicine and is licensed to "
        "practice in California.",
        sentence,
    )
    case = _read(nlp, text)._.case
    return case.reviewer_specialties, case.reviewer_license_states


def _mpr_list(unnumbered: bool = False, headings: str = "numbered", dot: bool = False) -> str:
    """The numbered-list fixture with its list unnumbered (or "1." for "1)"), its item headings
    numbered, restating the issue only ("restated") or left out ("none")."""
    text = (FORMATS / "medical_professional_review_list.txt").read_text(encoding="utf8")
    for n in "123":
        if unnumbered:
            text = text.replace(f"\n{n}) ", "\n")
        elif dot:
            text = text.replace(f"\n{n}) ", f"\n{n}. ")
        if headings == "restated":
            text = text.replace(f"ISSUE NO. {n}: ", "")
        elif headings == "none":
            start = text.index(f"ISSUE NO. {n}: ")
            text = text[:start] + text[text.index("MEDICAL TREATMENT GUIDELINE", start) :]
    return text


@pytest.mark.parametrize(
    ("unnumbered", "headings", "dot"),
    [
        (False, "none", False),
        (False, "restated", True),
        (True, "numbered", False),
        (True, "restated", False),
        (True, "none", False),
    ],
)
def test_professional_review_lists_and_item_blocks(nlp, unnumbered, headings, dot):
    doc = _read(nlp, _mpr_list(unnumbered, headings, dot))
    assert [(d.treatment, d.outcome) for d in doc._.decisions] == [
        ("Right knee arthroscopy with partial medial meniscectomy and chondroplasty", "overturned"),
        ("Hinged knee brace, purchase", "upheld"),
        ("Oxycodone 5mg every 6 hours as needed #40", "overturned"),
    ]


def test_professional_review_list_longer_than_its_blocks_is_not_guessed(nlp):
    # three unnumbered lines, two unlabelled blocks: which line goes with which is unsure
    text = _mpr_list(unnumbered=True, headings="none")
    start = text.index("MEDICAL TREATMENT GUIDELINE(S)", text.index("Hinged") + 200)
    text = text[:start] + text[text.index("MEDICAL REVIEWER QUALIFICATIONS") :]
    doc = _read(nlp, text)
    assert all(d.outcome for d in doc._.decisions)
    assert len(doc._.decisions) < 3
    assert "W008" in doc._.warnings or not doc._.decisions


@pytest.mark.parametrize(
    "statement",
    [
        "The Expert Reviewer agreed with that choice and used it as well.",
        "The Expert Reviewer found the same pages suitable.",
        "Expert Reviewer: relied on the same guideline pages.",
    ],
)
def test_notice_pointer_wordings(nlp, statement):
    text = (FORMATS / "notice_2013_wraps.txt").read_text(encoding="utf8")
    old = "The Expert Reviewer agreed that these pages apply and relied on them."
    assert old in text
    doc = _read(nlp, text.replace(old, statement))
    assert _sources(doc)[1] == (["MTUS"], ["MTUS"], False)


@pytest.mark.parametrize(
    ("sentence", "specialties", "states"),
    [
        (
            "The Physician Reviewer is board certified in Pediatrics and is licensed to practice "
            "medicine in the State of Nevada.",
            ["Pediatrics"],
            ["Nevada"],
        ),
        (
            "The expert reviewer who examined this file holds board certification in Psychiatry "
            "and holds an active license to practise in Kansas.",
            ["Psychiatry"],
            ["Kansas"],
        ),
        (
            "The reviewer is licensed in Alaska and Hawaii and is board certified in "
            "Otolaryngology.",
            ["Otolaryngology"],
            ["Alaska", "Hawaii"],
        ),
        (
            "The review was done by a doctor with no tie to the parties. He or she is a licensed "
            "physician, Board Certified in Oncology, and is licensed in Georgia.",
            ["Oncology"],
            ["Georgia"],
        ),
        (
            "The physician reviewer, who is Board Certified in Allergy and Immunology, is licensed "
            "in Delaware.",
            ["Allergy and Immunology"],
            ["Delaware"],
        ),
    ],
)
def test_reviewer_credentials_more_sentence_shapes(nlp, sentence, specialties, states):
    assert _credentials(nlp, sentence) == (specialties, states)


def test_professional_review_request_is_the_issue_line(nlp):
    # an item heading that words the request otherwise: the issue line is the request
    text = _mpr_list().replace(
        "ISSUE NO. 2: Hinged knee brace, purchase", "ISSUE NO. 2: Knee brace"
    )
    doc = _read(nlp, text)
    assert [d.treatment for d in doc._.decisions][1] == "Hinged knee brace, purchase"


def test_notice_lines_run_together_by_the_extraction(nlp):
    doc = _read(
        nlp,
        _notice(
            [
                f"Final words: 1) {LEAD} Baclofen 10mg #60 is not medically necessary. "
                f"2) {LEAD} a shower chair is medically necessary and appropriate."
            ]
        ),
    )
    assert [(d.treatment, d.outcome) for d in doc._.decisions] == [
        ("Baclofen 10mg #60", "upheld"),
        ("a shower chair", "overturned"),
    ]
