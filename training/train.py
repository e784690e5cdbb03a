"""Train the NER model shipped in ``models/imr_ner``: ``python -m training.train``.

Data, built at training time and never written into the repository:

- the real letters of ``../shared`` (seeds and dev PDFs) except the held-out test letters
  (:data:`HELD_OUT`, never trained on, and the dev letters (:data:`DEV`) that pick the best
  model): gold spans (``evaluation/gold/entities``) where a letter has them, else silver spans from
  the rules (``imr_nlp.load(model=False)``);
- invented letters from :mod:`training.synthetic`, so that the model learns the contexts of drugs
  and diagnoses, not the lexicon.

Letters are cut into windows of about :data:`WINDOW` tokens. The recipe is ``training/config.cfg``
(CPU, tok2vec + ner); the same seed gives the same model. The readers are registered here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import filter_spans, load_config, registry

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "training" / "config.cfg"
OUTPUT = ROOT / "models" / "imr_ner"
WINDOW = 300
MAX_MODEL_MB = 25
#: The letter splits and the unseen-lexicon names, as data (training/splits.json).
SPLITS = json.loads((ROOT / "training" / "splits.json").read_text(encoding="utf8"))
HELD_OUT: tuple[str, ...] = tuple(SPLITS["held_out"])  # the model's test letters
DEV: tuple[str, ...] = tuple(SPLITS["dev"])  # choose the best checkpoint
UNSEEN_DRUGS: tuple[str, ...] = tuple(SPLITS["unseen_drugs"])
UNSEEN_DIAGNOSES: tuple[str, ...] = tuple(SPLITS["unseen_diagnoses"])

Spans = list[tuple[int, int, str]]


def letter_ids(shared: Path) -> list[str]:
    seeds = sorted(p.stem for p in (shared / "seeds").glob("*.txt"))
    return seeds + sorted(p.stem for p in (shared / "letters").glob("*.pdf"))


def read_letter(shared: Path, letter_id: str) -> str:
    from evaluation.evaluate import read_source

    seed = shared / "seeds" / f"{letter_id}.txt"
    return read_source(
        shared, f"seeds/{letter_id}.txt" if seed.exists() else f"letters/{letter_id}.pdf"
    )


def to_clean(doc: Doc, spans: Spans) -> Spans:
    """Raw-text spans -> spans of ``doc.text`` (the cleaned text)."""
    from imr_nlp.text.clean import OFFSETS_KEY, map_offsets

    stored = doc.user_data.get(OFFSETS_KEY)
    if stored is None:
        return spans
    clean_pos, orig_pos, _ = stored
    out = []
    for start, end, label in spans:
        s, e = map_offsets((orig_pos, clean_pos), start, end, len(doc.text))
        out.append((s, e, label))
    return out


@lru_cache(maxsize=4)
def letter_spans(shared: str, gold: str, split: str, limit: int) -> tuple[tuple[str, Spans], ...]:
    """(raw text, spans in raw offsets) of the letters of a split: gold where there is gold,
    else the rules' entities."""
    import imr_nlp
    from imr_nlp.text.clean import original_offsets

    ids = letter_ids(Path(shared))
    if split == "train":
        ids = [i for i in ids if i not in HELD_OUT and i not in DEV]
    elif split == "dev":
        ids = [i for i in ids if i in DEV]
    elif split == "test":
        ids = [i for i in ids if i in HELD_OUT]
    else:
        raise ValueError(f"unknown split {split!r}")
    if limit:
        ids = ids[:limit]
    rules = imr_nlp.load(model=False)
    out = []
    for letter_id in ids:
        raw = read_letter(Path(shared), letter_id)
        gold_file = Path(gold) / f"{letter_id}.json"
        if gold_file.exists():
            entities = json.loads(gold_file.read_text("utf8"))["entities"]
            spans = [(e["start"], e["end"], e["label"]) for e in entities]
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                doc = rules(raw)
            spans = [(*original_offsets(doc, e.start_char, e.end_char), e.label_) for e in doc.ents]
        out.append((raw, spans))
    return tuple(out)


