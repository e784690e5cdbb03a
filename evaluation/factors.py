"""Score the rationale factors of imr_nlp against the factor gold (``evaluation/gold/factors``).

Run from the repository root::

    python -m evaluation.factors                    # every gold letter
    python -m evaluation.factors --set dev          # 14 dev letters (../shared/letters)
    python -m evaluation.factors --set dev2         # 25 more dev letters, annotated blind
    python -m evaluation.factors --set dev3         # 25 further dev letters, annotated blind
    python -m evaluation.factors --set tune         # the letters2 tune half
    python -m evaluation.factors --set holdout      # the letters2 holdout half (unseen figure)
    python -m evaluation.factors --errors           # list each missed, extra or wrong factor
    python -m evaluation.factors --factor-model     # with the trained second stage on (or off)
    python -m evaluation.factors --draft CASE ...   # print a draft gold file from the pipeline

A gold file (one per letter, ``<case>.json``) holds ``source`` (the PDF under ``../shared``) and
``decisions``: per decision id, the factors its rationale invokes, each with ``label``,
``status`` ("documented", "not_documented" or "requirement") and a short ``note`` of the
annotator's own words. See ``gold/factors/GUIDE.md``.

Per decision, the predicted factor labels (the distinct ``span.label_`` of the decision's spans)
are matched to the gold labels as sets: micro precision, recall and F1 over every decision.
Status accuracy is taken over the matched factors: a decision's status of a factor is that of
its spans, a finding ("documented" or "not_documented") outweighing "requirement"; between two
findings the later mention (the reviewer's conclusion) wins. No letter text is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evaluation" / "gold" / "factors"
SHARED = ROOT.parent / "shared"
STATUSES = ("documented", "not_documented", "requirement")


def decision_factors(doc: Any) -> dict[str, dict[str, str | None]]:
    """decision id -> factor label -> status, from ``doc.spans["rationale_factors"]``."""
    out: dict[str, dict[str, str | None]] = {}
    for span in sorted(doc.spans.get("rationale_factors", ()), key=lambda s: s.start_char):
        if span._.decision_id is None:
            continue
        labels = out.setdefault(str(span._.decision_id), {})
        status = getattr(span._, "status", None) if span.has_extension("status") else None
        before = labels.get(span.label_)
        if before is None or before == "requirement" or status != "requirement":
            labels[span.label_] = status if status is not None else before
    return out


def score(
    gold: dict[str, dict[str, str]], found: dict[str, dict[str, str | None]], counts: Counter
) -> list[str]:
    """Add one letter's counts; return its errors (decision id, label, kind)."""
    errors = []
    for decision in sorted(set(gold) | set(found)):
        want, got = gold.get(decision, {}), found.get(decision, {})
        for label in sorted(set(want) | set(got)):
            if label in want and label in got:
                counts["tp"] += 1
                counts["status_n"] += 1
                if want[label] == got[label]:
                    counts["status_ok"] += 1
                else:
                    errors.append(f"{decision}\t{label}\tstatus {got[label]} != {want[label]}")
            elif label in got:
                counts["fp"] += 1
                errors.append(f"{decision}\t{label}\textra ({got[label]})")
            else:
                counts["fn"] += 1
                errors.append(f"{decision}\t{label}\tmissed ({want[label]})")
    return errors


def figures(counts: Counter) -> dict[str, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    status = counts["status_ok"] / counts["status_n"] if counts["status_n"] else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "status_accuracy": status,
        "gold_factors": tp + fn,
        "found_factors": tp + fp,
    }


def load_gold(gold_dir: Path, which: str) -> list[dict[str, Any]]:
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf8"))
        if which in ("all", data.get("set")):
            out.append(data)
    return out


def gold_map(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for decision in data["decisions"]:
        factors = out.setdefault(decision["id"], {})
        for factor in decision["factors"]:
            if factor["status"] not in STATUSES:
                raise ValueError(f"{data['case']}: bad status {factor['status']!r}")
            factors[factor["label"]] = factor["status"]
    return out


def draft(nlp: Any, shared: Path, cases: list[str]) -> None:
    """Print each case's decisions, rationales and found factors, for an annotator."""
    import imr_nlp

    for case in cases:
        path = next(
            p
            for p in (shared / "letters" / f"{case}.pdf", shared / "letters2" / f"{case}.pdf")
            if p.exists()
        )
        doc = nlp(imr_nlp.read_pdf(str(path)))
        found = decision_factors(doc)
        print(f"##### {case} ({path.parent.name})")
        for part in doc.spans.get("decision_parts", ()):
            if part.label_ != "rationale":
                continue
            print(f"--- {part._.decision_id}: {found.get(str(part._.decision_id), {})}")
            print(" ".join(part.text.split()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.factors", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--gold", default=GOLD, type=Path)
    parser.add_argument("--shared", default=SHARED, type=Path)
    parser.add_argument(
        "--set", default="all", choices=("all", "dev", "dev2", "dev3", "tune", "holdout")
    )
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument(
        "--factor-model",
        action=argparse.BooleanOptionalAction,
        help="the trained second stage of imr_rationale on/off (default: the library's)",
    )
    parser.add_argument("--draft", nargs="+", metavar="CASE")
    args = parser.parse_args(argv)
    import imr_nlp

    factor = args.factor_model
    config = None if factor is None else {"components": {"imr_rationale": {"model": factor}}}
    nlp = imr_nlp.load(model=not args.no_model, config=config)
    if args.draft:
        draft(nlp, args.shared, args.draft)
        return 0
    gold = load_gold(args.gold, args.set)
    if not gold:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    counts: Counter = Counter()
    errors = []
    for data in gold:
        doc = nlp(imr_nlp.read_pdf(str(args.shared / data["source"])))
        errors += [
            f"{data['case']}\t{e}" for e in score(gold_map(data), decision_factors(doc), counts)
        ]
    result = figures(counts)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"Rationale factors ({len(gold)} letters, set {args.set})")
        for key, value in result.items():
            print(
                f"  {key:<16} {value:.3f}" if isinstance(value, float) else f"  {key:<16} {value}"
            )
    if args.errors:
        print("\n".join(errors) or "no errors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
