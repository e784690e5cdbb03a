"""Shared fixtures. The real letters are read from ../shared (beside the checkout), never copied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import imr_nlp

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "evaluation" / "gold" / "letters"
FORMATS = ROOT / "tests" / "data" / "formats"


def shared_dir() -> Path:
    """../shared, or a clear failure: the letter tests must not pass silently without it."""
    if not (SHARED / "seeds").is_dir() or not (SHARED / "letters").is_dir():
        pytest.fail(f"the real letters are expected in {SHARED} (seeds/ and letters/)")
    return SHARED


def gold_letters() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf8")) for p in sorted(GOLD.glob("*.json"))]


@pytest.fixture(scope="session")
def nlp():
    return imr_nlp.load()


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()
