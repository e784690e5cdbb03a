# Two entry points: `make run` (set up, then read the bundled sample letter) and `make test`.
# `make test-fast`: lint and the unit tests (no real letters, nothing slow; under a minute).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The exact tested versions: constraints.txt (Python 3.11), constraints-py310.txt (Python 3.10).
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d%d" % sys.version_info[:2])')
CONSTRAINTS := $(or $(wildcard constraints-py$(PYVER).txt),constraints.txt)

.PHONY: setup run test test-fast lint evaluate train train-factors lexicon clean

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -c $(CONSTRAINTS)
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/imr-nlp show --sample

lint: setup
	$(BIN)/ruff check imr_nlp tests benchmarks evaluation training
	$(BIN)/ruff format --check imr_nlp tests benchmarks evaluation training

test: lint  # everything, the letter tests (../shared) and the slow ones included
	$(BIN)/python -m pytest

test-fast: lint  # no ../shared needed; see tests/conftest.py for the markers
	$(BIN)/python -m pytest -m "not letters and not slow" -q

evaluate: setup
	$(BIN)/python -m evaluation.evaluate

train: setup  # rebuild models/imr_ner from scratch (seeded; reads ../shared)
	$(BIN)/python -m training.train

train-factors: setup  # rebuild models/imr_factors (seeded; reads ../shared): choose the setting by CV, then train
	rm -f /tmp/imr_factor_records.pkl
	$(BIN)/python -m training.train_factors --cv --cache /tmp/imr_factor_records.pkl
	$(BIN)/python -m training.train_factors --cache /tmp/imr_factor_records.pkl

lexicon: setup  # rewrite imr_nlp/data's copy of the drug dictionary's part (after drugs.jsonl's exclusions change)
	$(BIN)/python -c "from imr_nlp.entities.drugs import write_dictionary_part; write_dictionary_part()"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
