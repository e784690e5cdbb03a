"""Tables of processed letters: ``imr_nlp.to_dataframe(docs, level=...)`` and JSON lines.

One function builds the rows (:func:`letter_rows`); the DataFrames, the JSON lines and the CLI's
files all come from it, so the three levels always agree. Every table has the column
``letter_id`` (the id given with the Doc, else the case number, else ``doc<N>``), so they join::

    docs = nlp.pipe(((text, path.stem) for path, text in letters), as_tuples=True)
    decisions = imr_nlp.to_dataframe(docs, level="decisions")

Columns and dtypes are listed in :data:`COLUMNS` (and the README); dates are ``datetime64[ns]``,
small fixed vocabularies ``category``, counts nullable ``Int64``, measures ``Float64``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..values import LABELS

LEVELS = ("decisions", "entities", "letters")
CONTEXT_FLAGS = ("is_negated", "is_historical", "is_hypothetical")

#: level -> column -> pandas dtype. The order is the column order of the tables.
COLUMNS: dict[str, dict[str, str]] = {
    "decisions": {
        "letter_id": "string",
        "decision_id": "Int64",
        "treatment": "string",
        "outcome": "category",
        "medically_necessary": "boolean",
        "category": "category",
        "drug": "string",
        "drug_class": "string",
        "is_opioid": "boolean",
        "strength": "string",
        "strength_unit": "string",
        "quantity": "Float64",
        "refills": "Int64",
        "frequency": "string",
        "frequency_per_day": "Float64",
        "frequency_source": "category",
        "daily_mme": "Float64",
        "mme_factors": "category",
        "claims_administrator_sources": "string",
        "reviewer_sources": "string",
        "claims_administrator_cited_nothing": "boolean",
        "reviewer_cited_nothing": "boolean",
        "partial": "boolean",
        "original_request": "string",
        "start_char": "Int64",
        "end_char": "Int64",
    },
    "entities": {
        "letter_id": "string",
        "label": "category",
        "text": "string",
        "start_char": "Int64",
        "end_char": "Int64",
        "kb_id": "string",
        "value": "string",
        "rule_id": "string",
        "source": "category",
        "decision_id": "Int64",
        "link_role": "category",
        "is_negated": "boolean",
        "is_historical": "boolean",
        "is_hypothetical": "boolean",
    },
    "letters": {
        "letter_id": "string",
        "case_number": "string",
        "letter_format": "category",
        "injury_date": "datetime64[ns]",
        "decision_date": "datetime64[ns]",
        "ur_denial_date": "datetime64[ns]",
        "date_assigned": "datetime64[ns]",
        "application_received": "datetime64[ns]",
        "priority": "string",
        "patient_age": "Int64",
        "patient_sex": "category",
        "reviewer_specialties": "string",
        "reviewer_license_states": "string",
        "decisions": "Int64",
        "upheld": "Int64",
        "overturned": "Int64",
        "total_daily_mme": "Float64",
        "warnings": "string",
    },
}


#: The fixed vocabularies of the ``category`` columns that no rule defines; those the rules
#: define (request categories, letter formats, MME factor sets) are read from the loaded rules by
#: :func:`vocabulary`, so that tables of different batches have the same dtypes and concatenate
#: cleanly.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "outcome": ("upheld", "overturned"),
    "frequency_source": ("request", "summary"),
    "label": LABELS,
    "source": ("rule", "model"),
    "link_role": ("request", "guideline", "rationale", "summary", "ur_history"),
    "patient_sex": ("male", "female"),
}


def vocabulary(column: str) -> tuple[str, ...]:
    """The categories of a ``category`` column: fixed, or derived from the shipped rules
    (categories.jsonl and "other"; formats.jsonl and "unknown"; mme.jsonl)."""
    from ..linking.records import OTHER
    from ..rules import factor_set_names, letter_formats, request_categories
    from ..structure.sections import UNKNOWN

    if column == "category":
        return tuple(dict.fromkeys([*request_categories(), OTHER]))
    if column == "letter_format":
        return (*letter_formats(), UNKNOWN)
    if column == "mme_factors":
        return factor_set_names()
    return CATEGORIES[column]


def _strength(value: Any) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    return "/".join(f"{a:g}" for a in value.amounts), value.unit or None


def _value(value: Any) -> str | None:
    """An entity value as JSON text (one string column for every label)."""
    if value is None:
        return None
    plain = value.to_dict() if hasattr(value, "to_dict") else value
    return json.dumps(plain, default=str, sort_keys=True)


def letter_rows(doc: Doc, letter_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of one letter for every level (plain Python values)."""
    decisions = []
    for d in doc._.decisions:
        strength, unit = _strength(d.strength)
        decisions.append(
            {
                "letter_id": letter_id,
                "decision_id": d.id,
                "treatment": d.treatment,
                "outcome": d.outcome,
                "medically_necessary": d.medically_necessary,
                "category": d.category,
                "drug": d.drug,
                "drug_class": d.drug_class,
                "is_opioid": d.is_opioid,
                "strength": strength,
                "strength_unit": unit,
                "quantity": d.quantity,
                "refills": d.refills,
                "frequency": None if d.frequency is None else d.frequency.text,
                "frequency_per_day": None if d.frequency is None else d.frequency.per_day,
                "frequency_source": d.frequency_source,
                "daily_mme": d.daily_mme,
                "mme_factors": d.mme_factors,
                "claims_administrator_sources": ";".join(
                    g.source for g in d.claims_administrator_guidelines
                ),
                "reviewer_sources": ";".join(g.source for g in d.reviewer_guidelines),
                "claims_administrator_cited_nothing": d.claims_administrator_cited_nothing,
                "reviewer_cited_nothing": d.reviewer_cited_nothing,
                "partial": d.partial,
                "original_request": d.original_request,
                "start_char": d.start_char,
                "end_char": d.end_char,
            }
        )
    entities = []
    for e in doc.ents:
        row = {
            "letter_id": letter_id,
            "label": e.label_,
            "text": e.text,
            "start_char": e.start_char,
            "end_char": e.end_char,
            "kb_id": e.kb_id_ or None,
            "value": _value(e._.value),
            "rule_id": e.id_ or None,
            "source": e._.source,
            "decision_id": e._.decision_id,
            "link_role": e._.link_role,
        }
        for flag in CONTEXT_FLAGS:
            row[flag] = bool(getattr(e._, flag, False)) if e.has_extension(flag) else None
        entities.append(row)
    case = doc._.case
    outcomes = [d.outcome for d in doc._.decisions]
    letter = {
        "letter_id": letter_id,
        "decisions": len(outcomes),
        "upheld": outcomes.count("upheld"),
        "overturned": outcomes.count("overturned"),
        "total_daily_mme": doc._.total_daily_mme,
        "warnings": ";".join(doc._.warnings),
    }
    if case is not None:
        facts = case.to_dict()
        for name in COLUMNS["letters"]:
            if name in facts:
                value = facts[name]
                letter[name] = ";".join(value) if isinstance(value, list) else value
    return {"decisions": decisions, "entities": entities, "letters": [letter]}


