"""Challenge set ``synth_d``: whole invented letters with reference facts, round 2 (written
blind after round 1's fixes).

Its emphasis is the hard request lines: three or four disputed items, requests wrapped after a
dose, a comma or "DOS:", partial authorisations with their lead-in, counts written every way
("QTY: 60", "thirty (30)", "x60", "1 bottle"), uncommon services, and PDF artefacts inside a
block (a running header or footer, a word hyphenated at a line end). Scored like a real letter
by ``evaluation.facts.score_letters`` (facts in letters2's format).
"""

from evaluation.facts import score_letters as score  # noqa: F401
