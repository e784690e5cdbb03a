"""What the trained NER model adds, on the held-out dev letters it never saw.

    .venv/bin/python benchmarks/model_eval.py [--shared ../shared]

Prints, as Markdown tables:

1. per-label strict P/R/F1 of rules only (``load(model=False)``), the model alone
   (``models/imr_ner``) and both (``load()``), on the held-out letters of
   :data:`training.train.HELD_OUT` (span-level gold in ``evaluation/gold/entities``);
2. the "unseen lexicon" experiment: drug and diagnosis names that occur only in the held-out
   letters (:data:`training.train.UNSEEN_DRUGS`, :data:`~training.train.UNSEEN_DIAGNOSES`; the
   model never saw them, the invented training letters leave them out) are removed from the
   rules' lexicons, and recall on their gold mentions is compared for rules only and rules +
   model;
3. the model's inference cost: words per second with and without it, same texts, same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import spacy

import imr_nlp
from evaluation.evaluate import evaluate_entities, format_rows
from imr_nlp.pipeline import model_path
from training.synthetic import mentions_name
from training.train import HELD_OUT, UNSEEN_DIAGNOSES, UNSEEN_DRUGS, read_letter

ROOT = Path(__file__).resolve().parents[1]


def held_out_gold() -> list[dict]:
    return [
        json.loads((ROOT / "evaluation" / "gold" / "entities" / f"{i}.json").read_text("utf8"))
        for i in HELD_OUT
    ]


def per_label(nlp, gold: list[dict], shared: Path) -> dict[str, dict]:
    return {row["label"]: row for row in evaluate_entities(nlp, gold, shared).table()}


def without_names(nlp):
    """The pipeline with the experiment's names removed from the drug and diagnosis lexicons."""
    drugs = nlp.get_pipe("imr_drugs")
    drugs.lexicon = {k: v for k, v in drugs.lexicon.items() if k not in UNSEEN_DRUGS}
    diagnoses = nlp.get_pipe("imr_diagnoses")
    unseen = set(UNSEEN_DIAGNOSES)
    diagnoses.aliases = {k: v for k, v in diagnoses.aliases.items() if not mentions_name(k, unseen)}
    return nlp


def unseen_recall(nlp, gold: list[dict], shared: Path) -> dict[str, tuple[int, int, int]]:
    """label -> (gold mentions of unseen names, found strictly, found overlapping)."""
    from imr_nlp.text.clean import original_offsets

    names = {"DRUG": set(UNSEEN_DRUGS), "DIAGNOSIS": set(UNSEEN_DIAGNOSES)}
    out = {label: [0, 0, 0] for label in names}
    for g in gold:
        raw = read_letter(shared, g["id"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = nlp(raw)
        found = [(*original_offsets(doc, e.start_char, e.end_char), e.label_) for e in doc.ents]
        for e in g["entities"]:
            text = " ".join(raw[e["start"] : e["end"]].split()).lower()
            if e["label"] not in names or not mentions_name(text, names[e["label"]]):
                continue
            row = out[e["label"]]
            row[0] += 1
            row[1] += (e["start"], e["end"], e["label"]) in found
            row[2] += any(
                lab == e["label"] and s < e["end"] and e["start"] < t for s, t, lab in found
            )
    return {k: tuple(v) for k, v in out.items()}


def words_per_second(nlp, texts: list[str], repeat: int = 2) -> float:
    words = sum(len(t.split()) for t in texts) * repeat
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        for _ in nlp.pipe(texts * repeat):
            pass
    return words / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    gold = held_out_gold()
    rules, both, alone = imr_nlp.load(model=False), imr_nlp.load(), spacy.load(model_path())
    tables = {
        name: per_label(nlp, gold, args.shared)
        for name, nlp in (("rules", rules), ("model", alone), ("rules+model", both))
    }
    rows = []
    for label in sorted(tables["rules"]):
        row = {"label": label, "gold": tables["rules"][label]["gold"]}
        for name, table in tables.items():
            got = table.get(label, {})
            for key in ("strict P", "strict R", "strict F1"):
                row[f"{name} {key.split()[1]}"] = got.get(key, 0.0)
        rows.append(row)
    print(f"## Held-out letters ({len(gold)}; never trained on): strict P/R/F1\n")
    print(format_rows(rows))
    print("\n## Unseen lexicon: recall on mentions of names removed from the lexicons\n")
    head = ["label", "mentions", "rules strict", "rules+model strict"]
    head += ["rules overlap", "rules+model overlap"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    base = unseen_recall(without_names(imr_nlp.load(model=False)), gold, args.shared)
    plus = unseen_recall(without_names(imr_nlp.load()), gold, args.shared)
    for label in base:
        n, r_s, r_o = base[label]
        _, m_s, m_o = plus[label]
        cells = [f"{k / n:.3f}" if n else "-" for k in (r_s, m_s, r_o, m_o)]
        lines.append(f"| {label} | {n} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    texts = [read_letter(args.shared, g["id"]) for g in gold]
    print("\n## Inference cost (same texts, same run)\n")
    print("| pipeline | words/s |\n|---|---|")
    for name, nlp in (("load(model=False)", rules), ("load()", both)):
        print(f"| `{name}` | {words_per_second(nlp, texts):,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
