"""Pattern data: reading, validating and saving ``patterns/*.jsonl``.

Every rule is one JSON object per line with a stable ``id`` and a ``kind``. The files ship inside
the package as ``imr_nlp.patterns`` (the top-level ``patterns/`` folder of the repository) and
are read with :mod:`importlib.resources`. Components keep the rules they use and save them with
the pipeline, as spaCy's SpanRuler does.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import srsly

from .errors import Errors, IMRError, PatternError

FORMATS_FILE = "formats.jsonl"
MECHANISMS = ("outcome_line", "numbered_statement", "issue_heading")
#: Fields every rule may have besides those of its kind: documentation only.
COMMON_OPTIONAL = ("note",)

# Field types of a schema: each is a check returning the reason a value is wrong, or None.
FieldCheck = Callable[[Any], "str | None"]


def _is(kind: type | tuple[type, ...], name: str) -> FieldCheck:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            return f"expected {name}"
        return None if isinstance(value, kind) else f"expected {name}"

    return check


def _regex(value: Any) -> str | None:
    if not isinstance(value, str):
        return "expected a regex (string)"
    try:
        re.compile(value)
    except re.error as err:
        return f"bad regex: {err}"
    return None


def _list_of(item: FieldCheck, name: str) -> FieldCheck:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"expected a list of {name}"
        return next((reason for reason in map(item, value) if reason), None)

    return check


def one_of(*values: Any) -> FieldCheck:
    """A field whose value is one of ``values``."""

    def check(value: Any) -> str | None:
        return None if value in values else f"unknown value {value!r} (one of {values})"

    return check


STR: FieldCheck = _is(str, "a string")
BOOL: FieldCheck = _is(bool, "true or false")
INT: FieldCheck = _is(int, "an integer")
NUMBER: FieldCheck = _is((int, float), "a number")
MAPPING: FieldCheck = _is(dict, "an object")
REGEX: FieldCheck = _regex
WORDS: FieldCheck = _list_of(STR, "strings")
REGEXES: FieldCheck = _list_of(_regex, "regexes")


def _formats(value: Any) -> str | None:
    return None if value == "*" else WORDS(value)


#: ``formats``: "*" (every letter format) or a list of format ids.
FORMATS: FieldCheck = _formats


@dataclass(frozen=True)
class RuleSchema:
    """What a rule of one kind holds: its required and optional fields (name -> type check;
    ``id`` and ``kind`` are always required, ``note`` always allowed). ``single``: the kind has
    at most one rule in a file. ``roles``: the kind is a family of rules read the same way, each
    rule naming its use in the field ``role`` (role -> whether that role is single)."""

    required: dict[str, FieldCheck]
    optional: dict[str, FieldCheck] = field(default_factory=dict)
    single: bool = False
    roles: dict[str, bool] | None = None

    def fields(self) -> set[str]:
        out = {"id", "kind", *COMMON_OPTIONAL, *self.required, *self.optional}
        return out | ({"role"} if self.roles is not None else set())

    def problem(self, rule: dict[str, Any]) -> str | None:
        """Why a rule of this kind is invalid, or None."""
        missing = [name for name in self.required if name not in rule]
        if self.roles is not None and "role" not in rule:
            missing.insert(0, "role")
        if missing:
            return f"missing field(s) {', '.join(missing)}"
        unknown = sorted(set(rule) - self.fields())
        if unknown:
            return f"unknown field(s) {', '.join(unknown)} for kind {rule['kind']!r}"
        if self.roles is not None and rule["role"] not in self.roles:
            return f"unknown role {rule['role']!r} (one of {', '.join(self.roles)})"
        checks = {**dict.fromkeys(COMMON_OPTIONAL, STR), **self.required, **self.optional}
        for name, check in checks.items():
            if name in rule and (reason := check(rule[name])):
                return f"field {name!r}: {reason}"
        return None

    def single_key(self, rule: dict[str, Any]) -> str | None:
        """What may occur only once in a file (the kind, or the kind and role), or None."""
        if self.roles is not None:
            role = rule["role"]
            return f"{rule['kind']}/{role}" if self.roles[role] else None
        return rule["kind"] if self.single else None


#: pattern file -> kind -> schema, declared by the components that read the file.
_SCHEMAS: dict[str, dict[str, RuleSchema]] = {}
#: The modules that declare schemas (imported before a file's schemas are looked up).
SCHEMA_MODULES = (
    "imr_nlp.entities.abbreviations",
    "imr_nlp.entities.sources",
    "imr_nlp.structure.sections",
    "imr_nlp.structure.decisions",
    "imr_nlp.structure.case",
    "imr_nlp.entities.merge",
    "imr_nlp.entities.drugs",
    "imr_nlp.entities.diagnoses",
    "imr_nlp.entities.guidelines",
    "imr_nlp.entities.context",
    "imr_nlp.entities.rationale",
    "imr_nlp.linking.link",
    "imr_nlp.linking.records",
    "imr_nlp.linking.request",
    "imr_nlp.normalize.mme",
    "imr_nlp.normalize.amounts",
)


def register_schemas(file: str, schemas: dict[str, RuleSchema]) -> None:
    """Declare the kinds a component reads from a pattern file. Components reading the same
    file share a kind only with the same fields (a roles kind joins its roles)."""
    known = _SCHEMAS.setdefault(file, {})
    for kind, schema in schemas.items():
        old = known.get(kind)
        if old is None or old == schema:
            known[kind] = schema
        elif (
            (old.required, old.optional, old.single)
            == (
                schema.required,
                schema.optional,
                schema.single,
            )
            and old.roles is not None
            and schema.roles is not None
        ):
            known[kind] = dataclasses.replace(old, roles={**old.roles, **schema.roles})
        else:
            raise ValueError(f"kind {kind!r} of {file} declared twice with other fields")


def file_schemas(file: str) -> dict[str, RuleSchema]:
    """kind -> schema of a pattern file (every kind its components read)."""
    for module in SCHEMA_MODULES:
        importlib.import_module(module)
    return dict(_SCHEMAS.get(file, {}))


def package_file(name: str) -> Path:
    """Path of a shipped pattern file; a missing file fails loudly (E008)."""
    try:
        path = resources.files("imr_nlp.patterns").joinpath(name)
    except ModuleNotFoundError as err:  # pragma: no cover - broken install
        raise IMRError(Errors.E008, what="imr_nlp.patterns") from err
    if not path.is_file():
        raise IMRError(Errors.E008, what=f"pattern file {name}")
    return Path(str(path))


def validate(
    rules: Iterable[dict[str, Any]],
    source: str = "<rules>",
    schemas: dict[str, RuleSchema] | None = None,
    lines: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Check rules against the schemas of their file: known kind, required fields present, no
    unknown (misspelt) field, field types (regexes compile), unique ids, at most one rule of a
    single kind. ``schemas`` default to those of the file named by ``source`` (else of
    formats.jsonl); ``lines``: the file line of each rule (else its position)."""
    if schemas is None:
        schemas = file_schemas(Path(source).name) or file_schemas(FORMATS_FILE)
    seen: set[str] = set()
    singles: dict[str, int] = {}
    out = []
    for index, rule in enumerate(rules):
        line = lines[index] if lines is not None else index + 1

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
        if kind not in schemas:
            raise fail(f"unknown kind {kind!r} (this file's kinds: {', '.join(sorted(schemas))})")
        schema = schemas[kind]
        if reason := schema.problem(rule):
            raise fail(reason)
        key = schema.single_key(rule)
        if key is not None:
            if key in singles:
                raise fail(
                    f"a second {key} rule (only one is read; the first is line {singles[key]})"
                )
            singles[key] = line
        out.append(rule)
    return out


