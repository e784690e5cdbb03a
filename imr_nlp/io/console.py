"""A processed letter for the terminal (``imr-nlp show``), drawn with rich to a fixed width.

    from rich.console import Console
    print_letter(doc, Console(width=100))

What it prints, in order: the case facts; each decision with its request fields, its
guidelines once per party (claims administrator, reviewer) and the entities linked to it;
the entities that belong to no decision; the warnings with their meaning. Entities that are
the same (label, text, role, flags) are listed once with a count. ConText flags are a column,
and styled in a colour terminal (negated struck through, historical dim, hypothetical italic).
rich is the ``cli`` extra: without it, :func:`require_rich` raises E012.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from spacy.tokens import Doc, Span

from ..errors import Errors, MissingDependencyError, Warnings
from ..values import Decision, GuidelineCitation

#: The widest view: wider lines are hard to read, even in a wide terminal.
MAX_WIDTH = 100
#: ConText flags (medspaCy's span attributes) and how a colour terminal shows them.
FLAGS = {
    "negated": ("is_negated", "strike red"),
    "historical": ("is_historical", "dim"),
    "hypothetical": ("is_hypothetical", "italic"),
    "uncertain": ("is_uncertain", "italic"),
    "family": ("is_family", "dim"),
}
#: Fields of warnings' messages, by name (W006's limit).
WARNING_FIELDS: dict[str, object] = {}


def require_rich() -> None:
    """Fail early (E012) when rich, the ``cli`` extra, is not installed."""
    try:
        import rich  # noqa: F401
    except ImportError as err:
        raise MissingDependencyError(
            Errors.E012, what="imr-nlp show", package="rich", extra="cli"
        ) from err


def warning_meaning(code: str) -> str:
    """The message of a warning code stored on a Doc ("W002" -> "No known IMR letter ...")."""
    if code not in Warnings.__members__:
        return "(unknown warning code)"
    from ..text.clean import MAX_CHARS

    return str.format(Warnings[code].value, limit=f"{MAX_CHARS:,}", **WARNING_FIELDS)


def flags(span: Span) -> list[str]:
    """The ConText flags set on an entity ("negated", "historical", ...)."""
    return [name for name, (attr, _) in FLAGS.items() if getattr(span._, attr, False)]


def pages(numbers: Sequence[int]) -> str:
    """(76, 77, 78, 80) -> "pp. 76-78, 80"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return ("pp. " if len(numbers) > 1 else "p. ") + text


def citation(g: GuidelineCitation) -> str:
    """A guideline citation on one line: "MTUS Chronic Pain ... 2009, Low Back, pp. 76-80"."""
    head = g.source
    if g.title and g.source.lower() not in g.title.lower().split("(")[0]:
        head = f"{g.source} {g.title}"
    elif g.title:
        head = g.title
    parts = [f"{head} {g.year}" if g.year else head]
    if g.chapter:
        parts.append(g.chapter)
    parts += list(g.sections)
    if g.pages:
        parts.append(pages(g.pages))
    return ", ".join(parts)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def request_fields(d: Decision) -> list[tuple[str, str]]:
    """The structured fields of a decision's request that are known, as (name, value)."""
    fields = [("category", d.category)]
    if d.drug:
        drug = d.drug + (" (opioid)" if d.is_opioid else "")
        fields.append(("drug", drug))
    if d.strength is not None:
        amounts = "/".join(f"{a:g}" for a in d.strength.amounts)
        fields.append(("strength", f"{amounts}{d.strength.unit}"))
    if d.quantity is not None:
        fields.append(("quantity", _number(d.quantity)))
    if d.refills is not None:
        fields.append(("refills", str(d.refills)))
    if d.frequency is not None:
        f = d.frequency
        per_day = f", {f.per_day:g}/day" if f.per_day is not None else ""
        source = f", from the {d.frequency_source}" if d.frequency_source == "summary" else ""
        fields.append(("frequency", f"{f.text}{per_day}{source}"))
    if d.daily_mme is not None:
        fields.append(("daily MME", _number(d.daily_mme)))
    if d.partial:
        fields.append(("partial", f"of {d.original_request}" if d.original_request else "yes"))
    return fields


def _facts(doc: Doc) -> list[tuple[str, str]]:
    case = doc._.case.to_dict() if doc._.case is not None else {}
    rows = []
    for name, value in case.items():
        if name == "diagnoses":  # Diagnosis records (as dicts or values)
            found = [d if isinstance(d, dict) else vars(d) for d in value]
            value = "; ".join(
                f"{d['text']} ({d['icd10']})" if d.get("icd10") else d["text"] for d in found
            )
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        rows.append((name, "" if value is None else str(value)))
    if doc._.pain_scores:
        said = {True: " with medication", False: " without medication", None: ""}
        scores = "; ".join(f"{p.score:g}/10{said[p.with_medication]}" for p in doc._.pain_scores)
        rows.append(("pain_scores", scores))
    if doc._.total_daily_mme is not None:
        rows.append(("total daily MME (summary)", _number(doc._.total_daily_mme)))
    return rows


