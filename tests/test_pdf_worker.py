"""PDF extraction in a worker process: one hostile PDF is an error row (memory limit E016,
time limit E017, crash E018), the next file is still read, the worker never outlives its
parent and a Ctrl-C stops it (issue: a batch over an archive survives hostile inputs).

The hostile PDFs are built here: one page whose compressed content stream repeats a few
invented text operators, expanding to megabytes (no letter text)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import imr_nlp
from imr_nlp.cli import main
from imr_nlp.errors import PDFError
from imr_nlp.io import pdfworker
from imr_nlp.io.pdf import extract_text
from imr_nlp.io.pdfworker import PdfWorker, extract_text_isolated, limits
from imr_nlp.io.readers import read_letter, read_letters

from .test_pdf import make_text_pdf

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and /proc: Linux")


def hostile_pdf(path: Path, repeats: int) -> Path:
    """A PDF of a few KB whose one page draws ``repeats`` short strings, one under another:
    PDFium lays out every one of them (about 3.5 KB of memory each)."""
    ops = b"BT /F1 1 Tf " + b"(ab cd ef gh) Tj 0 -1 Td\n" * repeats + b"ET\n"
    stream = zlib.compress(ops, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfs")
    return {
        "good": make_text_pdf(folder / "good.pdf", ["Case Number: XX00-0000000", "Item 1"]),
        "huge": hostile_pdf(folder / "huge.pdf", 300_000),  # over 1 GB to lay out
        "slow": hostile_pdf(folder / "slow.pdf", 100_000),  # a second or more, ~350 MB
    }


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def code_of(func, *args) -> str:
    with pytest.raises(PDFError) as info:
        func(*args)
    return info.value.code


def test_the_worker_gives_the_text_and_the_errors_of_extract_text(files, tmp_path):
    worker = PdfWorker()
    try:
        assert worker.extract(files["good"]) == extract_text(files["good"])
        assert worker.extract(files["good"], 5) == extract_text(files["good"], 5)
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(files["good"].read_bytes()[:200])
        notpdf = tmp_path / "notes.pdf"
        notpdf.write_text("no signature here")
        for path in (broken, notpdf, tmp_path / "gone.pdf"):
            with pytest.raises(PDFError) as here:
                extract_text(path)
            with pytest.raises(PDFError) as there:
                worker.extract(path)
            assert (there.value.code, str(there.value)) == (here.value.code, str(here.value))
        pid = worker.pid
        assert pid is not None and worker.extract(files["good"]) == extract_text(files["good"])
        assert worker.pid == pid  # one worker for every file: errors do not restart it
    finally:
        worker.close()
    assert pid is not None and not alive(pid)


def test_a_pdf_over_the_memory_limit_is_an_error_row_and_the_next_file_is_read(files, monkeypatch):
    monkeypatch.setenv("IMR_NLP_PDF_MEMORY_MB", "250")
    batch = [files["huge"], files["good"]]
    texts, errors = read_letters(batch, ["huge", "good"])
    assert [(row["letter_id"], row["code"]) for row in errors] == [("huge", "E016")]
    assert "250 MB" in errors[0]["error"] and "IMR_NLP_PDF_MEMORY_MB" in errors[0]["error"]
    assert texts == [(extract_text(files["good"]), "good")]


def test_a_pdf_over_the_time_limit_is_an_error_row_and_the_next_file_is_read(files):
    worker = PdfWorker(timeout=0.2)
    try:
        start = time.monotonic()
        assert code_of(worker.extract, files["slow"]) == "E017"
        assert time.monotonic() - start < 10
        assert worker.pid is None  # killed; the next file starts a new worker
        assert worker.extract(files["good"]) == extract_text(files["good"])
    finally:
        worker.close()


def test_a_worker_killed_mid_file_is_a_crash_row_and_the_next_file_is_read(files):
    worker = PdfWorker(timeout=0)
    try:
        worker.extract(files["good"])
        pid = worker.pid
        assert pid is not None
        threading.Timer(0.3, os.kill, (pid, signal.SIGKILL)).start()
        with pytest.raises(PDFError) as info:
            worker.extract(files["slow"])
        assert info.value.code == "E018" and "SIGKILL" in str(info.value)
        assert worker.extract(files["good"]) == extract_text(files["good"])
        assert worker.pid not in (None, pid)
    finally:
        worker.close()


def test_ctrl_c_while_the_worker_reads_stops_the_worker(files):
    worker = PdfWorker(timeout=0)
    try:
        worker.extract(files["good"])
        pid = worker.pid
        main_thread = threading.main_thread().ident
        threading.Timer(0.3, signal.pthread_kill, (main_thread, signal.SIGINT)).start()
        with pytest.raises(KeyboardInterrupt):
            worker.extract(files["slow"])
        assert worker.pid is None and not alive(pid)
        assert worker.extract(files["good"]) == extract_text(files["good"])
    finally:
        worker.close()


def test_the_worker_does_not_outlive_its_parent(files):
    script = textwrap.dedent(
        f"""
        import os, signal, threading
        from imr_nlp.io.pdfworker import PdfWorker
        worker = PdfWorker(timeout=0)
        worker.extract({str(files["good"])!r})
        print(worker.pid, flush=True)
        threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGKILL)).start()
        worker.extract({str(files["slow"])!r})  # killed while the worker reads
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    pid = int(proc.stdout.split()[0])
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


