"""Challenge set ``categories5``: round 5 of ``categories`` (the treatment category of a disputed
item), a new blind set written by a helper who had not read the rules, and written to be as hard
and as varied as real letters: long and messy request lines ("Retrospective request for ...",
"1 prescription of ...", "Associated surgical service: ...", DOS dates, quantities, refills,
laterality, a wrap inside the line), typos and shorthand (Cyclobenzeprine, Acupunture, TPI, CESI,
F/u, bilat), two items of one category in one line, rare DME and devices (traction, H-wave,
interferential and bone growth stimulators, CPAP, pneumatic compression, CPM), named operations,
imaging and tests with unusual head words (MR arthrogram, myelogram, videonystagmography, Holter,
pharmacogenetic and LC/MS tests), injections named by drug or brand (Toradol, Kenalog, B12,
Synvisc-One, Euflexxa, Botox, PRP), therapies by modality (aquatic, pool, occupational),
programs, consults and specialists named alone, home aides and nursing, transport, inpatient stays,
medical foods and compounded topicals.
Items and scoring as in ``evaluation.challenge.categories``."""

from __future__ import annotations

from evaluation.challenge.categories import score

__all__ = ["score"]
