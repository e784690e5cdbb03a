"""Speed and memory of imr_nlp against the alternatives, in one run on the same texts.

    .venv/bin/python benchmarks/speed.py [--words 200000] [--stream 300] [--quick]
                                         [--before CHECKOUT --before-python PYTHON]

Prints Markdown (docs/speed.md is this output):

- the targets of issue #17 and whether this run meets them;
- words/s and letters/s on the seeds and dev letters repeated to about ``--words`` words, for
  ``imr_nlp.load()``, ``imr_nlp.load(model=False)``, a bare ``spacy.blank("en")`` tokenizer and
  ``medspacy.load()`` with its default components, each also as a share of the bare tokenizer
  (every pipeline first reads one letter, so lazily built tables are not charged to the rate);
- import + ``load()`` in a fresh process (median of 5) and the first letter after it;
- where the time goes: seconds per component for ``load()`` and ``load(model=False)``, as
  multiples of the bare tokenizer's time on the same texts; with ``--before CHECKOUT`` (another
  checkout of the repository, e.g. a ``git worktree`` of an older commit, installed in the
  environment of ``--before-python``) the same profile of that code on the same texts in a
  subprocess, side by side;
- PDF to text, milliseconds per page (the 64 dev PDFs);
- the ``n_process`` curve (1, 2) of ``load()``: ``nlp.pipe`` and ``imr_nlp.extract``;
- the Dask path (:mod:`imr_nlp.io.dask`, PDF to tables) on a 2-worker LocalCluster, letters/s
  per worker;
- resident memory while streaming ``--stream`` letters through ``load()`` in batches of 50: RSS,
  and RSS after ``malloc_trim(0)`` hands freed memory back to the system (the live memory);
- a worked estimate for the whole archive (1.75 million letters) on a 64-core cluster.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = 1_750_000
TARGETS = {"full": 0.20, "rules": 0.35, "load_s": 2.0, "rss_mb": 700.0}
# A short invented letter fragment to warm a pipeline up (lazily built tables) before timing.
# Its guideline part names a source only to set it aside, so the patterns compiled when a
# rejection cue is first found (imr_guidelines) are built here, not inside the timed run.
WARM_UP = (
    "Case Number: CM00-0000000\nDate of Injury: 01/02/2010\n"
    "The patient is a 50 year old male with low back pain. Norco 10/325mg #60 is requested.\n"
    "IMR ISSUES, DECISIONS AND RATIONALES\nNorco 10/325mg #60: Upheld\n"
    "Claims Administrator guideline: Decision based on MTUS Chronic Pain; the ODG was not used,\n"
    "and the ACOEM guideline was set aside; it was found inapplicable, although the ODG was read.\n"
    "MAXIMUS guideline: Decision based on ODG Pain, outside of the MTUS. ACOEM is silent.\n"
)
FRESH_LOAD = (
    "import time; t = time.perf_counter(); import imr_nlp; nlp = imr_nlp.load(); "
    f"loaded = time.perf_counter() - t; nlp({WARM_UP!r}); "
    "print(loaded, time.perf_counter() - t - loaded)"
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def trimmed_rss_mb() -> float:
    """RSS after a garbage collection and glibc's ``malloc_trim(0)`` (NaN without glibc)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return float("nan")
    return rss_mb()


def texts_of(shared: Path) -> list[str]:
    from imr_nlp.io.pdf import extract_text

    texts = [p.read_text(encoding="utf8") for p in sorted((shared / "seeds").glob("*.txt"))]
    return texts + [extract_text(p) for p in sorted((shared / "letters").glob("*.pdf"))]


def repeat_to(texts: list[str], words: int) -> list[str]:
    out, n = [], 0
    while n < words:
        for text in texts:
            out.append(text)
            n += len(text.split())
            if n >= words:
                break
    return out


def rate(nlp, texts: list[str], **kwargs) -> tuple[float, float]:
    """(words/s, letters/s) of nlp.pipe over the texts."""
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, **kwargs):
        pass
    seconds = time.perf_counter() - start
    return words / seconds, len(texts) / seconds


def timed(make):
    start = time.perf_counter()
    value = make()
    return value, time.perf_counter() - start


