"""Do other PDF text extractors give the same case facts and decisions as ``read_pdf``?

Run from the repository root::

    python -m evaluation.extractors                 # letters2 + ../shared/letters
    python -m evaluation.extractors --split tune    # tune half of letters2 + ../shared/letters
    python -m evaluation.extractors --split holdout # letters2's holdout half: figures only
    python -m evaluation.extractors --no-layout     # skip ``pdftotext -layout``

Each letter is read with ``imr_nlp.read_pdf`` (pypdfium2) and with poppler's ``pdftotext``
(default mode, which puts header labels in one block and their values in another, and, when
cheap, ``-layout``); the other extractors' raw text goes through the same ``clean_text``. A
letter counts as *same* for an extractor when every case fact (``CaseInfo``) is identical, and
as *same decisions* when the decisions agree in count, order, collapsed treatment, outcome,
partial flag and original request. Only counts, case numbers and field names are printed,
never letter text. ``pdftotext`` is a system tool (poppler-utils), used here only: the library
reads PDFs with pypdfium2. Without it the script says so and exits.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import fields
from pathlib import Path
from typing import Any

from evaluation.facts import write_results

ROOT = Path(__file__).resolve().parents[1]
SPLITS = Path(__file__).resolve().parent / "splits" / "letters2.json"


def pdftotext(path: Path, layout: bool = False) -> str:
    """The raw text of ``path`` from poppler's ``pdftotext`` (default or ``-layout`` mode)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def letters(shared: Path, split: str) -> list[Path]:
    """The PDFs of ``split``: "tune" (tune half + dev letters), "holdout", "dev" or "all"."""
    out: list[Path] = []
    halves = {"tune": ["tune"], "holdout": ["holdout"], "all": ["holdout", "tune"]}
    for half in halves.get(split, []):
        keep = json.loads(SPLITS.read_text(encoding="utf8"))[half]
        out += [shared / "letters2" / f"{case}.pdf" for case in keep]
    if split in ("tune", "dev", "all"):
        out += sorted((shared / "letters").glob("*.pdf"))
    return [p for p in out if p.is_file()]


def case_facts(doc: Any) -> dict[str, Any]:
    """Every CaseInfo field of a processed letter."""
    case = doc._.case
    return {f.name: getattr(case, f.name) for f in fields(case)}


def decisions(doc: Any) -> list[tuple[Any, ...]]:
    """The comparable values of each decision, in letter order."""
    return [
        (" ".join(d.treatment.split()), d.outcome, d.partial, d.original_request)
        for d in doc._.decisions
    ]


def compare(shared: Path, split: str, layout: bool = True) -> dict[str, Any]:
    """Figures of each extractor against ``read_pdf`` on the letters of ``split``."""
    import imr_nlp
    from imr_nlp.text.clean import clean_text

    nlp = imr_nlp.load(model=False)
    readers = {"pdftotext": lambda p: pdftotext(p)}
    if layout:
        readers["pdftotext -layout"] = lambda p: pdftotext(p, layout=True)
    paths = letters(shared, split)
    result: dict[str, Any] = {"split": split, "letters": len(paths), "extractors": {}}
    base = {}
    for path in paths:
        doc = nlp(imr_nlp.read_pdf(path))
        base[path] = (case_facts(doc), decisions(doc))
    for name, read in readers.items():
        same_case = same_decisions = same_both = 0
        fields_differ: Counter[str] = Counter()
        letters_differ: list[str] = []
        for path in paths:
            doc = nlp(clean_text(read(path)).text)
            facts, decs = case_facts(doc), decisions(doc)
            ok_case = facts == base[path][0]
            ok_dec = decs == base[path][1]
            same_case += ok_case
            same_decisions += ok_dec
            same_both += ok_case and ok_dec
            for key, value in facts.items():
                if value != base[path][0][key]:
                    fields_differ[key] += 1
            if not ok_dec:
                fields_differ["decisions"] += 1
            if not (ok_case and ok_dec):
                letters_differ.append(path.stem)
        result["extractors"][name] = {
            "same_case_facts": same_case,
            "same_decisions": same_decisions,
            "same_both": same_both,
            "fields_differ": dict(fields_differ.most_common()),
            "letters_differ": letters_differ if split != "holdout" else len(letters_differ),
        }
    return result


def report(result: dict[str, Any]) -> str:
    """The figures as a Markdown table (and, outside the holdout, which fields differ)."""
    n = result["letters"]
    lines = [
        f"split {result['split']}: {n} letters, compared with imr_nlp.read_pdf",
        "",
        "| extractor | same case facts | same decisions | same both | fields that differ |",
        "|---|---:|---:|---:|---|",
    ]
    for name, f in result["extractors"].items():
        differ = ", ".join(f"{k} {v}" for k, v in f["fields_differ"].items()) or "-"
        if result["split"] == "holdout":
            differ = "(holdout: not shown)"
        row = [name, f"{f['same_case_facts']}/{n}", f"{f['same_decisions']}/{n}"]
        lines.append("| " + " | ".join([*row, f"{f['same_both']}/{n}", differ]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the comparison; optionally write it as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--split", choices=("all", "tune", "holdout", "dev"), default="all")
    parser.add_argument("--layout", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if shutil.which("pdftotext") is None:
        print("pdftotext not found (install poppler-utils); nothing compared", file=sys.stderr)
        return 2
    result = compare(args.shared, args.split, args.layout)
    print(report(result))
    if args.split != "holdout":
        for name, f in result["extractors"].items():
            print(f"{name}: differ in {' '.join(f['letters_differ']) or '-'}")
    if args.json:
        write_results(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
