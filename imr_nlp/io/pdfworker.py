"""PDF extraction in a worker process with a memory and a time limit per file.

A hostile PDF (a small file whose compressed content stream expands to millions of text
operators) can make PDFium allocate gigabytes, run for minutes or crash. Read in the process
that runs the batch, one such file takes the whole batch down; read here, it is an error row:

========  ==============================================================================
``E016``  the extraction needed more memory than the limit (the worker's address space is
          capped with ``RLIMIT_AS``; PDFium aborts when an allocation fails)
``E017``  the extraction took longer than the time limit (the worker is killed)
``E018``  the worker died otherwise (a crash in PDFium, or killed from outside)
========  ==============================================================================

After any of these the worker is replaced and the next file is read. The worker is persistent
(one per thread that reads PDFs, started on first use): a file costs a round trip through a
pipe, not a process start. It runs :func:`imr_nlp.io.pdf.extract_text`, so the text is the
same as in-process, and so are the other error codes. It never outlives its parent: it dies
with the thread that started it (``PR_SET_PDEATHSIG`` on Linux), leaves when its input pipe
closes, and runs in a session of its own, so a Ctrl-C at the terminal reaches only the parent.

Limits (function arguments, else the environment, else the defaults):

- ``IMR_NLP_PDF_MEMORY_MB`` (default 2048): address space of the worker in MB; 0 for none.
- ``IMR_NLP_PDF_TIMEOUT`` (default 60): seconds per file; 0 for none.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

from ..errors import Errors, PDFError
from .pdf import MAX_PDF_CHARS, _check_file

__all__ = ["PdfWorker", "extract_text_isolated", "limits", "thread_limits"]

#: Default address-space limit of the worker, MB (a letter needs under 100 MB).
MEMORY_MB = 2048
#: Default time limit per file, seconds (a letter takes well under a second).
TIMEOUT_S = 60.0
MEMORY_ENV = "IMR_NLP_PDF_MEMORY_MB"
TIMEOUT_ENV = "IMR_NLP_PDF_TIMEOUT"
#: Seconds a new worker may take to start (import pypdfium2) before it counts as crashed.
_START_S = 60.0
#: Extra seconds after the time limit at which the worker's own alarm kills it (a backstop
#: for a parent that can no longer do it).
_ALARM_MARGIN_S = 10


def limits(memory_mb: float | None = None, timeout: float | None = None) -> tuple[float, float]:
    """(memory MB, timeout s) to use: the arguments, else this thread's
    (:func:`thread_limits`), else the environment, else the defaults. 0 means no limit.

    Raises:
        ValueError: an environment variable that is not a number >= 0.
    """
    ours: tuple[float | None, float | None] = getattr(_local, "limits", (None, None))

    def pick(value: float | None, env: str, default: float, own: float | None) -> float:
        value = own if value is None else value
        given: object = value
        if value is None:
            given = raw = os.environ.get(env, "").strip()
            try:
                value = float(raw) if raw else default
            except ValueError:
                value = float("nan")
        if not value >= 0:
            raise ValueError(f"{env} must be a number >= 0 (0: no limit), got {given!r}")
        return value

    return (
        pick(memory_mb, MEMORY_ENV, MEMORY_MB, ours[0]),
        pick(timeout, TIMEOUT_ENV, TIMEOUT_S, ours[1]),
    )


@contextlib.contextmanager
def thread_limits(memory_mb: float | None = None, timeout: float | None = None) -> Iterator[None]:
    """The PDF limits of this thread for the duration (None: the environment's or the
    default), before the environment: a Dask task takes the limits its client was given
    (``imr-nlp extract --scheduler --pdf-timeout``) without touching the worker's environment,
    which its other threads share."""
    before = getattr(_local, "limits", None)
    _local.limits = (memory_mb, timeout)
    try:
        yield
    finally:
        if before is None:
            del _local.limits
        else:
            _local.limits = before


def _error(code: str, message: str) -> PDFError:
    """A PDFError with the code and message the worker raised (as raised in-process)."""
    err = PDFError.__new__(PDFError)
    Exception.__init__(err, message)
    err.code = code
    return err


def _kill(proc: subprocess.Popen[bytes], owner: int) -> None:
    """Kill and reap a worker and close its pipes (only in the process that started it)."""
    if os.getpid() != owner:
        return
    if proc.poll() is None:
        proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


class PdfWorker:
    """A persistent worker process that extracts the text of PDFs under limits.

    Args:
        memory_mb: address-space limit of the worker in MB (0: none; None: see :func:`limits`).
        timeout: seconds per file (0: none; None: see :func:`limits`).

    Not thread-safe: use one per thread (as :func:`extract_text_isolated` does).
    """

    def __init__(self, memory_mb: float | None = None, timeout: float | None = None) -> None:
        self.memory_mb, self.timeout = limits(memory_mb, timeout)
        self._proc: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()
        self._finalizer: weakref.finalize | None = None
        self._buf = bytearray()  # bytes read from the worker and not yet used

    @property
    def pid(self) -> int | None:
        """Process id of the running worker (None before the first file or after a failure)."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def close(self) -> None:
        """Stop the worker (a later file starts a new one)."""
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
        self._proc = None
        self._buf.clear()

    def _start(self) -> subprocess.Popen[bytes]:
        memory = int(self.memory_mb * (1 << 20))
        cmd = [sys.executable, "-m", __name__, str(memory), str(os.getpid())]
        if self.timeout:
            cmd.append(str(int(self.timeout) + 1 + _ALARM_MARGIN_S))
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a terminal's Ctrl-C reaches the parent only
        )
        self._proc = proc
        self._finalizer = weakref.finalize(self, _kill, proc, self._owner)
        return proc

    def _read(self, proc: subprocess.Popen[bytes], n: int | None, deadline: float) -> bytes:
        """``n`` bytes (or one line, without its newline, if None) from the worker, by the
        deadline (0: none). Raises TimeoutError or EOFError."""
        assert proc.stdout is not None
        fd, buf = proc.stdout.fileno(), self._buf
        while True:
            if n is None and b"\n" in buf:
                end = buf.index(b"\n")
                data = bytes(buf[:end])
                del buf[: end + 1]
                return data
            if n is not None and len(buf) >= n:
                data = bytes(buf[:n])
                del buf[:n]
                return data
            if deadline:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                ready, _, _ = select.select([fd], [], [], left)
                if not ready:
                    raise TimeoutError
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError
            buf += chunk

    def _died(self, proc: subprocess.Popen[bytes], path: Path) -> PDFError:
        """The error of a worker that died while reading ``path``."""
        try:
            status = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            status = None
        self.close()
        if status == -signal.SIGABRT and self.memory_mb:  # PDFium aborts when malloc fails
            return PDFError(Errors.E016, path=path, limit=f"{self.memory_mb:g}")
        if status is not None and status < 0:
            reason = f"killed by {signal.Signals(-status).name}"
        else:
            reason = f"exit status {status}"
        return PDFError(Errors.E018, path=path, reason=reason)

    def extract(self, path: str | os.PathLike[str], max_chars: int | None = MAX_PDF_CHARS) -> str:
        """:func:`imr_nlp.io.pdf.extract_text` of ``path``, in the worker.

        Raises:
            PDFError: the codes of :func:`~imr_nlp.io.pdf.extract_text`, and ``E016`` (memory
                limit), ``E017`` (time limit) or ``E018`` (the worker crashed).
        """
        p = _check_file(path)  # a missing file or a non-PDF is not worth a round trip
        if os.getpid() != self._owner:  # a forked copy: the worker belongs to the parent
            self._proc, self._finalizer, self._owner = None, None, os.getpid()
        proc = self._proc
        if proc is None or proc.poll() is not None:  # not started, or died while idle
            self.close()
            proc = self._start()
            try:
                self._read(proc, None, time.monotonic() + max(_START_S, self.timeout))
            except (TimeoutError, EOFError):
                self.close()
                raise PDFError(Errors.E018, path=p, reason="the worker did not start") from None
        assert proc.stdin is not None
        request = json.dumps({"path": str(p), "max_chars": max_chars}) + "\n"
        try:
            try:
                proc.stdin.write(request.encode("utf8", "surrogateescape"))
                proc.stdin.flush()
                deadline = time.monotonic() + self.timeout if self.timeout else 0.0
                head = json.loads(self._read(proc, None, deadline))
                if "n" in head:
                    data = self._read(proc, head["n"], deadline)
                    return data.decode("utf8", "surrogatepass")
            except TimeoutError:
                self.close()
                raise PDFError(Errors.E017, path=p, seconds=f"{self.timeout:g}") from None
            except (EOFError, BrokenPipeError, ValueError):
                raise self._died(proc, p) from None
        except BaseException:  # Ctrl-C mid-file: the worker's state is unknown
            if self._proc is proc and not isinstance(sys.exc_info()[1], PDFError):
                self.close()
            raise
        if head.get("memory"):  # Python's MemoryError in the worker; it has left
            self.close()
            raise PDFError(Errors.E016, path=p, limit=f"{self.memory_mb:g}")
        raise _error(head["code"], head["message"])


