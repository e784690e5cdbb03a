"""Soak test of ``imr-nlp extract``: thousands of inputs, hostile files, a kill -9, a resume.

    .venv/bin/python benchmarks/soak.py [--inputs 5000] [--quick] [--no-model] [--keep]

Builds ``--inputs`` inputs in a temporary folder: the real letters (``../shared/letters``,
``letters2`` and ``seeds``) repeated as symbolic links under distinct names, and about 5% of
generated hostile files (empty, truncated PDF, not a PDF under a .pdf name, binary junk .txt,
a FIFO, a symbolic link to /dev/zero, a .txt over the size limit, NUL bytes, every line
doubled; the text ones are made from the invented sample letter). Then runs
``imr-nlp extract FOLDER -o OUT.parquet --n-process 2`` as a subprocess, kills its process
group with SIGKILL once about half the inputs are in whole parts, runs it again with
``--resume``, and checks the final tables: every input once (a letter row or an error row).

Prints a Markdown table (docs/soak.md has a run): inputs, letters, error rows by code, inputs
resumed (skipped as already done), duplicates and lost inputs (both must be 0), peak memory of
the process tree (RSS summed over the CLI and its workers, sampled every 0.5 s), wall time,
letters/s. ``--quick``: 300 inputs.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import imr_nlp
from imr_nlp.io.parts import whole_parts, work_dir
from imr_nlp.io.readers import MAX_TEXT_BYTES, collect_inputs

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
HOSTILE_SHARE = 0.05


def real_letters() -> list[Path]:
    found = []
    for name in ("letters", "letters2", "seeds"):
        folder = SHARED / name
        found += sorted(p for p in folder.glob("*") if p.suffix.lower() in (".pdf", ".txt"))
    return found


def hostile(folder: Path, n: int, pdf: Path) -> None:
    """``n`` generated hostile inputs, the kinds in turn."""
    sample = imr_nlp.sample_text()
    pdf_bytes = pdf.read_bytes()
    kinds = [
        ("empty.pdf", lambda p: p.write_bytes(b"")),
        ("truncated.pdf", lambda p: p.write_bytes(pdf_bytes[: len(pdf_bytes) * 2 // 5])),
        ("not_a_pdf.pdf", lambda p: p.write_text("This is plain text under a PDF name.\n")),
        ("junk.txt", lambda p: p.write_bytes(os.urandom(4096))),
        ("fifo.txt", lambda p: os.mkfifo(p)),
        ("zero.txt", lambda p: p.symlink_to("/dev/zero")),
        ("huge.txt", lambda p: p.write_text(sample * (MAX_TEXT_BYTES // len(sample) + 2))),
        ("nul.txt", lambda p: p.write_text(sample.replace("\n\n", "\n\0\0\n", 5))),
        ("doubled.txt", lambda p: p.write_text("".join(f"{x}\n{x}\n" for x in sample.split("\n")))),
    ]
    for i in range(n):
        name, make = kinds[i % len(kinds)]
        make(folder / f"h{i:05d}_{name}")


def build(folder: Path, n: int) -> dict[str, int]:
    letters = real_letters()
    n_hostile = max(9, round(n * HOSTILE_SHARE))
    n_real = n - n_hostile
    for i in range(n_real):
        source = letters[i % len(letters)]
        (folder / f"r{i:05d}_{source.stem}{source.suffix}").symlink_to(source)
    hostile(folder, n_hostile, next(p for p in letters if p.suffix == ".pdf"))
    return {"real": n_real, "hostile": n_hostile, "distinct real": len(letters)}


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    children = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            children[ppid].append(int(entry))
        except (OSError, ValueError):
            continue
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * page
        except OSError:
            pass
        todo += children.get(pid, [])
    return total


def inputs_in_parts(output: Path) -> int:
    return sum(len(part.inputs) for part in whole_parts(work_dir(output), output.suffix))


class Run:
    """One ``imr-nlp extract`` subprocess, its memory sampled; ``kill_at``: SIGKILL its process
    group once that many inputs are in whole parts."""

    def __init__(self, cmd: list[str], output: Path, kill_at: int | None = None) -> None:
        self.peak = 0
        self.samples: list[tuple[float, int, int]] = []  # (seconds, inputs in parts, RSS)
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
        err: list[str] = []
        reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
        reader.start()
        self.killed = False
        while proc.poll() is None:
            rss = tree_rss(proc.pid)
            self.peak = max(self.peak, rss)
            done = inputs_in_parts(output)
            self.samples.append((time.monotonic() - start, done, rss))
            if kill_at is not None and done >= kill_at:
                os.killpg(proc.pid, signal.SIGKILL)
                self.killed = True
                proc.wait()
                break
            time.sleep(0.5)
        reader.join(timeout=10)
        self.code = proc.returncode
        self.seconds = time.monotonic() - start
        self.stderr = "".join(err)


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="300 inputs")
    parser.add_argument("--no-model", action="store_true", help="rules only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    n = 300 if args.quick else args.inputs
    root = Path(tempfile.mkdtemp(prefix="imr-soak-"))
    try:
        inputs_dir = root / "in"
        inputs_dir.mkdir()
        made = build(inputs_dir, n)
        files = [str(p) for p in collect_inputs([inputs_dir])]
        assert len(files) == n, (len(files), n)
        output = root / "out" / "run.parquet"
        part_size = max(25, n // 20)
        cmd = [sys.executable, "-m", "imr_nlp.cli", "extract", str(inputs_dir), "-o", str(output)]
        cmd += ["--n-process", "2", "--quiet", "--part-size", str(part_size)]
        if args.no_model:
            cmd.append("--no-model")
        first = Run(cmd, output, kill_at=n // 2)
        if not first.killed:
            raise SystemExit(f"the first run ended before the kill (exit {first.code})")
        in_parts = whole_parts(work_dir(output), ".parquet")
        skipped = sum(kind == "letter" for part in in_parts for *_, kind in part.inputs)
        retried_errors = sum(kind == "error" for part in in_parts for *_, kind in part.inputs)
        second = Run([*cmd, "--resume"], output)
        if second.code not in (0, 1):
            raise SystemExit(f"the resumed run failed (exit {second.code}):\n{second.stderr}")
        tables = imr_nlp.read_tables(output)
        seen = collections.Counter([*tables.letters["path"], *tables.errors["path"]])
        duplicates = sum(c - 1 for c in seen.values() if c > 1)
        lost = sum(1 for f in files if f not in seen)
        strangers = sum(1 for p in seen if p not in set(files))
        leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(".")]
        codes = tables.errors["code"].value_counts().sort_index()
        letters = len(tables.letters)
        wall = first.seconds + second.seconds
        # Flat memory: the killed run's RSS when each part appeared stays level.
        by_part: dict[int, int] = {}
        for _, done, rss in first.samples:
            if done and rss and done not in by_part:
                by_part[done] = rss
        flat = ", ".join(f"{done:,}: {mb(rss)}" for done, rss in sorted(by_part.items()))
        rows = [
            (
                "inputs",
                f"{n:,} ({made['real']:,} real: {made['distinct real']} distinct letters "
                f"repeated as links; {made['hostile']} hostile)",
            ),
            ("pipeline", "rules only (--no-model)" if args.no_model else "with the model"),
            ("letters (rows of the letters table)", f"{letters:,}"),
            (
                "error rows",
                f"{len(tables.errors):,} ("
                + ", ".join(f"{code} {count}" for code, count in codes.items())
                + ")",
            ),
            ("decisions / entities", f"{len(tables.decisions):,} / {len(tables.entities):,}"),
            (
                "kill",
                f"SIGKILL to the process group after {first.seconds:,.0f} s, "
                f"{sum(len(p.inputs) for p in in_parts):,} inputs in {len(in_parts)} whole parts "
                f"(part size {part_size})",
            ),
            ("resumed (letters skipped as already done)", f"{skipped:,}"),
            ("error inputs in parts, read again", f"{retried_errors:,}"),
            ("duplicates (must be 0)", f"{duplicates}"),
            ("lost (must be 0)", f"{lost}"),
            ("rows of no input (must be 0)", f"{strangers}"),
            ("left in the output folder (must be none)", ", ".join(leftovers) or "none"),
            ("peak memory, killed run (RSS, CLI + 2 workers)", mb(first.peak)),
            ("peak memory, resumed run", mb(second.peak)),
            ("RSS of the killed run as its parts appeared (inputs in parts: RSS)", flat),
            (
                "wall time (killed run + resumed run)",
                f"{first.seconds:,.0f} s + {second.seconds:,.0f} s = {wall:,.0f} s",
            ),
            ("letters/s (letters read in both runs / wall time)", f"{letters / wall:,.1f}"),
            ("exit code of the resumed run", f"{second.code} (1: some inputs are error rows)"),
        ]
        print("| soak | |\n|---|---|")
        for name, value in rows:
            print(f"| {name} | {value} |")
        if args.keep:
            print(f"\nkept: {root}")
        if duplicates or lost or strangers:
            raise SystemExit("FAILED: inputs not accounted for exactly once")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
