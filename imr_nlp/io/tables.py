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

from ..extensions import FACTORS
from ..values import LABELS
from .columns import LEVELS, TABLES, dtypes

CONTEXT_FLAGS = ("is_negated", "is_historical", "is_hypothetical")
CONTEXT_CHARS = 80  # the ``context`` snippet: this many characters each side of an entity
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a CSV cell starting so is read as a formula

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
    "status": ("documented", "not_documented", "requirement"),
}


def vocabulary(column: str) -> tuple[str, ...]:
    """The categories of a ``category`` column: fixed, or derived from the shipped rules
    (categories.jsonl and "other"; formats.jsonl and "unknown"; mme.jsonl)."""
    from ..linking.records import OTHER
    from ..rules import factor_set_names, letter_formats, rationale_factors, request_categories
    from ..structure.sections import UNKNOWN

    if column == "category":
        return tuple(dict.fromkeys([*request_categories(), OTHER]))
    if column == "letter_format":
        return (*letter_formats(), UNKNOWN)
    if column == "mme_factors":
        return factor_set_names()
    if column == "factor":
        return rationale_factors()
    return CATEGORIES[column]


def _strength(value: Any) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    return "/".join(f"{a:g}" for a in value.amounts), value.unit or None


def _collapse(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def _once(values: Iterable[Any]) -> list[Any]:
    """Each value once, in order."""
    return list(dict.fromkeys(v for v in values if v is not None and v != ""))


def _flags(span: Any) -> dict[str, bool | None]:
    return {
        flag: bool(getattr(span._, flag, False)) if span.has_extension(flag) else None
        for flag in CONTEXT_FLAGS
    }


def _entity_values(label: str, value: Any) -> dict[str, Any]:
    """An entity's value as typed columns (see :data:`COLUMNS`)."""
    if value is None:
        return {}
    if label in ("QUANTITY", "REFILLS"):
        return {"number": value}
    if label in ("DATE", "INJURY_DATE"):
        return {"date": value}
    if label == "STRENGTH":
        return {"amounts": list(value.amounts), "unit": value.unit or None}
    if label == "FREQUENCY":
        return {"per_day": value.per_day}
    if label == "DRUG":
        return {"drug_class": value.drug_class, "is_opioid": value.is_opioid}
    if label == "GUIDELINE":
        return {
            "citation_title": value.title or None,
            "citation_year": value.year,
            "citation_sections": list(value.sections),
            "citation_pages": list(value.pages),
        }
    return {}


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start))
    right = [i for i in (text.find(". ", end), text.find("\n\n", end)) if i != -1]
    return left + 1, min(right, default=len(text))


