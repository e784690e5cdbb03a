"""Challenge set "factors4": round 4 of the rationale factors (``doc.spans["rationale_factors"]``
and each span's ``_.status``), invented passages written blind (before reading the rules, the code
or the earlier sets' items), with the emphasis on the status of each factor: absence worded many
ways ("the file is silent on", "cannot be determined", "was not provided"), presence stated
indirectly ("reports 50% relief", "returned to modified duty", "on it since 2012"), double
negatives and hedges, findings placed first or in another sentence than the criterion, long
guideline quotations with a short finding at the end, several factors with different statuses in
one sentence, bare criteria (requirement) and factor words used only as background; every kind of
request, 2014-2015 and 2016-2017 styles. The items and the scoring are those of round 1
(``evaluation.challenge.factors``)."""

from __future__ import annotations

from evaluation.challenge.factors import score

__all__ = ["score"]
