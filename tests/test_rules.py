"""Every pattern file validates; bad rules fail with coded errors."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from imr_nlp.errors import PatternError
from imr_nlp.rules import (
    default_rules,
    file_schemas,
    for_format,
    letter_formats,
    read_jsonl,
    request_categories,
    validate,
)

PATTERN_FILES = sorted(
    p.name for p in resources.files("imr_nlp.patterns").iterdir() if p.name.endswith(".jsonl")
)


def test_pattern_files_are_shipped():
    assert "formats.jsonl" in PATTERN_FILES


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_every_pattern_file_validates_with_unique_ids(name):
    path = resources.files("imr_nlp.patterns").joinpath(name)
    rules = read_jsonl(str(path))
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) > 0


def test_every_format_has_items_rules():
    rules = default_rules()
    formats = [r["format"] for r in rules if r["kind"] == "format"]
    assert {
        "imr_2014",
        "imr_2016",
        "notice_2013",
        "documents_reviewed",
        "medical_professional_review",
    } <= set(formats)
    for rule in rules:
        if rule["kind"] != "format":
            continue
        fmt = rule["format"]
        if rule["mechanism"] == "outcome_line":
            assert for_format(rules, "outcome", fmt), fmt
        elif rule["mechanism"] == "numbered_statement":
            assert for_format(rules, "statement", fmt), fmt
        else:
            assert for_format(rules, "pattern", fmt, "issue"), fmt


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "section", "formats": "*", "label": "x", "pattern": "X"},  # no id
        {"id": "a", "kind": "nonsense", "pattern": "X"},
        {"id": "a", "kind": "section", "formats": "*", "label": "x"},  # no pattern
        {"id": "a", "kind": "section", "formats": "*", "label": "x", "pattern": "(unclosed"},
        {"id": "a", "kind": "format", "format": "f", "mechanism": "guess", "detect": []},
    ],
)
def test_bad_rules_raise_coded_errors(rule):
    with pytest.raises(PatternError) as err:
        validate([rule])
    assert err.value.code == "E007"


def test_duplicate_ids_are_rejected():
    rule = {"id": "a", "kind": "section", "formats": "*", "label": "x", "pattern": "X"}
    with pytest.raises(PatternError):
        validate([rule, dict(rule)])


def test_bad_json_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = {"id": "a", "kind": "section", "formats": "*", "label": "x", "pattern": "X"}
    path.write_text(json.dumps(good) + "\n{not json\n")
    with pytest.raises(PatternError, match="line 2"):
        read_jsonl(path)


# --- strict schemas: every component validates the kinds it reads -------------------------


def _write(path, rules):
    path.write_text("".join(json.dumps(rule) + "\n" for rule in rules), encoding="utf8")
    return path


def _fails(path, schemas_of, line):
    with pytest.raises(PatternError, match=f"{path.name} line {line}:") as err:
        read_jsonl(path, file_schemas(schemas_of))
    assert err.value.code == "E007"
    return str(err.value)


CATEGORY = {"id": "c.one", "kind": "category", "category": "imaging", "pattern": "MRI"}


def test_misspelt_optional_field_names_file_and_line(tmp_path):
    typo = dict(CATEGORY, id="c.two", drug_entitty=True)
    path = _write(tmp_path / "cats.jsonl", [CATEGORY, typo])
    assert "drug_entitty" in _fails(path, "categories.jsonl", 2)


def test_blank_lines_keep_the_file_line_numbers(tmp_path):
    path = tmp_path / "cats.jsonl"
    typo = dict(CATEGORY, id="c.two", patern="x")
    path.write_text(json.dumps(CATEGORY) + "\n\n" + json.dumps(typo) + "\n", encoding="utf8")
    _fails(path, "categories.jsonl", 3)


def test_kind_of_another_file_is_unknown(tmp_path):
    section = {"id": "s", "kind": "section", "formats": "*", "label": "x", "pattern": "X"}
    path = _write(tmp_path / "cats.jsonl", [CATEGORY, section])
    assert "unknown kind" in _fails(path, "categories.jsonl", 2)


@pytest.mark.parametrize(
    "bad",
    [
        dict(CATEGORY, id="c.two", drug_entity="yes"),  # wrong type
        dict(CATEGORY, id="c.two", pattern="(unclosed"),  # bad regex
        {"id": "c.two", "kind": "category", "pattern": "X"},  # missing field
    ],
)
def test_wrong_type_bad_regex_or_missing_field_names_the_line(tmp_path, bad):
    _fails(_write(tmp_path / "cats.jsonl", [CATEGORY, bad]), "categories.jsonl", 2)


def test_single_kind_with_two_rules_is_an_error(tmp_path):
    scope = {"id": "scope.a", "kind": "context_scope", "labels": ["DRUG"]}
    path = _write(tmp_path / "ctx.jsonl", [scope, dict(scope, id="scope.b")])
    _fails(path, "context.jsonl", 2)


def test_single_role_with_two_rules_is_an_error(tmp_path):
    split = {"id": "a", "kind": "pattern", "role": "list_split", "pattern": ","}
    path = _write(tmp_path / "dx.jsonl", [split, dict(split, id="b")])
    _fails(path, "diagnoses.jsonl", 2)
    many = [dict(split, role="reject"), dict(split, id="b", role="reject")]  # not single
    assert len(read_jsonl(_write(tmp_path / "ok.jsonl", many), file_schemas("diagnoses.jsonl")))


def test_unknown_role_is_an_error(tmp_path):
    rule = {"id": "a", "kind": "pattern", "role": "list_spilt", "pattern": ","}
    _fails(_write(tmp_path / "dx.jsonl", [rule]), "diagnoses.jsonl", 1)


def test_components_reject_rules_with_unknown_fields():
    from imr_nlp.linking.records import IMRRecords

    records = IMRRecords()
    with pytest.raises(PatternError):
        records.initialize(rules=[dict(CATEGORY, categroy="x")])


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_every_shipped_kind_is_declared_and_used(name):
    schemas = file_schemas(name)
    kinds = {rule["kind"] for rule in default_rules(name)}
    assert kinds <= set(schemas), name
    assert not [k for k in kinds if k.endswith(("_window", "_limit"))]  # numbers are config


def test_shipped_pattern_files_have_no_tuning_numbers():
    for name in PATTERN_FILES:
        for rule in default_rules(name):
            numbers = [k for k, v in rule.items() if isinstance(v, int | float)]
            numbers = [k for k in numbers if not isinstance(rule[k], bool)]
            assert not numbers, (name, rule["id"], numbers)


#: Files whose patterns read running text, where any space may be a line break of the PDF.
RUNNING_TEXT_FILES = ("entities.jsonl", "diagnoses.jsonl", "rationale.jsonl", "guidelines.jsonl")


def _bare_spaces(pattern: str) -> list[int]:
    """Offsets of spaces outside character classes and not escaped."""
    found, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 2 if pattern[i + 1 : i + 2] == "]" else 1
            continue
        elif c == " ":
            found.append(i)
        i += 1
    return found


@pytest.mark.parametrize("name", RUNNING_TEXT_FILES)
def test_running_text_patterns_let_every_space_be_a_line_break(name):
    """A space is written [ \\n] (one character, so it also works in a lookbehind) or \\s."""
    assert _bare_spaces("a b[ x]c\\ d") == [1]  # the checker itself
    bare = [r["id"] for r in default_rules(name) if _bare_spaces(r.get("pattern") or "")]
    assert bare == [], name


# --- vocabularies come from the rules ---------------------------------------------------------


def test_table_vocabularies_are_the_rules():
    from imr_nlp.io.tables import vocabulary

    assert set(vocabulary("letter_format")) == {*letter_formats(), "unknown"}
    assert set(vocabulary("category")) == {*request_categories(), "other"}
    assert vocabulary("mme_factors") == ("cdc2016", "cdc2022")


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")
def test_new_letter_format_is_kept_in_the_table():
    import imr_nlp

    nlp = imr_nlp.load(model=False)
    invented = {
        "id": "format.invented",
        "kind": "format",
        "format": "invented_2030",
        "mechanism": "outcome_line",
        "detect": ["INVENTED REVIEW NOTICE"],
    }
    for name in ("imr_sections", "imr_decisions", "imr_case"):  # the readers of formats.jsonl
        nlp.get_pipe(name).initialize(rules=[invented, *default_rules()])
    doc = nlp("INVENTED REVIEW NOTICE\n\nThe patient takes Norco 10/325 mg.")
    assert doc._.letter_format == "invented_2030"
    frame = imr_nlp.to_dataframe([doc], level="letters")
    assert frame["letter_format"].iloc[0] == "invented_2030"


# --- tuning numbers are factory config --------------------------------------------------------


def _load(**components):
    import imr_nlp

    config = {"components": {name: dict(cfg) for name, cfg in components.items()}}
    return imr_nlp.load(model=False, config=config)


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")
def test_context_max_scope_is_config():
    text = "The patient has a history of taking Norco and Soma for lumbar radiculopathy."
    default = [e._.is_historical for e in _load()(text).ents]
    narrow = [e._.is_historical for e in _load(imr_context={"max_scope": 1})(text).ents]
    assert any(default) and not any(narrow)


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")
def test_link_mention_window_is_config():
    text = "The patient takes Norco 10/325 mg every 6 hours for pain."
    sizes = []
    for window in (40, 0):
        nlp = _load(imr_link={"mention_window": window})
        doc = nlp(text)
        sizes.append([len(m.spans) for m in nlp.get_pipe("imr_link").mentions(doc)])
    assert sizes[0] != sizes[1]


def test_diagnoses_max_words_is_config():
    from imr_nlp.entities.diagnoses import IMRDiagnoses

    text = "He is treated for the diagnoses of right knee internal derangement and neck pain."
    nlp = _load()
    doc = nlp.make_doc(text)
    default = [s.text for s in IMRDiagnoses().list_spans(doc)]
    short = [s.text for s in IMRDiagnoses(max_words=2).list_spans(doc)]
    assert "right knee internal derangement" in default
    assert "right knee internal derangement" not in short and "neck pain" in short


def test_diagnoses_closest_max_extra_is_config():
    from imr_nlp.entities.diagnoses import IMRDiagnoses

    assert IMRDiagnoses().code("left ankle sprain")
    assert IMRDiagnoses(closest_max_extra=0).code("left ankle sprain") == ""
    nlp = _load(imr_diagnoses={"closest_max_extra": 0})
    assert nlp.get_pipe("imr_diagnoses").closest_max_extra == 0