def _entity_rows(ents: Iterable[Span]) -> list[tuple[tuple[str, str, str, str, str], int]]:
    """(label, text, role, flags, kb_id) rows in letter order, identical ones counted once."""
    counts: Counter[tuple[str, str, str, str, str]] = Counter()
    for e in ents:
        row = (e.label_, " ".join(e.text.split()), e._.link_role or "", ", ".join(flags(e)))
        counts[(*row, e.kb_id_)] += 1
    return list(counts.items())


def _entity_table(ents: Sequence[Span]) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1))
    table.add_column("label", no_wrap=True)
    table.add_column("text", overflow="fold")
    table.add_column("role", no_wrap=True)
    table.add_column("flags", overflow="fold")
    table.add_column("kb_id", overflow="fold")
    table.add_column("n", justify="right", no_wrap=True)
    for (label, text, role, flag, kb_id), n in _entity_rows(ents):
        style = " ".join(FLAGS[f][1] for f in flag.split(", ") if f)
        table.add_row(label, Text(text, style=style), role, flag, kb_id, "" if n == 1 else f"×{n}")
    return table


def _pairs(rows: Sequence[tuple[str, str]], key_style: str = "bold") -> Any:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=key_style, no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in rows:
        grid.add_row(key, value)
    return grid


def letter_view(
    doc: Doc, *, labels: Iterable[str] | None = None, entities: bool = True
) -> list[Any]:
    """The rich renderables of a letter (see the module doc). ``labels`` keeps only the
    entities of those labels; ``entities=False`` leaves the entity tables out."""
    from rich.markup import escape
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    keep = set(labels) if labels is not None else None
    ents = [e for e in doc.ents if keep is None or e.label_ in keep]
    by_decision: dict[int | None, list[Span]] = {}
    for e in ents:
        by_decision.setdefault(e._.decision_id, []).append(e)

    case = doc._.case
    title = "Case facts"
    if case is not None and case.case_number:
        title = f"Case {case.case_number} ({case.letter_format})"
    out: list[Any] = [Rule(escape(title), align="left"), _pairs(_facts(doc))]

    out += ["", Rule(f"Decisions ({len(doc._.decisions)})", align="left")]
    if not doc._.decisions:
        out.append(Text("(none)", style="dim"))
    for d in doc._.decisions:
        colour = "green" if d.outcome == "overturned" else "red"
        head = Text.assemble((f"{d.id}  ", "bold"), (d.treatment, "bold"), "  ")
        head.append(d.outcome, style=f"bold {colour}")
        out.append(Padding(head, (1, 0, 0, 0)))
        rows = request_fields(d)
        for party, cited, nothing in (
            ("claims administrator", d.claims_administrator_guidelines, False),
            ("reviewer", d.reviewer_guidelines, d.reviewer_cited_nothing),
        ):
            once = list(dict.fromkeys(citation(g) for g in cited))
            if d.claims_administrator_cited_nothing and party == "claims administrator":
                nothing = True
            if once or nothing:
                text = "\n".join(once) if once else "(cited no medical evidence)"
                rows.append((f"{party} guideline", text))
        out.append(Padding(_pairs(rows, key_style="cyan"), (0, 0, 0, 3)))
        linked = by_decision.get(d.id, [])
        if d.claims_administrator_guidelines or d.reviewer_guidelines:
            # shown once per party above
            linked = [
                e for e in linked if not (e.label_ == "GUIDELINE" and e._.link_role == "guideline")
            ]
        if entities and linked:
            out.append(Padding(_entity_table(linked), (0, 0, 0, 3)))

    if entities:
        rest = by_decision.get(None, [])
        out += ["", Rule(f"Entities of no decision ({len(rest)})", align="left")]
        out.append(_entity_table(rest) if rest else Text("(none)", style="dim"))

    if doc._.warnings:
        out += ["", Rule("Warnings", align="left")]
        out.append(
            _pairs([(code, warning_meaning(code)) for code in doc._.warnings], "bold yellow")
        )
    return out


def print_letter(doc: Doc, console: Any, **options: Any) -> None:
    """Print :func:`letter_view` on a rich ``Console``."""
    for part in letter_view(doc, **options):
        console.print(part)
