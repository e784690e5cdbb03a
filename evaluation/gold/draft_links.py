"""Draft link gold and decision-field gold from the pipeline, for an annotator to correct.

    python evaluation/gold/draft_links.py CM16-0213037 --out /tmp/link_drafts [--shared ../shared]

For a letter with entity gold (evaluation/gold/entities/<id>.json) it writes
``<out>/entities/<id>.json``: the same file with, on every entity, ``"decision"`` (the id of the
decision it belongs to, or null) and ``"role"`` ("request", "guideline", "rationale", "summary",
"ur_history" or null), plus ``"candidates"`` when the pipeline found the link ambiguous. For every
letter it writes ``<out>/letters/<id>.json``: the letter gold with a ``"fields"`` object on each
decision (category, drug, strength, quantity, refills, frequency per day, guideline sources per
party). Links and fields come from the rules: check every one against the letter and
evaluation/gold/GUIDE.md before moving a file into evaluation/gold/. Existing files are not
overwritten.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

import imr_nlp
from evaluation.evaluate import read_source
from imr_nlp.text.clean import original_offsets

sys.path.insert(0, str(Path(__file__).parent))
from draft import dumps, id_parser

GOLD = Path(__file__).parent


def decision_fields(decision: Any) -> dict[str, Any]:
    """A decision's fields in the gold shape (see GUIDE.md, "Decision fields")."""
    strength = decision.strength
    return {
        "category": decision.category,
        "drug": decision.drug,
        "strength": None
        if strength is None
        else {"amounts": list(strength.amounts), "unit": strength.unit},
        "quantity": decision.quantity,
        "refills": decision.refills,
        "frequency_per_day": None if decision.frequency is None else decision.frequency.per_day,
        "frequency_source": decision.frequency_source,
        "claims_administrator_sources": [
            g.source for g in decision.claims_administrator_guidelines
        ],
        "reviewer_sources": [g.source for g in decision.reviewer_guidelines],
    }


def draft(letter_id: str, shared: Path, nlp: Any) -> tuple[dict | None, dict]:
    letters = json.loads((GOLD / "letters" / f"{letter_id}.json").read_text("utf8"))
    raw = read_source(shared, letters["source"])
    doc = nlp(raw)
    for gold, decision in zip(letters["decisions"], doc._.decisions, strict=False):
        gold["fields"] = decision_fields(decision)
    path = GOLD / "entities" / f"{letter_id}.json"
    if not path.exists():
        return None, letters
    entities = json.loads(path.read_text("utf8"))
    found = {(*original_offsets(doc, e.start_char, e.end_char), e.label_): e for e in doc.ents}
    for ent in entities["entities"]:
        match = found.get((ent["start"], ent["end"], ent["label"]))
        ent["decision"] = None if match is None else match._.decision_id
        ent["role"] = None if match is None else match._.link_role
        if match is not None and match._.link_candidates:
            ent["candidates"] = list(match._.link_candidates)
    return entities, letters


def main(argv: list[str] | None = None) -> int:
    args = id_parser(__doc__).parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = imr_nlp.load()
        for letter_id in args.ids:
            entities, letters = draft(letter_id, args.shared, nlp)
            for kind, data in (("entities", entities), ("letters", letters)):
                if data is None:
                    continue
                path = args.out / kind / f"{letter_id}.json"
                if path.exists():
                    print(f"{path} exists; not overwritten", file=sys.stderr)
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                text = dumps(data) if kind == "entities" else json.dumps(data, indent=2) + "\n"
                path.write_text(text, "utf8")
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