def letter_rows(
    doc: Doc, letter_id: str, *, path: str | None = None, text: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """The rows of one letter for every level (plain Python values). ``text=False`` leaves
    out the rationale texts and the entities' context snippets (smaller tables)."""
    body = doc.text
    factors_by_decision: dict[Any, list[str]] = {}
    factors = []
    scores = list(doc._.pain_scores)
    for span in doc.spans.get(FACTORS, ()):
        factors_by_decision.setdefault(span._.decision_id, []).append(span.label_)
        lo, hi = _sentence_of(body, span.start_char, span.end_char)
        status = getattr(span._, "status", None) if span.has_extension("status") else None
        factors.append(
            {
                "letter_id": letter_id,
                "decision_id": span._.decision_id,
                "factor": span.label_,
                "status": status,
                "text": _collapse(span.text),
                "start_char": span.start_char,
                "end_char": span.end_char,
                "rule_id": span.id_ or None,
                **_flags(span),
                "pain_scores": [p.score for p in scores if lo <= p.start_char < hi],
            }
        )
    decisions = []
    for d in doc._.decisions:
        strength, unit = _strength(d.strength)
        rationale = None
        if text and d.rationale_start is not None and d.rationale_end is not None:
            rationale = _collapse(body[d.rationale_start : d.rationale_end])
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
                "form": d.form,
                "quantity": d.quantity,
                "quantity_unit": d.quantity_unit,
                "refills": d.refills,
                "frequency": None if d.frequency is None else d.frequency.text,
                "frequency_per_day": None if d.frequency is None else d.frequency.per_day,
                "duration": d.duration,
                "frequency_source": d.frequency_source,
                "daily_mme": d.daily_mme,
                "mme_factors": d.mme_factors,
                "claims_administrator_sources": _once(
                    g.source for g in d.claims_administrator_guidelines
                ),
                "reviewer_sources": _once(g.source for g in d.reviewer_guidelines),
                "claims_administrator_cited_nothing": d.claims_administrator_cited_nothing,
                "reviewer_cited_nothing": d.reviewer_cited_nothing,
                "partial": d.partial,
                "original_request": d.original_request,
                "factors": _once(factors_by_decision.get(d.id, ())),
                "rationale": rationale,
                "start_char": d.start_char,
                "end_char": d.end_char,
            }
        )
    entities = []
    for e in doc.ents:
        row = {
            "letter_id": letter_id,
            "label": e.label_,
            "text": _collapse(e.text),
            "start_char": e.start_char,
            "end_char": e.end_char,
            "kb_id": e.kb_id_ or None,
            **_entity_values(e.label_, e._.value),
            "rule_id": e.id_ or None,
            "source": e._.source,
            "decision_id": e._.decision_id,
            "link_role": e._.link_role,
            **_flags(e),
        }
        if text:
            lo, hi = max(0, e.start_char - CONTEXT_CHARS), e.end_char + CONTEXT_CHARS
            row["context"] = _collapse(body[lo:hi])
        entities.append(row)
    case = doc._.case
    outcomes = [d.outcome for d in doc._.decisions]
    letter: dict[str, Any] = {
        "letter_id": letter_id,
        "path": path,
        "decisions": len(outcomes),
        "upheld": outcomes.count("upheld"),
        "overturned": outcomes.count("overturned"),
        "total_daily_mme": doc._.total_daily_mme,
        "pain_scores": [p.score for p in scores],
        "warnings": _once(doc._.warnings),
    }
    if case is not None:
        facts = case.to_dict()
        for name in dtypes("letters"):
            if name in facts and name not in ("diagnoses",):
                value = facts[name]
                letter[name] = _once(value) if isinstance(value, list) else value
        diagnoses = getattr(case, "diagnoses", None) or []
        letter["diagnoses"] = _once(d.text for d in diagnoses)
        letter["diagnosis_codes"] = _once(d.icd10 for d in diagnoses)
    return {"decisions": decisions, "entities": entities, "letters": [letter], "factors": factors}


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


