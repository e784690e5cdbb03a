"""imr_nlp.extract and the five tables: a folder in, every input out, files that read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import imr_nlp
from imr_nlp.io.columns import COLUMNS, TABLES, dtypes

DOCS = Path(__file__).resolve().parents[1] / "docs" / "tables.md"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Two invented letters (one with a request that looks like a spreadsheet formula), a
    broken PDF and a file that is no letter."""
    root = tmp_path_factory.mktemp("letters")
    text = imr_nlp.sample_text()
    (root / "first.txt").write_text(text, encoding="utf8")
    (root / "nested").mkdir()
    first_request = text.split("\n")[0]
    assert first_request  # the sample letter has text
    (root / "nested" / "formula.txt").write_text(
        text.replace("Norco 10/325mg #120", "=SUM(A1:A9) 10/325mg #120"), encoding="utf8"
    )
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 cut short")
    (root / "minutes.docx").write_bytes(b"PK\x03\x04 not a letter")
    return root


@pytest.fixture(scope="module")
def tables(folder, rules_nlp):
    return imr_nlp.extract([folder, folder / "minutes.docx"], nlp=rules_nlp)


def test_every_input_is_a_letter_or_an_error_row(tables):
    assert sorted(tables.letters["letter_id"]) == ["first", "formula"]
    errors = dict(zip(tables.errors["letter_id"], tables.errors["code"], strict=True))
    assert errors == {"broken": "E003", "minutes": "E013"}
    assert set(tables.decisions["letter_id"]) == {"first", "formula"}
    assert tables.letters["path"].str.endswith(".txt").all()


def test_the_tables_have_their_documented_columns(tables):
    for name, df in tables.items():
        assert list(df.columns) == list(dtypes(name)), name


def test_list_columns_are_lists_each_value_once(tables):
    sources = tables.decisions["claims_administrator_sources"]
    assert all(isinstance(v, list) and len(v) == len(set(v)) for v in sources)
    assert any(v for v in sources)
    assert all(isinstance(v, list) for v in tables.letters["warnings"])


def test_values_are_typed_columns_and_text_is_collapsed(tables):
    ents = tables.entities
    strengths = ents[ents["label"] == "STRENGTH"]
    assert strengths["amounts"].map(len).min() >= 1 and strengths["unit"].notna().all()
    dates = ents[ents["label"].isin(["DATE", "INJURY_DATE"])]
    assert str(dates["date"].dtype) == "datetime64[ns]" and dates["date"].notna().all()
    assert not ents["text"].str.contains(r"\s\s|\n").any()
    assert ents["context"].notna().all()


def test_factors_table_joins_the_decisions(tables):
    factors = tables.factors
    assert len(factors) > 0
    keys = set(zip(tables.decisions["letter_id"], tables.decisions["decision_id"], strict=True))
    assert set(zip(factors["letter_id"], factors["decision_id"], strict=True)) <= keys


def test_text_can_be_left_out(folder, rules_nlp):
    small = imr_nlp.extract(folder / "first.txt", nlp=rules_nlp, text=False)
    assert small.decisions["rationale"].isna().all() and small.entities["context"].isna().all()


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_write_and_read_back_keep_rows_and_dtypes(tables, tmp_path, suffix):
    paths = tables.write(tmp_path / f"run{suffix}")
    assert sorted(paths) == sorted(TABLES) and all(p.exists() for p in paths.values())
    back = imr_nlp.read_tables(tmp_path / f"run{suffix}")
    for name, df in tables.items():
        pd.testing.assert_frame_equal(df, back[name], check_dtype=True)
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, then renamed


def test_csv_cells_never_start_a_formula(tables, tmp_path):
    tables.write(tmp_path / "run.csv")
    raw = pd.read_csv(tmp_path / "run.decisions.csv", dtype=str)
    assert not raw["treatment"].str.match(r"[=+\-@]").any()
    assert raw["treatment"].str.startswith("'=SUM").any()
    back = imr_nlp.read_tables(tmp_path / "run.csv")
    assert back.decisions["treatment"].str.startswith("=SUM").any()


def test_jsonl_dates_are_iso_dates(tables, tmp_path):
    tables.write(tmp_path / "run.jsonl")
    row = json.loads((tmp_path / "run.letters.jsonl").read_text("utf8").splitlines()[0])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["decision_date"])


def test_empty_tables_keep_their_columns(tmp_path):
    empty = imr_nlp.Tables()
    for suffix in (".parquet", ".csv", ".jsonl"):
        empty.write(tmp_path / f"e{suffix}")
        back = imr_nlp.read_tables(tmp_path / f"e{suffix}")
        for name in TABLES:
            assert list(back[name].columns) == list(dtypes(name))


