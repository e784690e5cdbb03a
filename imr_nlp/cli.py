"""The ``imr-nlp`` command line."""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import click

from .about import __version__
from .errors import Errors, MissingDependencyError
from .io.pdfworker import MEMORY_ENV, MEMORY_MB, TIMEOUT_ENV, TIMEOUT_S
from .io.readers import collect_inputs, read_letter

# Exit codes scripts can rely on: 0 all inputs read, 1 some inputs failed (their error rows
# are in the errors table, the rest is written), 2 bad usage or no input at all.
EXIT_OK, EXIT_SOME_FAILED, EXIT_INPUT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C: what was complete is written, --resume continues
FORMATS = (".parquet", ".csv", ".jsonl")
#: `imr-nlp show` is at most this wide.
MAX_WIDTH = 100


@click.group()
@click.version_option(__version__, prog_name="imr-nlp")
def main() -> None:
    """imr_nlp: structured data from California IMR determination letters."""


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--sample", is_flag=True, help="Use the invented sample letter bundled with imr_nlp.")
@click.option(
    "--labels",
    metavar="LABEL,...",
    help="Show only the entities of these labels (DRUG,DIAGNOSIS,...).",
)
@click.option("--no-entities", is_flag=True, help="Leave the entity tables out.")
@click.option(
    "--width",
    type=click.IntRange(min=40),
    help=f"Line width (default: the terminal's or $COLUMNS, at most {MAX_WIDTH}).",
)
@click.option("--no-model", is_flag=True, help="Rules only (imr_nlp.load(model=False)).")
def show(
    file: Path | None,
    sample: bool,
    labels: str | None,
    no_entities: bool,
    width: int | None,
    no_model: bool,
) -> None:
    """Print a letter (FILE: PDF or text): its case facts, then each decision with its request,
    guidelines and entities, then the entities of no decision and the warnings."""
    import imr_nlp

    from .errors import IMRError
    from .io.console import print_letter, require_rich

    if sample == (file is not None):
        raise click.UsageError("give either FILE or --sample")
    chosen = show_labels(labels)
    try:
        require_rich()
    except MissingDependencyError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    try:
        text = imr_nlp.sample_text() if sample else read_letter(file)  # type: ignore[arg-type]
    except (IMRError, OSError) as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    nlp = imr_nlp.load(model=not no_model)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        doc = nlp(text)
    console = show_console(width)
    options = {"labels": chosen, "entities": not no_entities}
    if console.is_terminal:
        print_letter(doc, console, **options)
        return
    with console.capture() as captured:  # a file or a pipe: no padding at line ends
        print_letter(doc, console, **options)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def show_labels(labels: str | None) -> list[str] | None:
    """``--labels DRUG,diagnosis`` -> ["DRUG", "DIAGNOSIS"] (a usage error for unknown ones)."""
    if labels is None:
        return None
    from .values import LABELS

    chosen = [name.strip().upper() for name in labels.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in LABELS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown label(s) {', '.join(unknown) or '(none given)'}; "
            f"choose among {', '.join(LABELS)}",
            param_hint="--labels",
        )
    return chosen


def show_console(width: int | None):  # type: ignore[no-untyped-def]
    """A rich Console on stdout, ``width`` wide (default: the terminal or $COLUMNS, capped)."""
    import shutil

    from rich.console import Console

    if width is None:
        width = min(shutil.get_terminal_size((MAX_WIDTH, 24)).columns, MAX_WIDTH)
    return Console(file=sys.stdout, width=width, highlight=False, soft_wrap=False)


