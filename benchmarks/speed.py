"""Speed and memory of imr_nlp against the alternatives, in one run on the same texts.

    .venv/bin/python benchmarks/speed.py [--words 200000] [--stream 2000] [--quick]

Prints Markdown tables (the README's "Speed" section is this output):

- words/s and letters/s on the seeds and dev letters repeated to about ``--words`` words, for
  ``imr_nlp.load()``, ``imr_nlp.load(model=False)``, a bare ``spacy.blank("en")`` tokenizer and
  ``medspacy.load()`` with its default components (its loguru logging switched off), each also as
  a share of the bare tokenizer;
- the time to load each pipeline;
- PDF to text, milliseconds per page (pypdfium2, the 64 dev PDFs);
- the speed-up of ``nlp.pipe(..., n_process=2)``;
- resident memory while streaming ``--stream`` letters through ``load()`` in batches of 50
  (every 250 letters; spaCy's default batch of 1,000 Docs would hold a thousand letters). RSS
  alone swings by tens of MB with the freed memory that glibc keeps for reuse (the model's
  arrays for each batch), so each row also gives the RSS after ``malloc_trim(0)`` hands that
  back, Python's allocated blocks and the size of the StringStore: the live memory;
- where the time goes: seconds per component of ``load()`` on the same texts (the profile
  behind the gaps to the targets);
- the Dask path (:mod:`imr_nlp.io.dask`) on a 2-worker LocalCluster over the dev PDFs.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import logging
import os
import platform
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


def dask_rate(shared: Path) -> str:
    """Letters per second of imr_nlp.io.dask on a 2-worker LocalCluster (pipeline warm)."""
    import dask
    from dask.distributed import Client, LocalCluster

    import imr_nlp.io.dask as imr_dask

    paths = sorted((shared / "letters").glob("*.pdf")) * 2
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR
    )
    with cluster, Client(cluster):
        dask.compute(*imr_dask.tables(paths[:2], npartitions=2).values())
        start = time.perf_counter()
        letters = dask.compute(imr_dask.tables(paths, npartitions=8)["letters"])[0]
        seconds = time.perf_counter() - start
    return f"{len(letters)} letters in {seconds:.1f} s: {len(letters) / seconds:.1f} letters/s"


def timed(make):
    start = time.perf_counter()
    value = make()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--stream", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="20,000 words, 200 letters")
    args = parser.parse_args()
    if args.quick:
        args.words, args.stream = 20_000, 200
    warnings.simplefilter("ignore")
    import spacy

    import imr_nlp

    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}\n"
    )
    base = texts_of(args.shared)
    texts = repeat_to(base, args.words)
    full, full_load = timed(imr_nlp.load)
    rules, rules_load = timed(lambda: imr_nlp.load(model=False))
    blank, blank_load = timed(lambda: spacy.blank("en"))

    def medspacy_load():
        import medspacy
        from loguru import logger

        logger.remove()  # PyRuSH logs every token at DEBUG
        return medspacy.load()

    med, med_load = timed(medspacy_load)
    rows = [
        ("spacy.blank('en') tokenizer", blank, blank_load, texts),
        ("imr_nlp.load(model=False)", rules, rules_load, texts),
        ("imr_nlp.load()", full, full_load, texts),
        # medspaCy is about 20x slower: measured on a tenth of the texts
        ("medspacy.load() (defaults)", med, med_load, texts[: max(1, len(texts) // 10)]),
    ]
    results = {}
    for name, nlp, _, sample in rows:
        results[name] = rate(nlp, sample)
    bare = results["spacy.blank('en') tokenizer"][0]
    print(f"## Throughput ({sum(len(t.split()) for t in texts):,} words, {len(texts)} letters)\n")
    print("| pipeline | load s | words/s | letters/s | share of the bare tokenizer |")
    print("|---|---|---|---|---|")
    for name, _, load_s, _ in rows:
        wps, lps = results[name]
        print(f"| `{name}` | {load_s:.2f} | {wps:,.0f} | {lps:.1f} | {wps / bare:.1%} |")

    from imr_nlp.io.pdf import extract_text

    pdfs = sorted((args.shared / "letters").glob("*.pdf"))
    import pypdfium2

    pages = sum(len(pypdfium2.PdfDocument(str(p))) for p in pdfs)
    start = time.perf_counter()
    for p in pdfs:
        extract_text(p)
    ms = (time.perf_counter() - start) * 1000 / pages
    print(f"\n## PDF to text\n\n{len(pdfs)} PDFs, {pages} pages: {ms:.1f} ms per page\n")
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

    sample = texts[: max(8, len(texts) // 4)]
    one = rate(full, sample)[0]
    two = rate(full, sample, n_process=2, batch_size=4)[0]
    print(f"## n_process=2 ({len(sample)} letters, `load()`)\n")
    print(f"1 process {one:,.0f} words/s, 2 processes {two:,.0f} words/s: {two / one:.2f}x\n")

    print("## Where the time goes (`load()`, seconds per component)\n")
    spent = {}
    start = time.perf_counter()
    docs = [full.make_doc(t) for t in texts]
    spent["tokenizer (with cleaning)"] = time.perf_counter() - start
    for name, proc in full.pipeline:
        start = time.perf_counter()
        docs = [proc(d) for d in docs]
        spent[name] = time.perf_counter() - start
    total = sum(spent.values())
    print("| component | seconds | share |\n|---|---|---|")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"| `{name}` | {seconds:.1f} | {seconds / total:.0%} |")
    del docs
    print()

    print("## Dask, 2 workers (LocalCluster, dev PDFs twice, after a warm-up)\n")
    print(dask_rate(args.shared))
    print()

    print(f"## Memory while streaming {args.stream} letters through `load()`\n")
    print("| letters | RSS MB | RSS after malloc_trim MB | Python blocks | strings |")
    print("|---|---|---|---|---|")
    stream = (base[i % len(base)] for i in range(args.stream))
    for i, _ in enumerate(full.pipe(stream, batch_size=50), start=1):
        if i == 1 or i % 250 == 0 or i == args.stream:
            rss = rss_mb()
            trimmed = trimmed_rss_mb()
            blocks, strings = sys.getallocatedblocks(), len(full.vocab.strings)
            print(f"| {i} | {rss:.0f} | {trimmed:.0f} | {blocks:,} | {strings:,} |")


if __name__ == "__main__":
    main()
