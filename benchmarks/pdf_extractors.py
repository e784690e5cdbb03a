"""Compare PDF text extractors on the dev letters; prints a markdown report.

Usage::

    python benchmarks/pdf_extractors.py [LETTERS_DIR] [--repeat N]

``LETTERS_DIR`` defaults to ``<repo>/../shared/letters``. Candidates whose package is not
installed are skipped. For each candidate the report gives:

* speed: milliseconds per page (median over letters; each letter timed ``--repeat`` times, best
  run kept) and the total time for all letters;
* header labels: for each label, in how many letters a digit follows the label on the same line
  (regex ``Label[ \\t]*[^\\n]*\\d``), out of the letters where the label occurs at all; and,
  stricter, over all labels and letters, how often the very next word holds a digit
  (``Label[ \\t]*\\S*\\d``: the value itself, not a later field's value on the same line);
* outcome lines: lines where the outcome follows a colon on the same line
  (``:[ \\t]*(Upheld|Overturned)``; whole item lines, more is better) and lines that hold only
  the outcome word (the item was split from its outcome, fewer is better).

Only counts and timings are printed, never letter text.
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LETTERS = ROOT.parent / "shared" / "letters"

LABELS = ["Case Number:", "Date Assigned:", "Date of Injury:", "Decision Date:", "UR Denial Date:"]
LABEL_PRESENT = {label: re.compile(re.escape(label)) for label in LABELS}
LABEL_WITH_VALUE = {label: re.compile(re.escape(label) + r"[ \t]*[^\n]*\d") for label in LABELS}
LABEL_THEN_VALUE = {label: re.compile(re.escape(label) + r"[ \t]*\S*\d") for label in LABELS}
WHOLE_OUTCOME = re.compile(r":[ \t]*(Upheld|Overturned)\b")
BARE_OUTCOME = re.compile(r"(Upheld|Overturned)\.?")

PageReader = Callable[[Path], list[str]]


# --- Candidates: each returns the text of every page ----------------------------------------


def _pypdfium2() -> PageReader:
    """The extractor imr_nlp ships: time the library's own function."""
    from imr_nlp.io.pdf import extract_text

    def read(path: Path) -> list[str]:
        return extract_text(path).split("\f")

    return read


def _pymupdf(sort: bool) -> Callable[[], PageReader]:
    def factory() -> PageReader:
        import pymupdf

        def read(path: Path) -> list[str]:
            with pymupdf.open(path) as doc:
                return [page.get_text(sort=sort) for page in doc]

        return read

    return factory


def _pdfplumber() -> PageReader:
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    def read(path: Path) -> list[str]:
        with pdfplumber.open(path) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]

    return read


def _pypdf() -> PageReader:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)

    def read(path: Path) -> list[str]:
        return [page.extract_text() or "" for page in PdfReader(path).pages]

    return read


CANDIDATES: list[tuple[str, str, Callable[[], PageReader]]] = [
    ("pypdfium2", "Apache-2.0 / BSD-3", _pypdfium2),
    ("pymupdf", "AGPL-3.0", _pymupdf(sort=False)),
    ("pymupdf sort=True", "AGPL-3.0", _pymupdf(sort=True)),
    ("pdfplumber", "MIT", _pdfplumber),
    ("pypdf", "BSD-3", _pypdf),
]


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    licence: str
    version: str
    ms_per_page: list[float] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    failures: int = 0
    label_with_value: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    label_present: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    label_then_value: int = 0
    whole_outcomes: int = 0
    bare_outcomes: int = 0


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    package = name.split()[0]
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def measure(name: str, licence: str, read: PageReader, letters: list[Path], repeat: int) -> Result:
    """Time ``read`` on every letter and count the layout checks on its output."""
    result = Result(name, licence, _version(name))
    read(letters[0])  # warm-up: first-call costs (lazy imports, font caches) are not timed
    for path in letters:
        best = float("inf")
        pages: list[str] = []
        try:
            for _ in range(repeat):
                start = time.perf_counter()
                pages = read(path)
                best = min(best, time.perf_counter() - start)
        except Exception:  # a candidate failing on a letter is a result, not a crash
            result.failures += 1
            continue
        result.seconds += best
        result.pages += len(pages)
        result.ms_per_page.append(1000 * best / max(1, len(pages)))
        text = "\f".join(pages).replace("\r\n", "\n").replace("\r", "\n")
        for label in LABELS:
            if LABEL_PRESENT[label].search(text):
                result.label_present[label] += 1
            if LABEL_WITH_VALUE[label].search(text):
                result.label_with_value[label] += 1
            if LABEL_THEN_VALUE[label].search(text):
                result.label_then_value += 1
        for line in re.split(r"[\n\f]", text):
            if WHOLE_OUTCOME.search(line):
                result.whole_outcomes += 1
            if BARE_OUTCOME.fullmatch(line.strip()):
                result.bare_outcomes += 1
    return result


def report(results: list[Result], letters: list[Path], skipped: list[str], repeat: int) -> str:
    """The results as markdown."""
    n_pages = max((r.pages for r in results), default=0)
    lines = [
        "# PDF text extractors on the dev letters",
        "",
        f"{len(letters)} letters, {n_pages} pages; Python {sys.version.split()[0]}; "
        f"each letter timed {repeat}x, best run kept.",
        "",
        "Header columns: letters where a digit follows the label on the same line / letters "
        "where the label occurs. Next word: label directly followed by a word with a digit, "
        "over all labels and letters. `: outcome` = lines with `:` then Upheld/Overturned "
        "(more is better); bare = lines holding only the outcome word (fewer is better).",
        "",
        "| extractor | version | licence | ms/page (median) | total s | failed | "
        + " | ".join(f"`{label}`" for label in LABELS)
        + " | next word (all labels) | `: outcome` lines | bare outcome lines |",
        "|---|---|---|---:|---:|---:|" + "---:|" * len(LABELS) + "---:|---:|---:|",
    ]
    for r in results:
        median = statistics.median(r.ms_per_page) if r.ms_per_page else float("nan")
        labels = " | ".join(
            f"{r.label_with_value[label]}/{r.label_present[label]}" for label in LABELS
        )
        lines.append(
            f"| {r.name} | {r.version} | {r.licence} | {median:.1f} | {r.seconds:.2f} | "
            f"{r.failures} | {labels} | {r.label_then_value}/{len(LABELS) * len(r.ms_per_page)} | "
            f"{r.whole_outcomes} | {r.bare_outcomes} |"
        )
    if skipped:
        lines += ["", "Not installed (skipped): " + ", ".join(skipped) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("letters", nargs="?", type=Path, default=DEFAULT_LETTERS)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per letter (best kept)")
    args = parser.parse_args(argv)
    letters = sorted(args.letters.glob("*.pdf"))
    if not letters:
        parser.error(f"no PDF in {args.letters}")
    results: list[Result] = []
    skipped: list[str] = []
    for name, licence, factory in CANDIDATES:
        try:
            read = factory()
        except ImportError:
            skipped.append(name)
            continue
        results.append(measure(name, licence, read, letters, max(1, args.repeat)))
    print(report(results, letters, skipped, max(1, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
