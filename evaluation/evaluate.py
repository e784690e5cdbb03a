"""Accuracy of imr_nlp against the gold annotations in ``evaluation/gold/``.

Run from the repository root (the real letters are read from ``../shared``)::

    python -m evaluation.evaluate            # prints the figures table
    python -m evaluation.evaluate --json     # the same figures as JSON

Gold files hold, per letter, the case facts and every decision (treatment text, outcome);
treatments of 12 words or more are stored as a hash, never as letter text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

CASE_FIELDS = (
    "case_number",
    "date_assigned",
    "injury_date",
    "decision_date",
    "ur_denial_date",
    "application_received",
    "patient_age",
    "patient_sex",
    "reviewer_specialties",
    "reviewer_license_states",
    "letter_format",
)
_HYPHEN_SPACE = re.compile(r"-\s+")


def normalise(text: str) -> str:
    """Whitespace collapsed; no space after a hyphen (line-break hyphenation)."""
    return _HYPHEN_SPACE.sub("-", " ".join(text.split()))


def text_matches(found: str | None, gold: Any) -> bool:
    """Compare found text with a gold text, or with a gold hash {"head", "words", "sha1"}."""
    if gold is None or found is None:
        return gold is None and found is None
    if isinstance(gold, str):
        return normalise(found) == normalise(gold)
    collapsed = " ".join(found.split())
    candidates = {collapsed, normalise(found)}
    return any(hashlib.sha1(c.encode()).hexdigest() == gold["sha1"] for c in candidates)


def load_gold(gold_dir: str | Path) -> list[dict[str, Any]]:
    """The gold letters, sorted by id."""
    files = sorted(Path(gold_dir).glob("*.json"))
    return [json.loads(f.read_text(encoding="utf8")) for f in files]


def read_source(shared: str | Path, source: str) -> str:
    """Text of a gold letter's source file in ``../shared`` (PDF or text)."""
    path = Path(shared) / source
    if path.suffix.lower() == ".pdf":
        from imr_nlp.io.pdf import extract_text

        return extract_text(path)
    return path.read_text(encoding="utf8")


@dataclass
class Scores:
    """Counts behind the figures."""

    letters: int = 0
    letters_all_decisions_right: int = 0
    gold_decisions: int = 0
    found_decisions: int = 0
    treatment_right: int = 0
    outcome_right: int = 0
    partial_right: int = 0
    field_right: dict[str, int] = field(default_factory=dict)
    field_total: dict[str, int] = field(default_factory=dict)
    decision_field_right: dict[str, int] = field(default_factory=dict)
    decision_field_total: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0

        right, total = sum(self.field_right.values()), sum(self.field_total.values())
        out = {
            "letters": self.letters,
            "decisions (gold)": self.gold_decisions,
            "decisions (found)": self.found_decisions,
            "letters with every decision right": ratio(
                self.letters_all_decisions_right, self.letters
            ),
            "treatment accuracy": ratio(self.treatment_right, self.gold_decisions),
            "outcome accuracy": ratio(self.outcome_right, self.gold_decisions),
            "partial-authorisation accuracy": ratio(self.partial_right, self.gold_decisions),
            "case facts accuracy (all fields)": ratio(right, total),
        }
        for name in CASE_FIELDS:
            out[f"case.{name}"] = ratio(
                self.field_right.get(name, 0), self.field_total.get(name, 0)
            )
        if self.decision_field_total:
            n = max(self.decision_field_total.values())
            out["decisions with field gold"] = n
        for name in DECISION_FIELDS:
            if name in self.decision_field_total:
                out[f"decision.{name}"] = ratio(
                    self.decision_field_right.get(name, 0), self.decision_field_total[name]
                )
        return out


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


DECISION_FIELDS = (
    "category",
    "drug",
    "strength",
    "quantity",
    "refills",
    "frequency",
    "claims_administrator_sources",
    "reviewer_sources",
)


def decision_field_matches(name: str, decision: Any, gold: dict[str, Any]) -> bool:
    """Whether one field of a Decision agrees with the decision-field gold (GUIDE.md)."""
    if name == "strength":
        value, expected = decision.strength, gold["strength"]
        if value is None or expected is None:
            return value is None and expected is None
        same = [float(a) for a in value.amounts] == [float(a) for a in expected["amounts"]]
        return same and value.unit == expected["unit"]
    if name == "frequency":
        per_day = None if decision.frequency is None else decision.frequency.per_day
        return (per_day, decision.frequency_source) == (
            gold["frequency_per_day"],
            gold["frequency_source"],
        )
    if name.endswith("_sources"):
        party = name.removesuffix("_sources")
        return [g.source for g in getattr(decision, f"{party}_guidelines")] == gold[name]
    return getattr(decision, name) == gold[name]


def score_fields(
    found: list[Any], expected: list[dict[str, Any]], letter: str, scores: Scores
) -> None:
    """Decision fields against the gold "fields" of each decision (decisions in letter order)."""
    for i, exp in enumerate(expected):
        if "fields" not in exp or i >= len(found):
            continue
        for name in DECISION_FIELDS:
            ok = decision_field_matches(name, found[i], exp["fields"])
            scores.decision_field_total[name] = scores.decision_field_total.get(name, 0) + 1
            scores.decision_field_right[name] = scores.decision_field_right.get(name, 0) + ok
            if not ok:
                scores.field_errors.append(f"{letter} decision {i} field {name}")


