"""Header case facts whatever the text extractor: labels paired with values only when sure.

The headers here are invented (case numbers and dates made up) in the layouts of three
extractors: pypdfium2 (``read_pdf``: label and value on one line), ``pdftotext`` default mode
(all labels of a column, then all its values) and ``pdftotext -layout`` (columns side by side,
"Application" and "Received:" on two lines around the value).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

import imr_nlp
from imr_nlp.text.clean import clean_text

BODY = """HOW THE IMR FINAL DETERMINATION WAS MADE
An invented letter body follows the header.
IMR ISSUES, DECISIONS AND RATIONALES
Each item in dispute was decided as shown below:
Knee brace, hinged: Overturned
Decision rationale: Invented reasons for the test.
"""

SAME_LINE = """Case Number: CM17-0654321
Date Assigned: 03/14/2017 Date of Injury: 09/02/2015
Decision Date: 04/20/2017 UR Denial Date: 02/27/2017
Priority: Standard Application
Received:
03/09/2017
"""

BLOCKS = """Case Number:
Date Assigned:
Decision Date:
Priority:

CM17-0654321
03/14/2017
04/20/2017
Standard

Date of Injury:
UR Denial Date:
Application
Received:

09/02/2015
02/27/2017
03/09/2017

"""

LAYOUT = """Case Number:          CM17-0654321
Date Assigned:        03/14/2017                 Date of Injury:      09/02/2015
Decision Date:        04/20/2017                 UR Denial Date:      02/27/2017
Priority:             Standard                   Application          03/09/2017
                                                 Received:

"""

EXPECTED = {
    "case_number": "CM17-0654321",
    "date_assigned": dt.date(2017, 3, 14),
    "injury_date": dt.date(2015, 9, 2),
    "decision_date": dt.date(2017, 4, 20),
    "ur_denial_date": dt.date(2017, 2, 27),
    "application_received": dt.date(2017, 3, 9),
    "priority": "Standard",
}


@pytest.fixture(scope="module")
def small():
    return imr_nlp.load(model=False)


def _facts(nlp, header: str) -> dict:
    case = nlp(header + BODY)._.case
    return {key: getattr(case, key) for key in EXPECTED}


@pytest.mark.parametrize(
    "header", [SAME_LINE, BLOCKS, LAYOUT], ids=["same_line", "blocks", "layout"]
)
def test_every_layout_gives_the_same_facts(small, header):
    assert _facts(small, header) == EXPECTED


def test_injury_date_is_not_taken_for_application_received(small):
    # The old reading gave the first value after "Application Received:" to it: here the
    # injury date of the next block.
    facts = _facts(small, BLOCKS)
    assert facts["application_received"] == dt.date(2017, 3, 9)
    assert facts["injury_date"] == dt.date(2015, 9, 2)


def test_blocks_of_different_counts_are_left_unread(small):
    # The UR denial date is missing: three labels, two values. Which label lost its value is
    # not known, so none of the three is read; the first block still is.
    header = BLOCKS.replace("02/27/2017\n", "")
    facts = _facts(small, header)
    for key in ("injury_date", "ur_denial_date", "application_received"):
        assert facts[key] is None
    assert facts["case_number"] == "CM17-0654321"
    assert facts["decision_date"] == dt.date(2017, 4, 20)


def test_values_of_the_wrong_shape_are_left_unread(small):
    # Four labels, four values, but the second value is no date: the order is not sure.
    header = BLOCKS.replace("03/14/2017\n04/20/2017\n", "Standard\n04/20/2017\n", 1)
    header = header.replace("04/20/2017\nStandard\n\n", "04/20/2017\n03/14/2017\n\n", 1)
    facts = _facts(small, header)
    for key in ("case_number", "date_assigned", "decision_date", "priority"):
        assert facts[key] is None
    assert facts["injury_date"] == dt.date(2015, 9, 2)


def test_text_between_labels_and_values_breaks_the_pairing(small):
    header = BLOCKS.replace("\nCM17-0654321", "\nEmployee: [redacted]\nCM17-0654321")
    facts = _facts(small, header)
    assert facts["case_number"] is None
    assert facts["date_assigned"] is None


def test_a_split_label_takes_its_own_value_only_when_it_is_a_date(small):
    header = LAYOUT.replace("Application          03/09/2017", "Application          pending")
    assert _facts(small, header)["application_received"] is None


def _pdftotext(path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
@pytest.mark.parametrize("layout", [False, True], ids=["pdftotext", "pdftotext-layout"])
def test_pdftotext_text_gives_the_read_pdf_facts(small, shared, layout):
    for path in sorted((shared / "letters").glob("*.pdf"))[:6]:
        ours = small(imr_nlp.read_pdf(path))
        theirs = small(clean_text(_pdftotext(path, layout)).text)
        assert theirs._.case == ours._.case, path.name
        assert [(d.treatment, d.outcome) for d in theirs._.decisions] == [
            (d.treatment, d.outcome) for d in ours._.decisions
        ], path.name
