"""The displaCy helper."""

from __future__ import annotations

import imr_nlp
from imr_nlp.io.display import COLORS


def test_render_shows_labels_and_decisions(nlp, tmp_path):
    doc = nlp(imr_nlp.sample_text())
    html = imr_nlp.render(doc, jupyter=False)
    assert "DRUG · d0" in html and "GUIDELINE" in html
    assert "d0: Norco 10/325mg #120 (upheld)" in html
    assert COLORS["DRUG"] in html
    page = tmp_path / "letter.html"
    imr_nlp.render(doc, path=page)
    assert page.read_text("utf8").startswith("<!DOCTYPE html>")