_local = threading.local()


def extract_text_isolated(
    path: str | os.PathLike[str],
    max_chars: int | None = MAX_PDF_CHARS,
    *,
    memory_mb: float | None = None,
    timeout: float | None = None,
) -> str:
    """:func:`imr_nlp.io.pdf.extract_text` in this thread's :class:`PdfWorker` (started on
    first use, replaced when the limits change or after a failure).

    Raises:
        PDFError: as :meth:`PdfWorker.extract`.
    """
    wanted = limits(memory_mb, timeout)
    worker: PdfWorker | None = getattr(_local, "worker", None)
    if worker is None or (worker.memory_mb, worker.timeout) != wanted:
        if worker is not None:
            worker.close()
        worker = _local.worker = PdfWorker(*wanted)
    return worker.extract(path, max_chars)


def _serve(memory: int, parent: int, alarm: int) -> None:
    """The worker's loop: one JSON request per line on stdin, one answer on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):  # die with the thread that started us
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl
        return
    if memory:
        import resource

        with contextlib.suppress(ValueError, OSError):  # a system without RLIMIT_AS
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    out = os.fdopen(os.dup(1), "wb")  # the answers; what PDFium prints goes nowhere
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    from .pdf import extract_text

    out.write(b"ready\n")
    out.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        if alarm:
            signal.alarm(alarm)  # SIGALRM at its default kills us, even inside PDFium
        try:
            text = extract_text(request["path"], request["max_chars"])
        except PDFError as err:
            answer, data = {"code": err.code, "message": str(err)}, b""
        except MemoryError:
            out.write(b'{"memory": true}\n')
            out.flush()
            return
        else:
            data = text.encode("utf8", "surrogatepass")
            answer = {"n": len(data)}
        signal.alarm(0)
        out.write(json.dumps(answer).encode("utf8") + b"\n" + data)
        out.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
