"""Score imr_nlp against the reference facts of ``../shared/letters2`` (50 real letters), or of
any folder of letters laid out the same way.

Run from the repository root::

    python -m evaluation.facts                      # all 50 letters, with the model
    python -m evaluation.facts --split holdout      # the unseen half (see splits/letters2.json)
    python -m evaluation.facts --no-model --json out.json
    python -m evaluation.facts --letters ../shared/letters3   # a new batch: score it first

A folder of letters holds the letters (PDF or text) and ``facts/<case>.json`` (the fields of
letters2/README.md), each naming its letter file in ``letter``. Its split is
``splits/<folder name>.json`` when there is one, else ``split_of`` of its case numbers, computed
on the spot (half the letters, sorted by sha256, are the holdout).

Scalar fields report accuracy over every compared item (None == None is right), and split the
errors into WRONG (a value that differs from the reference, or a value where the reference has
none) and MISSING (None where the reference has a value): a wrong value is worse than a missing
one. Set fields report micro precision/recall/F1, exact-set accuracy, and WRONG = predicted
items not in the reference, MISSING = reference items not predicted (listed per letter in the
JSON's ``set_errors``: short values only, diagnosis phrases and generic names).

Decisions are aligned to the reference in letter order (pairwise when the counts agree, else by
treatment-text similarity); a reference decision left unaligned counts as MISSING in every
decision field. Diagnoses are compared with the DIAGNOSIS entities that belong to no decision
(``ent._.decision_id is None``) and are not negated or hypothetical, deduplicated by text, since
``CaseInfo`` has no ``diagnoses`` (``doc._.case.diagnoses`` is used instead when present).
No letter text is written to the results: only figures, case numbers and short field values.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPLITS = Path(__file__).resolve().parent / "splits" / "letters2.json"
CORE_SOURCES = {"MTUS", "ODG", "ACOEM", "none"}
HEADER_FIELDS = {  # reference header key -> CaseInfo attribute
    "date_of_injury": "injury_date",
    "decision_date": "decision_date",
    "ur_denial_date": "ur_denial_date",
    "date_assigned": "date_assigned",
    "application_received": "application_received",
}
_STOP = "a an and the of with to in on at for from by or as is was due secondary status post s p"
STOPWORDS = frozenset(_STOP.split())
ALIGN_MIN_RATIO = 0.3


# --- scoring helpers (no letters needed) -------------------------------------------------


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words (punctuation dropped; laterality words kept)."""
    return re.findall(r"[a-z0-9]+", text.lower())


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning (stopwords left out)."""
    return {w for w in words(text) if w not in STOPWORDS}


def diagnosis_matches(predicted: str, reference: str) -> bool:
    """Lenient match: equal ignoring case and punctuation, or one phrase's words contain all
    the content words of the other."""
    pw, rw = words(predicted), words(reference)
    if not pw or not rw:
        return False
    if pw == rw:
        return True
    pc, rc = content_words(predicted), content_words(reference)
    return bool(pc and rc) and (rc <= set(pw) or pc <= set(rw))


def unmatched(
    predicted: Sequence[Any], reference: Sequence[Any], same: Callable[[Any, Any], bool]
) -> tuple[list[Any], list[Any]]:
    """(predicted items left unmatched, reference items left unmatched) of a greedy one-to-one
    matching; exact equals are paired first."""
    free = list(range(len(predicted)))
    pending = []
    for r in reference:
        exact = next((i for i in free if predicted[i] == r), None)
        if exact is None:
            pending.append(r)
        else:
            free.remove(exact)
    missed = []
    for r in pending:
        hit = next((i for i in free if same(predicted[i], r)), None)
        if hit is None:
            missed.append(r)
        else:
            free.remove(hit)
    return [predicted[i] for i in free], missed


def match_counts(
    predicted: Sequence[Any], reference: Sequence[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, int, int]:
    """(tp, fp, fn) of a greedy one-to-one matching; exact equals are paired first."""
    wrong, missed = unmatched(predicted, reference, same)
    return len(predicted) - len(wrong), len(wrong), len(missed)


def prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    """Precision, recall and F1 (None when undefined)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f}


