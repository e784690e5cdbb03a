"""Score the challenge sets: ``python -m evaluation.challenge [--set NAME] [--split S]``."""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

from evaluation.challenge import DATA, SPLITS, load_items, scorer, set_names, split_items
from evaluation.facts import Tally, write_results

FLOORS = DATA.parent / "floors.json"


def fmt(x: Any) -> str:
    return "" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def table(rows: list[tuple[str, str, dict[str, Any]]]) -> str:
    """One Markdown row per (set, field): accuracy for values, P/R/F1 for sets."""
    lines = [
        "| set | field | items | accuracy | P | R | F1 | wrong | missing |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, field, f in rows:
        row = [name, field, f["items"], f.get("accuracy")]
        row += [f.get("precision"), f.get("recall"), f.get("f1"), f["wrong"], f["missing"]]
        lines.append("| " + " | ".join(fmt(x) for x in row) + " |")
    return "\n".join(lines)


def raise_floors(figures: dict[str, dict[str, dict[str, Any]]], path: Path = FLOORS) -> None:
    """Raise each set's floors (``floors.json``) to its figures: the score (accuracy, or F1 for
    sets of values) rounded down to three decimals, and the count of wrong values; a floor is
    never lowered, and a set's fields without a floor get one."""
    floors = json.loads(path.read_text(encoding="utf8"))
    for name, fields in figures.items():
        for field, f in fields.items():
            score = f["accuracy"] if f["kind"] == "value" else f["f1"]
            if score is None:
                continue
            old = floors.setdefault(name, {}).get(field)
            new = {"max_wrong": f["wrong"], "min": math.floor(score * 1000) / 1000}
            if old is not None:
                new = {
                    "max_wrong": min(old["max_wrong"], new["max_wrong"]),
                    "min": max(old["min"], new["min"]),
                }
            floors[name][field] = new
    path.write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n", encoding="utf8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", choices=set_names())
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--model", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--factor-model",
        action=argparse.BooleanOptionalAction,
        help="the trained second stage of imr_rationale on/off (default: the library's)",
    )
    parser.add_argument("--errors", action="store_true", help="print every wrong or missing value")
    parser.add_argument("--json", type=Path, help="write figures and errors here")
    parser.add_argument(
        "--pool", metavar="NAME", help="also score the chosen sets as one, named NAME"
    )
    parser.add_argument(
        "--raise-floors",
        action="store_true",
        help="raise floors.json to the figures (split all): a floor never goes down",
    )
    args = parser.parse_args(argv)
    if args.raise_floors and args.split != "all":
        parser.error("--raise-floors needs --split all")
    import imr_nlp

    factor = args.factor_model
    config = None if factor is None else {"components": {"imr_rationale": {"model": factor}}}
    nlp = imr_nlp.load(model=args.model, config=config)
    rows, result = [], {"split": args.split, "model": args.model, "sets": {}}
    pooled = Tally()
    for name in args.sets or set_names():
        tally = Tally()
        items = split_items(load_items(name), args.split)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an invented fragment is no known letter format
            scorer(name)(nlp, items, tally)
        pooled.merge(tally)
        figures = tally.figures()
        rows += [(name, field, f) for field, f in sorted(figures.items())]
        result["sets"][name] = {
            "items": len(items),
            "figures": figures,
            "errors": tally.errors,
            "set_errors": tally.set_errors,
        }
        if args.errors:
            for e in tally.errors + tally.set_errors:
                print(name, e, file=sys.stderr)
    if args.pool:
        figures = pooled.figures()
        rows += [(args.pool, field, f) for field, f in sorted(figures.items())]
        result["pooled"] = {"name": args.pool, "sets": args.sets or set_names(), "figures": figures}
    if args.raise_floors:
        raise_floors({name: r["figures"] for name, r in result["sets"].items()})
    print(f"challenge sets, split {args.split}, model={args.model}")
    print(table(rows))
    if args.json:
        write_results(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
