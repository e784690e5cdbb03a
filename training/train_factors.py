"""Train the factor model shipped in ``models/imr_factors``: ``python -m training.train_factors``
(``make train-factors``).

Data: :mod:`training.factor_data` (the tune halves of the factor challenge sets and the factor
gold of the dev, dev2 and tune letters; never a holdout half). Two bag-of-words classifiers
(``spacy.TextCatBOW.v3``, CPU, trained in seconds, seeded):

- ``factors`` (``textcat_multilabel``): a rationale's words -> the factor labels it invokes;
- ``status`` (``textcat``): :func:`imr_nlp.entities.factor_model.status_words` of a factor the
  rules found -> its gold status.

``--cv``: grouped cross-validation, one fold per source (each challenge set's tune half, and the
letters), so that a fold's test is a set written apart from the training ones, as a new blind
set would be. Each fold trains on the others, and the combination with the rules
(:meth:`~imr_nlp.entities.factor_model.FactorModel.second_stage`) is scored on the held-out fold
for every setting of the grid :data:`GRID`; the setting with the best mean over folds of
(F1 + status accuracy) / 2 is written to ``training/factor_combine.json`` and shipped as the
model's ``combine.json``. Without ``--cv`` the model is trained on every record and written with
the chosen setting.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from imr_nlp.entities.factor_model import (
    COMBINE_FILE,
    STATUSES,
    FactorModel,
    decide,
    decisive,
    sentences,
    status_words,
    words,
)
from training.factor_data import build_records, cached

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "models" / "imr_factors"
COMBINE = ROOT / "training" / "factor_combine.json"
LABELS = (
    "functional_improvement",
    "pain_relief",
    "return_to_work",
    "urine_drug_screen",
    "opioid_agreement",
    "mme_above_120",
    "duration_of_use",
    "weaning_recommended",
    "failed_first_line",
)
SEED = 24
EPOCHS = 12
DROPOUT = 0.2
NGRAMS = 1
LENGTH = 2**16  # hashed feature rows per label (~3 MB shipped; few words share a row)
#: The setting of the rules alone (the model changes nothing).
RULES = {"add": None, "sentence": None, "status": None, "status_on": "requirement"}
#: The folds whose tune half the rules were never tuned on (factors6: its first-sight tune figure,
#: F1 0.787 / status 0.763, is its figure today). On the other folds the rules have been tuned on
#: the very items (F1 and status ~0.95-0.99), so any change the model makes there can only look
#: wrong: the setting is chosen on these folds, the others are reported beside it.
BLIND_FOLDS = ("factors6",)
#: How much lower the real letters' folds may score than the rules alone (their mean of F1 and
#: status). The rules were tuned on these letters too, so a drop there over-states the harm, but a
#: model trained mostly on invented passages must not unlearn the real letters' wording.
LETTER_TOLERANCE = 0.02
#: Settings within this of the best blind mean count as tied (the most cautious is taken).
TIE = 0.005
#: The combination settings tried by --cv: add a factor at this probability (None: never),
#: change a status at this probability (None: never), on which rules' statuses.
GRID = {
    "add": (None, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95),
    "status": (None, 0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95),
    "status_on": ("requirement", "all"),
    "sentence": (None, 0.5, 0.7, 0.9),
}


def bow(exclusive: bool, ngrams: int = NGRAMS) -> dict[str, Any]:
    return {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": exclusive,
            "ngram_size": ngrams,
            "no_output_layer": False,
            "length": LENGTH,
        }
    }


def status_examples(records: list[dict]) -> list[tuple[list[str], str]]:
    """(input words, gold status) of every factor both the rules and the gold hold."""
    out = []
    for r in records:
        bounds = sentences(r["text"])
        for label, places in sorted(r["spans"].items()):
            if label in r["gold"]:
                spans = [(a, b) for a, b, _ in places]
                out.append((status_words(r["text"], bounds, spans, label), r["gold"][label]))
    return out


def train(
    records: list[dict], seed: int = SEED, epochs: int = EPOCHS, ngrams: int = NGRAMS
) -> spacy.Language:
    """The two classifiers trained on ``records``, in one pipeline."""
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = spacy.blank("en")
    factors = nlp.add_pipe("textcat_multilabel", name="factors", config=bow(False, ngrams))
    status = nlp.add_pipe("textcat", name="status", config=bow(True, ngrams))
    for label in LABELS:
        factors.add_label(label)
    for label in STATUSES:
        status.add_label(label)

    def example(tokens: list[str], cats: dict[str, float]) -> Example:
        doc = Doc(nlp.vocab, words=tokens or ["."])
        return Example.from_dict(doc, {"cats": cats})

    f_examples = [
        example(words(r["text"]), {lab: float(lab in r["gold"]) for lab in LABELS}) for r in records
    ]
    s_examples = [
        example(w, {s: float(s == gold) for s in STATUSES}) for w, gold in status_examples(records)
    ]
    factors.initialize(lambda: f_examples, nlp=nlp, labels=LABELS)
    status.initialize(lambda: s_examples, nlp=nlp, labels=STATUSES)
    optimizer = nlp.create_optimizer()
    for _ in range(epochs):
        for pipe, examples in ((factors, f_examples), (status, s_examples)):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=16):
                pipe.update(batch, drop=DROPOUT, sgd=optimizer)
    return nlp


def combined(setting: dict[str, Any], record: dict, ruled: dict, extra: dict) -> dict:
    """label -> status after the second stage under ``setting``, for one record."""
    found = record["spans"]
    changed, added = decide(setting, found, ruled, extra)
    out = {lab: changed.get(lab, decisive(places)) for lab, places in found.items()}
    out.update({lab: decisive(places) for lab, places in added.items()})
    return out


def score(pairs: list[tuple[dict, dict]]) -> dict[str, float]:
    """Micro F1 of the labels and status accuracy of the matched ones (evaluation.factors)."""
    tp = fp = fn = ok = 0
    for got, want in pairs:
        tp += len(set(got) & set(want))
        fp += len(set(got) - set(want))
        fn += len(set(want) - set(got))
        ok += sum(got[lab] == want[lab] for lab in set(got) & set(want))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "status": ok / tp if tp else 0.0,
        "precision": p,
        "recall": r,
    }


def settings_grid() -> list[dict[str, Any]]:
    out = []
    for add, status, on, alone in itertools.product(
        GRID["add"], GRID["status"], GRID["status_on"], GRID["sentence"]
    ):
        if (status is None and on != "requirement") or (add is None and alone is not None):
            continue  # the same as on "requirement", as without a sentence threshold
        out.append({"add": add, "sentence": alone, "status": status, "status_on": on})
    return out


def cross_validate(records: list[dict], **options: Any) -> dict[str, Any]:
    """Per fold (source) and setting: the figures of rules + model on the held-out fold."""
    folds = sorted({r["source"] for r in records})
    grid = settings_grid()
    table: dict[str, dict[str, dict[str, float]]] = {}
    for fold in folds:
        train_on = [r for r in records if r["source"] != fold]
        test = [r for r in records if r["source"] == fold]
        model = FactorModel(train(train_on, **options), {"status": 0.0})
        floor = min(a for a in GRID["add"] if a is not None)
        preds = [model.predictions(r["text"], r["spans"], floor) for r in test]
        rows = {}
        for setting in grid:
            rows[json.dumps(setting)] = score(
                [(combined(setting, r, *p), r["gold"]) for r, p in zip(test, preds, strict=True)]
            )
        table[fold] = rows
        base = rows[json.dumps(RULES)]
        print(f"fold {fold}: rules {base['f1']:.3f}/{base['status']:.3f}", file=sys.stderr)

    def mean(key: str, among: tuple[str, ...] | list[str] = folds) -> float:
        return sum((table[f][key]["f1"] + table[f][key]["status"]) / 2 for f in among) / len(among)

    blind = [f for f in folds if f in BLIND_FOLDS]
    letters = [f for f in folds if f.startswith("letters")]
    best = choose(table, blind, letters, mean)
    return {
        "folds": folds,
        "blind": blind,
        "best": json.loads(best),
        "table": table,
        "mean": {k: mean(k) for k in table[folds[0]]},
        "blind_mean": {k: mean(k, blind) for k in table[folds[0]]},
        "letters": letters,
        "letters_mean": {k: mean(k, letters) for k in table[folds[0]]},
    }


def choose(table: dict, blind: list[str], letters: list[str], mean: Any) -> str:
    """The setting with the best mean on the ``blind`` folds among those that keep the real
    letters' folds (mean of F1 and status) within :data:`LETTER_TOLERANCE` of the rules alone;
    among those within :data:`TIE` of the best, the most cautious (the highest thresholds: the
    fewest changes to the rules' output)."""
    rules = json.dumps(RULES)
    keys = [
        k for k in table[blind[0]] if mean(k, letters) >= mean(rules, letters) - LETTER_TOLERANCE
    ]
    top = max(mean(k, blind) for k in keys)
    near = [k for k in keys if mean(k, blind) >= top - TIE]

    def caution(key: str) -> tuple:
        s = json.loads(key)
        return (
            2.0 if s["add"] is None else s["add"],
            2.0 if s["sentence"] is None else s["sentence"],
            2.0 if s["status"] is None else s["status"],
            s["status_on"] == "requirement",
        )

    return max(near, key=caution)


def write(
    nlp: spacy.Language, setting: dict[str, Any], records: list[dict], output: Path = OUTPUT
) -> None:
    if output.exists():
        shutil.rmtree(output)
    nlp.meta["name"] = "imr_factors"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = (
        "Rationale factor classifiers (bag of words) of imr_nlp; training/train_factors.py"
    )
    counts: dict[str, int] = {}
    for r in records:
        counts[r["source"]] = counts.get(r["source"], 0) + 1
    nlp.meta["imr_nlp"] = {
        "rationales": counts,  # tune halves of the factor sets; dev, dev2, tune letter gold
        "seed": SEED,
        "epochs": EPOCHS,
        "ngrams": NGRAMS,
        "combine": setting,
    }
    # the classifiers only: no tokenizer (never used) and no vocab (its strings would be the
    # training words, some from real letters; the features are hashes, the labels are in cfg)
    nlp.to_disk(output, exclude=["tokenizer", "vocab"])
    (output / COMBINE_FILE).write_text(json.dumps(setting, indent=1) + "\n", encoding="utf8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate and choose the setting")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the records here (built if absent; outside the repo)",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--cv-json", type=Path, help="--cv: write every fold's figures here")
    args = parser.parse_args(argv)
    records = cached(args.cache) if args.cache else build_records()
    print(f"{len(records)} rationales", file=sys.stderr)
    if args.cv:
        result = cross_validate(records)
        if args.cv_json:
            args.cv_json.write_text(json.dumps(result, indent=1), encoding="utf8")
        best = result["best"]
        key = json.dumps(best)
        base = json.dumps(RULES)
        for fold in result["folds"]:
            b, m = result["table"][fold][base], result["table"][fold][key]
            cells = [b["f1"], b["status"], m["f1"], m["status"]]
            print(f"| {fold} | " + " | ".join(f"{x:.3f}" for x in cells) + " |")
        print(
            f"best {best}: blind folds {result['blind']} {result['blind_mean'][key]:.4f} (rules"
            f" {result['blind_mean'][base]:.4f}); all folds {result['mean'][key]:.4f} (rules"
            f" {result['mean'][base]:.4f}); letters {result['letters_mean'][key]:.4f} (rules"
            f" {result['letters_mean'][base]:.4f})"
        )
        COMBINE.write_text(json.dumps(best, indent=1) + "\n", encoding="utf8")
        return 0
    setting = json.loads(COMBINE.read_text(encoding="utf8"))
    write(train(records), setting, records, args.output)
    print(f"wrote {args.output} with {setting}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