def _list_cell(value: Any, kind: type) -> list[Any] | None:
    """A list cell as a list of ``kind`` (a ";"-joined CSV cell, a JSON or Parquet array)."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        value = value.split(";") if value else []
    return [kind(v) for v in value]


def _typed(df: Any, level: str) -> Any:
    """A table with the documented columns (missing ones added empty) and dtypes."""
    import pandas as pd

    columns = dtypes(level)
    df = df.reindex(columns=list(columns))
    for name, dtype in columns.items():
        if dtype == "date":
            df[name] = pd.to_datetime(df[name], errors="coerce").astype("datetime64[ns]")
        elif dtype.startswith("list["):
            kind = {"list[string]": str, "list[float]": float, "list[int]": int}[dtype]
            df[name] = pd.Series([_list_cell(v, kind) for v in df[name]], dtype=object)
        elif dtype == "category":
            # A value of rules loaded in place of the shipped ones (a new letter format) is
            # kept too, after the shipped vocabulary.
            known = vocabulary(name) if name in _VOCABULARY_COLUMNS else ()
            extra = sorted({v for v in df[name].dropna() if v not in known})
            df[name] = df[name].astype(pd.CategoricalDtype([*known, *extra]))
        elif dtype in ("Int64", "Float64"):
            df[name] = pd.to_numeric(df[name], errors="coerce").astype(dtype)
        elif dtype == "boolean":
            df[name] = df[name].map(_TRUTH.get, na_action="ignore").astype(dtype)
        else:
            df[name] = df[name].astype(dtype)
    return df.reset_index(drop=True)


_TRUTH = {True: True, False: False, "True": True, "False": False, "true": True, "false": False}
_VOCABULARY_COLUMNS = (*CATEGORIES, "category", "letter_format", "mme_factors", "factor")


def frame(rows: list[dict[str, Any]], level: str) -> Any:
    """Rows of a level as a DataFrame with the documented columns and dtypes."""
    import pandas as pd

    return _typed(pd.DataFrame(rows, columns=list(dtypes(level))), level)


def to_dataframe(docs: Iterable[Any], level: str = "decisions") -> Any:
    """One row per decision, entity, letter or rationale factor (``level``), with the column
    ``letter_id`` shared by the tables. ``docs``: Docs, or (doc, letter id) pairs."""
    return frame(records(docs, level), level)


def _json_ready(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


def to_jsonl(docs: Iterable[Any], path: str | Path, level: str = "decisions") -> int:
    """Write the rows of a level as JSON lines; returns the number of rows."""
    rows = records(docs, level)
    with Path(path).open("w", encoding="utf8") as f:
        for row in rows:
            f.write(json.dumps(_json_ready(row)) + "\n")
    return len(rows)


def _file_ready(df: Any, level: str, suffix: str) -> Any:
    """A table as it goes to a file: ISO dates; in CSV, lists ";"-joined and no cell that a
    spreadsheet would run as a formula (a leading ``'`` is added, and removed on reading)."""
    import pandas as pd

    out = df.copy()
    for name, dtype in dtypes(level).items():
        if dtype == "date":
            out[name] = out[name].dt.strftime("%Y-%m-%d").astype("string")
        elif suffix == ".csv" and dtype.startswith("list["):
            out[name] = pd.Series(
                [
                    ";".join(f"{v:g}" if isinstance(v, float) else str(v) for v in c)
                    for c in out[name]
                ],
                dtype="string",
            )
        if suffix == ".csv" and str(out[name].dtype) == "string":
            out[name] = out[name].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA) else v,
                na_action="ignore",
            )
    return out


def write_table(df: Any, path: Path, level: str) -> None:
    """One table in the format its extension names (.parquet, .csv, .jsonl), whole or not at
    all: written beside, then renamed into place."""
    import os

    path = Path(path)
    suffix = path.suffix.lower()
    out = _file_ready(df, level, suffix)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".parquet":
            out.to_parquet(tmp, index=False)
        elif suffix == ".csv":
            out.to_csv(tmp, index=False)
        else:
            out.to_json(tmp, orient="records", lines=True)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_table(path: str | Path, level: str) -> Any:
    """One table written by :func:`write_table`, with its documented dtypes."""
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df = pd.read_parquet(path)
    elif suffix == ".csv":
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        for name in df.columns:
            df[name] = df[name].map(
                lambda v: (
                    v[1:]
                    if isinstance(v, str) and v[1:].startswith(_FORMULA) and v[:1] == "'"
                    else v
                ),
                na_action="ignore",
            )
    else:
        df = pd.read_json(path, lines=True, dtype=False, convert_dates=False)
    return _typed(df, level)


def errors_frame(rows: list[dict[str, str]]) -> Any:
    """The errors table: one row per input that could not be read."""
    return frame(rows, "errors")


def check_writer(suffix: str) -> None:
    """Fail early (E012) when writing tables in this format needs an extra that is missing."""
    if suffix.lower() == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as err:
            from ..errors import Errors, MissingDependencyError

            raise MissingDependencyError(
                Errors.E012, what="Writing Parquet", package="pyarrow", extra="parquet"
            ) from err


