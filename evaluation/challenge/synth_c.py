"""Challenge set ``synth_c``: whole invented letters with reference facts.

Each item is a complete invented MAXIMUS final determination letter as text (case header,
reviewer credentials, clinical case summary, decision list with guideline lines and rationales),
written before reading the rules, with the facts a careful reader would write for it by the
conventions of ``../shared/letters2/README.md``. Every item is run through the whole pipeline and
scored with ``evaluation.facts.score_letter``, so every letters2 field is compared at once.
Errors are reported under the item's invented case number (``facts["case_number"]``, unique in
the set), which is what ``score_letter`` uses as the case id.
"""

from evaluation.facts import score_letters as score  # noqa: F401
