"""displaCy view of a letter: one colour per label, and the decision each entity belongs to.

    html = imr_nlp.render(doc)                    # HTML string
    imr_nlp.render(doc, path="letter.html")       # a standalone page
    imr_nlp.render(doc, jupyter=True)             # shown in a notebook

An entity linked to a decision is labelled ``DRUG · d0`` (decision 0); the decisions are listed
above the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy import displacy
from spacy.tokens import Doc

from ..errors import Errors, MissingDependencyError

#: One colour per label.
COLORS = {
    "DRUG": "#f4a259",
    "STRENGTH": "#f7d488",
    "QUANTITY": "#c9e4ca",
    "REFILLS": "#87bba2",
    "FREQUENCY": "#a0c4ff",
    "INJURY_DATE": "#ff8fa3",
    "DATE": "#ffd6e0",
    "DIAGNOSIS": "#bdb2ff",
    "GUIDELINE": "#d9d9d9",
}


def render(doc: Doc, *, jupyter: bool | None = None, path: str | Path | None = None) -> str | None:
    """Render ``doc.ents`` with displaCy (see the module doc); returns the HTML (None when
    shown in Jupyter)."""
    ents, colors = [], {}
    for ent in doc.ents:
        label = ent.label_
        if ent._.decision_id is not None:
            label = f"{label} · d{ent._.decision_id}"
        colors[label] = COLORS.get(ent.label_, "#eeeeee")
        ents.append({"start": ent.start_char, "end": ent.end_char, "label": label})
    decisions = "; ".join(f"d{d.id}: {d.treatment} ({d.outcome})" for d in doc._.decisions)
    data: dict[str, Any] = {"text": doc.text, "ents": ents, "title": decisions or None}
    options = {"colors": colors}
    if path is not None:
        html = displacy.render(data, style="ent", manual=True, options=options, page=True)
        Path(path).write_text(html, encoding="utf8")
        return html
    html = displacy.render(data, style="ent", manual=True, options=options, jupyter=False)
    if jupyter or (jupyter is None and displacy.is_in_jupyter()):
        # spaCy 3.7 imports HTML from IPython.core.display, which IPython 9 no longer has.
        try:
            from IPython.display import HTML, display
        except ImportError as err:
            raise MissingDependencyError(
                Errors.E012, what="render(jupyter=True)", package="ipython", extra="notebook"
            ) from err

        display(HTML(f'<span class="tex2jax_ignore">{html}</span>'))
        return None
    return html
