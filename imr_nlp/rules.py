"""Pattern data: reading, validating and saving ``patterns/*.jsonl``.

Every rule is one JSON object per line with a stable ``id`` and a ``kind``. The files ship inside
the package as ``imr_nlp.patterns`` (the top-level ``patterns/`` folder of the repository) and
are read with :mod:`importlib.resources`. Components keep the rules they use and save them with
the pipeline, as spaCy's SpanRuler does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import srsly

from .errors import Errors, IMRError, PatternError
from .normalize.amounts import NORMALIZERS

FORMATS_FILE = "formats.jsonl"

# kind -> fields it must have (besides id and kind); regex fields are compiled to validate them.
KINDS: dict[str, tuple[str, ...]] = {
    "format": ("format", "mechanism", "detect"),
    "section": ("formats", "label", "pattern"),
    "intro": ("formats", "pattern"),
    "outcome": ("formats", "pattern", "values"),
    "part": ("formats", "label", "pattern"),
    "partial": ("formats", "pattern", "remainder", "strip"),
    "request_stop": ("formats", "pattern"),
    "request_cut": ("formats", "pattern"),
    "statement": ("formats", "pattern", "values"),
    "statement_block": ("formats", "pattern"),
    "issue": ("formats", "pattern"),
    "header_field": ("formats", "field", "label", "value"),
    "value": ("name", "pattern"),
    "credentials": ("formats", "pattern"),
    "injury_phrase": ("formats", "pattern"),
    "age_sex": ("formats", "pattern"),
    "age": ("formats", "pattern"),
    "sex_words": ("formats", "values"),
    "pronouns": ("formats", "values"),
    # entities.jsonl
    "regex": ("label", "pattern", "value"),
    "injury_context": ("pattern",),
    # drugs.jsonl
    "drug": ("names", "generic"),
    "drug_class": ("drug_class", "generics"),
    "exclude": ("names",),
    "exclude_pattern": ("pattern",),
    "release_suffix": ("names",),
    "strip_form": ("pattern",),
    "not_before": ("pattern",),
    "model_context": ("pattern",),
    "model_reject": ("pattern",),
    "model_not_before": ("pattern",),
    # guidelines.jsonl
    "citation": ("pattern",),
    "split": ("pattern",),
    "mention": ("pattern",),
    "source": ("key", "pattern"),
    "field": ("name", "pattern"),
    # diagnoses.jsonl
    "diagnosis": ("names", "icd10"),
    "list_trigger": ("pattern",),
    "list_split": ("pattern",),
    "list_limit": ("max_words",),
    "modifier": ("names",),
    "condition_words": ("names", "suffixes"),
    "guideline_sentence": ("pattern", "parts"),
    "reject": ("pattern",),
    "rewrite": ("pattern", "replace"),
    "site_condition": ("conditions",),
    "model_reject_context": ("pattern",),
    "model_split": ("pattern",),
    "model_reject_sentence": ("pattern",),
    "icd_closest": ("free", "ignore", "exclude", "max_extra"),
    # categories.jsonl
    "category": ("category", "pattern"),
    "request_count": ("pattern",),
    # linking.jsonl
    "case_labels": ("labels",),
    "ur_sentence": ("pattern",),
    "mention_window": ("max_chars",),
    # rationale.jsonl
    "factor": ("factor", "pattern"),
    "pain_score": ("pattern",),
    "pain_medication": ("pattern", "with_medication", "where"),
    # mme.jsonl
    "mme_set": ("name",),
    "mme_factor": ("generic", "unit", "factors"),
    # context.jsonl
    "context": ("literal", "category", "direction"),
    "context_scope": ("max_scope", "labels"),
}
MECHANISMS = ("outcome_line", "numbered_statement", "issue_heading")
REGEX_FIELDS = ("pattern", "remainder", "strip", "not_before", "not_after", "requires_before")


def package_file(name: str) -> Path:
    """Path of a shipped pattern file; a missing file fails loudly (E008)."""
    try:
        path = resources.files("imr_nlp.patterns").joinpath(name)
    except ModuleNotFoundError as err:  # pragma: no cover - broken install
        raise IMRError(Errors.E008, what="imr_nlp.patterns") from err
    if not path.is_file():
        raise IMRError(Errors.E008, what=f"pattern file {name}")
    return Path(str(path))


def validate(rules: Iterable[dict[str, Any]], source: str = "<rules>") -> list[dict[str, Any]]:
    """Check rules (required fields, known kinds, unique ids, compiling regexes)."""
    seen: set[str] = set()
    out = []
    for line, rule in enumerate(rules, start=1):

        def fail(reason: str, line: int = line) -> PatternError:
            return PatternError(Errors.E007, path=source, line=line, reason=reason)

        if not isinstance(rule, dict):
            raise fail("not a JSON object")
        rule_id, kind = rule.get("id"), rule.get("kind")
        if not isinstance(rule_id, str) or not rule_id:
            raise fail("missing id")
        if rule_id in seen:
            raise fail(f"duplicate id {rule_id!r}")
        seen.add(rule_id)
        if kind not in KINDS:
            raise fail(f"unknown kind {kind!r}")
        missing = [name for name in KINDS[kind] if name not in rule]
        if missing:
            raise fail(f"missing field(s) {', '.join(missing)}")
        if kind == "format" and rule["mechanism"] not in MECHANISMS:
            raise fail(f"unknown mechanism {rule['mechanism']!r}")
        regexes = [rule[name] for name in REGEX_FIELDS if name in rule]
        if kind == "header_field":
            regexes.append(rule["label"])
        if kind == "regex" and rule["value"] not in NORMALIZERS:
            raise fail(f"unknown normaliser {rule['value']!r}")
        regexes += rule.get("detect", [])
        for regex in regexes:
            try:
                re.compile(regex)
            except (re.error, TypeError) as err:
                raise fail(f"bad regex: {err}") from None
        out.append(rule)
    return out


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read and validate a pattern file."""
    path = Path(path)
    rules = []
    with path.open(encoding="utf8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                rules.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise PatternError(Errors.E007, path=path, line=line_no, reason=str(err)) from None
    return validate(rules, source=str(path))


@lru_cache(maxsize=8)
def _default(name: str) -> tuple[dict[str, Any], ...]:
    return tuple(read_jsonl(package_file(name)))


def default_rules(name: str = FORMATS_FILE) -> list[dict[str, Any]]:
    """The shipped rules of a pattern file (validated once per process)."""
    return [dict(rule) for rule in _default(name)]


def write_jsonl(path: str | Path, rules: Iterable[dict[str, Any]]) -> None:
    """Write rules one per line (the inverse of :func:`read_jsonl`)."""
    srsly.write_jsonl(path, list(rules))


def for_format(rules: Iterable[dict[str, Any]], kind: str, fmt: str) -> list[dict[str, Any]]:
    """Rules of ``kind`` that apply to letter format ``fmt`` (``formats`` "*" = all)."""
    out = []
    for rule in rules:
        if rule["kind"] != kind:
            continue
        formats = rule.get("formats", "*")
        if formats == "*" or fmt in formats:
            out.append(rule)
    return out


class RuleComponent:
    """Base of the rule-based components: keeps its rules and saves them with the pipeline.

    The rules are the shipped defaults until :meth:`initialize` is given others (a path or a
    list of rule dicts); ``to_disk`` writes them beside the pipeline and ``from_disk`` reads them
    back, so a saved pipeline keeps the rules it was built with.
    """

    rules_file = FORMATS_FILE

    def __init__(self, name: str) -> None:
        self.name = name
        self.set_rules(default_rules(self.rules_file))

    def set_rules(self, rules: list[dict[str, Any]]) -> None:
        """Replace the rules (validated) and rebuild what depends on them."""
        self.rules = validate(rules, source=self.name)
        self._compile()

    def _compile(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Any = None,
        rules: str | Path | list[dict[str, Any]] | None = None,
    ) -> None:
        """Load rules: a pattern file path, a list of rule dicts, or None for the defaults."""
        if rules is None:
            self.set_rules(default_rules(self.rules_file))
        elif isinstance(rules, str | Path):
            self.set_rules(read_jsonl(rules))
        else:
            self.set_rules(list(rules))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_jsonl(path / self.rules_file, self.rules)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RuleComponent:
        self.set_rules(read_jsonl(Path(path) / self.rules_file))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"rules": self.rules})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RuleComponent:
        self.set_rules(srsly.msgpack_loads(data)["rules"])
        return self