def test_the_limits_come_from_arguments_then_the_environment(monkeypatch):
    monkeypatch.delenv("IMR_NLP_PDF_MEMORY_MB", raising=False)
    monkeypatch.delenv("IMR_NLP_PDF_TIMEOUT", raising=False)
    assert limits() == (pdfworker.MEMORY_MB, pdfworker.TIMEOUT_S) == (2048, 60.0)
    monkeypatch.setenv("IMR_NLP_PDF_TIMEOUT", "5")
    assert limits() == (2048, 5.0) and limits(100, 0) == (100, 0)
    monkeypatch.setenv("IMR_NLP_PDF_MEMORY_MB", "lots")
    with pytest.raises(ValueError, match=r"IMR_NLP_PDF_MEMORY_MB.*lots"):
        limits()


def test_the_batch_reader_is_isolated_and_read_pdf_is_not(files, monkeypatch):
    calls = []
    monkeypatch.setattr(pdfworker.PdfWorker, "extract", lambda self, *a: calls.append(a) or "x")
    assert read_letter(files["good"]) == "x" and len(calls) == 1
    assert read_letter(files["good"], isolated=False) == extract_text(files["good"])
    assert imr_nlp.read_pdf(files["good"]) and len(calls) == 1
    assert extract_text_isolated(files["good"]) == "x" and len(calls) == 2


@pytest.mark.slow  # loads the pipeline
def test_the_cli_writes_a_memory_error_row_and_the_other_letters(files, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "huge.pdf").write_bytes(files["huge"].read_bytes())
    (folder / "zzz.pdf").write_bytes(files["good"].read_bytes())  # read after huge.pdf
    (folder / "letter.txt").write_text(imr_nlp.sample_text(), encoding="utf8")
    out = tmp_path / "out" / "run.csv"
    result = CliRunner().invoke(
        main,
        ["extract", str(folder), "-o", str(out), "--no-model", "--quiet"],
        env={"IMR_NLP_PDF_MEMORY_MB": "250"},
    )
    assert result.exit_code == 1, result.output  # some inputs failed, the rest is written
    tables = imr_nlp.read_tables(out)
    assert sorted(tables.letters["letter_id"]) == ["letter", "zzz"]
    assert list(zip(tables.errors["letter_id"], tables.errors["code"], strict=True)) == [
        ("huge", "E016")
    ]


def test_a_dask_partition_writes_a_memory_error_row_and_the_other_letters(files, monkeypatch):
    pytest.importorskip("dask")
    from imr_nlp.io.dask import process_partition

    entries = [(str(files["huge"]), "huge"), (str(files["good"]), "good")]
    monkeypatch.setenv("IMR_NLP_PDF_MEMORY_MB", "250")
    frames = process_partition(entries, model=False)
    assert list(frames["letters"]["letter_id"]) == ["good"]
    assert list(zip(frames["errors"]["letter_id"], frames["errors"]["code"], strict=True)) == [
        ("huge", "E016")
    ]


def test_a_dask_partition_takes_the_limits_it_is_given_not_the_environment(files, monkeypatch):
    pytest.importorskip("dask")
    from imr_nlp.io.dask import process_partition
    from imr_nlp.io.pdfworker import limits

    entries = [(str(files["huge"]), "huge"), (str(files["good"]), "good")]
    monkeypatch.delenv("IMR_NLP_PDF_MEMORY_MB", raising=False)
    frames = process_partition(entries, model=False, pdf_limits=(250, None))
    assert list(frames["letters"]["letter_id"]) == ["good"]
    assert list(frames["errors"]["code"]) == ["E016"]
    assert limits()[0] != 250  # the task's limits end with it


def test_the_cli_takes_the_limits_as_options_and_refuses_bad_ones(files, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "huge.pdf").write_bytes(files["huge"].read_bytes())
    (folder / "zzz.pdf").write_bytes(files["good"].read_bytes())
    out = tmp_path / "out" / "run.csv"
    run = ["extract", str(folder), "-o", str(out), "--no-model", "--quiet"]
    monkeypatch.delenv("IMR_NLP_PDF_MEMORY_MB", raising=False)
    result = CliRunner().invoke(main, [*run, "--pdf-memory-mb", "250"])
    assert result.exit_code == 1, result.output
    assert list(imr_nlp.read_tables(out).errors["code"]) == ["E016"]
    assert "IMR_NLP_PDF_MEMORY_MB" not in os.environ  # the option's value is not left behind
    for bad in (["--pdf-timeout", "-1"], ["--pdf-memory-mb", "lots"]):
        result = CliRunner().invoke(main, [*run, "--overwrite", *bad])
        assert result.exit_code == 2 and "Invalid value" in result.output
    result = CliRunner().invoke(main, [*run, "--overwrite"], env={"IMR_NLP_PDF_TIMEOUT": "soon"})
    assert result.exit_code == 2 and "--pdf-timeout" in result.output


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_the_cli_on_a_scheduler_sends_its_limits_to_the_workers(files, tmp_path, monkeypatch):
    """The worker processes of a cluster do not share the client's environment: the command's
    --pdf-memory-mb reaches them with each task."""
    distributed = pytest.importorskip("distributed")
    monkeypatch.delenv("IMR_NLP_PDF_MEMORY_MB", raising=False)
    out = tmp_path / "run.csv"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        args = [str(files["huge"]), str(files["good"]), "-o", str(out), "--no-model", "--quiet"]
        args += ["--pdf-memory-mb", "250", "--scheduler", cluster.scheduler_address]
        result = CliRunner().invoke(main, ["extract", *args])
    assert result.exit_code == 1, result.output
    tables = imr_nlp.read_tables(out)
    assert list(tables.letters["letter_id"]) == ["good"]
    assert list(zip(tables.errors["letter_id"], tables.errors["code"], strict=True)) == [
        ("huge", "E016")
    ]