def examples(nlp: Language, samples: Any, window: int = WINDOW) -> Iterator[Example]:
    """Examples from (raw text, raw spans), cut into windows of about ``window`` tokens."""
    for raw, spans in samples:
        doc = nlp.make_doc(raw)
        ents = [
            doc.char_span(s, e, label=label, alignment_mode="expand")
            for s, e, label in to_clean(doc, spans)
        ]
        doc.ents = filter_spans([e for e in ents if e is not None and len(e)])
        for start in range(0, len(doc), window):
            end = min(len(doc), start + window)
            while end < len(doc) and doc[end - 1].text != "." and end < start + window + 50:
                end += 1  # end the window at a sentence end when one is near
            chunk = doc[start:end].as_doc()
            predicted = nlp.make_doc(chunk.text)
            if len(predicted) != len(chunk):
                continue  # cleaning the chunk again changed it: skip rather than misalign
            yield Example(predicted, chunk)


@registry.readers("imr_nlp.TrainingCorpus.v1")
def create_corpus(
    split: str, shared: str, gold: str, synthetic: int = 0, limit: int = 0, seed: int = 0
) -> Callable[[Language], Iterator[Example]]:
    """Examples of a split: letters (see :func:`letter_spans`) and ``synthetic`` invented ones."""

    def read(nlp: Language) -> Iterator[Example]:
        from training.synthetic import generate

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield from examples(nlp, letter_spans(shared, gold, split, limit))
            yield from examples(
                nlp, generate(synthetic, seed, exclude=UNSEEN_DRUGS + UNSEEN_DIAGNOSES)
            )

    return read


def model_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def train(
    output: Path = OUTPUT,
    *,
    shared: Path = ROOT.parent / "shared",
    synthetic: int | None = None,
    max_steps: int | None = None,
    limit: int = 0,
    seed: int = 0,
) -> Path:
    """Train from scratch and write the model to ``output`` (replaced)."""
    from spacy.cli.train import train as spacy_train

    overrides: dict[str, Any] = {
        "paths.shared": str(shared),
        "paths.gold": str(ROOT / "evaluation" / "gold" / "entities"),
        "system.seed": seed,
        "corpora.train.limit": limit,
        "corpora.dev.limit": limit,
    }
    if synthetic is not None:
        overrides["corpora.train.synthetic"] = synthetic
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(1, min(200, max_steps))
    with tempfile.TemporaryDirectory() as tmp:
        spacy_train(CONFIG, Path(tmp), overrides=overrides, use_gpu=-1)
        best = Path(tmp) / "model-best"
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(best, output)
    config = load_config(CONFIG, interpolate=False)
    recipe = {
        "synthetic": config["corpora"]["train"]["synthetic"],
        "max_steps": config["training"]["max_steps"],
    }
    meta_path = output / "meta.json"
    meta = json.loads(meta_path.read_text("utf8"))
    meta.update(
        name="imr_ner",
        description=(
            "NER for California IMR determination letters (imr_nlp). Trained on the letters in "
            "../shared except the held-out test letters and the dev letters (gold spans where "
            "annotated, else the rules' spans) and on invented letters (training.synthetic)."
        ),
        sources=[
            {"name": "IMR letters (DWC, redacted), read at training time", "url": ""},
            {"name": "training.synthetic invented letters", "url": ""},
        ],
        imr_nlp={
            "held_out": list(HELD_OUT),
            "dev": list(DEV),
            "synthetic": overrides.get("corpora.train.synthetic", recipe["synthetic"]),
            "seed": seed,
            "max_steps": max_steps or recipe["max_steps"],
            "limit": limit,
            "unseen_names_left_out": list(UNSEEN_DRUGS + UNSEEN_DIAGNOSES),
        },
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", "utf8")
    size = model_size_mb(output)
    if size > MAX_MODEL_MB:
        raise SystemExit(f"model is {size:.1f} MB, over the {MAX_MODEL_MB} MB budget")
    print(f"model written to {output} ({size:.1f} MB)")
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--synthetic", type=int, help="invented letters (default: config)")
    parser.add_argument("--max-steps", type=int, help="training steps (default: config)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N letters")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    train(
        args.output,
        shared=args.shared,
        synthetic=args.synthetic,
        max_steps=args.max_steps,
        limit=args.limit,
        seed=args.seed,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