def read_jsonl(
    path: str | Path, schemas: dict[str, RuleSchema] | None = None
) -> list[dict[str, Any]]:
    """Read and validate a pattern file (by the schemas of the file of that name, or
    ``schemas``)."""
    path = Path(path)
    rules, lines = [], []
    with path.open(encoding="utf8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                rules.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise PatternError(Errors.E007, path=path, line=line_no, reason=str(err)) from None
            lines.append(line_no)
    return validate(rules, source=str(path), schemas=schemas, lines=lines)


@lru_cache(maxsize=8)
def _default(name: str) -> tuple[dict[str, Any], ...]:
    return tuple(read_jsonl(package_file(name)))


def default_rules(name: str = FORMATS_FILE) -> list[dict[str, Any]]:
    """The shipped rules of a pattern file (validated once per process)."""
    return [dict(rule) for rule in _default(name)]


def _names(rules: Iterable[dict[str, Any]], kind: str, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r[key] for r in rules if r["kind"] == kind))


def letter_formats(rules: Iterable[dict[str, Any]] | None = None) -> tuple[str, ...]:
    """The letter format ids of the ``format`` rules (default: formats.jsonl), in file order."""
    return _names(default_rules(FORMATS_FILE) if rules is None else rules, "format", "format")


def request_categories(rules: Iterable[dict[str, Any]] | None = None) -> tuple[str, ...]:
    """The request categories of the ``category`` rules (default: categories.jsonl), in file
    order."""
    rules = default_rules("categories.jsonl") if rules is None else rules
    return _names(rules, "category", "category")


