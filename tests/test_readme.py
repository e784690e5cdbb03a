"""The README's commands run: its make targets exist, its CLI lines and Python blocks work, and
its code table lists every error and warning code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import imr_nlp
from imr_nlp.cli import main
from imr_nlp.errors import Errors, Warnings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def commands(prefix: str) -> list[str]:
    lines = [line.split("  #")[0].strip() for block in blocks("sh") for line in block.splitlines()]
    return [line for line in lines if line.startswith(prefix)]


def test_every_make_target_of_the_readme_exists():
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text("utf8"), flags=re.M))
    used = {line.split()[1] for line in commands("make ")}
    assert used and used <= targets


def test_the_code_table_lists_every_code():
    listed = set(re.findall(r"^\| ([EW]\d{3}) \|", README, flags=re.M))
    assert listed == {c.name for c in [*Errors, *Warnings]}


@pytest.mark.slow  # the README's extract line reads the 64 dev letters
@pytest.mark.parametrize("line", commands(".venv/bin/imr-nlp"))
def test_each_cli_line_runs(line, shared, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    args = [a.replace("../shared", str(shared)) for a in shlex.split(line)[1:]]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


@pytest.mark.slow  # the pipeline with the model, twice
def test_the_python_blocks_run(tmp_path, monkeypatch):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "sample.txt").write_text(imr_nlp.sample_text(), encoding="utf8")
    monkeypatch.chdir(tmp_path)
    scope: dict = {"folder": folder}
    for block in blocks("python"):
        exec(compile(block, "README.md", "exec"), scope)
    assert len(scope["tables"].letters) == 1 and len(scope["again"].decisions) == 3
    assert (tmp_path / "out" / "letter.html").exists()


def test_the_exit_code_table_is_the_cli_s():
    from imr_nlp import cli

    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", README, flags=re.M))
    codes = {cli.EXIT_OK, cli.EXIT_SOME_FAILED, cli.EXIT_INPUT_ERROR, cli.EXIT_INTERRUPTED}
    assert {int(c) for c in table} == codes
