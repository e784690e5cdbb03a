"""Reading IMR determination letters from PDF files.

Text is extracted with pypdfium2 (PDFium, Apache-2.0/BSD): it was the fastest candidate on the
dev letters and keeps each header label on the same line as its value (see
``benchmarks/pdf_extractors.md``).

Failures raise :class:`~imr_nlp.errors.PDFError` with a stable code:

========  ==============================================================================
``E001``  the path does not exist (also a dangling symlink)
``E010``  the path exists but cannot be read as a file: a directory, a FIFO or other
          non-regular file, or an OS error such as permission denied
``E002``  no ``%PDF`` signature in the first 1024 bytes (a zero-byte file included)
``E003``  PDFium cannot open the document (truncated, corrupted, no pages, unsupported
          security handler) or cannot load one of its pages
``E004``  the document is encrypted with a user password (it cannot be opened without it);
          a PDF protected by an owner password only opens normally and is read
``E005``  no page yields any non-whitespace text: an image-only (scanned) PDF, which
          needs OCR first
========  ==============================================================================

Error messages carry the path, codes and short reasons, never text of the letter.

These functions read in the calling process. A batch (``imr_nlp.extract``, ``imr-nlp extract``,
the Dask path) runs :func:`extract_text` in a worker process with a memory and a time limit per
file instead (:mod:`imr_nlp.io.pdfworker`: ``E016``, ``E017``, ``E018``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from imr_nlp.errors import Errors, PDFError

__all__ = ["extract_text", "read_pdf"]

#: The PDF header may start anywhere in the first 1024 bytes (as PDF readers accept).
_SIGNATURE = b"%PDF"
_HEADER_WINDOW = 1024

#: PDFium load error codes (``FPDF_ERR_*``) -> short reasons for ``E003``.
_PDFIUM_REASONS = {
    0: "the document has no pages",  # FPDF_ERR_SUCCESS with a page count < 1
    1: "unknown PDFium error",  # FPDF_ERR_UNKNOWN
    3: "invalid PDF structure",  # FPDF_ERR_FORMAT
    5: "unsupported security handler",  # FPDF_ERR_SECURITY
    6: "page not found or content error",  # FPDF_ERR_PAGE
}


def _check_file(path: str | os.PathLike[str]) -> Path:
    """Check that ``path`` is a readable regular file that starts like a PDF.

    Args:
        path: path of the file.

    Returns:
        The path as a :class:`~pathlib.Path`.

    Raises:
        PDFError: ``E001`` (missing), ``E010`` (directory, not a regular file or unreadable)
            or ``E002`` (no ``%PDF`` signature).
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise PDFError(Errors.E001, path=p) from None
    except OSError as exc:
        raise PDFError(Errors.E010, path=p, reason=exc.strerror or type(exc).__name__) from None
    if stat.S_ISDIR(st.st_mode):
        raise PDFError(Errors.E010, path=p, reason="is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise PDFError(Errors.E010, path=p, reason="not a regular file")
    try:
        with p.open("rb") as fh:
            head = fh.read(_HEADER_WINDOW)
    except OSError as exc:
        raise PDFError(Errors.E010, path=p, reason=exc.strerror or type(exc).__name__) from None
    if _SIGNATURE not in head:
        raise PDFError(Errors.E002, path=p)
    return p


#: Characters read from a PDF at most: the pipeline reads the first 100,000 of a letter (and
#: flags a longer text with W006); pages after this many are not read at all.
MAX_PDF_CHARS = 100_001


def extract_text(path: str | os.PathLike[str], max_chars: int | None = MAX_PDF_CHARS) -> str:
    """Extract the raw text of a PDF with pypdfium2.

    Pages are joined with a form feed (``"\\f"``), so a document of *n* pages gives *n - 1*
    form feeds; ``"\\r\\n"`` and ``"\\r"`` are normalised to ``"\\n"``. The text is not
    cleaned (see :func:`read_pdf`).

    Args:
        path: path of the PDF file.
        max_chars: stop reading once this many characters are read (None: read every page).
            A longer letter than the pipeline reads keeps one character too many, so that it is
            still flagged (W006).

    Returns:
        The text of the pages (all of them, or up to ``max_chars``).

    Raises:
        PDFError: ``E001`` missing file, ``E010`` directory or unreadable file, ``E002`` not a
            PDF, ``E003`` corrupted PDF, ``E004`` password-protected PDF, ``E005`` no text
            layer (image-only or scanned PDF: run OCR first).
    """
    p = _check_file(path)
    try:
        doc = pdfium.PdfDocument(p)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PDFError(Errors.E004, path=p) from None
        if code == pdfium_c.FPDF_ERR_FILE:
            raise PDFError(Errors.E010, path=p, reason="PDFium could not open the file") from None
        reason = _PDFIUM_REASONS.get(code, "PDFium could not open the document")
        raise PDFError(Errors.E003, path=p, reason=reason) from None

    pages: list[str] = []
    budget = max_chars if max_chars is not None else -1
    try:
        for index in range(len(doc)):
            if max_chars is not None and budget <= 0:
                break
            try:
                page = doc[index]
            except pdfium.PdfiumError:
                reason = f"page {index + 1} could not be loaded"
                raise PDFError(Errors.E003, path=p, reason=reason) from None
            try:
                textpage = page.get_textpage()
                try:
                    count = textpage.count_chars()
                    if max_chars is not None:
                        count = min(count, budget)
                        budget -= count + 1  # and the form feed
                    pages.append(textpage.get_text_range(0, count) if count > 0 else "")
                finally:
                    textpage.close()
            except pdfium.PdfiumError:
                reason = f"the text of page {index + 1} could not be read"
                raise PDFError(Errors.E003, path=p, reason=reason) from None
            finally:
                page.close()
    finally:
        doc.close()

    if not any(text.strip() for text in pages):
        raise PDFError(Errors.E005, path=p)
    return "\f".join(pages).replace("\r\n", "\n").replace("\r", "\n")


def read_pdf(path: str | os.PathLike[str]) -> str:
    """Read a letter from a PDF: extract its text and clean it.

    Args:
        path: path of the PDF file.

    Returns:
        The cleaned text (``clean_text(extract_text(path)).text``).

    Raises:
        PDFError: as :func:`extract_text`.
    """
    raw = extract_text(path)  # errors first: a bad file never pays for importing the cleaner
    from imr_nlp.text.clean import clean_text

    return clean_text(raw).text
