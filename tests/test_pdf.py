"""Reading PDFs: the text of real letters and a coded PDFError for every kind of bad file.

Every fixture is generated in ``tmp_path`` at test time (no binary file is committed): small text
PDFs are drawn with pypdfium2, encrypted and long PDFs are written with pypdf, the image-only PDF
with Pillow. Tests that start from a dev letter are marked ``letters`` and skip, with the reason,
when ../shared/letters is not beside the checkout (see conftest.py). Tests assert error codes,
not wording.

A directory is reported as E010 ("could not read"), not E001: the path exists, it is just not a
file that can be read.
"""

from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from imr_nlp.errors import PDFError
from imr_nlp.io.pdf import extract_text, read_pdf

from .conftest import SHARED, letters_missing

LETTERS = SHARED / "letters"
LETTER_PATHS = sorted(LETTERS.glob("*.pdf")) if LETTERS.is_dir() else []
N_DEV_LETTERS = 64
OUTCOME = re.compile(r"\b(Upheld|Overturned)\b")
#: A synthetic PDF, and the first dev letter (a ``letters`` test).
SOURCES = ["synthetic", pytest.param("letter", marks=pytest.mark.letters)]


def make_text_pdf(path: Path, pages: list[str]) -> Path:
    """Write a PDF with one page per string; lines of a string are drawn one under another."""
    pdf = pdfium.PdfDocument.new()
    try:
        for text in pages:
            page = pdf.new_page(612, 792)
            try:
                for i, line in enumerate(text.split("\n")):
                    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf, b"Helvetica", ctypes.c_float(12))
                    buf = ctypes.create_string_buffer((line + "\x00").encode("utf-16-le"))
                    wide = ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
                    assert pdfium_c.FPDFText_SetText(obj, wide)
                    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 700 - 16 * i)
                    pdfium_c.FPDFPage_InsertObject(page, obj)
                assert pdfium_c.FPDFPage_GenerateContent(page)
            finally:
                page.close()
        pdf.save(path)
    finally:
        pdf.close()
    return path


def first_letter() -> Path:
    if not LETTER_PATHS:
        letters_missing()
    return LETTER_PATHS[0]


@pytest.fixture
def text_pdf(tmp_path: Path) -> Path:
    return make_text_pdf(
        tmp_path / "synthetic.pdf",
        ["Case Number: XX00-0000000\nDate Assigned: 01/02/2016", "Item 1: Upheld"],
    )


def error_code(path: str | os.PathLike[str], func=extract_text) -> str:
    with pytest.raises(PDFError) as info:
        func(path)
    return info.value.code


# --- Text -----------------------------------------------------------------------------------


def test_extract_text_joins_pages_with_form_feed_and_normalises_newlines(text_pdf):
    text = extract_text(text_pdf)
    assert text.split("\f") == [
        "Case Number: XX00-0000000\nDate Assigned: 01/02/2016",
        "Item 1: Upheld",
    ]
    assert "\r" not in text


def test_extract_text_accepts_str_and_pathlike(text_pdf):
    assert extract_text(str(text_pdf)) == extract_text(text_pdf)


def test_non_ascii_path(tmp_path):
    path = make_text_pdf(tmp_path / "lettre_é_ü.pdf", ["Case Number: 1"])
    assert extract_text(path) == "Case Number: 1"


def test_signature_may_follow_leading_bytes(tmp_path, text_pdf):
    """PDF readers accept the %PDF header anywhere in the first 1024 bytes."""
    path = tmp_path / "junk_first.pdf"
    path.write_bytes(b"\n" * 100 + text_pdf.read_bytes())
    assert "Case Number" in extract_text(path)


@pytest.mark.parametrize("source", SOURCES)
def test_sixty_pages(tmp_path, text_pdf, source):
    from pypdf import PdfReader, PdfWriter

    source_pdf = text_pdf if source == "synthetic" else first_letter()
    reader = PdfReader(source_pdf)
    writer = PdfWriter()
    for i in range(60):
        writer.add_page(reader.pages[i % len(reader.pages)])
    path = tmp_path / "sixty.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    text = extract_text(path, max_chars=None)  # every page (the default stops at the limit)
    assert text.count("\f") == 59
    original = extract_text(source_pdf).split("\f")
    assert text.split("\f") == [original[i % len(original)] for i in range(60)]


