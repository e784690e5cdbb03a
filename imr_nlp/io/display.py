"""An HTML view of a letter, in displaCy's manner: one colour per label, each entity tagged
with its decision and role, ConText flags drawn differently, the decision blocks framed.

    html = imr_nlp.render(doc)                    # an HTML fragment (with its style)
    html = imr_nlp.render(doc, page=True)         # a standalone page
    imr_nlp.render(doc, path="letter.html")       # the page, written to a file
    imr_nlp.render(doc, jupyter=True)             # shown in a notebook

Above the text: a legend (labels, flags, roles) and the decision key ("D0 Norco 10/325mg #120
— upheld"). In the text, an entity's tag reads ``DRUG · D0 request``; a negated entity is
struck through in a dashed red frame, a historical one greyed, a hypothetical one italic in a
dotted frame (the tag names the flag too). Each decision's block (request line to the end of
its rationale) has a coloured bar on the left in the colour of its ``D0`` badge.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from spacy.tokens import Doc, Span

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
#: One colour per decision (cycled): its badge and the bar beside its block.
DECISION_COLORS = ("#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#b45309", "#be185d", "#0e7490")
#: ConText flags shown, with what they look like (the legend's wording).
FLAGS = {
    "negated": ("is_negated", "struck through, dashed red frame"),
    "historical": ("is_historical", "greyed"),
    "hypothetical": ("is_hypothetical", "italic, dotted frame"),
}
ROLES = {
    "request": "the decision's request line",
    "guideline": "a guideline the decision cites",
    "rationale": "the reviewer's rationale",
    "summary": "the case summary, about the requested drug",
    "ur_history": "the utilization review history",
}
_AROUND_BLOCK = re.compile(r"\n?(<section [^>]*>|</section>)\n?")
OUTCOME_COLORS = {"upheld": "#b91c1c", "overturned": "#047857"}

STYLE = """
.imr { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
  max-width: 60em; line-height: 1.5; }
