"""Shared fixtures. The real letters are read from ../shared (beside the checkout), never copied.

Markers (pyproject.toml): ``letters`` for every test that reads the real letters, ``slow`` for
tests taking more than a few seconds. ``make test-fast`` runs ``-m "not letters and not slow"``
and needs no ../shared; ``make test`` (and CI) runs everything.

Where the letters are: ``$IMR_NLP_SHARED`` if set, else ``../shared`` beside the checkout (with
``seeds/``, ``letters/`` and ``letters2/``). Without them the letter tests skip, saying where the
letters go; on CI (``CI`` set and not "false"/"0") they fail instead, because CI has the letters
and a suite that skipped them all would pass without having checked anything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy

import imr_nlp

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evaluation" / "gold" / "letters"
FORMATS = ROOT / "tests" / "data" / "formats"


def shared_path() -> Path:
    """$IMR_NLP_SHARED, else ../shared beside the checkout (it may not exist)."""
    env = os.environ.get("IMR_NLP_SHARED")
    return Path(env).expanduser().resolve() if env else ROOT.parent / "shared"


SHARED = shared_path()
WHERE = (
    f"the real letters go in {SHARED} (seeds/, letters/, letters2/): ../shared beside the "
    "checkout, or the directory IMR_NLP_SHARED names; `make test-fast` runs without them"
)
#: Fixtures that hand a test the real letters: a test using one (directly or through another
#: fixture) gets the ``letters`` marker.
LETTER_FIXTURES = frozenset({"shared"})


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def letters_missing(reason: str = WHERE) -> None:
    """Skip the calling test (fail it on CI): the real letters are not where they should be."""
    if on_ci():
        pytest.fail(f"CI must have the real letters: {reason}", pytrace=False)
    pytest.skip(reason)


def shared_dir() -> Path:
    """../shared with seeds/ and letters/, or a skip (a failure on CI) saying where they go."""
    if not (SHARED / "seeds").is_dir() or not (SHARED / "letters").is_dir():
        letters_missing()
    return SHARED


def gold_letters() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf8")) for p in sorted(GOLD.glob("*.json"))]


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if LETTER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.letters)


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline (rules and model), loaded once: about 3 s a load."""
    return imr_nlp.load()


@pytest.fixture(scope="session")
def rules_nlp():
    """The pipeline without the model (rules only), loaded once."""
    return imr_nlp.load(model=False)


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()


@pytest.fixture(scope="session")
def guidelines():
    """A blank pipeline with the guideline rules and the entity merge: citations alone."""
    nlp = spacy.blank("en")
    for name in ("imr_guidelines", "imr_entities"):
        nlp.add_pipe(name)
    return nlp
