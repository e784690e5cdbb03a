"""Every column of imr_nlp's tables: name, dtype and meaning, in one place.

The tables (:mod:`imr_nlp.io.tables`), the files they are written to, their reading back
(:func:`imr_nlp.read_tables`) and the documentation (``docs/tables.md``, checked by a test) all
follow this table. Dtypes are pandas' nullable ones; ``date`` is ``datetime64[ns]`` in memory and
an ISO date (``2016-10-13``) in CSV and JSON lines; ``list[...]`` is a real list (Parquet list
column, JSON array), ";"-joined in CSV, each value once.
"""

from __future__ import annotations

#: level -> [(column, dtype, meaning)], in the tables' column order.
COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "letters": [
        ("letter_id", "string", "the id given with the letter (file stem), else its case number"),
        ("path", "string", "the file the letter was read from (None for text given in memory)"),
        ("sha1", "string", "SHA-1 of the file's bytes (extract --resume skips what it has read)"),
        ("case_number", "string", "IMR case number (CM16-0213037)"),
        ("letter_format", "category", "the layout recognised (patterns/formats.jsonl), or unknown"),
        ("injury_date", "date", "date of injury (header, else the case summary)"),
        ("decision_date", "date", "date of the IMR final determination"),
        ("ur_denial_date", "date", "date of the utilization review denial"),
        ("date_assigned", "date", "date the case was assigned to the reviewer"),
        ("application_received", "date", "date the IMR application was received"),
        ("priority", "string", "review priority as written (Standard, Expedited)"),
        ("patient_age", "Int64", "the patient's age in years"),
        ("patient_sex", "category", "male or female"),
        ("reviewer_specialties", "list[string]", "the reviewer's specialties"),
        ("reviewer_license_states", "list[string]", "states where the reviewer is licensed"),
        ("diagnoses", "list[string]", "the patient's diagnoses as the case summary states them"),
        ("diagnosis_codes", "list[string]", "their ICD-10-CM codes, where known"),
        ("decisions", "Int64", "number of disputed items"),
        ("upheld", "Int64", "items whose denial was upheld"),
        ("overturned", "Int64", "items whose denial was overturned"),
        ("total_daily_mme", "Float64", "daily MME of the opioid regimen the summary lists"),
        ("pain_scores", "list[float]", "every pain rating out of 10 in the letter, in order"),
        ("warnings", "list[string]", "warning codes (README: warning codes)"),
    ],
    "decisions": [
        ("letter_id", "string", "joins the letters table"),
        ("decision_id", "Int64", "0-based position of the item in the letter"),
        ("treatment", "string", "the request as on its outcome line, whitespace collapsed"),
        ("outcome", "category", "upheld (the denial stands) or overturned"),
        ("medically_necessary", "boolean", "the reviewer's finding (outcome == overturned)"),
        ("category", "category", "what the item is (API.md's categories)"),
        ("drug", "string", "generic ingredient(s) of a drug request, '/'-joined"),
        ("drug_class", "string", "the drug's class (opioid, nsaid, ...)"),
        ("is_opioid", "boolean", "whether the requested drug is an opioid"),
        ("strength", "string", "strength amounts, '/'-joined (10/325)"),
        ("strength_unit", "string", "strength unit (mg, %, mcg/hr)"),
        ("form", "string", "dosage form of a drug request (tablet, patch, cream)"),
        ("quantity", "Float64", "the amount requested (#120, 8 sessions)"),
        (
            "quantity_unit",
            "string",
            "what the quantity counts (units, g, ml, sessions, hours)",
        ),
        ("refills", "Int64", "refills requested"),
        ("frequency", "string", "the schedule as written"),
        ("frequency_per_day", "Float64", "doses per day (upper bound of a range)"),
        ("duration", "string", "how long, as written (for 4 weeks)"),
        ("frequency_source", "category", "request, or summary (a linked mention of the drug)"),
        ("daily_mme", "Float64", "morphine milligram equivalents per day of an opioid request"),
        ("mme_factors", "category", "the MME conversion factor set used"),
        ("claims_administrator_sources", "list[string]", "guideline sources the UR cited"),
        ("reviewer_sources", "list[string]", "guideline sources the IMR reviewer cited"),
        ("claims_administrator_cited_nothing", "boolean", "the UR cited no guideline"),
        ("reviewer_cited_nothing", "boolean", "the reviewer cited no guideline"),
        ("partial", "boolean", "a partial authorisation (only part of the request decided)"),
        ("original_request", "string", "the original request of a partial authorisation"),
        ("factors", "list[string]", "rationale factors the reviewer invokes"),
        ("rationale", "string", "the reviewer's rationale, whitespace collapsed (opt-out)"),
        ("start_char", "Int64", "the item's block in doc.text: start"),
        ("end_char", "Int64", "the item's block in doc.text: end"),
    ],
    "entities": [
        ("letter_id", "string", "joins the letters table"),
        ("label", "category", "entity label (API.md)"),
        ("text", "string", "the entity's text, whitespace collapsed"),
        ("start_char", "Int64", "offset in doc.text (the cleaned text): start"),
        ("end_char", "Int64", "offset in doc.text: end"),
        ("kb_id", "string", "generic (DRUG), ICD-10-CM code (DIAGNOSIS), source (GUIDELINE)"),
        ("number", "Float64", "QUANTITY or REFILLS value"),
        ("date", "date", "DATE or INJURY_DATE value"),
        ("amounts", "list[float]", "STRENGTH amounts (10, 325)"),
        ("unit", "string", "STRENGTH unit"),
        ("per_day", "Float64", "FREQUENCY: doses per day"),
        ("drug_class", "string", "DRUG: its class"),
        ("is_opioid", "boolean", "DRUG: whether it is an opioid"),
        ("citation_title", "string", "GUIDELINE: the cited title"),
        ("citation_year", "Int64", "GUIDELINE: the edition's year"),
        ("citation_sections", "list[string]", "GUIDELINE: sections cited"),
        ("citation_pages", "list[int]", "GUIDELINE: pages cited"),
        ("rule_id", "string", "the rule (or model) that made the entity"),
        ("source", "category", "rule or model"),
        ("decision_id", "Int64", "the decision the entity belongs to (None: the case)"),
        ("link_role", "category", "request, guideline, rationale, summary or ur_history"),
        ("is_negated", "boolean", "ConText: negated"),
        ("is_historical", "boolean", "ConText: historical"),
        ("is_hypothetical", "boolean", "ConText: hypothetical"),
        ("context", "string", "the text around the entity, whitespace collapsed (opt-out)"),
    ],
    "factors": [
        ("letter_id", "string", "joins the letters table"),
        ("decision_id", "Int64", "the decision whose rationale invokes the factor"),
        ("factor", "category", "the criterion (functional_improvement, pain_relief, ...)"),
        ("status", "category", "documented, not_documented or requirement"),
        ("text", "string", "the words that invoke it, whitespace collapsed"),
        ("start_char", "Int64", "offset in doc.text: start"),
        ("end_char", "Int64", "offset in doc.text: end"),
        ("rule_id", "string", "the rule that found it"),
        ("is_negated", "boolean", "ConText: negated"),
        ("is_historical", "boolean", "ConText: historical"),
        ("is_hypothetical", "boolean", "ConText: hypothetical"),
        ("pain_scores", "list[float]", "pain ratings in the same sentence"),
    ],
    "errors": [
        ("letter_id", "string", "the id the input would have had"),
        ("path", "string", "the input"),
        ("code", "string", "error code (README: error codes)"),
        ("error", "string", "what went wrong (no letter text)"),
    ],
}

LEVELS = ("letters", "decisions", "entities", "factors")
TABLES = (*LEVELS, "errors")


def dtypes(level: str) -> dict[str, str]:
    """column -> dtype of a level (``errors`` included)."""
    return {name: dtype for name, dtype, _ in COLUMNS[level]}


_INTRO = {
    "letters": "One row per letter read.",
    "decisions": "One row per disputed item (decision).",
    "entities": "One row per entity of `doc.ents`. A value goes to the typed column of its label; "
    "the other value columns stay empty.",
    "factors": 'One row per rationale factor (`doc.spans["rationale_factors"]`).',
    "errors": "One row per input that could not be read or processed.",
}


def markdown() -> str:
    """The column tables of ``docs/tables.md`` (``python -m imr_nlp.io.columns``)."""
    out = []
    for level, cols in COLUMNS.items():
        out += [
            f"## {level}",
            "",
            _INTRO[level],
            "",
            "| column | dtype | meaning |",
            "|---|---|---|",
        ]
        out += [f"| `{name}` | `{dtype}` | {meaning} |" for name, dtype, meaning in cols]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown())