def score_letter(doc: Doc, gold: dict[str, Any], scores: Scores) -> None:
    """Add one letter's comparison to ``scores``."""
    scores.letters += 1
    found = doc._.decisions or []
    expected = gold["decisions"]
    scores.gold_decisions += len(expected)
    scores.found_decisions += len(found)
    all_right = len(found) == len(expected)
    for i, exp in enumerate(expected):
        dec = found[i] if i < len(found) else None
        t_ok = dec is not None and text_matches(dec.treatment, exp["treatment"])
        o_ok = dec is not None and dec.outcome == exp["outcome"]
        p_ok = (
            dec is not None
            and dec.partial == exp.get("partial", False)
            and text_matches(dec.original_request, exp.get("original_request"))
        )
        scores.treatment_right += t_ok
        scores.outcome_right += o_ok
        scores.partial_right += p_ok
        if not (t_ok and o_ok and p_ok):
            all_right = False
            scores.errors.append(
                f"{gold['id']} decision {i}: treatment={t_ok} outcome={o_ok} partial={p_ok}"
            )
    scores.letters_all_decisions_right += all_right
    score_fields(found, expected, gold["id"], scores)
    case = doc._.case.to_dict()
    expected_case = dict(gold["case"], letter_format=gold["letter_format"])
    for name in CASE_FIELDS:
        if name not in expected_case:
            continue
        ok = _plain(case.get(name)) == expected_case[name]
        scores.field_total[name] = scores.field_total.get(name, 0) + 1
        scores.field_right[name] = scores.field_right.get(name, 0) + ok
        if not ok:
            scores.errors.append(f"{gold['id']} case.{name}")


def evaluate(
    nlp: Language, gold: Iterable[dict[str, Any]], shared: str | Path
) -> tuple[Scores, dict[str, Doc]]:
    """Process every gold letter and compare; returns the scores and the Docs by id."""
    scores = Scores()
    docs: dict[str, Doc] = {}
    gold = list(gold)
    texts = [read_source(shared, g["source"]) for g in gold]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g, doc in zip(gold, nlp.pipe(texts), strict=True):
            docs[g["id"]] = doc
            score_letter(doc, g, scores)
    return scores, docs


# -- entities ------------------------------------------------------------------------------


def icd10_key(code: str) -> str:
    """An ICD-10-CM code without its 7th character and placeholder X's ("S16.1XXA" -> "S16.1")."""
    code = code.upper().strip()
    if len(code.replace(".", "")) == 7 and code[-1] in "ADS":
        code = code[:-1]
    return code.rstrip("X")


def value_matches(label: str, gold: Any, ent: Any) -> bool:
    """Whether an entity's value agrees with a gold value (shapes in evaluation/gold/GUIDE.md)."""
    value = ent._.value
    if label == "DRUG":
        return ent.kb_id_ == (gold or {}).get("generic", "")
    if label == "STRENGTH":
        return value is not None and (
            [float(a) for a in value.amounts] == [float(a) for a in gold["amounts"]]
            and value.unit == gold["unit"]
        )
    if label in ("QUANTITY", "REFILLS"):
        return value == gold
    if label == "FREQUENCY":
        return value is not None and value.per_day == (gold or {}).get("per_day")
    if label in ("DATE", "INJURY_DATE"):
        return _plain(value) == gold
    if label == "DIAGNOSIS":
        return icd10_key(ent.kb_id_) == icd10_key((gold or {}).get("icd10", ""))
    if label == "GUIDELINE":
        return ent.kb_id_ == (gold or {}).get("source")
    return False


