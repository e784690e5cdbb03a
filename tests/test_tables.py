"""Tables of processed letters, JSON lines, and the imr-nlp extract command."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import imr_nlp
from imr_nlp.cli import EXIT_SOME_FAILED, main
from imr_nlp.io.columns import LEVELS, TABLES, dtypes


@pytest.fixture(scope="module")
def seed_docs(nlp, shared):
    paths = sorted((shared / "seeds").glob("*.txt"))
    texts = [(p.read_text(encoding="utf8"), p.stem) for p in paths]
    return list(nlp.pipe(texts, as_tuples=True))


@pytest.mark.parametrize("level", LEVELS)
def test_columns_and_dtypes_are_the_documented_ones(seed_docs, level):
    df = imr_nlp.to_dataframe(seed_docs, level=level)
    assert list(df.columns) == list(dtypes(level))
    assert {c: str(t) for c, t in df.dtypes.items() if dtypes(level)[c] == "category"} == {
        c: "category" for c, t in dtypes(level).items() if t == "category"
    }
    assert len(df) > 0


def test_the_three_tables_join_on_letter_id(seed_docs):
    letters = imr_nlp.to_dataframe(seed_docs, level="letters")
    decisions = imr_nlp.to_dataframe(seed_docs, level="decisions")
    entities = imr_nlp.to_dataframe(seed_docs, level="entities")
    assert len(letters) == 5 and letters["letter_id"].is_unique
    assert set(decisions["letter_id"]) <= set(letters["letter_id"])
    assert int(letters["decisions"].sum()) == len(decisions)
    linked = entities.dropna(subset=["decision_id"])
    keys = set(zip(decisions["letter_id"], decisions["decision_id"], strict=True))
    assert set(zip(linked["letter_id"], linked["decision_id"], strict=True)) <= keys
    assert str(letters["injury_date"].dtype) == "datetime64[ns]"


@pytest.mark.filterwarnings("ignore::imr_nlp.IMRWarning")
def test_docs_without_ids_get_the_case_number_or_a_position(seed_docs, nlp):
    docs = [doc for doc, _ in seed_docs[:2]] + [nlp("")]
    ids = list(imr_nlp.to_dataframe(docs, level="letters")["letter_id"])
    assert ids[2] == "doc2"


def test_jsonl_holds_the_same_rows(seed_docs, tmp_path):
    path = tmp_path / "decisions.jsonl"
    n = imr_nlp.to_jsonl(seed_docs, path, level="decisions")
    rows = [json.loads(line) for line in path.read_text("utf8").splitlines()]
    assert len(rows) == n == len(imr_nlp.to_dataframe(seed_docs, level="decisions"))
    assert set(rows[0]) <= set(dtypes("decisions"))


def test_unknown_level_is_a_clear_error(seed_docs):
    with pytest.raises(ValueError, match="level must be one of"):
        imr_nlp.to_dataframe(seed_docs, level="sentences")


@pytest.mark.slow  # the 64 dev letters through 2 processes: about 5 s
def test_extract_over_the_dev_letters_and_a_corrupted_file(shared, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this file ends before anything useful")
    out = tmp_path / "out.parquet"
    args = ["extract", str(shared / "letters"), str(broken), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--n-process", "2", "--no-model", "--quiet"])
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    letters = pd.read_parquet(tmp_path / "out.letters.parquet")
    errors = pd.read_parquet(tmp_path / "out.errors.parquet")
    assert len(letters) == 64
    assert list(errors["letter_id"]) == ["broken"] and errors["code"][0].startswith("E00")
    decisions = pd.read_parquet(tmp_path / "out.decisions.parquet")
    assert set(decisions["letter_id"]) <= set(letters["letter_id"])
    assert "64 letters read" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_extract_writes_csv_and_jsonl_by_extension(tmp_path, suffix):
    letter = tmp_path / "sample.txt"
    letter.write_text(imr_nlp.sample_text(), encoding="utf8")
    result = CliRunner().invoke(
        main, ["extract", str(letter), "-o", str(tmp_path / f"t{suffix}"), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    for level in TABLES:
        assert (tmp_path / f"t.{level}{suffix}").exists()


def test_extract_usage_errors(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2  # an empty folder: no input at all
