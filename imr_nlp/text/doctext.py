"""The text of a Doc, built once per Doc.

``Doc.text`` joins the text of every token on each access (about 2 ms for a letter) and the
components read it about fifteen times per letter. :func:`doc_text` keeps it in a table with
weak keys, so it is built once and goes away with its Doc. A Doc's text never changes (the
retokenizer keeps it), so the kept copy cannot go stale. Nothing is stored on the Doc itself:
``DocBin`` and ``nlp.pipe(n_process=2)`` see the same Doc as before.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built on the first call for this Doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text of a new Doc that its tokenizer already has (it equals ``doc.text``:
    spaCy's tokenizer keeps every character)."""
    _TEXTS[doc] = text
