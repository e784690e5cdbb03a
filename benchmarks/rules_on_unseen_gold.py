"""Score an older commit's rules on gold letters annotated after it: an out-of-sample figure.

    .venv/bin/python benchmarks/rules_on_unseen_gold.py ebaf014 CM17-0019171 CM17-0021126 ...

Every entity-gold letter ends up shaping the rules, so ``make evaluate`` gives development
figures. This script checks out COMMIT (the rules as they were before the letters were
annotated) into a temporary git worktree, and scores it with today's gold files for the given
letter ids, which that commit never saw. Needs git and the project's virtual environment.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNNER = """
import sys
sys.path.insert(0, {tree!r})
# the editable install maps imr_nlp to the checkout; use the worktree's code and patterns instead
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
from evaluation.evaluate import main
main(["--entity-gold", {gold!r}, "--shared", {shared!r}, "--gold", {letters!r}])
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit")
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tree, gold = Path(tmp) / "tree", Path(tmp) / "gold"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.commit],
            check=True,
            capture_output=True,
        )
        try:
            for package in ("patterns", "models"):  # the editable install maps these
                if (tree / package).is_dir():
                    (tree / "imr_nlp" / package).symlink_to(tree / package)
            gold.mkdir()
            for letter_id in args.ids:
                shutil.copy(ROOT / "evaluation" / "gold" / "entities" / f"{letter_id}.json", gold)
            code = RUNNER.format(
                tree=str(tree),
                gold=str(gold),
                shared=str(args.shared.resolve()),
                letters=str(ROOT / "evaluation" / "gold" / "letters"),
            )
            return subprocess.run([sys.executable, "-c", code], check=False).returncode
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                check=False,
                capture_output=True,
            )


if __name__ == "__main__":
    sys.exit(main())