def profile(nlp, texts: list[str]) -> dict[str, float]:
    """Seconds per component over the texts, and the bare tokenizer's seconds ("bare")."""
    import spacy

    bare = spacy.blank("en")
    for warm in (WARM_UP, texts[0]):  # lazily built tables are not charged to a component
        nlp(warm)
    spent = {}
    start = time.perf_counter()
    for text in texts:
        bare(text)
    spent["bare"] = time.perf_counter() - start
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    spent["tokenizer (with cleaning)"] = time.perf_counter() - start
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = [proc(d) for d in docs]
        spent[name] = time.perf_counter() - start
    return spent


def profiles(texts: list[str]) -> dict[str, dict[str, float]]:
    import imr_nlp

    return {
        "load()": profile(imr_nlp.load(), texts),
        "load(model=False)": profile(imr_nlp.load(model=False), texts),
    }


def profiles_of(python: str, checkout: Path, texts_file: Path) -> dict[str, dict[str, float]]:
    """The same profiles of the imr_nlp in another checkout, in a subprocess of ``python`` (an
    environment with that checkout installed: its components' entry points are its own)."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run(
        [python, __file__, "--profile-of", str(texts_file)],
        env=env,
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_profiles(now: dict, before: dict | None, label: str | None) -> None:
    for pipeline, spent in now.items():
        bare = spent["bare"]
        old = before[pipeline] if before else None
        total = sum(v for k, v in spent.items() if k != "bare")
        print(f"### `imr_nlp.{pipeline}`\n")
        if old:
            old_total = sum(v for k, v in old.items() if k != "bare")
            print(f"| component | x bare tokenizer, {label} | x bare tokenizer, now | share now |")
            print("|---|---:|---:|---:|")
        else:
            print("| component | seconds | x bare tokenizer | share |")
            print("|---|---:|---:|---:|")
        names = sorted((k for k in spent if k != "bare"), key=lambda k: -spent[k])
        names += [k for k in (old or {}) if k not in spent and k != "bare"]
        for name in names:
            seconds = spent.get(name, 0.0)
            if old:
                before_x = f"{old[name] / old['bare']:.2f}" if name in old else "-"
                print(f"| `{name}` | {before_x} | {seconds / bare:.2f} | {seconds / total:.0%} |")
            else:
                shares = f"{seconds / bare:.2f} | {seconds / total:.0%}"
                print(f"| `{name}` | {seconds:.2f} | {shares} |")
        if old:
            print(
                f"| **all** | **{old_total / old['bare']:.2f}** | **{total / bare:.2f}** | 100% |\n"
            )
        else:
            print(f"| **all** | {total:.2f} | **{total / bare:.2f}** | 100% |\n")


def fresh_load(runs: int = 5) -> tuple[float, float]:
    """Median seconds of import + load() in a fresh process, and of its first (short) letter."""
    loads, firsts = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", FRESH_LOAD], capture_output=True, text=True, check=True
        )
        load_s, first_s = map(float, out.stdout.split())
        loads.append(load_s)
        firsts.append(first_s)
    return statistics.median(loads), statistics.median(firsts)


def dask_rate(shared: Path) -> tuple[int, float]:
    """(letters, seconds) of imr_nlp.io.dask, PDF to tables, on a 2-worker LocalCluster."""
    import dask
    from dask.distributed import Client, LocalCluster

    import imr_nlp.io.dask as imr_dask

    logging.getLogger("distributed").setLevel(logging.ERROR)
    paths = sorted((shared / "letters").glob("*.pdf")) * 2
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR
    )
    with cluster, Client(cluster):
        dask.compute(*imr_dask.tables(paths[:2], npartitions=2).values())
        start = time.perf_counter()
        letters = dask.compute(imr_dask.tables(paths, npartitions=8)["letters"])[0]
        seconds = time.perf_counter() - start
    return len(letters), seconds


@contextlib.contextmanager
def quiet_medspacy():
    """medspaCy's pipeline warns (W036) and adds a handler to the root logger: undo both."""
    handlers = list(logging.getLogger().handlers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
    for handler in logging.getLogger().handlers:
        if handler not in handlers:
            logging.getLogger().removeHandler(handler)


def medspacy_load():
    import medspacy
    from loguru import logger

    logger.remove()  # PyRuSH logs every token at DEBUG
    return medspacy.load()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--stream", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="40,000 words")
    parser.add_argument("--before", type=Path, help="another checkout to profile side by side")
    parser.add_argument(
        "--before-python",
        default=sys.executable,
        help="the Python of an environment with the --before checkout installed (pip install -e)",
    )
    parser.add_argument("--profile-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.profile_of:  # the subprocess of --before: profile this checkout's imr_nlp
        print(json.dumps(profiles(json.loads(args.profile_of.read_text()))))
        return
    if args.quick:
        args.words = 40_000
    import spacy

    import imr_nlp

    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}, "
        f"imr_nlp {imr_nlp.__version__}\n"
    )
    base = texts_of(args.shared)
    texts = repeat_to(base, args.words)
    words = sum(len(t.split()) for t in texts)
    load_s, first_s = fresh_load()
    full = imr_nlp.load()
    rules = imr_nlp.load(model=False)
    blank = spacy.blank("en")
    with quiet_medspacy():
        med = medspacy_load()
        rows = [
            ("spacy.blank('en') tokenizer", blank, texts),
            ("imr_nlp.load(model=False)", rules, texts),
            ("imr_nlp.load()", full, texts),
            # medspaCy is much slower: measured on a tenth of the texts
            ("medspacy.load() (defaults)", med, texts[: max(1, len(texts) // 10)]),
        ]
        results = {}
        for name, nlp, sample in rows:
            for warm in (WARM_UP, texts[0]):  # lazily built tables are not charged to the rate
                nlp(warm)
            results[name] = rate(nlp, sample)
    bare = results["spacy.blank('en') tokenizer"][0]
    share_full = results["imr_nlp.load()"][0] / bare
    share_rules = results["imr_nlp.load(model=False)"][0] / bare

    stream = (base[i % len(base)] for i in range(args.stream))
    memory = []
    for i, _ in enumerate(full.pipe(stream, batch_size=50), start=1):
        if i == 1 or i % 100 == 0 or i == args.stream:
            memory.append((i, rss_mb(), trimmed_rss_mb()))
    rss_end = memory[-1][1]

    print("## Targets (issue #17), this run\n")
    print("| measure | target | this run | met |\n|---|---|---|---|")
    checks = [
        ("full pipeline, share of the bare tokenizer's words/s", ">= 20%", share_full,
         f"{share_full:.1%}", share_full >= TARGETS["full"]),
        ("rules only, share of the bare tokenizer's words/s", ">= 35%", share_rules,
         f"{share_rules:.1%}", share_rules >= TARGETS["rules"]),
        ("import + `load()` in a fresh process (median of 5)", "<= 2.0 s", load_s,
         f"{load_s:.2f} s", load_s <= TARGETS["load_s"]),
        (f"RSS after {args.stream} streamed letters", "<= 700 MB", rss_end,
         f"{rss_end:.0f} MB", rss_end <= TARGETS["rss_mb"]),
    ]  # fmt: skip
    for what, target, _, shown, met in checks:
        print(f"| {what} | {target} | {shown} | {'yes' if met else '**no**'} |")
    print()

    print(f"## Throughput ({words:,} words, {len(texts)} letters)\n")
    print("| pipeline | words/s | letters/s | share of the bare tokenizer |")
    print("|---|---|---|---|")
    for name, _, _ in rows:
        wps, lps = results[name]
        print(f"| `{name}` | {wps:,.0f} | {lps:.1f} | {wps / bare:.1%} |")
    print(
        f"\nImport + `imr_nlp.load()` in a fresh process: {load_s:.2f} s (median of 5); "
        f"its first letter then takes {first_s:.2f} s.\n"
    )

    print("## Where the time goes (seconds per component, same texts)\n")
    now = profiles(texts)
    before = None
    if args.before:
        texts_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"imr_speed_{os.getpid()}.json"
        texts_file.write_text(json.dumps(texts))
        try:
            before = profiles_of(args.before_python, args.before.resolve(), texts_file)
        finally:
            texts_file.unlink()
        print(f"Before: the checkout at `{args.before}`; now: this checkout.\n")
    print_profiles(now, before, "before")

    from imr_nlp.io.pdf import extract_text

    pdfs = sorted((args.shared / "letters").glob("*.pdf"))
    import pypdfium2

    pages = sum(len(pypdfium2.PdfDocument(str(p))) for p in pdfs)
    start = time.perf_counter()
    for p in pdfs:
        extract_text(p)
    pdf_s = time.perf_counter() - start
    per_page = pdf_s * 1000 / pages
    print(f"## PDF to text\n\n{len(pdfs)} PDFs, {pages} pages: {per_page:.1f} ms per page\n")
    from imr_nlp.io.pdfworker import PdfWorker

    worker = PdfWorker()  # what a batch does: a worker process with memory and time limits
    start = time.perf_counter()
    worker.extract(pdfs[0])
    started = time.perf_counter() - start
    start = time.perf_counter()
    for p in pdfs:
        worker.extract(p)
    isolated = (time.perf_counter() - start) * 1000 / pages
    worker.close()
    print(
        f"In the batch's worker process: {isolated:.1f} ms per page "
        f"(and {started * 1000:.0f} ms once to start it)\n"
    )

    sample = texts[: max(16, len(texts) // 4)]
    one = rate(full, sample, batch_size=4)[1]
    two = rate(full, sample, n_process=2, batch_size=4)[1]
    pdfs_twice = pdfs * 2
    extract_rate = {}
    for n in (1, 2):
        start = time.perf_counter()
        imr_nlp.extract(pdfs_twice, nlp=full, n_process=n)
        extract_rate[n] = len(pdfs_twice) / (time.perf_counter() - start)
    print("## n_process: 1 and 2 processes\n")
    print(
        f"`nlp.pipe` ({len(sample)} letters, text in memory, batches of 4; each Doc is sent back "
        f"to the parent) and `imr_nlp.extract` ({len(pdfs_twice)} dev PDFs, PDF to tables; its "
        "worker processes send back table rows), letters/s:\n"
    )
    print("| processes | `nlp.pipe` | speed-up | `imr_nlp.extract` | speed-up |")
    print("|---|---|---|---|---|")
    e1, e2 = extract_rate[1], extract_rate[2]
    print(f"| 1 | {one:.1f} | 1.00x | {e1:.1f} | 1.00x |")
    print(f"| 2 | {two:.1f} | {two / one:.2f}x | {e2:.1f} | {e2 / e1:.2f}x |\n")

    letters, seconds = dask_rate(args.shared)
    per_worker = letters / seconds / 2
    print("## Dask, 2 workers (LocalCluster, dev PDFs twice, PDF to tables, after a warm-up)\n")
    print(
        f"{letters} letters in {seconds:.1f} s: {letters / seconds:.1f} letters/s, "
        f"{per_worker:.1f} letters/s per worker\n"
    )

    print(f"## Memory while streaming {args.stream} letters through `load()`\n")
    print("| letters | RSS MB | RSS after malloc_trim MB |\n|---|---|---|")
    for i, rss, trimmed in memory:
        print(f"| {i} | {rss:.0f} | {trimmed:.0f} |")
    print()

    hours = ARCHIVE / (64 * per_worker) / 3600
    print("## The whole archive on 64 cores (an estimate)\n")
    print(
        f"The Dask path reads {per_worker:.1f} letters/s per worker on this machine (PDF text, "
        f"pipeline and tables; one single-threaded worker per core). With one worker per core "
        f"on 64 cores and no other bottleneck, {ARCHIVE:,} letters take "
        f"{ARCHIVE:,} / (64 x {per_worker:.1f}) s = **{hours:.1f} hours**. Memory: one worker "
        f"holds about {rss_end:.0f} MB, so 64 workers need about {64 * rss_end / 1024:.0f} GB. "
        f"The two-process curves above (`imr_nlp.extract` {e2 / e1:.2f}x on 2 cores) are the "
        "measured scaling on this machine; reading the PDFs from shared storage is not included."
    )


if __name__ == "__main__":
    main()
