"""The ``imr-nlp`` command line."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from .about import __version__
from .errors import Errors, MissingDependencyError
from .io.readers import collect_inputs, read_letter

# Exit codes scripts can rely on: 0 all inputs read, 1 some inputs failed (their error rows
# are in the errors table, the rest is written), 2 bad usage or no input at all.
EXIT_OK, EXIT_SOME_FAILED, EXIT_INPUT_ERROR = 0, 1, 2
FORMATS = (".parquet", ".csv", ".jsonl")


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
    if doc._.pain_scores:
        scores = [p.to_dict() for p in doc._.pain_scores]
        facts.loc[len(facts)] = ["pain_scores", _cell("pain_scores", scores)]
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
    """Print a letter's case facts, decisions and entities as tables (FILE: PDF or text)."""
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
    entities = pd.DataFrame(
        [
            {
                "label": e.label_,
                "text": " ".join(e.text.split()),
                "kb_id": e.kb_id_,
                "decision": "" if e._.decision_id is None else e._.decision_id,
                "role": e._.link_role or "",
                "source": e._.source or "",
            }
            for e in doc.ents
        ],
        columns=["label", "text", "kb_id", "decision", "role", "source"],
    )
    with pd.option_context("display.max_colwidth", 80, "display.width", 160):
        click.echo("Case facts")
        click.echo(facts.to_string(index=False))
        click.echo(f"\nDecisions ({len(decisions)})")
        click.echo(decisions.to_string(index=False) if len(decisions) else "(none)")
        click.echo(f"\nEntities ({len(entities)})")
        click.echo(entities.to_string(index=False) if len(entities) else "(none)")
    for code in doc._.warnings:
        click.echo(f"warning: {code}", err=True)


def check_writer(suffix: str) -> None:
    """Fail early (E012) when the output format needs an extra that is not installed."""
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as err:
            raise MissingDependencyError(
                Errors.E012, what="Writing Parquet", package="pyarrow", extra="parquet"
            ) from err


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="OUT.parquet, OUT.csv or OUT.jsonl: writes OUT.decisions, OUT.entities, OUT.letters "
    "and OUT.errors with that extension.",
)
@click.option("--n-process", default=1, show_default=True, help="Worker processes.")
@click.option("--batch-size", default=4, show_default=True, help="Letters per batch.")
@click.option("--no-model", is_flag=True, help="Rules only (imr_nlp.load(model=False)).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on an existing Dask cluster (tcp://host:8786); needs imr-nlp[dask].",
)
def extract(
    inputs: tuple[Path, ...],
    output: Path,
    n_process: int,
    batch_size: int,
    no_model: bool,
    quiet: bool,
    scheduler: str | None,
) -> None:
    """Read letters (PDF or text files, or folders of them) into decision, entity and letter
    tables, with one error row per input that could not be read."""
    from .io.extract import extract

    if output.suffix.lower() not in FORMATS:
        raise click.UsageError(f"--output must end in {', '.join(FORMATS)}")
    try:
        check_writer(output.suffix.lower())
        tqdm = progress_bar()
        if scheduler:
            check_cluster()
    except MissingDependencyError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    output.parent.mkdir(parents=True, exist_ok=True)
    files = collect_inputs(inputs)
    if not files:
        click.echo("error: no PDF or text files in the inputs", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    if scheduler:
        sys.exit(extract_on_cluster(files, output, scheduler, model=not no_model))
    if not quiet:
        click.echo(f"imr-nlp: {_inputs(len(files))}; loading the pipeline ...", err=True)
    with tqdm(total=len(files), disable=quiet, unit="input") as bar:
        tables = extract(
            files,
            n_process=n_process,
            batch_size=batch_size,
            model=not no_model,
            progress=lambda done: bar.update(done - bar.n),
        )
    paths = tables.write(output)
    failed = tables.errors
    warned = int((tables.letters["warnings"].map(len) > 0).sum())
    click.echo(
        f"{_inputs(len(files))}: {_plural(len(tables.letters), 'letter')} read "
        f"({len(tables.decisions)} decisions, {len(tables.entities)} entities; "
        f"{warned} with warnings), {len(failed)} failed; tables in {paths['letters'].parent}",
        err=True,
    )
    for row in failed.itertuples():
        click.echo(f"  failed: {row.path} ({row.code})", err=True)
    sys.exit(EXIT_SOME_FAILED if len(failed) else EXIT_OK)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _inputs(n: int) -> str:
    return _plural(n, "input")


def progress_bar():  # type: ignore[no-untyped-def]
    """``tqdm.tqdm`` (the ``cli`` extra; E012 without it)."""
    try:
        from tqdm import tqdm
    except ImportError as err:
        raise MissingDependencyError(
            Errors.E012, what="imr-nlp extract", package="tqdm", extra="cli"
        ) from err
    return tqdm


def check_cluster() -> None:
    """Fail early (E012) when ``--scheduler`` cannot run: Dask and distributed are missing."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise MissingDependencyError(
            Errors.E012, what="--scheduler", package=err.name or "dask", extra="dask"
        ) from err


def extract_on_cluster(files: list[Path], output: Path, scheduler: str, model: bool) -> int:
    """``imr-nlp extract --scheduler``: the tables built by :mod:`imr_nlp.io.dask` on a cluster."""
    import dask
    from dask.distributed import Client

    from .io.dask import tables
    from .io.tables import Tables

    with Client(scheduler):
        built = tables(files, model=model)
        computed = dict(zip(built, dask.compute(*built.values()), strict=True))
    Tables(**{name: df.reset_index(drop=True) for name, df in computed.items()}).write(output)
    stem, ext = output.with_suffix(""), output.suffix.lower()
    failed = len(computed["errors"])
    click.echo(
        f"{len(files)} inputs: {len(computed['letters'])} letters read, {failed} failed; "
        f"tables in {stem}.*{ext}",
        err=True,
    )
    return EXIT_SOME_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    main()
