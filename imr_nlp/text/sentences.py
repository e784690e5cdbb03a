"""Where a sentence ends: the named rules the components share.

Each component cuts text at sentence ends for its own purpose, and the purposes differ: these
are distinct rules, each kept as its component has always read it (one rule for all would move
a few boundaries and so change results). Use them with ``finditer``/``search``/``split``.
"""

from __future__ import annotations

import re

#: The end of a clause of a drug mention (``imr_link``): a full stop or a semicolon before white
#: space, or a blank line (white space allowed on it). A semicolon ends the clause because lists
#: of medications are separated by semicolons ("tramadol 50mg; cyclobenzaprine 7.5mg"): a
#: strength after it belongs to the next drug.
CLAUSE_END = re.compile(r"[.;](?=\s)|\n\s*\n")

#: The end of a sentence around a diagnosis (``imr_diagnoses``): a full stop before white space
#: or at the end of the text, or an empty line. A semicolon does not end it ("chronic pain;
#: rule out radiculopathy" is one statement for the negation and rule-out cues), and a
#: diagnosis at the very end of a text still has an end.
SENTENCE_END = re.compile(r"\.(?:\s|$)|\n\n")

#: A full stop before white space, nothing else (``imr_rationale``'s pain scores): the few
#: words right before or after a score, within its sentence; lines are not cut ("with
#: medications" often stands on the next line of a wrapped sentence).
FULL_STOP = re.compile(r"\.\s")

#: The end of a rationale factor's sentence (``imr_rationale``): a full stop, with a closing
#: quote or not, before white space (a quoted guideline sentence ends after its quote).
QUOTED_FULL_STOP = re.compile("[.][\"'\u201d]?\\s")