def _pairs(docs: Iterable[Any]) -> Iterable[tuple[Doc, str]]:
    """(doc, letter id) from Docs or (doc, id) tuples (``nlp.pipe(..., as_tuples=True)``)."""
    for i, item in enumerate(docs):
        doc, letter_id = item if isinstance(item, tuple) else (item, None)
        if letter_id is None:
            case = doc._.case
            letter_id = (case.case_number if case is not None else None) or f"doc{i}"
        yield doc, str(letter_id)


def records(docs: Iterable[Any], level: str = "decisions") -> list[dict[str, Any]]:
    """The rows of a level as plain dicts (what the JSON lines hold)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    out: list[dict[str, Any]] = []
    for doc, letter_id in _pairs(docs):
        out += letter_rows(doc, letter_id)[level]
    return out


def frame(rows: list[dict[str, Any]], level: str) -> Any:
    """Rows of a level as a DataFrame with the documented columns and dtypes."""
    import pandas as pd

    columns = COLUMNS[level]
    df = pd.DataFrame(rows, columns=list(columns))
    for name, dtype in columns.items():
        if dtype.startswith("datetime"):
            df[name] = pd.to_datetime(df[name], errors="coerce").astype(dtype)
        elif dtype == "category":
            # A value of rules loaded in place of the shipped ones (a new letter format) is
            # kept too, after the shipped vocabulary.
            known = vocabulary(name)
            extra = sorted({v for v in df[name].dropna() if v not in known})
            df[name] = df[name].astype(pd.CategoricalDtype([*known, *extra]))
        else:
            df[name] = df[name].astype(dtype)
    return df


def to_dataframe(docs: Iterable[Any], level: str = "decisions") -> Any:
    """One row per decision, entity or letter (``level``), with the column ``letter_id``
    shared by the three tables. ``docs``: Docs, or (doc, letter id) pairs."""
    return frame(records(docs, level), level)


def to_jsonl(docs: Iterable[Any], path: str | Path, level: str = "decisions") -> int:
    """Write the rows of a level as JSON lines; returns the number of rows."""
    rows = records(docs, level)
    with Path(path).open("w", encoding="utf8") as f:
        for row in rows:
            f.write(json.dumps(row, default=str) + "\n")
    return len(rows)


def write_table(df: Any, path: Path) -> None:
    """One table in the format its extension names (.parquet, .csv, .jsonl)."""
    if path.suffix == ".parquet":
        df.to_parquet(path, index=False)
    elif path.suffix == ".csv":
        df.to_csv(path, index=False)
    else:
        df.to_json(path, orient="records", lines=True, date_format="iso")


def errors_frame(rows: list[dict[str, str]]) -> Any:
    """The errors table: one row per input that could not be read."""
    import pandas as pd

    from .readers import ERROR_COLUMNS

    return pd.DataFrame(rows, columns=ERROR_COLUMNS).astype("string")


class TableBuilder:
    """Collects the rows of processed letters and the error rows of unread inputs, then gives
    the tables (the one table builder of the CLI, the Dask path and :func:`imr_nlp.extract`)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {level: [] for level in LEVELS}
        self.errors: list[dict[str, str]] = []

    def add(self, doc: Doc, letter_id: str) -> None:
        for level, level_rows in letter_rows(doc, letter_id).items():
            self.rows[level] += level_rows

    def frames(self) -> dict[str, Any]:
        out = {level: frame(rows, level) for level, rows in self.rows.items()}
        out["errors"] = errors_frame(self.errors)
        return out
