"""The HTML view (imr_nlp.render)."""

from __future__ import annotations

import re

import pytest

import imr_nlp
from imr_nlp.io.display import COLORS


@pytest.fixture(scope="module")
def sample(nlp):
    return nlp(imr_nlp.sample_text())


def test_render_has_legend_decision_key_and_tagged_entities(sample):
    html = imr_nlp.render(sample, jupyter=False)
    assert not html.startswith("<!DOCTYPE")
    for heading in ("Labels", "Flags (ConText)", "Roles", "Decisions"):
        assert f"<h2>{heading}" in html
    assert COLORS["DRUG"] in html and "GUIDELINE" in html
    # the key: badge, request, outcome
    assert re.search(r">D0</span> Norco 10/325mg #120 — <span[^>]*>upheld<", html)
    assert re.search(
        r">D2</span> Gabapentin 600mg #90 with 2 refills — <span[^>]*>overturned", html
    )
    # an entity's tag: label, decision badge, role
    assert re.search(r">Norco<span class=\"tag\"><b>DRUG</b> <span[^>]*>D0</span> request<", html)
    # each decision's block is framed once
    assert html.count('<section class="block"') == 3


def test_render_writes_a_standalone_page(sample, tmp_path):
    page = tmp_path / "letter.html"
    html = imr_nlp.render(sample, path=page)
    text = page.read_text("utf8")
    assert text == html and text.startswith("<!DOCTYPE html>") and "</html>" in text
    assert imr_nlp.render(sample, page=True).startswith("<!DOCTYPE html>")


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")
def test_render_marks_context_flags(rules_nlp):
    doc = rules_nlp(
        "The patient denies any history of lumbar radiculopathy. No Gabapentin was given. "
        "She takes Norco 10/325mg every 6 hours. If pain worsens, Tramadol may be tried."
    )
    html = imr_nlp.render(doc, jupyter=False)
    assert re.search(r'<mark class="ent[^"]* negated"[^>]*>Gabapentin<', html)
    assert re.search(r'<mark class="ent"[^>]*>Norco<', html)
    assert re.search(r'<mark class="ent hypothetical"[^>]*>Tramadol<', html)
    assert ".imr .negated {" in html  # drawn differently, and explained in the legend
    assert '<mark class="ent negated"' in html.split('<div class="text">')[0]


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")
def test_render_label_filter_and_escaping(rules_nlp):
    doc = rules_nlp("Norco 10/325mg <b>every 6 hours</b> & more.")
    html = imr_nlp.render(doc, jupyter=False, labels=["DRUG"])
    assert ">Norco<" in html and "STRENGTH</b>" not in html
    assert "&lt;b&gt;" in html and "<b>every" not in html
