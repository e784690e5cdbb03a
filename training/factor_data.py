"""The training data of the factor model (``models/imr_factors``): one record per decision
rationale, built at training time and never written into the repository.

Sources (nothing else is read):

- the **tune** halves of the factor challenge sets (``factors``, ``factors2``, ...;
  :func:`evaluation.challenge.split_items` ``"tune"``): each item's invented letter
  (:func:`evaluation.challenge.factors.letter`) and its gold factors;
- the factor gold of the real letters (``evaluation/gold/factors``, sets ``dev``, ``dev2`` and
  ``tune``; the letters2 ``holdout`` letters are left out, a test): the letters are read from
  ``../shared`` here, at training time.

Each record holds the rationale's text (offsets relative to it), its sentences, the factors the
rules found (``rules``: label -> status, as :func:`evaluation.factors.decision_factors` gives it;
``spans``: label -> [(start, end, status), ...]) and the gold (label -> status). The pipeline is
run with the factor model off (the rules alone), so a record shows what the model is added to.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

from evaluation.challenge import load_items, split_items
from evaluation.challenge.factors import letter
from evaluation.factors import GOLD, SHARED, decision_factors, gold_map
from imr_nlp.entities.factor_model import sentences

FACTOR_SETS = ("factors", "factors2", "factors3", "factors4", "factors5", "factors6")
LETTER_SETS = ("dev", "dev2", "tune")  # the letters2 holdout gold is a test, never trained on


def records_of(doc: Any, source: str, case: str, gold: dict[str, dict[str, str]]) -> list[dict]:
    """One record per rationale of ``doc`` (``source``: the set, ``case``: the item or letter)."""
    from imr_nlp.structure.decisions import PARTS_KEY

    found = decision_factors(doc)
    out = []
    for part in doc.spans.get(PARTS_KEY, ()):
        if part.label_ != "rationale" or part._.decision_id is None:
            continue
        decision = str(part._.decision_id)
        spans: dict[str, list[tuple[int, int, str | None]]] = {}
        for span in doc.spans.get("rationale_factors", ()):
            if str(span._.decision_id) == decision:
                spans.setdefault(span.label_, []).append(
                    (
                        span.start_char - part.start_char,
                        span.end_char - part.start_char,
                        span._.status,
                    )
                )
        text = part.text
        out.append(
            {
                "source": source,
                "case": case,
                "decision": decision,
                "text": text,
                "sentences": sentences(text),
                "rules": found.get(decision, {}),
                "spans": spans,
                "gold": gold.get(decision, {}),
            }
        )
    return out


def build(nlp: Any, shared: Path = SHARED, letters: bool = True) -> list[dict[str, Any]]:
    """Every training record (see the module's docstring)."""
    import imr_nlp

    records: list[dict[str, Any]] = []
    for name in FACTOR_SETS:
        items = split_items(load_items(name), "tune")
        for item, doc in zip(items, nlp.pipe(letter(i) for i in items), strict=True):
            # the item's one decision is decision 0
            records += records_of(doc, name, item["id"], {"0": item["factors"]})[:1]
    if letters:
        for path in sorted(GOLD.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf8"))
            if data.get("set") not in LETTER_SETS:
                continue
            doc = nlp(imr_nlp.read_pdf(str(shared / data["source"])))
            gold = gold_map(data)
            records += records_of(doc, "letters_" + data["set"], data["case"], gold)
    return records


def build_records(letters: bool = True) -> list[dict[str, Any]]:
    """:func:`build` with the library's pipeline, its factor model off (the rules alone)."""
    import imr_nlp

    nlp = imr_nlp.load(config={"components": {"imr_rationale": {"model": False}}})
    return build(nlp, letters=letters)


def cached(path: Path, letters: bool = True) -> list[dict[str, Any]]:
    """:func:`build_records`, kept in ``path`` (outside the repository) between runs."""
    if path.exists():
        return pickle.loads(path.read_bytes())
    records = build_records(letters)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(records))
    return records
