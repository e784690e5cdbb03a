"""Challenge set "factors3": round 3 of the rationale factors (``doc.spans["rationale_factors"]``
and each span's ``_.status``), invented passages written before reading the rules, in the varied
and indirect wordings real reviewers use (long guideline quotations before a short finding,
findings spread over sentences or placed first, hedges and double negatives, quoted notes, typos,
2014 and 2017 styles, every kind of request, and factor words used only as background); the items
and the scoring are those of round 1 (``evaluation.challenge.factors``)."""

from __future__ import annotations

from evaluation.challenge.factors import score

__all__ = ["score"]
