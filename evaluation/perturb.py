"""Do the results stay the same when a real letter's text is laid out differently?

Run from the repository root (the real letters are read from ``../shared``)::

    python -m evaluation.perturb                 # every real PDF letter, every perturbation
    python -m evaluation.perturb --only wrap60   # one perturbation

A metamorphic check of generality: the same letter, with the same words, laid out the way another
page width, another extractor or another template would lay it out, must give the same case
facts and decisions. Each perturbation is applied to the text ``read_pdf`` gives; a letter counts
as *same* when every ``CaseInfo`` field, every decision's comparable values (collapsed
treatment, outcome, partial flag, category, drug, strength, quantity, refills, guideline sources
by party), the entities (label, collapsed text, ``kb_id_``, decision) and the rationale factors
(decision, factor, status) equal those of the unperturbed text. Only counts, case numbers and
field names are printed, never letter text.

Perturbations:

- ``wrapNN``: every line longer than NN characters is broken at its last space before NN (a
  narrower page: requests, diagnoses and citations wrap at other words);
- ``join``: the lines of a paragraph run together with spaces where a line ended mid-sentence
  (ending in a lower-case word, a comma or a digit), as an extractor that ignores soft breaks;
- ``doubled``: a blank line after every line (the 2014-2015 extractions);
- ``crlf``: Windows line ends and a form feed between pages;
- ``labels``: the part labels, citation lead-ins and outcome words in other capitalisations.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evaluation.extractors import case_facts
from evaluation.facts import collapse, write_results

ROOT = Path(__file__).resolve().parents[1]


def wrap(width: int) -> Callable[[str], str]:
    def rewrap(text: str) -> str:
        lines = []
        for line in text.split("\n"):
            if len(line) <= width:
                lines.append(line)
            else:
                lines += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        return "\n".join(lines)

    return rewrap


_SOFT_BREAK = re.compile(r"(?<=[a-z,0-9])\n(?=[a-z0-9(])")


def join(text: str) -> str:
    return _SOFT_BREAK.sub(" ", text)


def doubled(text: str) -> str:
    return text.replace("\n", " \n\n")


def crlf(text: str) -> str:
    # a form feed where a page would end: after every 50th line
    lines = text.split("\n")
    return "\r\n".join(line + ("\f" if i % 50 == 49 else "") for i, line in enumerate(lines))


_LABELS = (
    ("MAXIMUS guideline:", "Maximus Guideline:"),
    ("Claims Administrator guideline:", "Claims Administrator Guideline:"),
    ("Decision rationale:", "Decision Rationale:"),
    ("Decision based on", "Decision Based On"),
)


def labels(text: str) -> str:
    for written, variant in _LABELS:
        text = text.replace(written, variant)
    return re.sub(r":[ \t]*(Upheld|Overturned)\b", lambda m: ": " + m[1].upper(), text)


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "wrap60": wrap(60),
    "wrap75": wrap(75),
    "join": join,
    "doubled": doubled,
    "crlf": crlf,
    "labels": labels,
}


def decision_values(doc: Any) -> list[dict[str, Any]]:
    """The comparable values of each decision, in letter order."""
    out = []
    for d in doc._.decisions:
        out.append(
            {
                "treatment": collapse(d.treatment),
                "outcome": d.outcome,
                "partial": d.partial,
                "category": d.category,
                "drug": d.drug,
                "strength": None if d.strength is None else tuple(d.strength.amounts),
                "quantity": d.quantity,
                "refills": d.refills,
                "ca_sources": [c.source for c in d.claims_administrator_guidelines],
                "reviewer_sources": [c.source for c in d.reviewer_guidelines],
            }
        )
    return out


def facts_of(doc: Any) -> dict[str, Any]:
    facts = case_facts(doc)
    facts["diagnoses"] = [collapse(d.text).lower() for d in facts.get("diagnoses") or []]
    # entities and rationale factors, as multisets (their offsets move with the layout)
    facts["entities"] = Counter(
        (e.label_, collapse(e.text), e.kb_id_, e._.decision_id) for e in doc.ents
    )
    facts["factors"] = Counter(
        (f._.decision_id, f.label_, f._.status) for f in doc.spans["rationale_factors"]
    )
    return facts


def differing(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [k for k in a if a[k] != b.get(k)]


def compare(shared: Path, only: list[str] | None = None, model: bool = False) -> dict[str, Any]:
    import imr_nlp

    nlp = imr_nlp.load(model=model)
    paths = sorted((shared / "letters").glob("*.pdf")) + sorted((shared / "letters2").glob("*.pdf"))
    names = only or list(PERTURBATIONS)
    tallies = {n: {"same": 0, "fields": Counter(), "letters": []} for n in names}
    for path in paths:
        text = imr_nlp.read_pdf(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            base = nlp(text)
            base_facts, base_decisions = facts_of(base), decision_values(base)
            for name in names:
                doc = nlp(PERTURBATIONS[name](text))
                facts, decisions = facts_of(doc), decision_values(doc)
                fields = differing(base_facts, facts)
                if len(decisions) != len(base_decisions):
                    fields.append("decision count")
                else:
                    for a, b in zip(base_decisions, decisions, strict=True):
                        fields += [f"decision {k}" for k in differing(a, b)]
                t = tallies[name]
                if fields:
                    t["fields"].update(set(fields))
                    t["letters"].append(path.stem)
                else:
                    t["same"] += 1
    return {
        "letters": len(paths),
        "model": model,
        "perturbations": {
            n: {
                "same": t["same"],
                "fields": dict(t["fields"].most_common()),
                "letters": t["letters"],
            }
            for n, t in tallies.items()
        },
    }


def report(result: dict[str, Any]) -> str:
    n = result["letters"]
    lines = [
        f"{n} real letters, each perturbed and compared with its own unperturbed text",
        "",
        "| perturbation | same results | fields that differ (letters) |",
        "|---|---:|---|",
    ]
    for name, p in result["perturbations"].items():
        differ = ", ".join(f"{k} {v}" for k, v in p["fields"].items()) or "-"
        lines.append(f"| {name} | {p['same']}/{n} | {differ} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--only", action="append", choices=list(PERTURBATIONS))
    parser.add_argument("--model", action=argparse.BooleanOptionalAction, default=False)
    parser.add_argument("--letters", action="store_true", help="name the letters that differ")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    result = compare(args.shared, args.only, args.model)
    print(report(result))
    if args.letters:
        for name, p in result["perturbations"].items():
            print(f"{name}: {' '.join(p['letters']) or '-'}")
    if args.json:
        write_results(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