@dataclass
class EntityScores:
    """Per-label counts: strict (same offsets) and overlap matches, values of strict matches."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)

    def link_figures(self) -> dict[str, float]:
        """Linking accuracy over the gold entities found with their exact offsets."""
        total = self.links.get("total", 0)
        if not total:
            return {}
        return {
            "entities with link gold (found)": total,
            "link accuracy (decision)": self.links.get("decision", 0) / total,
            "link accuracy (decision and role)": self.links.get("both", 0) / total,
        }

    def add(self, label: str, key: str, n: int = 1) -> None:
        row = self.counts.setdefault(label, {})
        row[key] = row.get(key, 0) + n

    def table(self) -> list[dict[str, Any]]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        rows = []
        for label in sorted(self.counts):
            c = self.counts[label]
            gold, pred = c.get("gold", 0), c.get("pred", 0)
            sp, sr = ratio(c.get("strict", 0), pred), ratio(c.get("strict", 0), gold)
            op, orr = ratio(c.get("overlap_pred", 0), pred), ratio(c.get("overlap_gold", 0), gold)
            sf, of = f1(sp, sr), f1(op, orr)
            values = ratio(c.get("value_right", 0), c.get("strict", 0))
            rows.append(
                {
                    "label": label,
                    "gold": gold,
                    "predicted": pred,
                    "strict P": sp,
                    "strict R": sr,
                    "strict F1": sf,
                    "overlap P": op,
                    "overlap R": orr,
                    "overlap F1": of,
                    "value accuracy": values,
                }
            )
        return rows


def score_entities(doc: Doc, gold: dict[str, Any], scores: EntityScores) -> None:
    """Compare a Doc's entities (mapped back to the raw text) with span-level gold."""
    from imr_nlp.text.clean import original_offsets

    predicted = [(*original_offsets(doc, e.start_char, e.end_char), e.label_, e) for e in doc.ents]
    expected = [(g["start"], g["end"], g["label"], g) for g in gold["entities"]]
    by_span = {(s, e, lab): ent for s, e, lab, ent in predicted}
    for _, _, label, _ in expected:
        scores.add(label, "gold")
    for _, _, label, _ in predicted:
        scores.add(label, "pred")
    where, gold_spans = gold.get("id", "?"), {(s, e, lab) for s, e, lab, _ in expected}
    for start, end, label, g in expected:
        ent = by_span.get((start, end, label))
        if ent is not None and "decision" in g:
            decision_ok = ent._.decision_id == g["decision"] and sorted(
                ent._.link_candidates or []
            ) == sorted(g.get("candidates", []))
            both = decision_ok and ent._.link_role == g["role"]
            for key, ok in (("total", True), ("decision", decision_ok), ("both", both)):
                scores.links[key] = scores.links.get(key, 0) + ok
            if not both:
                scores.errors.append(
                    f"{where} link {start}-{end} {label}: gold {g['decision']}/{g['role']}, "
                    f"found {ent._.decision_id}/{ent._.link_role}"
                )
        if ent is not None:
            scores.add(label, "strict")
            right = value_matches(label, g.get("value"), ent)
            scores.add(label, "value_right", right)
            if not right:
                scores.errors.append(f"{where} {label} value {start}-{end}: gold {g.get('value')}")
        else:
            scores.errors.append(f"{where} {label} missed {start}-{end} {g.get('text', '')!r}")
    for start, end, label, ent in predicted:
        if (start, end, label) not in gold_spans:
            scores.errors.append(f"{where} {label} spurious {start}-{end} {ent.text!r}")
    # overlap R: gold spans overlapped by at least one predicted span of their label, over the
    # gold spans; overlap P: predicted spans overlapping at least one gold span of their label,
    # over the predicted ones. Each side counts its own spans once, so neither can exceed 1.
    for start, end, label, _ in expected:
        if any(lab == label and s < end and start < e for s, e, lab, _ in predicted):
            scores.add(label, "overlap_gold")
    for start, end, label, _ in predicted:
        if any(lab == label and s < end and start < e for s, e, lab, _ in expected):
            scores.add(label, "overlap_pred")


def evaluate_entities(
    nlp: Language, gold: Iterable[dict[str, Any]], shared: str | Path
) -> EntityScores:
    """Entity scores over the gold letters of evaluation/gold/entities."""
    scores = EntityScores()
    gold = list(gold)
    texts = [read_source(shared, g["source"]) for g in gold]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g, doc in zip(gold, nlp.pipe(texts), strict=True):
            score_entities(doc, g, scores)
    return scores


def format_rows(rows: list[dict[str, Any]]) -> str:
    """Rows of equal keys as a Markdown table."""
    if not rows:
        return "(no rows)"
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for row in rows:
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_table(figures: dict[str, float]) -> str:
    """The figures as a Markdown table."""
    lines = ["| measure | value |", "|---|---|"]
    for name, value in figures.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        lines.append(f"| {name} | {shown} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    root = Path.cwd()
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--gold", default=root / "evaluation" / "gold" / "letters", type=Path)
    parser.add_argument(
        "--entity-gold", default=root / "evaluation" / "gold" / "entities", type=Path
    )
    parser.add_argument("--shared", default=root.parent / "shared", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list every mismatch (ids, fields)")
    args = parser.parse_args(argv)
    import imr_nlp

    gold = load_gold(args.gold)
    if not gold:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    nlp = imr_nlp.load()
    scores, _ = evaluate(nlp, gold, args.shared)
    figures = scores.figures()
    entity_gold = load_gold(args.entity_gold) if args.entity_gold.is_dir() else []
    entity_scores = evaluate_entities(nlp, entity_gold, args.shared)
    rows, entity_errors = entity_scores.table(), entity_scores.errors
    links = entity_scores.link_figures()
    if args.json:
        print(json.dumps({"letters": figures, "entities": rows, "links": links}, indent=2))
    else:
        print(format_table(figures))
        if rows:
            print(f"\nEntities ({len(entity_gold)} letters with span-level gold)\n")
            print(format_rows(rows))
        if links:
            print("\nLinks (entities of the span-level gold found with their offsets)\n")
            print(format_table(links))
    if args.errors:
        print("\n".join(scores.errors) or "no letter mismatches")
        print("\n".join(scores.field_errors) or "no decision-field mismatches")
        if entity_errors:
            print("\n".join(sorted(entity_errors)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