.imr h1 { font-size: 1.3em; margin: 0 0 .4em; }
.imr h2 { font-size: 1em; margin: .8em 0 .3em; text-transform: uppercase; letter-spacing: .05em;
  color: #57606a; }
.imr .legend { display: flex; flex-wrap: wrap; gap: .3em .8em; font-size: .85em; }
.imr .chip { padding: .1em .45em; border-radius: .3em; font-weight: 600; font-size: .8em; }
.imr .key { margin: 0; padding-left: 0; list-style: none; }
.imr .key li { margin: .15em 0; }
.imr .dec { color: #fff; border-radius: .3em; padding: 0 .35em; font-weight: 700;
  font-size: .8em; }
.imr .outcome { font-weight: 700; }
.imr .text { white-space: pre-wrap; border-top: 1px solid #d0d7de; margin-top: .8em;
  padding-top: .5em; }
.imr .block { display: block; border-left: 4px solid; padding-left: .6em; margin: .7em 0; }
.imr .ent { padding: .1em .3em; margin: 0 .1em; border-radius: .3em; line-height: 2.2;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.imr .tag { font-size: .62em; font-weight: 700; margin-left: .4em; vertical-align: middle;
  text-decoration: none; display: inline-block; font-style: normal; }
.imr .tag .dec { font-size: 1em; }
.imr .negated { text-decoration: line-through 2px #b91c1c; outline: 2px dashed #b91c1c; }
.imr .historical { opacity: .5; filter: grayscale(1); }
.imr .hypothetical { font-style: italic; outline: 2px dotted #333; }
.imr .warn { color: #9a6700; }
"""


def _flags(ent: Span) -> list[str]:
    return [name for name, (attr, _) in FLAGS.items() if getattr(ent._, attr, False)]


def _decision_color(decision_id: int) -> str:
    return DECISION_COLORS[decision_id % len(DECISION_COLORS)]


def _badge(decision_id: int) -> str:
    return (
        f'<span class="dec" style="background:{_decision_color(decision_id)}">D{decision_id}</span>'
    )


def _entity(doc: Doc, ent: Span) -> str:
    flags = _flags(ent)
    tag = [f"<b>{escape(ent.label_)}</b>"]
    if ent._.decision_id is not None:
        tag.append(_badge(ent._.decision_id))
    if ent._.link_role:
        tag.append(escape(ent._.link_role))
    tag += flags
    title = [ent.label_]
    if ent.kb_id_:
        title.append(ent.kb_id_)
    title += flags
    classes = " ".join(["ent", *flags])
    return (
        f'<mark class="{classes}" style="background:{COLORS.get(ent.label_, "#eeeeee")}" '
        f'title="{escape(" · ".join(title))}">{escape(ent.text)}'
        f'<span class="tag">{" ".join(tag)}</span></mark>'
    )


def _blocks(doc: Doc, ents: list[Span]) -> list[tuple[int, int, int]]:
    """(position, order, decision id) events opening (order 1) and closing (order 0) each
    decision's block, moved off any entity they would cut."""
    events = []
    for d in doc._.decisions:
        start, end = d.start_char, d.end_char
        for ent in ents:
            if ent.start_char < start < ent.end_char:
                start = ent.start_char
            if ent.start_char < end < ent.end_char:
                end = ent.end_char
        events += [(start, 1, d.id), (end, 0, d.id)]
    return sorted(events)


def _text(doc: Doc, ents: list[Span]) -> str:
    """The letter with its entities marked and its decision blocks framed."""
    events = _blocks(doc, ents)
    out: list[str] = []
    pos, i = 0, 0

    def plain(end: int) -> None:
        nonlocal pos, i
        while i < len(events) and events[i][0] <= end:
            at, opens, decision_id = events[i]
            out.append(escape(doc.text[pos:at]))
            pos = max(pos, at)
            if opens:
                colour = _decision_color(decision_id)
                out.append(f'<section class="block" style="border-color:{colour}">')
            else:
                out.append("</section>")
            i += 1
        out.append(escape(doc.text[pos:end]))
        pos = max(pos, end)

    for ent in ents:
        plain(ent.start_char)
        out.append(_entity(doc, ent))
        pos = ent.end_char
    plain(len(doc.text))
    # a block starts and ends its own line: the line breaks around it would add blank lines
    return _AROUND_BLOCK.sub(r"\1", "".join(out))


def _spans(items: list[str]) -> str:
    return "".join(f"<span>{item}</span>" for item in items)


def _legend(doc: Doc, ents: list[Span]) -> str:
    labels = list(dict.fromkeys(e.label_ for e in ents)) or list(COLORS)
    chips = [
        f'<span class="chip" style="background:{COLORS.get(label, "#eeeeee")}">{label}</span>'
        for label in labels
    ]
    sample = '<mark class="ent {0}" style="background:#eeeeee">{0}</mark> {1}'
    flags = [sample.format(name, escape(looks)) for name, (_, looks) in FLAGS.items()]
    roles = [f"<b>{role}</b>: {escape(meaning)}" for role, meaning in ROLES.items()]
    return (
        f'<h2>Labels</h2><div class="legend">{"".join(chips)}</div>'
        f'<h2>Flags (ConText)</h2><div class="legend">{_spans(flags)}</div>'
        f'<h2>Roles (after the decision badge)</h2><div class="legend">{_spans(roles)}</div>'
    )


def _key(doc: Doc, ents: list[Span]) -> str:
    if not doc._.decisions:
        return "<h2>Decisions</h2><p>(none found)</p>"
    counts: dict[int, int] = {}
    for ent in ents:
        if ent._.decision_id is not None:
            counts[ent._.decision_id] = counts.get(ent._.decision_id, 0) + 1
    items = []
    for d in doc._.decisions:
        colour = OUTCOME_COLORS.get(d.outcome, "#1f2328")
        outcome = f'<span class="outcome" style="color:{colour}">{escape(d.outcome)}</span>'
        items.append(
            f"<li>{_badge(d.id)} {escape(d.treatment)} — {outcome} "
            f"<small>({escape(d.category)}; {counts.get(d.id, 0)} entities)</small></li>"
        )
    return f'<h2>Decisions</h2><ol class="key">{"".join(items)}</ol>'


def _warnings(doc: Doc) -> str:
    if not doc._.warnings:
        return ""
    from .console import warning_meaning

    items = "".join(
        f"<li><b>{escape(code)}</b> {escape(warning_meaning(code))}</li>" for code in doc._.warnings
    )
    return f'<h2>Warnings</h2><ul class="warn">{items}</ul>'


def render_html(doc: Doc, *, labels: list[str] | None = None, page: bool = False) -> str:
    """The view's HTML: a fragment with its own style, or (``page``) a whole document."""
    keep = set(labels) if labels is not None else None
    ents = [e for e in doc.ents if keep is None or e.label_ in keep]
    case = doc._.case
    title = "IMR letter"
    if case is not None and case.case_number:
        title = f"IMR letter {case.case_number}"
    body = (
        f'<div class="imr"><h1>{escape(title)}</h1>{_legend(doc, ents)}{_key(doc, ents)}'
        f'{_warnings(doc)}<div class="text">{_text(doc, ents)}</div></div>'
    )
    if not page:
        return f"<style>{STYLE}</style>{body}"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>body {{ margin: 1.5em; }}{STYLE}</style>"
        f"</head><body>{body}</body></html>\n"
    )


def render(
    doc: Doc,
    *,
    jupyter: bool | None = None,
    page: bool = False,
    path: str | Path | None = None,
    labels: list[str] | None = None,
) -> str | None:
    """Render a processed letter as HTML (see the module doc). Returns the HTML: a fragment,
    or a standalone page with ``page=True`` or ``path`` (the page is written there); in
    Jupyter (``jupyter=True``, or None and running in one) it is shown and None returned.
    ``labels`` keeps only the entities of those labels."""
    html = render_html(doc, labels=labels, page=page or path is not None)
    if path is not None:
        Path(path).write_text(html, encoding="utf8")
        return html
    if jupyter or (jupyter is None and _in_jupyter()):
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


def _in_jupyter() -> bool:
    from spacy import displacy

    return bool(displacy.is_in_jupyter())