@contextlib.contextmanager
def environment(values: dict[str, str]):
    """The environment variables set to ``values`` for the duration (the earlier ones back after:
    a CLI called in-process, as in tests, leaves the environment as it was)."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def pdf_limit(flag: str, default: float, envvar: str, what: str, code: str) -> Callable:
    """A limit of the PDF reader's worker process: a number >= 0 (0: none), also from the
    environment; a PDF over it is an error row with ``code``."""
    return click.option(
        flag,
        type=click.FloatRange(min=0),
        default=default,
        show_default=True,
        envvar=envvar,
        help=f"{what} (0: none; or {envvar}); a PDF over it is an {code} error row.",
    )


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
@click.option(
    "--n-process", default=1, show_default=True, type=click.IntRange(1), help="Worker processes."
)
@click.option(
    "--batch-size", default=4, show_default=True, type=click.IntRange(1), help="Letters per batch."
)
@click.option("--no-model", is_flag=True, help="Rules only (imr_nlp.load(model=False)).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--overwrite", is_flag=True, help="Replace the tables of an earlier run.")
@click.option(
    "--part-size",
    type=click.IntRange(1),
    metavar="N",
    help="Write the results every N inputs while running (default 500; a killed run keeps "
    "them, --resume uses them).",
)
@pdf_limit(
    "--pdf-memory-mb",
    MEMORY_MB,
    MEMORY_ENV,
    "Memory limit of the process that reads a PDF's text, MB",
    "E016",
)
@pdf_limit("--pdf-timeout", TIMEOUT_S, TIMEOUT_ENV, "Seconds a PDF's text may take", "E017")
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an earlier (interrupted) run: inputs already in its tables (same path and "
    "content) are not read again; its tables are kept and extended.",
)
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
    overwrite: bool,
    resume: bool,
    part_size: int | None,
    pdf_memory_mb: float,
    pdf_timeout: float,
    scheduler: str | None,
) -> None:
    """Read letters (PDF or text files, or folders of them) into decision, entity and letter
    tables, with one error row per input that could not be read."""
    # the PDF readers (in this process and in any it starts) take their limits from there,
    # until the command ends
    limits = {MEMORY_ENV: f"{pdf_memory_mb:g}", TIMEOUT_ENV: f"{pdf_timeout:g}"}
    click.get_current_context().with_resource(environment(limits))
    from .io.parts import Busy, earlier_run, locked, work_dir
    from .io.tables import check_writer

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
    blocked = next((p for p in output.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise click.UsageError(f"--output: {blocked} is a file, not a folder")
    if overwrite and resume:
        raise click.UsageError("--overwrite and --resume exclude each other")
    try:  # also finishes the renames of a run killed while it put its tables into place
        finals = earlier_run(output, resume=resume, overwrite=overwrite)
    except FileExistsError as err:
        raise click.UsageError(
            f"{err}: --overwrite replaces the earlier run's tables, --resume continues it"
        ) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    files = collect_inputs(inputs)
    if not files:
        click.echo("error: no PDF or text files in the inputs", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    run = {"resume": resume, "finals": finals, "part_size": part_size, "quiet": quiet, "tqdm": tqdm}
    try:
        with locked(output):
            if scheduler:
                code = extract_on_cluster(
                    files,
                    output,
                    scheduler,
                    model=not no_model,
                    batch_size=batch_size,
                    pdf_limits=(pdf_memory_mb, pdf_timeout),
                    **run,
                )
            else:
                code = extract_in_parts(
                    files,
                    output,
                    n_process=n_process,
                    batch_size=batch_size,
                    model=not no_model,
                    **run,
                )
    except Busy:
        raise click.UsageError(
            f"another run is writing {output} (its work folder {work_dir(output)})"
        ) from None
    if code == EXIT_INTERRUPTED and n_process > 1 and not scheduler:
        # The tables are written; where processes cannot be forked (nlp.pipe's workers),
        # its queue threads may still wait on stopped workers, and the interpreter's exit
        # would wait for them: leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    sys.exit(code)


def extract_in_parts(
    files: list[Path],
    output: Path,
    *,
    n_process: int,
    batch_size: int,
    model: bool,
    **run,  # type: ignore[no-untyped-def]
) -> int:
    """``imr-nlp extract``: the inputs read on this machine (``n_process`` processes), the
    results written in parts as they come (a part every ``PART_INPUTS`` inputs), then combined
    into the final tables; returns the exit code."""
    from .io.extract import batches_of

    batches = batches_of(files, n_process=n_process, batch_size=batch_size, model=model)
    return run_in_parts(files, output, batches, starting="loading the pipeline", **run)


def extract_on_cluster(
    files: list[Path],
    output: Path,
    scheduler: str,
    *,
    model: bool,
    batch_size: int,
    pdf_limits: tuple[float, float],
    **run,  # type: ignore[no-untyped-def]
) -> int:
    """``imr-nlp extract --scheduler``: the inputs read on a Dask cluster a partition at a
    time (:func:`imr_nlp.io.dask.cluster_batches`), each partition written as a part as soon
    as it is done, then the parts combined into the final tables; returns the exit code. The
    workers read PDFs under ``pdf_limits`` (memory MB, timeout s), the command's."""
    from distributed import Client

    from .io.dask import cluster_batches

    try:
        client = Client(scheduler)
    except KeyboardInterrupt:
        click.echo("interrupted before any letter was read: nothing written", err=True)
        return EXIT_INTERRUPTED
    except (OSError, ValueError) as err:  # no scheduler there (TimeoutError is an OSError)
        click.echo(f"error: cannot reach the Dask scheduler at {scheduler}: {err}", err=True)
        return EXIT_INPUT_ERROR
    with client:
        batches = cluster_batches(
            client,
            files,
            model=model,
            batch_size=batch_size,
            part_size=run["part_size"],
            pdf_limits=pdf_limits,
        )
        return run_in_parts(
            files,
            output,
            batches,
            starting=f"sending them to the Dask cluster at {scheduler}",
            part_per_batch=True,
            **run,
        )


