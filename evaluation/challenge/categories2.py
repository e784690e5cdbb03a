"""Challenge set ``categories2``: round 2 of ``categories`` (the treatment category of a disputed
item), a new blind set written like real outcome lines: quantities first or last, laterality and
body sites, brands of drugs and devices, undefined abbreviations (TENS, IF, MBB, ESI, UDS, FCE),
retrospective requests with dates of service, associated surgical services, partial-authorisation
tails, combined items, wraps and typos, and the rarer kinds (compounds, medical foods, genetic
tests, orthotics, programs, psychotherapy, home health, transportation).
Items and scoring as in ``evaluation.challenge.categories``."""

from __future__ import annotations

from evaluation.challenge.categories import score

__all__ = ["score"]