def align(predicted: Sequence[str], reference: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (predicted index, reference index) of decisions: pairwise when the counts agree,
    else the order-preserving pairing with the largest total treatment-text similarity
    (difflib ratio, pairs below ``ALIGN_MIN_RATIO`` not allowed)."""
    if len(predicted) == len(reference):
        return [(i, i) for i in range(len(reference))]
    n, m = len(predicted), len(reference)
    sim = [
        [difflib.SequenceMatcher(None, p.lower(), r.lower()).ratio() for r in reference]
        for p in predicted
    ]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= ALIGN_MIN_RATIO else -1.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= ALIGN_MIN_RATIO and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def source_key(name: str, exact: bool = False) -> str:
    """A guideline source as compared: MTUS, ODG, ACOEM and "none" kept; any other source is
    "OTHER", or (``exact``) its own name, lower-cased."""
    if name in CORE_SOURCES or name.upper() in CORE_SOURCES:
        return name if name == "none" else name.upper()
    return name.lower() if exact else "OTHER"


def split_of(cases: Iterable[str], n_holdout: int = 25) -> dict[str, list[str]]:
    """The fixed split: cases sorted by the sha256 of their case number; the first
    ``n_holdout`` are the holdout, the rest the tune half (both lists sorted)."""
    ranked = sorted(cases, key=lambda c: hashlib.sha256(c.encode()).hexdigest())
    return {"holdout": sorted(ranked[:n_holdout]), "tune": sorted(ranked[n_holdout:])}


# --- tallies -------------------------------------------------------------------------------


class Tally:
    """Counts for every field: scalar (right/wrong/missing) and set (tp/fp/fn/exact)."""

    def __init__(self) -> None:
        self.scalar: dict[str, Counter] = {}
        self.sets: dict[str, Counter] = {}
        self.errors: list[dict[str, Any]] = []
        self.set_errors: list[dict[str, Any]] = []

    def value(self, name: str, pred: Any, ref: Any, case: str, where: str = "") -> None:
        """One scalar comparison (``pred is ...`` MISSING_DECISION: the decision was not found)."""
        c = self.scalar.setdefault(name, Counter())
        c["n"] += 1
        c["ref"] += ref is not None
        if pred is MISSING_DECISION or (empty(pred) and not empty(ref)):
            c["missing"] += 1
        elif pred == ref:
            c["right"] += 1
            return
        else:
            c["wrong"] += 1
        shown = None if pred is MISSING_DECISION else pred
        self.errors.append({"case": case, "field": name, "where": where, "ref": ref, "pred": shown})

    def items(
        self, name: str, pred: Sequence[Any], ref: Sequence[Any], same=None, case: str = ""
    ) -> None:
        """One set comparison (``same``: a lenient item match, else equality); the items left
        unmatched are kept in ``set_errors`` (wrong: predicted, missing: reference)."""
        c = self.sets.setdefault(name, Counter())
        wrong, missing = unmatched(list(pred), list(ref), same or (lambda a, b: a == b))
        tp, fp, fn = len(pred) - len(wrong), len(wrong), len(missing)
        if wrong or missing:
            self.set_errors.append(
                {"case": case, "field": name, "wrong": listed(wrong), "missing": listed(missing)}
            )
        c["n"] += 1
        c["ref"] += len(ref)
        c["pred"] += len(pred)
        c["tp"], c["fp"], c["fn"] = c["tp"] + tp, c["fp"] + fp, c["fn"] + fn
        c["exact"] += fp == 0 and fn == 0

    def merge(self, other: Tally) -> None:
        """Add the counts and errors of ``other`` (several sets scored as one)."""
        for mine, theirs in ((self.scalar, other.scalar), (self.sets, other.sets)):
            for name, counts in theirs.items():
                mine.setdefault(name, Counter()).update(counts)
        self.errors += other.errors
        self.set_errors += other.set_errors

    def figures(self) -> dict[str, dict[str, Any]]:
        """Per field: counts and ratios."""
        out: dict[str, dict[str, Any]] = {}
        for name, c in self.scalar.items():
            out[name] = {
                "kind": "value",
                "items": c["n"],
                "reference_values": c["ref"],
                "accuracy": c["right"] / c["n"] if c["n"] else None,
                "right": c["right"],
                "wrong": c["wrong"],
                "missing": c["missing"],
            }
        for name, c in self.sets.items():
            out[name] = {
                "kind": "set",
                "items": c["n"],
                "reference_values": c["ref"],
                "predicted_values": c["pred"],
                **prf(c["tp"], c["fp"], c["fn"]),
                "exact_set_accuracy": c["exact"] / c["n"] if c["n"] else None,
                "wrong": c["fp"],
                "missing": c["fn"],
            }
        return out


def listed(items: Iterable[Any]) -> list[dict[str, str]]:
    """Set items as kept in the results: each in its own {"item": ...} (the key word between two
    items keeps a list of letter phrases from reading as the letter's text), at most
    ``MAX_ITEM_WORDS`` words (longer ones cut, marked "...")."""
    out = []
    for item in items:
        text = str(item).split()
        cut = len(text) > MAX_ITEM_WORDS
        out.append({"item": " ".join(text[:MAX_ITEM_WORDS]) + (" ..." if cut else "")})
    return out


MAX_ITEM_WORDS = 12  # below the 14-word runs tests/test_no_letter_text.py looks for
MISSING_DECISION = object()  # the predicted value of a reference decision left unaligned


def empty(value: Any) -> bool:
    """No value: None or an empty list."""
    return value is None or value == []


# --- one letter ----------------------------------------------------------------------------


def predicted_diagnoses(doc: Any) -> list[str]:
    """The library's case diagnoses: ``doc._.case.diagnoses`` when it exists and is non-empty,
    else the DIAGNOSIS entities of no decision, not negated or hypothetical, each text once."""
    listed = getattr(doc._.case, "diagnoses", None)
    if listed:
        texts = [d.text for d in listed]
    else:
        texts = [
            e.text
            for e in doc.ents
            if e.label_ == "DIAGNOSIS"
            and e._.decision_id is None
            and not any(getattr(e._, f, False) for f in ("is_negated", "is_hypothetical"))
        ]
    seen, out = set(), []
    for t in texts:
        key = " ".join(words(t))
        if key and key not in seen:
            seen.add(key)
            out.append(collapse(t).lower())
    return out


#: The units of a strength whose amounts are mg numbers ("" = no unit written).
MG_UNITS = frozenset({"mg", "mg/ml", ""})


def strength_mg(strength: Any) -> list[float] | None:
    """The mg numbers of a ``Strength`` (sorted), None for another unit: a percentage or a mcg
    strength gives no mg number (letters2/README.md: "the mg numbers only")."""
    if strength is None or strength.unit.lower() not in MG_UNITS:
        return None
    return sorted(map(float, strength.amounts))


def decision_values(dec: Any) -> dict[str, Any]:
    """A Decision's comparable values."""
    return {
        "treatment": collapse(dec.treatment),
        "outcome": dec.outcome,
        "category": dec.category,
        "drug": dec.drug,
        "strength_mg": strength_mg(dec.strength),
        "quantity": None if dec.quantity is None else float(dec.quantity),
        "refills": dec.refills,
        "claims_administrator_guideline_sources": guideline_sources(
            dec.claims_administrator_guidelines, dec.claims_administrator_cited_nothing
        ),
        "reviewer_guideline_sources": guideline_sources(
            dec.reviewer_guidelines, dec.reviewer_cited_nothing
        ),
    }


def guideline_sources(citations: Sequence[Any], cited_nothing: bool) -> list[str]:
    """The source keys of a guideline part; ["none"] when it says nothing was cited."""
    sources = [c.source for c in citations]
    return ["none"] if cited_nothing and not sources else sources


def score_letter(doc: Any, facts: dict[str, Any], tally: Tally) -> None:
    """Add one letter's comparison to ``tally``."""
    case_id, case = case_key(facts), doc._.case
    tally.value("case_number", case.case_number, facts["case_number"], case_id)
    for key, attr in HEADER_FIELDS.items():
        pred = getattr(case, attr)
        tally.value(attr, pred and pred.isoformat(), header_reference(facts, key), case_id)
    tally.value("patient_age", case.patient_age, facts["patient"]["age"], case_id)
    tally.value("patient_sex", case.patient_sex, facts["patient"]["sex"], case_id)
    for name in ("license_states", "specialties"):
        pred = {collapse(s).lower() for s in getattr(case, f"reviewer_{name}")}
        ref = {collapse(s).lower() for s in facts["reviewer"][name]}
        tally.items(f"reviewer_{name}", sorted(pred), sorted(ref), case=case_id)
    drugs = {g for e in doc.ents if e.label_ == "DRUG" for g in e.kb_id_.split("/") if g}
    ref_drugs = {g for d in facts["drugs_mentioned"] for g in d.lower().split("/")}
    tally.items("drugs_mentioned", sorted(drugs), sorted(ref_drugs), case=case_id)
    ref_dx = [collapse(d).lower() for d in facts["diagnoses"]]
    tally.items("diagnoses", predicted_diagnoses(doc), ref_dx, diagnosis_matches, case=case_id)
    score_decisions([decision_values(d) for d in doc._.decisions], facts, tally)


def header_reference(facts: dict[str, Any], key: str) -> str | None:
    """The reference value of a header field. A layout without the header block (the
    2014-2015 letters: ``case_number`` null) states the injury date only in its summary, so
    there ``case.injury_date`` is compared with ``summary_injury_date``."""
    value = facts["header"][key]
    if key == "date_of_injury" and value is None and facts["case_number"] is None:
        return facts.get("summary_injury_date")
    return value


def case_key(facts: dict[str, Any]) -> str:
    """The id a letter's comparisons are tallied under: its case number, or its ``letter`` name
    for a layout that prints no case number (the 2014-2015 letters; ``case_number`` null)."""
    return facts["case_number"] or facts["letter"]


def score_letters(nlp: Any, items: list[dict[str, Any]], tally: Tally) -> None:
    """Score invented whole letters (challenge items with ``text`` and ``facts``, a letters2
    facts file) like real ones; the tally's case id (``case_key``) must therefore be unique."""
    cases = [case_key(item["facts"]) for item in items]
    if len(set(cases)) != len(cases):
        raise ValueError("a case number (or letter name) is used by two letters")
    for item in items:
        score_letter(nlp(item["text"]), item["facts"], tally)


def score_decisions(found: list[dict[str, Any]], facts: dict[str, Any], tally: Tally) -> None:
    """Decision count, alignment and every decision field."""
    case_id, refs = case_key(facts), facts["decisions"]
    tally.value("decision_count", len(found), len(refs), case_id)
    pairs = dict(
        (j, i) for i, j in align([f["treatment"] for f in found], [r["treatment"] for r in refs])
    )
    c = tally.sets.setdefault("decisions_aligned", Counter())
    c["n"] += 1
    c["ref"], c["pred"] = c["ref"] + len(refs), c["pred"] + len(found)
    c["tp"], c["fp"] = c["tp"] + len(pairs), c["fp"] + len(found) - len(pairs)
    c["fn"] += len(refs) - len(pairs)
    c["exact"] += len(pairs) == len(refs) == len(found)
    for j, ref in enumerate(refs):
        pred = found[pairs[j]] if j in pairs else None
        where = f"decision {j}"

        def get(key: str, pred: dict[str, Any] | None = pred) -> Any:
            return MISSING_DECISION if pred is None else pred[key]

        treatment = get("treatment")
        tally.value("treatment_exact", treatment, collapse(ref["treatment"]), case_id, where)
        lower = treatment if treatment is MISSING_DECISION else treatment.lower()
        tally.value("treatment_nocase", lower, collapse(ref["treatment"]).lower(), case_id, where)
        for key in ("outcome", "category", "drug", "refills"):
            if key in ref:  # a field the reference leaves out is not scored
                tally.value(key, get(key), ref[key], case_id, where)
        if "strength_mg" in ref:
            mg = ref["strength_mg"]
            tally.value(
                "strength_mg", get("strength_mg"), mg and sorted(map(float, mg)), case_id, where
            )
        if "quantity" in ref:
            qty = ref["quantity"]
            tally.value(
                "quantity", get("quantity"), None if qty is None else float(qty), case_id, where
            )
        for key in ("claims_administrator_guideline_sources", "reviewer_guideline_sources"):
            if key not in ref:
                continue
            short = key.replace("_guideline_sources", "").replace("claims_administrator", "ca")
            for exact in (False, True):
                name = f"{short}_sources{'_exact' if exact else ''}"
                pred_set = get(key)
                if pred_set is not MISSING_DECISION:
                    pred_set = sorted({source_key(s, exact) for s in pred_set})
                tally.value(
                    name, pred_set, sorted({source_key(s, exact) for s in ref[key]}), case_id, where
                )


# --- running -------------------------------------------------------------------------------

ORDER = (
    "case_number",
    *HEADER_FIELDS.values(),
    "patient_age",
    "patient_sex",
    "reviewer_license_states",
    "reviewer_specialties",
    "drugs_mentioned",
    "diagnoses",
    "decision_count",
    "decisions_aligned",
    "treatment_exact",
    "treatment_nocase",
    "outcome",
    "category",
    "drug",
    "strength_mg",
    "quantity",
    "refills",
    "ca_sources",
    "ca_sources_exact",
    "reviewer_sources",
    "reviewer_sources_exact",
)


def load_facts(folder: Path, split: str) -> list[dict[str, Any]]:
    """The reference facts of the letters of ``split`` ("all", "tune" or "holdout") in
    ``folder`` (a folder of letters with a ``facts`` folder, e.g. ``../shared/letters2``)."""
    files = sorted((folder / "facts").glob("*.json"))
    facts = [json.loads(f.read_text(encoding="utf8")) for f in files]
    if split != "all":
        keep = set(split_cases(folder.name, [f["case_number"] for f in facts])[split])
        facts = [f for f in facts if f["case_number"] in keep]
    return facts


def split_cases(corpus: str, cases: Sequence[str]) -> dict[str, list[str]]:
    """The corpus's recorded split (``splits/<corpus>.json``), else ``split_of`` its cases (half
    of them, rounded down, are the holdout)."""
    recorded = SPLITS.with_name(f"{corpus}.json")
    if recorded.is_file():
        return json.loads(recorded.read_text(encoding="utf8"))
    return split_of(cases, n_holdout=len(cases) // 2)


def table(figures: dict[str, dict[str, Any]]) -> str:
    """The figures as a Markdown table."""

    def fmt(x: Any) -> str:
        return "" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)

    lines = [
        "| field | items | ref values | accuracy | P | R | F1 | exact set | wrong | missing |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in [n for n in ORDER if n in figures]:
        f = figures[name]
        row = [name, f["items"], f["reference_values"], f.get("accuracy")]
        row += [f.get("precision"), f.get("recall"), f.get("f1"), f.get("exact_set_accuracy")]
        row += [f["wrong"], f["missing"]]
        lines.append("| " + " | ".join(fmt(x) for x in row) + " |")
    return "\n".join(lines)


def evaluate(folder: Path, split: str = "all", model: bool = True) -> dict[str, Any]:
    """Run imr_nlp on the letters of ``split`` in ``folder`` and score them: figures and value
    errors."""
    import imr_nlp
    from imr_nlp.io.readers import read_letter

    nlp = imr_nlp.load(model=model)
    tally = Tally()
    facts = load_facts(folder, split)
    for f in facts:
        path = folder / f["letter"]
        doc = nlp(imr_nlp.read_pdf(path) if path.suffix.lower() == ".pdf" else read_letter(path))
        score_letter(doc, f, tally)
    text_fields = {"treatment_exact", "treatment_nocase"}  # letter text: not kept
    errors = [e for e in tally.errors if e["field"] not in text_fields]
    return {
        "corpus": folder.name,
        "split": split,
        "model": model,
        "letters": len(facts),
        "figures": tally.figures(),
        "errors": errors,
        "set_errors": tally.set_errors,
    }


def write_results(path: Path, result: dict) -> None:
    """Figures as JSON (the machine-readable copy of a printed table)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf8")


def main(argv: list[str] | None = None) -> int:
    """Command line: print the table; optionally write the results as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--letters", type=Path, help="a folder of letters with facts/ (default: SHARED/letters2)"
    )
    parser.add_argument("--split", choices=("all", "tune", "holdout"), default="all")
    parser.add_argument("--json", type=Path, help="write figures and value errors here")
    parser.add_argument("--model", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv)
    folder = args.letters or args.shared / "letters2"
    if not (folder / "facts").is_dir():
        parser.error(f"no facts folder in {folder}")
    result = evaluate(folder, args.split, args.model)
    print(f"{folder.name}, split {args.split}: {result['letters']} letters, model={args.model}")
    print(table(result["figures"]))
    if args.json:
        write_results(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
