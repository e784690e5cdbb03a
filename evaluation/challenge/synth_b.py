"""Challenge set ``synth_b``: whole invented letters (the MAXIMUS 2016-2017 layout as text from
the PDF: case header, notice, reviewer credentials, clinical case summary, one block per disputed
item with both parties' guideline parts and the rationale), each with the reference facts of a
letters2 facts file (``../shared/letters2/README.md``), written before reading the rules.

Every letter goes through the pipeline whole and is scored field by field like a real letter by
``evaluation.facts.score_letter`` (the tally's case id is the facts' invented ``case_number``).
"""

from evaluation.facts import score_letters as score  # noqa: F401
