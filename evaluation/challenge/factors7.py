"""Challenge set "factors7": round 7 of the rationale factors (``doc.spans["rationale_factors"]``
and each span's ``_.status``), 225 invented passages written blind (without reading the rules, the
code or the earlier sets' items), modelled on the kinds and lengths of real "Decision rationale"
passages (146 upheld, 79 overturned; 60 items weigh no factor). About 60% are ordinary rationales
(guideline paraphrase, findings about this worker, conclusion) for opioids, NSAIDs, muscle
relaxants, topicals, sleep aids, PPIs and other drugs, imaging, PT/chiropractic/acupuncture,
injections, surgery and its associated services, DME, programs (FRP, work hardening and
conditioning, CBT), consultations, labs and urine drug screens. The rest are harder: a status
decided by a later sentence (a claim in the notes the reviewer refutes, a gain later lost, a return
to work later reversed); findings reported second-hand (a spouse, an AME, the surgeon, the PR-2);
factors without their usual keywords ("filling this prescription since before her 2012 surgery",
"the clinic's controlled-substance policy", "the September specimen", "back on the job", "step the
dose down"); mixed statuses; guideline-only restatement with a denial on other grounds
(requirement); and background mentions that are not factors (pain duration, injury dates,
occupation, "weaned off crutches", "returned to the clinic", a dose pack that steps down,
"first-line" describing the requested treatment, an office visit's "return to function"). The items
and the scoring are those of round 1 (``evaluation.challenge.factors``)."""

from __future__ import annotations

from evaluation.challenge.factors import score

__all__ = ["score"]
