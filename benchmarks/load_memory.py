"""Load time and memory of imr_nlp, each in fresh processes.

    .venv/bin/python benchmarks/load_memory.py [--runs 5] [--stream 300] [--batch-size 50]

Prints a Markdown table:

- ``import imr_nlp; imr_nlp.load()`` in a fresh process: wall and CPU seconds, the median of
  ``--runs`` processes (CPU time says more than wall time on a busy machine), and the same for
  ``import spacy; spacy.blank("en")`` as the floor;
- resident memory (VmRSS, and the peak VmHWM) after streaming ``--stream`` letters (the seeds
  and dev letters, repeated) through ``load()`` with ``nlp.pipe(batch_size=...)``, in a fresh
  process; also Python's allocated blocks and the size of the StringStore.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LOAD = """
import resource, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
start, cpu0 = time.perf_counter(), cpu()
{code}
print(time.perf_counter() - start, cpu() - cpu0)
"""

STREAM = """
import json, sys, warnings
from pathlib import Path
warnings.simplefilter("ignore")
import imr_nlp
from imr_nlp.io.pdf import extract_text

def status():
    out = {{}}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out

shared = Path({shared!r})
base = [p.read_text(encoding="utf8") for p in sorted((shared / "seeds").glob("*.txt"))]
base += [extract_text(p) for p in sorted((shared / "letters").glob("*.pdf"))]
nlp = imr_nlp.load()
loaded = status()
stream = (base[i % len(base)] for i in range({n}))
for doc in nlp.pipe(stream, batch_size={batch}):
    pass
out = status()
out.update(loaded=loaded["VmRSS"], blocks=sys.getallocatedblocks(), strings=len(nlp.vocab.strings))
print(json.dumps(out))
"""


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.strip().splitlines()[-1]


def load_times(code: str, runs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``code`` in ``runs`` fresh processes."""
    times = [tuple(map(float, run(LOAD.format(code=code)).split())) for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stream", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args()

    print("| measure | value |\n|---|---|")
    for code in ('import spacy; spacy.blank("en")', "import imr_nlp; imr_nlp.load()"):
        wall, cpu = load_times(code, args.runs)
        print(f"| `{code}` (median of {args.runs}) | {wall:.2f} s wall, {cpu:.2f} s CPU |")
    code = STREAM.format(shared=str(args.shared), n=args.stream, batch=args.batch_size)
    mem = json.loads(run(code))
    print(f"| RSS after `load()` | {mem['loaded']:.0f} MB |")
    print(
        f"| RSS after {args.stream} letters (batch_size={args.batch_size}) | "
        f"{mem['VmRSS']:.0f} MB (peak {mem['VmHWM']:.0f} MB) |"
    )
    print(f"| Python blocks, strings | {mem['blocks']:,}, {mem['strings']:,} |")


if __name__ == "__main__":
    main()
