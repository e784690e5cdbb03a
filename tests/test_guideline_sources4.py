"""Guideline parts of round 4 (challenge set sources4): sources named only to say they were not
used, more ways of citing nothing, drug labels, bodies and references by their short form or
their name, books by their title, and guideline names written oddly (invented letters and
citations)."""

import pytest

from imr_nlp.entities.guidelines import is_short_form
from imr_nlp.rules import default_rules

from .test_guideline_sources import decision, sources
from .test_guideline_sources2 import cited


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # "and did not rely on": the ODG is named, not cited
            "The Expert Reviewer based his decision on the MTUS Chronic Pain Medical Treatment "
            "Guidelines, Example, page 50, and did not rely on the ODG.",
            ["MTUS"],
        ),
        (  # "and did not need to refer to"
            "The Expert Reviewer based her decision on the MTUS Knee Complaints chapter, page 340 "
            "and did not need to refer to the Official Disability Guidelines.",
            ["MTUS"],
        ),
        (  # "; the MTUS does not address ..."
            "The Expert Reviewer based his decision on the ODG, Knee, Example device; the MTUS "
            "does not address this device.",
            ["ODG"],
        ),
        (  # ", not the ODG"
            "The Expert Reviewer based her decision on the MTUS Chronic Pain Medical Treatment "
            "Guidelines, Example, page 12, not the ODG.",
            ["MTUS"],
        ),
        (  # the clause ends at the next reference, which is cited
            "The Expert Reviewer based his decision on the ODG, Pain, Example; MTUS was not "
            "consulted as it does not address Examplex ER; Examplex ER (examplone) tablets, "
            "package insert, revised 2016.",
            ["ODG", "Examplex ER package insert"],
        ),
    ],
)
def test_a_source_named_only_as_not_used_is_not_cited(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected


@pytest.mark.parametrize(
    "part",
    [
        "The Claims Administrator did not reference the MTUS, the ODG or any other source for it.",
        "The Claims Administrator relied on no guideline for this request.",
        "The Claims Administrator's letter contains no citation.",
    ],
)
def test_more_ways_of_citing_nothing(rules_nlp, part):
    found = decision(rules_nlp, ca=part)
    assert found.claims_administrator_guidelines == []
    assert found.claims_administrator_cited_nothing


def test_a_part_that_cites_something_is_not_nothing(rules_nlp):
    found = decision(
        rules_nlp,
        ca="The Claims Administrator based its decision on the ODG, Pain, Example, and did not "
        "rely on any other guideline.",
    )
    assert sources(found.claims_administrator_guidelines) == ["ODG"]
    assert not found.claims_administrator_cited_nothing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a drug's label: its brand (with a release suffix) and the kind of label
            "Decision based on Non-MTUS Citation Examplex ER label, Example Pharma.",
            ["Examplex ER label"],
        ),
        (  # the generic name and the dosage form left out, "full" too
            "Decision based on Non-MTUS Citation ODG Pain, Example; Inventra (inventamol) "
            "extended-release tablets, full prescribing information, Example Labs.",
            ["ODG", "Inventra prescribing information"],
        ),
        (  # "highlights of prescribing information", a strength
            "Decision based on Non-MTUS Citation Samplix Patch (samplofen topical patch) 2% "
            "highlights of prescribing information.",
            ["Samplix prescribing information"],
        ),
        (  # a label the FDA is named with stays the FDA's
            "Decision based on Non-MTUS Citation ODG Pain, Example; Inventra (inventamol) "
            "prescribing information, FDA, revised 2016.",
            ["ODG", "FDA"],
        ),
        (  # "off-label" is no label
            "Decision based on Non-MTUS Citation Roe A, et al. Off-label use of an invented "
            "drug. Example J 2014;3:1-9.",
            ["Example J"],
        ),
    ],
)
def test_drug_labels(guidelines, text, expected):
    assert cited(guidelines, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a body with its initials in parentheses, whatever its kind of body
            "Decision based on Non-MTUS Citation Commission on Example Rehabilitation Programs "
            "(CERP) standards.",
            ["CERP"],
        ),
        (  # a reference book the same way
            "Decision based on Non-MTUS Citation Medical Example Advisor (MEA), Example "
            "Publisher, Lumbar strain.",
            ["MEA"],
        ),
        (  # not the initials of the name: not its key
            "Decision based on Non-MTUS Citation Invented Pain Program (TENS) brochure.",
            ["OTHER"],
        ),
        (  # a named reference wins over the initials of words after it
            "Decision based on Non-MTUS Citation Medicare National Coverage Determination (NCD) "
            "for an example device.",
            ["Medicare"],
        ),
        (  # a body that opens the reference, named in full: to its first kind of body
            "Decision based on Non-MTUS Citation Example State University Evidence-based "
            "Practice Center, An invented review (2016).",
            ["Example State University"],
        ),
        (  # ... and over "for <Name> and <Name>"
            "Decision based on Non-MTUS Citation National Center for Invented and Example "
            "Health, Acupuncture: In Depth.",
            ["National Center for Invented and Example Health"],
        ),
        (  # another state's department by state and name
            "Decision based on Non-MTUS Citation ODG Pain, Example; Oregon Department of Human "
            "Services, Invented opioid guideline (2012).",
            ["ODG", "Oregon Department of Human Services"],
        ),
        (  # clinical references by name
            "Decision based on Non-MTUS Citation Choosing Wisely, An invented recommendation.",
            ["Choosing Wisely"],
        ),
        (
            "Decision based on Non-MTUS Citation Example Group MDGuidelines, Example test.",
            ["MDGuidelines"],
        ),
    ],
)
def test_bodies_and_references_by_short_form_or_name(guidelines, text, expected):
    assert cited(guidelines, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a body named further on after a semicolon is a reference of its own
            "Decision based on Non-MTUS Citation ODG Knee, Example; Invented prophylaxis, "
            "American College of Example Physicians Evidence-Based Clinical Practice Guidelines "
            "(2012).",
            ["ODG", "American College of Example Physicians"],
        ),
        (  # a body after ", and" with its short form
            "Decision based on Non-MTUS Citation ODG Pain, Example testing, and Invented "
            "Genetics Implementation Consortium (IGIC) guideline for an example gene.",
            ["ODG", "IGIC"],
        ),
        (  # one word before the kind of body after "and the"
            "Decision based on Non-MTUS Citation ODG Pain, Example, and the Examplocrine Society "
            "clinical practice guideline (2015).",
            ["ODG", "Examplocrine Society"],
        ),
        (  # ... and after a semicolon
            "Decision based on Non-MTUS Citation ODG Pain, Example; Arthrexample Foundation, An "
            "invented guide.",
            ["ODG", "Arthrexample Foundation"],
        ),
        (  # a body's own list of names is not cut before its last one
            "Decision based on Non-MTUS Citation What is an example test? National Liver, "
            "Kidney, and Bone Institute, https://www.example-nlkbi.org/topics/test, accessed "
            "01/02/2017.",
            ["example-nlkbi.org"],
        ),
        (  # "<Name>, <title>; <address>": one reference, keyed by its address
            "Decision based on Non-MTUS Citation ODG Head, Example; Example Injury Association "
            "of America, An invented position paper; www.example-injury.org.",
            ["ODG", "example-injury.org"],
        ),
    ],
)
def test_references_cut_before_a_body(guidelines, text, expected):
    assert cited(guidelines, text) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (  # a textbook by a plural possessive after "and on"
            "The Expert Reviewer based his decision on the Official Disability Guidelines, Pain "
            "chapter, Example, and on Roe & Poes' Invented Pain Manual: The Example, 2nd Edition.",
            ["ODG", "Roe & Poes' Invented Pain Manual"],
        ),
        (  # a book by its title after its authors' full stop
            "The Expert Reviewer based her decision on recommendations outside of the MTUS: "
            "ACOEM Practice Guidelines, Third Edition, Elbow, Example, and Roe AB, Poe C. "
            "Invented Orthopaedic Care, 3rd ed. Example Press; 2011.",
            ["ACOEM", "Invented Orthopaedic Care"],
        ),
        (  # a journal article after "and on": to the end of the part, keyed by its journal
            # (a hyphenated author, a place in parentheses after the journal)
            "The Expert Reviewer based his decision on the ODG, Low Back, Example (spinal),\n"
            "and on Roe-Poe D, Doe T. An invented trial of example fusion.\n"
            "Example Spine (Exampleton Pa 1976). 2013;38(14):1201-7.",
            ["ODG", "Example Spine"],
        ),
        (  # "a <year> <reference>" after ", and"; the MTUS by its full name over its ACOEM
            "The Expert Reviewer based her decision on the Medical Treatment Utilization "
            "Schedule, Knee Complaints, ACOEM Chapter 13, Table 13-6, and the Official "
            "Disability Guidelines, Knee, Example, and a 2006 Cochrane review of an example.",
            ["MTUS", "ODG", "Cochrane"],
        ),
        (  # "CA-MTUS", "O.D.G.", a blank line inside the part
            "The Expert Reviewer based his decision on the CA-MTUS (Effective July 18, 2009), "
            "Chronic Pain Medical Treatment\n\nGuidelines, Example, page 78; and the O.D.G., Pain "
            "chapter, Example.",
            ["MTUS", "ODG"],
        ),
        (  # the MTUS after "and", once the citation before it is complete: a number
            "The Expert Reviewer based her decision on Medicare National Coverage Determination "
            "160.1.2, An invented device, and the MTUS (Chronic Pain, Example).",
            ["Medicare", "MTUS"],
        ),
        (  # ... or the ODG's name, also misspelt and singular
            "The Expert Reviewer based his decision on the Offical Disability Guideline, Knee, "
            "Walking aids (canes, crutches) and the MTUS Knee Complaints, ACOEM Table 13-3.",
            ["ODG", "MTUS"],
        ),
    ],
)
def test_references_and_guidelines_in_the_sentence_form(rules_nlp, part, expected):
    assert sources(decision(rules_nlp, reviewer=part).reviewer_guidelines) == expected