def encrypted_copy(tmp_path, source_pdf, user_password):
    """A copy of ``source_pdf`` encrypted with pypdf (owner password "y")."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source_pdf)
    writer.encrypt(user_password=user_password, owner_password="y")
    path = tmp_path / f"encrypted_{bool(user_password)}.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


@pytest.mark.parametrize("source", SOURCES)
def test_owner_password_only_is_read(tmp_path, text_pdf, source):
    path = encrypted_copy(tmp_path, text_pdf if source == "synthetic" else first_letter(), "")
    assert "Case Number" in extract_text(path)


# --- Errors ---------------------------------------------------------------------------------


def test_missing_file_is_E001(tmp_path):
    assert error_code(tmp_path / "nope.pdf") == "E001"


def test_dangling_symlink_is_E001(tmp_path):
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "gone.pdf")
    assert error_code(link) == "E001"


def test_directory_is_E010(tmp_path):
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert error_code(folder) == "E010"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_fifo_is_E010_and_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    assert error_code(fifo) == "E010"


def test_unreadable_file_is_E010(tmp_path, text_pdf):
    text_pdf.chmod(0)
    try:
        if os.access(text_pdf, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions (root)")
        assert error_code(text_pdf) == "E010"
    finally:
        text_pdf.chmod(0o600)


def test_text_file_renamed_pdf_is_E002(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Case Number: this is a plain text file\n", encoding="utf8")
    assert error_code(path) == "E002"


def test_zero_byte_file_is_E002(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert error_code(path) == "E002"


def test_signature_after_1024_bytes_is_E002(tmp_path, text_pdf):
    path = tmp_path / "late.pdf"
    path.write_bytes(b" " * 1024 + text_pdf.read_bytes())
    assert error_code(path) == "E002"


def test_garbage_after_header_is_E003(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    assert error_code(path) == "E003"


@pytest.mark.parametrize("source", SOURCES)
def test_truncated_pdf_is_E003(tmp_path, text_pdf, source):
    data = (text_pdf if source == "synthetic" else first_letter()).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * 0.4)])
    with pytest.raises(PDFError) as info:
        extract_text(path)
    assert info.value.code == "E003"
    assert "Case Number" not in str(info.value)  # never letter text in messages


@pytest.mark.parametrize("source", SOURCES)
def test_user_password_is_E004(tmp_path, text_pdf, source):
    path = encrypted_copy(tmp_path, text_pdf if source == "synthetic" else first_letter(), "x")
    assert error_code(path) == "E004"


def test_image_only_pdf_is_E005_and_mentions_ocr(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 300), "white").save(path, "PDF")
    with pytest.raises(PDFError) as info:
        extract_text(path)
    assert info.value.code == "E005"
    assert "OCR" in str(info.value)


def test_whitespace_only_pages_are_E005(tmp_path):
    path = make_text_pdf(tmp_path / "blank.pdf", ["   ", " \n "])
    assert error_code(path) == "E005"


def test_one_page_with_text_is_enough(tmp_path):
    path = make_text_pdf(tmp_path / "mostly_blank.pdf", ["  ", "Case Number: 1", "  "])
    assert extract_text(path).split("\f")[1] == "Case Number: 1"


# --- read_pdf -------------------------------------------------------------------------------


def test_read_pdf_errors(tmp_path):
    """read_pdf raises the same codes; it does not need the cleaner to report a bad file."""
    from PIL import Image

    (tmp_path / "dir.pdf").mkdir()
    (tmp_path / "text.pdf").write_text("hello", encoding="utf8")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n garbage")
    Image.new("RGB", (50, 50), "white").save(tmp_path / "scan.pdf", "PDF")
    codes = {
        name: error_code(tmp_path / name, read_pdf)
        for name in ["missing.pdf", "dir.pdf", "text.pdf", "bad.pdf", "scan.pdf"]
    }
    assert codes == {
        "missing.pdf": "E001",
        "dir.pdf": "E010",
        "text.pdf": "E002",
        "bad.pdf": "E003",
        "scan.pdf": "E005",
    }


def test_read_pdf_cleans_the_text(text_pdf):
    clean = pytest.importorskip("imr_nlp.text.clean")
    text = read_pdf(text_pdf)
    assert text == clean.clean_text(extract_text(text_pdf)).text
    assert "Case Number: XX00-0000000" in text
    assert "\f" not in text


# --- The dev letters ------------------------------------------------------------------------


@pytest.mark.letters
def test_all_dev_letters_present():
    if not LETTERS.is_dir():
        letters_missing()
    assert len(LETTER_PATHS) == N_DEV_LETTERS


@pytest.mark.letters
@pytest.mark.parametrize("path", LETTER_PATHS, ids=lambda p: p.stem)
def test_dev_letter_text(path):
    text = extract_text(path)
    assert "Case Number" in text
    assert OUTCOME.search(text)
    assert "\r" not in text
