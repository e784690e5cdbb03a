"""The pipeline's data flow: one writer per attribute, true assigns/requires, no component
fetching another."""

import ast
from pathlib import Path

import pytest

import imr_nlp
from imr_nlp.extensions import OWNERS
from imr_nlp.pipeline import PIPE_NAMES

PACKAGE = Path(imr_nlp.__file__).parent


@pytest.fixture(scope="module")
def rules_nlp():
    return imr_nlp.load(model=False)


def test_no_component_looks_another_up():
    calls = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "get_pipe"
    ]
    assert calls == []


@pytest.mark.parametrize("model", [False, True])
def test_analyze_pipes_finds_no_problem(model):
    problems = imr_nlp.load(model=model).analyze_pipes()["problems"]
    assert problems and all(not p for p in problems.values()), problems


def test_each_doc_attribute_has_the_one_writer_the_table_names(rules_nlp):
    writers: dict[str, list[str]] = {}
    for name in rules_nlp.pipe_names:
        for attr in rules_nlp.get_pipe_meta(name).assigns:
            if attr.startswith("doc._.") or attr == "doc.ents":
                writers.setdefault(attr, []).append(name)
    assert writers, "the factories declare what they write"
    for attr, names in writers.items():
        assert [OWNERS[attr]] == names, attr


@pytest.mark.parametrize("name", PIPE_NAMES)
def test_any_component_can_be_disabled(rules_nlp, name):
    with rules_nlp.select_pipes(disable=[name]):
        doc = rules_nlp(imr_nlp.sample_text())
    assert isinstance(doc._.decisions, list)
    if name != "imr_records":
        assert doc._.decisions or name in ("imr_sections", "imr_decisions")
