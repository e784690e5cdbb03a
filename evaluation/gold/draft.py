"""Write a draft entity-gold file from the rules, for an annotator to correct by hand.

    python evaluation/gold/draft.py CM17-0019171 --out /tmp/drafts [--shared ../shared]

The draft has ``"complete": false`` and every span the pipeline finds, with its value in the
shape of evaluation/gold/GUIDE.md. It is a starting point only: read the whole letter, fix
boundaries, add what the rules missed, remove what is wrong, set ``complete`` to true, and only
then move it to evaluation/gold/entities (the tests reject incomplete gold). An existing file
is never overwritten.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import imr_nlp
from evaluation.evaluate import read_source
from imr_nlp.text.clean import original_offsets

MAX_TEXT_WORDS = 8


def gold_value(ent: Any) -> Any:
    """An entity's value in the gold shape of GUIDE.md."""
    value, label = ent._.value, ent.label_
    if label == "DRUG":
        return {"generic": ent.kb_id_, "is_opioid": bool(value and value.is_opioid)}
    if label == "STRENGTH":
        return None if value is None else {"amounts": list(value.amounts), "unit": value.unit}
    if label == "FREQUENCY":
        return {"per_day": None if value is None else value.per_day}
    if label in ("DATE", "INJURY_DATE"):
        return None if value is None else value.isoformat()
    if label == "DIAGNOSIS":
        return {"icd10": ent.kb_id_}
    if label == "GUIDELINE":
        return {
            "source": ent.kb_id_,
            "year": getattr(value, "year", None),
            "pages": list(getattr(value, "pages", ()) or ()),
        }
    return value


def draft(letter_id: str, shared: Path) -> dict[str, Any]:
    seed = shared / "seeds" / f"{letter_id}.txt"
    source = f"seeds/{letter_id}.txt" if seed.exists() else f"letters/{letter_id}.pdf"
    raw = read_source(shared, source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = imr_nlp.load()(raw)
    entities = []
    for ent in doc.ents:
        start, end = original_offsets(doc, ent.start_char, ent.end_char)
        row: dict[str, Any] = {"start": start, "end": end, "label": ent.label_}
        if len(raw[start:end].split()) <= MAX_TEXT_WORDS:
            row["text"] = raw[start:end]
        row["value"] = gold_value(ent)
        entities.append(row)
    return {"id": letter_id, "source": source, "complete": False, "entities": entities}


def dumps(gold: dict[str, Any]) -> str:
    """The gold file layout: header keys, then one entity per line."""
    head = {k: v for k, v in gold.items() if k != "entities"}
    lines = [f'  "{k}": {json.dumps(v)},' for k, v in head.items()]
    rows = ",\n".join(f"    {json.dumps(e, ensure_ascii=False)}" for e in gold["entities"])
    return "{\n" + "\n".join(lines) + '\n  "entities": [\n' + rows + "\n  ]\n}\n"


def id_parser(doc: str) -> argparse.ArgumentParser:
    """The command line of the draft scripts: letter ids, --shared, --out."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = id_parser(__doc__).parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for letter_id in args.ids:
        path = args.out / f"{letter_id}.json"
        if path.exists():
            print(f"{path} exists; not overwritten", file=sys.stderr)
            continue
        path.write_text(dumps(draft(letter_id, args.shared)), "utf8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
