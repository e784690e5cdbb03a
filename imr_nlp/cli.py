"""The ``imr-nlp`` command line."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from .about import __version__

# Exit codes scripts can rely on.
EXIT_OK, EXIT_INPUT_ERROR = 0, 2


def read_letter(path: Path) -> str:
    """Text of a letter file: PDF through :func:`imr_nlp.pdf.extract_text`, else UTF-8 text."""
    if path.suffix.lower() == ".pdf":
        from .pdf import extract_text

        return extract_text(path)
    return path.read_text(encoding="utf8", errors="replace")


def _cell(name: str, value: object) -> object:
    """A case fact as one table cell."""
    if name == "pain_scores":
        said = {True: "with medication", False: "without medication", None: ""}
        return "; ".join(
            f"{p['score']:g}/10 {said[p['with_medication']]}".strip()
            for p in value  # type: ignore[attr-defined]
        )
    return ", ".join(map(str, value)) if isinstance(value, list) else value


def _strength(value: object) -> str:
    if value is None:
        return ""
    amounts = "/".join(f"{a:g}" for a in value.amounts)  # type: ignore[attr-defined]
    return f"{amounts}{value.unit}"  # type: ignore[attr-defined]


DECISION_COLUMNS = [
    "id",
    "treatment",
    "outcome",
    "category",
    "drug",
    "strength",
    "quantity",
    "per_day",
    "daily_mme",
    "partial",
]


def letter_tables(doc):  # type: ignore[no-untyped-def]
    """Case facts and decisions of a processed letter as two pandas DataFrames."""
    import pandas as pd

    case = doc._.case.to_dict()
    facts = pd.DataFrame(
        [(k, _cell(k, v)) for k, v in case.items()],
        columns=["field", "value"],
    )
    if doc._.total_daily_mme is not None:
        facts.loc[len(facts)] = ["total_daily_mme (summary)", doc._.total_daily_mme]
    decisions = pd.DataFrame(
        [
            {
                "id": d.id,
                "treatment": d.treatment,
                "outcome": d.outcome,
                "category": d.category,
                "drug": d.drug or "",
                "strength": _strength(d.strength),
                "quantity": "" if d.quantity is None else d.quantity,
                "per_day": ""
                if d.frequency is None or d.frequency.per_day is None
                else d.frequency.per_day,
                "daily_mme": "" if d.daily_mme is None else d.daily_mme,
                "partial": d.partial,
            }
            for d in doc._.decisions
        ],
        columns=DECISION_COLUMNS,
    )
    return facts, decisions


@click.group()
@click.version_option(__version__, prog_name="imr-nlp")
def main() -> None:
    """imr_nlp: structured data from California IMR determination letters."""


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--sample", is_flag=True, help="Use the invented sample letter bundled with imr_nlp.")
def show(file: Path | None, sample: bool) -> None:
    """Print a letter's case facts and decisions as tables (FILE: a PDF or text file)."""
    import pandas as pd

    import imr_nlp

    from .errors import IMRError

    if sample == (file is not None):
        raise click.UsageError("give either FILE or --sample")
    try:
        text = imr_nlp.sample_text() if sample else read_letter(file)  # type: ignore[arg-type]
    except (IMRError, OSError) as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    nlp = imr_nlp.load()
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        doc = nlp(text)
    facts, decisions = letter_tables(doc)
    with pd.option_context("display.max_colwidth", 80, "display.width", 160):
        click.echo("Case facts")
        click.echo(facts.to_string(index=False))
        click.echo(f"\nDecisions ({len(decisions)})")
        click.echo(decisions.to_string(index=False) if len(decisions) else "(none)")
    for code in doc._.warnings:
        click.echo(f"warning: {code}", err=True)


@main.command()
@click.option("--gold", type=click.Path(path_type=Path), default=Path("tests/gold/letters"))
@click.option("--shared", type=click.Path(path_type=Path), default=Path("../shared"))
@click.option("--errors", is_flag=True, help="List every mismatch (ids and fields).")
def evaluate(gold: Path, shared: Path, errors: bool) -> None:
    """Accuracy against the gold annotations (run from the repository root)."""
    from .evaluate import main as evaluate_main

    args = ["--gold", str(gold), "--shared", str(shared)] + (["--errors"] if errors else [])
    sys.exit(evaluate_main(args))


if __name__ == "__main__":
    main()
