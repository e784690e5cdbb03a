"""No file of the project repeats letter text (seeds, dev PDFs, letters2): letters stay in
../shared."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from imr_nlp.io.pdf import extract_text

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".md", ".txt", ".json", ".jsonl", ".ipynb", ".cfg", ".yml", ".yaml", ".toml"}
N = 14


def shingles(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i : i + N]) for i in range(max(0, len(words) - N + 1))}


def project_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / f for f in out if Path(f).suffix in SUFFIXES and (ROOT / f).is_file()]


@pytest.mark.letters
def test_project_files_share_no_14_word_run_with_the_letters(shared):
    letters: set[str] = set()
    for path in sorted((shared / "seeds").glob("*.txt")):
        letters |= shingles(path.read_text(encoding="utf8", errors="ignore"))
    for path in sorted([*(shared / "letters").glob("*.pdf"), *(shared / "letters2").glob("*.pdf")]):
        letters |= shingles(extract_text(path))
    hits = {}
    for path in project_files():
        shared_runs = shingles(path.read_text(encoding="utf8", errors="ignore")) & letters
        if shared_runs:
            hits[str(path.relative_to(ROOT))] = len(shared_runs)
    assert not hits, f"files repeating letter text (14-word runs): {hits}"