def run_in_parts(
    files: list[Path],
    output: Path,
    batches,  # type: ignore[no-untyped-def]
    *,
    starting: str,
    resume: bool,
    finals: bool,
    part_size: int | None,
    quiet: bool,
    tqdm,  # type: ignore[no-untyped-def]
    part_per_batch: bool = False,
) -> int:
    """One run of ``imr-nlp extract`` (:func:`imr_nlp.io.parts.write_in_parts`) with its
    progress bar and messages; returns the exit code."""
    from .io.parts import Uncombined, work_dir, write_in_parts

    bars = contextlib.ExitStack()
    bar = []  # the progress bar, shown once the run starts

    def started(earlier):  # type: ignore[no-untyped-def]
        if not quiet:
            resumed = f", {earlier.letters} letters already read" if resume else ""
            click.echo(f"imr-nlp: {_inputs(len(files))}{resumed}; {starting} ...", err=True)
        bar.append(bars.enter_context(tqdm(total=len(files), disable=quiet, unit="input")))

    def progress(done: int) -> None:
        bar[0].update(done - bar[0].n)

    try:
        with bars:
            written = write_in_parts(
                output,
                batches,
                resume=resume,
                finals=finals,
                part_size=part_size,
                part_per_batch=part_per_batch,
                order=files,
                progress=progress,
                started=started,
            )
    except Uncombined:
        click.echo(
            f"interrupted while writing the tables: the parts read so far are kept in "
            f"{work_dir(output)}; run again with --resume to finish",
            err=True,
        )
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:  # while the pipeline loads: no letter read, nothing touched
        click.echo("interrupted before any letter was read: nothing written", err=True)
        return EXIT_INTERRUPTED
    paths, counts = written.paths, written.counts
    if written.interrupted:
        click.echo(
            f"{'stopped: ' + written.stopped if written.stopped else 'interrupted'}: "
            f"{_plural(counts['letters'], 'letter')} and "
            f"{_plural(counts['errors'], 'error row')} written to {paths['letters'].parent}; "
            "run again with --resume to continue",
            err=True,
        )
        return EXIT_INTERRUPTED
    failed = failures(paths["errors"])
    click.echo(
        f"{_inputs(len(files))}: {_plural(counts['letters'], 'letter')} read "
        f"({counts['decisions']} decisions, {counts['entities']} entities; "
        f"{warned(paths['letters'])} with warnings), {len(failed)} failed; "
        f"tables in {paths['letters'].parent}",
        err=True,
    )
    for path, code in failed:
        click.echo(f"  failed: {path} ({code})", err=True)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def failures(errors: Path) -> list[tuple[str, str]]:
    """(path, code) of each row of a written errors table."""
    from .io.parts import column_values

    return [(p, c) for p, c in column_values(errors, ["path", "code"])]


def warned(letters: Path) -> int:
    """How many letters of a written letters table have warnings."""
    from .io.parts import column_values

    return sum(bool(w) and len(w) > 0 for (w,) in column_values(letters, ["warnings"]))


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


if __name__ == "__main__":
    main()