def table_paths(path: str | Path) -> dict[str, Path]:
    """Where the tables of ``out/run.parquet`` go: ``out/run.letters.parquet``, ..."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv", ".jsonl"):
        raise ValueError(f"the path must end in .parquet, .csv or .jsonl, not {path.name!r}")
    stem = path.with_suffix("")
    return {name: Path(f"{stem}.{name}{suffix}") for name in TABLES}


class Tables:
    """The five tables of a run: ``letters``, ``decisions``, ``entities``, ``factors`` (one row
    per letter, decision, entity, rationale factor; they join on ``letter_id``) and ``errors``
    (one row per input that could not be read)."""

    interrupted = False  # True: a run stopped by Ctrl-C, these are the inputs done before

    def __init__(self, **frames: Any) -> None:
        for name in TABLES:
            setattr(self, name, frames[name] if name in frames else frame([], name))

    def __iter__(self) -> Any:
        return iter(TABLES)

    def __getitem__(self, name: str) -> Any:
        if name not in TABLES:
            raise KeyError(name)
        return getattr(self, name)

    def items(self) -> list[tuple[str, Any]]:
        return [(name, getattr(self, name)) for name in TABLES]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df)}" for name, df in self.items())
        return f"Tables({sizes})"

    def write(self, path: str | Path) -> dict[str, Path]:
        """Write every table beside ``path`` (``out/run.parquet`` -> ``out/run.letters.parquet``,
        ...; also .csv and .jsonl), each whole or not at all. Returns the paths."""
        paths = table_paths(path)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        for name, df in self.items():
            write_table(df, paths[name], name)
        return paths


def combine(*parts: Tables) -> Tables:
    """The tables of several runs, one after the other (a resumed run after the first)."""
    import pandas as pd

    return Tables(
        **{
            name: _typed(pd.concat([getattr(p, name) for p in parts], ignore_index=True), name)
            for name in TABLES
        }
    )


def read_tables(path: str | Path) -> Tables:
    """The tables :meth:`Tables.write` wrote to ``path``, with the same dtypes."""
    return Tables(**{name: read_table(p, name) for name, p in table_paths(path).items()})


class LetterRows:
    """The table rows of one processed letter, made where it was processed (a worker process
    sends these, not its Doc): :meth:`TableBuilder.add` takes them as it takes a Doc."""

    __slots__ = ("rows",)

    def __init__(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.rows = rows

    @classmethod
    def of(
        cls,
        doc: Doc,
        letter_id: str,
        *,
        path: str | None = None,
        sha1: str | None = None,
        text: bool = True,
    ) -> LetterRows:
        rows = letter_rows(doc, letter_id, path=path, text=text)
        rows["letters"][0]["sha1"] = sha1
        return cls(rows)


class TableBuilder:
    """Collects the rows of processed letters and the error rows of unread inputs, then gives
    the tables (the one table builder of the CLI, the Dask path and :func:`imr_nlp.extract`)."""

    def __init__(self, *, text: bool = True) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {level: [] for level in LEVELS}
        self.errors: list[dict[str, str]] = []
        self.text = text

    def add(
        self,
        doc: Doc | LetterRows,
        letter_id: str,
        path: str | None = None,
        sha1: str | None = None,
    ) -> None:
        """A processed letter: its Doc, or its rows made elsewhere (:class:`LetterRows`)."""
        if isinstance(doc, LetterRows):
            rows = doc.rows
        else:
            rows = LetterRows.of(doc, letter_id, path=path, sha1=sha1, text=self.text).rows
        for level, level_rows in rows.items():
            self.rows[level] += level_rows

    def tables(self) -> Tables:
        frames = {level: frame(rows, level) for level, rows in self.rows.items()}
        return Tables(**frames, errors=errors_frame(self.errors))

    def frames(self) -> dict[str, Any]:
        return dict(self.tables().items())
