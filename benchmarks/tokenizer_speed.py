"""The cleaning tokenizer's time, measured apart, against a bare spaCy tokenizer.

    .venv/bin/python benchmarks/tokenizer_speed.py [--words 60000] [--repeat 5] [--old]

Prints CPU seconds (of this process: the machine is shared) and the multiple of a bare
``spacy.blank("en")`` tokenizer on the same raw texts, in the same run:

1. On the seeds and dev letters repeated to about ``--words`` words (the texts of
   ``benchmarks/speed.py``), best of ``--repeat`` rounds, the rows timed in turn within each
   round:
   - cleaning alone (:func:`imr_nlp.text.clean.clean_text`);
   - tokenizing alone: the pipeline's tokenizer (the default English one with the glue
     infixes, without the unit special cases) on the already cleaned texts, its cache filled
     only as spaCy fills it;
   - the bare tokenizer on the cleaned texts (what our tokenizer's own rules cost or save);
   - ``nlp.make_doc``: cleaning, the warming of the tokenizer cache
     (:class:`imr_nlp.text.clean.CleaningTokenizer`), tokenizing and the offsets map.
2. First sight: every distinct text (seeds, dev letters, letters2) once, in one pass, with a
   new pipeline and a new bare tokenizer (no cache filled by earlier rounds).

``--old`` adds the first implementation of ``clean_text`` (the tests' oracle).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from speed import repeat_to, texts_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--old", action="store_true", help="also time the first clean_text")
    args = parser.parse_args()

    import spacy

    import imr_nlp
    from imr_nlp.text.clean import clean_text

    base = texts_of(args.shared)
    texts = repeat_to(base, args.words)
    words = sum(len(t.split()) for t in texts)
    nlp = imr_nlp.load(model=False)
    ours = imr_nlp.load(model=False).tokenizer.tokenizer  # behind the cleaning, never warmed
    bare = spacy.blank("en").tokenizer
    cleaned = [clean_text(t).text for t in texts]
    rows = {
        "bare tokenizer (raw texts)": (bare, texts),
        "cleaning alone (clean_text)": (clean_text, texts),
        "tokenizing alone (cleaned texts)": (ours, cleaned),
        "bare tokenizer (cleaned texts)": (bare, cleaned),
        "make_doc (cleaning + tokenizing)": (nlp.make_doc, texts),
    }
    if args.old:
        from tests.clean_oracle import clean_text as first_clean_text

        rows["first clean_text (oracle)"] = (first_clean_text, texts)
    for function, inputs in rows.values():  # warm the tokenizers' caches
        for text in inputs[:5]:
            function(text)
    best = dict.fromkeys(rows, float("inf"))
    for _ in range(args.repeat):
        for name, (function, inputs) in rows.items():
            start = time.process_time()
            for text in inputs:
                function(text)
            best[name] = min(best[name], time.process_time() - start)
    unit = best["bare tokenizer (raw texts)"]
    print(f"{len(texts)} texts, {words:,} words; best of {args.repeat} rounds\n")
    print("| step | CPU seconds | x bare tokenizer |\n|---|---:|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.3f} | {seconds / unit:.2f} |")

    from imr_nlp.io.pdf import extract_text

    distinct = base + [extract_text(p) for p in sorted((args.shared / "letters2").glob("*.pdf"))]
    words = sum(len(t.split()) for t in distinct)
    first = {}
    for name, function in (
        ("bare tokenizer (raw texts)", spacy.blank("en").tokenizer),
        ("make_doc (cleaning + tokenizing)", imr_nlp.load(model=False).make_doc),
    ):
        start = time.process_time()
        for text in distinct:
            function(text)
        first[name] = time.process_time() - start
    unit = first["bare tokenizer (raw texts)"]
    print(f"\nFirst sight: {len(distinct)} distinct texts, {words:,} words, once\n")
    print("| step | CPU seconds | x bare tokenizer |\n|---|---:|---:|")
    for name, seconds in first.items():
        print(f"| {name} | {seconds:.3f} | {seconds / unit:.2f} |")


if __name__ == "__main__":
    main()