def test_a_letter_that_breaks_the_pipeline_is_an_error_row(folder, rules_nlp):
    class Fragile:
        """A pipeline that fails on one letter (as a bug would)."""

        def pipe(self, texts, **kwargs):
            return ((self(text), letter_id) for text, letter_id in texts)

        def __call__(self, text):
            if "=SUM" in text:
                raise RuntimeError("boom")
            return rules_nlp(text)

    tables = imr_nlp.extract(folder, nlp=Fragile())
    assert list(tables.letters["letter_id"]) == ["first"]
    assert dict(zip(tables.errors["letter_id"], tables.errors["code"], strict=True)) == {
        "broken": "E003",
        "formula": "E014",
    }


@pytest.mark.slow  # real worker processes: about 5 s
def test_worker_processes_give_the_tables_of_one_process(tmp_path, rules_nlp, monkeypatch):
    import multiprocessing
    import os

    from imr_nlp.io import extract as extract_mod

    text = imr_nlp.sample_text()
    root = tmp_path / "in"
    root.mkdir()
    for i in (0, 1, 2, 3, 4, 6, 7):  # different letters, one the pipeline fails on, ...
        body = text.replace("#120", f"#{100 + i}")
        if i == 4:
            body = body.replace("Norco", "=SUM(A1)")
        (root / f"l{i}.txt").write_text(body, encoding="utf8")
    (root / "l5.pdf").write_bytes(b"%PDF-1.4 cut short")  # ... and two unreadable files
    (root / "l8.docx").write_bytes(b"not a letter")
    pids = tmp_path / "pids"
    pids.mkdir()

    class Fragile:
        """Fails on one letter; notes the process each letter is processed in."""

        def pipe(self, texts, **kwargs):
            return ((self(t), letter_id) for t, letter_id in texts)

        def __call__(self, t):
            (pids / str(os.getpid())).touch()
            if "=SUM" in t:
                raise RuntimeError("boom")
            return rules_nlp(t)

    monkeypatch.setattr(extract_mod, "TASK", 3)  # several tasks per worker
    inputs = [root, root / "l8.docx"]
    one = imr_nlp.extract(inputs, nlp=Fragile(), text=False)
    main_only = {p.name for p in pids.iterdir()}
    assert main_only == {str(os.getpid())}
    two = imr_nlp.extract(inputs, nlp=Fragile(), n_process=2, text=False)
    workers = {p.name for p in pids.iterdir()} - main_only
    assert 1 <= len(workers) <= 2  # long-lived: not a process per task
    assert not multiprocessing.active_children()  # none left behind
    for name in TABLES:
        pd.testing.assert_frame_equal(one[name], two[name], check_exact=True)
    assert list(two.letters["letter_id"]) == [f"l{i}" for i in (0, 1, 2, 3, 6, 7)]
    assert dict(zip(two.errors["letter_id"], two.errors["code"], strict=True)) == {
        "l4": "E014",
        "l5": "E003",
        "l8": "E013",
    }
    assert two.decisions["rationale"].isna().all() and len(two.decisions)  # text=False
    skip = {(p, s) for p, s in zip(one.letters["path"], one.letters["sha1"], strict=True)}
    again = imr_nlp.extract(inputs, nlp=Fragile(), n_process=2, skip=skip)
    assert len(again.letters) == 0 and len(again.errors) == 3


@pytest.mark.slow  # real worker processes, forked again after each death: about 10 s
def test_a_worker_that_dies_costs_only_its_letter(tmp_path, rules_nlp, monkeypatch):
    import multiprocessing
    import os
    import signal

    from imr_nlp.io import extract as extract_mod

    text = imr_nlp.sample_text()
    root = tmp_path / "in"
    root.mkdir()
    for i in range(10):  # one letter kills the process that reads it (as the OOM killer would)
        body = text.replace("#120", f"#{100 + i}")
        if i == 5:
            body = body.replace("Norco", "KILLME")
        (root / f"l{i}.txt").write_text(body, encoding="utf8")

    class Deadly:
        def pipe(self, texts, **kwargs):
            return ((self(t), letter_id) for t, letter_id in texts)

        def __call__(self, t):
            if "KILLME" in t:
                os.kill(os.getpid(), signal.SIGKILL)
            return rules_nlp(t)

    monkeypatch.setattr(extract_mod, "TASK", 3)
    tables = imr_nlp.extract(root, nlp=Deadly(), n_process=2, text=False)
    assert list(tables.letters["letter_id"]) == [f"l{i}" for i in range(10) if i != 5]
    assert list(zip(tables.errors["letter_id"], tables.errors["code"], strict=True)) == [
        ("l5", "E014")
    ]
    assert "worker process died" in tables.errors["error"][0]
    assert not multiprocessing.active_children()


def test_the_docs_list_every_column_with_its_dtype():
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", DOCS.read_text("utf8"), flags=re.M)
    documented: dict[str, list[tuple[str, str]]] = {}
    level = None
    for line in DOCS.read_text("utf8").splitlines():
        if line.startswith("## "):
            level = line[3:].strip().strip("`")
        m = re.match(r"^\| `(\w+)` \| `([^`]+)` \|", line)
        if m:
            documented.setdefault(level, []).append(m.groups())
    assert rows
    assert documented == {lvl: [(n, d) for n, d, _ in cols] for lvl, cols in COLUMNS.items()}