def factor_set_names(rules: Iterable[dict[str, Any]] | None = None) -> tuple[str, ...]:
    """The MME factor sets of the ``mme_set`` rules (default: mme.jsonl)."""
    return _names(default_rules("mme.jsonl") if rules is None else rules, "mme_set", "name")


def rationale_factors(rules: Iterable[dict[str, Any]] | None = None) -> tuple[str, ...]:
    """The rationale factor names of the ``factor`` rules (default: rationale.jsonl)."""
    rules = default_rules("rationale.jsonl") if rules is None else rules
    return _names(rules, "factor", "factor")


def write_jsonl(path: str | Path, rules: Iterable[dict[str, Any]]) -> None:
    """Write rules one per line (the inverse of :func:`read_jsonl`)."""
    srsly.write_jsonl(path, list(rules))


def of_kind(
    rules: Iterable[dict[str, Any]], kind: str, role: str | None = None
) -> list[dict[str, Any]]:
    """The rules of ``kind`` (and ``role``), in file order."""
    return [r for r in rules if r["kind"] == kind and (role is None or r.get("role") == role)]


def for_format(
    rules: Iterable[dict[str, Any]], kind: str, fmt: str, role: str | None = None
) -> list[dict[str, Any]]:
    """Rules of ``kind`` (and ``role``) that apply to letter format ``fmt`` (``formats`` "*" =
    all)."""
    out = []
    for rule in of_kind(rules, kind, role):
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
    #: The kinds this component reads from its file (see :class:`RuleSchema`).
    schemas: ClassVar[dict[str, RuleSchema]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "schemas" in cls.__dict__:
            register_schemas(cls.rules_file, cls.schemas)

    def __init__(self, name: str) -> None:
        self.name = name
        self.set_rules(default_rules(self.rules_file))

    def set_rules(self, rules: list[dict[str, Any]]) -> None:
        """Replace the rules (validated by the schemas of the file) and rebuild what depends on
        them."""
        self.rules = validate(rules, source=self.name, schemas=file_schemas(self.rules_file))
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
            self.set_rules(read_jsonl(rules, file_schemas(self.rules_file)))
        else:
            self.set_rules(list(rules))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_jsonl(path / self.rules_file, self.rules)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RuleComponent:
        path = Path(path) / self.rules_file
        self.set_rules(read_jsonl(path, file_schemas(self.rules_file)))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"rules": self.rules})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RuleComponent:
        self.set_rules(srsly.msgpack_loads(data)["rules"])
        return self
