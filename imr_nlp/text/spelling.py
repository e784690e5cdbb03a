"""Words one typing slip apart: the shared test behind reading a misspelt drug name
(``imr_drugs``) and a misspelt word of a request (the categories).

Candidates are found through one-letter deletions (a word and each of its deletions index the
vocabulary; a misspelt word's deletions meet its intended word's), then checked exactly."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def deletions(word: str) -> set[str]:
    """``word`` and each word one letter shorter."""
    return {word, *(word[:k] + word[k + 1 :] for k in range(len(word)))}


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: The edits a word may suffer, each word -> the words one such edit away (the words a
#: misspelling table is generated from: ``spelling`` rules of ``guidelines.jsonl``).
EDITS: dict[str, Callable[[str], set[str]]] = {
    "transpose": lambda w: {w[:i] + w[i + 1] + w[i] + w[i + 2 :] for i in range(len(w) - 1)},
    "double": lambda w: {w[: i + 1] + w[i:] for i in range(len(w))},
    "delete": lambda w: deletions(w) - {w},
    "insert": lambda w: {w[:i] + c + w[i:] for i in range(len(w) + 1) for c in _LETTERS},
    "substitute": lambda w: {w[:i] + c + w[i + 1 :] for i in range(len(w)) for c in _LETTERS},
}


def one_edit(a: str, b: str, *, swap: bool = False) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one letter dropped, added or replaced (with
    ``swap``, or by two neighbouring letters swapped: "pyschotherapy")."""
    if len(a) == len(b):
        diff = [k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        k = diff[0] if diff else 0
        return swap and len(diff) == 2 and diff[1] == k + 1 and (a[k], a[k + 1]) == (b[k + 1], b[k])
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    k = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[k:] == long[k + 1 :]


def deletion_index(words: Iterable[str]) -> dict[str, set[str]]:
    """Each word and each of its one-letter deletions -> the words: where :func:`near` looks."""
    index: dict[str, set[str]] = {}
    for word in words:
        for d in deletions(word):
            index.setdefault(d, set()).add(word)
    return index


#: Two spellings of one sound that writers confuse; writing one for the other is one slip
#: ("Flurbiprophen", "Ibuprophen" for the "f" of flurbiprofen and ibuprofen).
SOUND_SLIPS = (("ph", "f"), ("f", "ph"))
#: One letter written for another of the same sound ("Lyrika" for Lyrica, "Clonopin" for
#: Klonopin): (written, meant).
LETTER_SOUNDS = frozenset({("k", "c"), ("c", "k")})


def near(
    word: str, index: dict[str, set[str]], *, swap: bool = False, sounds: bool = False
) -> set[str]:
    """The words of ``index`` one edit from ``word`` (:func:`one_edit`); with ``sounds``, also
    the word ``word`` becomes when one spelling of a sound is written for the other throughout
    (:data:`SOUND_SLIPS`: "ph" for "f" or "f" for "ph")."""
    found = {w for d in deletions(word) for w in index.get(d, ()) if one_edit(word, w, swap=swap)}
    if sounds:
        for written, meant in SOUND_SLIPS:
            if written in word:
                other = word.replace(written, meant)
                if other in index.get(other, ()):
                    found.add(other)
    return found


#: Characters a scanned page's text recognition writes for letters ("0xycodone" for oxycodone,
#: "rnethocarbamol" for methocarbamol, "Dilauclid" for Dilaudid, "Iyrica" for Lyrica, read in
#: lower case): undoing them is no guess when the result is a name.
OCR_SLIPS = (
    ("0", "o"),
    ("rn", "m"),
    ("1", "l"),
    ("vv", "w"),
    ("cl", "d"),
    ("5", "s"),
    ("i", "l"),
    ("l", "i"),
)


def ocr_undone(word: str) -> set[str]:
    """``word`` with one of :data:`OCR_SLIPS` undone throughout or at one place (a scan may
    misread one "l" of a word and read the others; the words that differ)."""
    out = set()
    for written, meant in OCR_SLIPS:
        start = word.find(written)
        if start == -1:
            continue
        out.add(word.replace(written, meant))
        while start != -1:
            out.add(word[:start] + meant + word[start + len(written) :])
            start = word.find(written, start + 1)
    return out - {word}


def keeps_letters(word: str) -> set[str]:
    """The words ``word`` may be when a typing slip kept every letter of the word meant: one
    letter typed twice ("Norcco") or two neighbouring letters swapped ("Lyrcia")."""
    doubled = {word[:k] + word[k + 1 :] for k in range(1, len(word)) if word[k] == word[k - 1]}
    swapped = {
        word[:k] + word[k + 1] + word[k] + word[k + 2 :]
        for k in range(len(word) - 1)
        if word[k] != word[k + 1]
    }
    return (doubled | swapped) - {word}