def test_the_odg_after_a_web_address(guidelines):
    text = (
        "Decision based on Non-MTUS Citation http://info.example.org/topic.cfm?topic=A00051, "
        "Official Disability Guidelines (ODG) Knee & Leg, Example."
    )
    assert cited(guidelines, text) == ["info.example.org", "ODG"]


@pytest.mark.parametrize(
    ("short", "name", "expected"),
    [
        ("CERP", "Commission on Example Rehabilitation Programs", True),
        ("IGIC", "Invented Genetics Implementation Consortium", True),
        ("EBDs", "Evidence-Based Drugs", True),  # a plural "s"; a hyphenated word's parts
        ("NCD", "Medicare National Coverage Determination", False),  # the whole name
        ("TENS", "Invented Pain Program", False),
        ("A", "Association", False),  # one letter is no short form
    ],
)
def test_is_short_form(short, name, expected):
    assert is_short_form(short, name) is expected


def test_the_new_rules_are_validated_data():
    rules = {r["id"]: r for r in default_rules("guidelines.jsonl")}
    assert rules["split.not_cited"]["not_cited"] is True
    assert rules["source.short_form"]["short_form"] is True
    assert {"citation.article_in_sentence", "source.drug_label", "source.body_named"} <= set(rules)
    # the not-cited clause is cut before the rules that open an MTUS or ODG citation there
    order = [r["id"] for r in default_rules("guidelines.jsonl") if r["kind"] == "split"]
    assert order.index("split.not_cited") < order.index("split.next_sentence_mtus")
