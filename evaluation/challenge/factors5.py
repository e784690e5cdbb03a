"""Challenge set "factors5": round 5 of the rationale factors (``doc.spans["rationale_factors"]``
and each span's ``_.status``), invented passages written blind (without reading the rules, the code
or the earlier sets' items), with the emphasis on the status of each factor: absence worded many
ways ("the file is silent on", "cannot be determined", "was not provided"), the lack of a factor's
object ("the dose was never titrated", "no trial of the first-line agent is recorded"), presence
stated indirectly ("takes about 30% off her pain", "on it since 2012", "went back to full duty"),
double negatives and hedges, findings placed first or pointed to by a pronoun or "this" in another
sentence, "only if" criteria with the finding after them, partial findings ("some improvement in
pain but no functional measure"), later conclusions that overturn an earlier statement, long
guideline paraphrases with a short finding at the end, several factors with different statuses in
one sentence, bare criteria (requirement) and factor words used only as background (a steroid
"tapering" pack, a "functional capacity" evaluation, a therapy schedule); every kind of request,
2014-2015 and 2016-2017 styles. The items and the scoring are those of round 1
(``evaluation.challenge.factors``)."""

from __future__ import annotations

from evaluation.challenge.factors import score

__all__ = ["score"]
