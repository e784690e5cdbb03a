"""Challenge set ``drugs2``: round 2 of ``drugs`` (the ``drugs_mentioned`` convention), a new
blind set that stresses long medication lists, doses glued to names, misspellings, old and new
brand names, salts, injections and biologics, compounded creams, OTC products and distractors.
Items and scoring as in ``evaluation.challenge.drugs``."""

from __future__ import annotations

from evaluation.challenge.drugs import score

__all__ = ["score"]
