"""Challenge set ``synth_d``: whole invented letters with reference facts.

Each item is one complete invented letter in the layout of the MAXIMUS final determination
letters of 2016-2017 as text extracted from their PDFs (case header, notice text, reviewer
credentials, clinical case summary, then one block per disputed item with its outcome line,
the claims administrator's and the reviewer's guideline lines and the rationale), written
before the rules were read. ``facts`` has the fields of a letters2 facts file
(letters2/README.md), so the letter is scored exactly like a real one by
``evaluation.facts.score_letter`` (the tally's case id is the facts' ``case_number``).
"""

from evaluation.facts import score_letters as score  # noqa: F401
