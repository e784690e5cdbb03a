"""The category vocabulary by breadth: invented request lines of every kind of item an IMR letter
disputes (tests/data/category_lines.tsv), each with the category it should get.

Each line goes through the rule pipeline (``imr_nlp.load(model=False)``) so that the drug lexicon
decides, as in a letter, whether a DRUG entity is on the line; the categorizer then reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TABLE = Path(__file__).parent / "data" / "category_lines.tsv"
CATEGORIES = {
    "pharmaceutical", "physical_therapy", "chiropractic", "acupuncture", "imaging",
    "diagnostic_test", "injection", "surgery", "dme", "evaluation_management", "program",
    "behavioral_health", "home_health", "transportation", "other",
}  # fmt: skip


def _rows() -> list[tuple[str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf8").splitlines():
        if line.strip() and not line.startswith("#"):
            treatment, category = line.split("\t")
            rows.append((treatment, category))
    return rows


ROWS = _rows()


def test_the_table_is_broad_and_well_formed():
    assert len(ROWS) >= 200
    assert len({t for t, _ in ROWS}) == len(ROWS), "a line is listed twice"
    assert {c for _, c in ROWS} == CATEGORIES  # every category is exercised, no unknown one


@pytest.fixture(scope="module")
def categorize():
    import warnings

    import imr_nlp

    nlp = imr_nlp.load(model=False)
    records = nlp.get_pipe("imr_records")

    def run(treatment: str) -> str:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a lone line is no known letter format
            doc = nlp(treatment)
        return records.category(treatment, [e for e in doc.ents if e.label_ == "DRUG"])

    return run


@pytest.mark.parametrize(("treatment", "category"), ROWS, ids=[t for t, _ in ROWS])
def test_request_line_category(categorize, treatment, category):
    assert categorize(treatment) == category
