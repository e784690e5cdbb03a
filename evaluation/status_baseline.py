"""A learned baseline for the status of rationale factors: would a classifier trained on the
invented rationales find the status better than the rules do on rationales neither has seen?

Run from the repository root: ``python -m evaluation.status_baseline`` (a few minutes).

The examples are the factors of the tune halves of the ``factors`` challenge sets that the
pipeline finds and the gold expects (the status is scored only there, as in
``evaluation.challenge.factors``). Each example's text is the sentence of each of the factor's
spans (the span's words replaced by one marker) and the sentence after it, as word unigrams and
bigrams, with the factor's label and the decision's outcome; a logistic regression learns the
gold status. Its accuracy is taken by five-fold cross-validation grouped by rationale, so each
rationale is scored by a model that never saw it. Printed beside it: the rules' accuracy on the
same tune items (which the rules were tuned on) and on the holdout halves (which they were not):
the classifier is worth shipping only if its cross-validated figure beats the rules' holdout
figure. No rationale text is printed.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from typing import Any

from evaluation.challenge import load_items, split_items
from evaluation.challenge.factors import letter
from evaluation.factors import decision_factors

SETS = ("factors", "factors2", "factors3")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z']+")


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of ``text`` (cut after . ! ? and a space)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    return [*out, (start, len(text))]


def features(text: str, spans: list[tuple[int, int]], label: str, outcome: str) -> str:
    """One example as space-separated tokens (see the module docstring)."""
    bounds = sentences(text)
    tokens = [f"LABEL_{label}", f"OUTCOME_{outcome}"]
    for start, end in spans:
        i = next((k for k, (a, b) in enumerate(bounds) if a <= start <= b), None)
        if i is None:
            continue
        a, b = bounds[i]
        own = f"{text[a:start]} factorspan {text[end:b]}".lower()
        tokens += ["S_" + w for w in _WORD.findall(own)]
        if i + 1 < len(bounds):
            a, b = bounds[i + 1]
            tokens += ["N_" + w for w in _WORD.findall(text[a:b].lower())]
    return " ".join(tokens)


def examples(nlp: Any, split: str) -> list[dict[str, Any]]:
    """The scored factors of the sets' ``split`` halves: features, gold and rule status."""
    out = []
    for name in SETS:
        items = split_items(load_items(name), split)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an invented fragment is no known letter format
            docs = list(nlp.pipe(letter(item) for item in items))
        for item, doc in zip(items, docs, strict=True):
            found = decision_factors(doc).get("0", {})
            spans = [s for s in doc.spans["rationale_factors"] if str(s._.decision_id) == "0"]
            for label, gold in sorted(item["factors"].items()):
                if label not in found:
                    continue
                where = [(s.start_char, s.end_char) for s in spans if s.label_ == label]
                text = features(doc.text, where, label, item["outcome"])
                out.append({"id": item["id"], "text": text, "gold": gold, "rule": found[label]})
    return out


def cross_validated(rows: list[dict[str, Any]], folds: int, c: float, rule: bool = False) -> float:
    """Accuracy of the classifier, each rationale scored by a model trained without it
    (``rule``: the rules' status is one more feature)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    texts = [r["text"] + (f" RULE_{r['rule']}" if rule else "") for r in rows]
    gold = [r["gold"] for r in rows]
    right = 0
    for train, test in GroupKFold(folds).split(texts, gold, [r["id"] for r in rows]):
        vectors = CountVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, binary=True)
        x = vectors.fit_transform([texts[i] for i in train])
        model = LogisticRegression(C=c, max_iter=2000).fit(x, [gold[i] for i in train])
        predicted = model.predict(vectors.transform([texts[i] for i in test]))
        right += sum(p == gold[i] for p, i in zip(predicted, test, strict=True))
    return right / len(rows)


def accuracy(rows: list[dict[str, Any]]) -> float:
    return sum(r["rule"] == r["gold"] for r in rows) / len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument(
        "--with-rule", action="store_true", help="also a classifier given the rules' status"
    )
    args = parser.parse_args(argv)
    import imr_nlp

    nlp = imr_nlp.load()
    tune, holdout = examples(nlp, "tune"), examples(nlp, "holdout")
    print(f"factor status, sets {', '.join(SETS)}")
    print("| what | items | accuracy |")
    print("|---|---:|---:|")
    learned = cross_validated(tune, args.folds, args.c)
    print(f"| classifier, {args.folds}-fold CV on the tune halves | {len(tune)} | {learned:.3f} |")
    if args.with_rule:
        both = cross_validated(tune, args.folds, args.c, rule=True)
        print(f"| classifier given the rules' status, CV | {len(tune)} | {both:.3f} |")
    print(f"| rules on the tune halves (tuned on them) | {len(tune)} | {accuracy(tune):.3f} |")
    print(f"| rules on the holdout halves (unseen) | {len(holdout)} | {accuracy(holdout):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
