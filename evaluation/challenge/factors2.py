"""Challenge set "factors2": round 2 of the rationale factors (``doc.spans["rationale_factors"]``
and each span's ``_.status``), invented passages written before reading the rules; the items and
the scoring are those of round 1 (``evaluation.challenge.factors``)."""

from __future__ import annotations

from evaluation.challenge.factors import score

__all__ = ["score"]
