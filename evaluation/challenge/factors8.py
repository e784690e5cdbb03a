"""Challenge set "factors8": round 8 of the rationale factors (``doc.spans["rationale_factors"]``
and each span's ``_.status``), 208 invented passages written blind (without reading the rules, the
code, the gold letters or the earlier sets' items), with the emphasis on being REPRESENTATIVE of
real letters: their language, lengths (median about 80 words, some 150-265 with a guideline
quotation listing criteria as background), the treatments they decide and how often each factor
appears (132 upheld, 76 overturned; 54 items weigh no factor). About 70% are ordinary rationales
(guideline paraphrase, findings about this worker, conclusion) for opioids, NSAIDs, muscle
relaxants, benzodiazepines, sleep aids, PPIs, anticonvulsants and antidepressants, topicals and
compounds, imaging and electrodiagnostics, PT/chiropractic/acupuncture/massage, injections, surgery
and its associated services, DME, programs (FRP, work conditioning, CBT), consultations, labs and
urine drug screens. About 30% are harder but realistic: a status decided by a later sentence,
findings reported second-hand (wife, AME, QME, employer, pharmacy records), factors without their
usual keywords, mixed statuses, criteria only restated before a denial on other grounds
(requirement), and background mentions that are not factors (injury and pain dates, "returned to
the clinic", "weaned off the crutches", a tapering dose pack, "first-line" describing the requested
drug, an office visit's "return to function"). The conventions the writer decided are listed in
the data file's header. The items and the scoring are those of round 1
(``evaluation.challenge.factors``)."""

from __future__ import annotations

from evaluation.challenge.factors import score

__all__ = ["score"]
