"""Challenge set ``categories7``: round 7 of ``categories`` (the treatment category of a disputed
item), a new blind set of 203 invented request lines written by a helper who had not read the
rules, the code, the category docs or the items of the earlier sets.

Its emphasis is first representativeness: 139 items follow the spread of the real letters'
disputed items over the categories (imaging 38, physical therapy 24, diagnostic tests 17, DME 17,
pharmaceuticals 17, chiropractic 7, injections 7, consultations 5, acupuncture 3, surgery 2,
program 1, other 1) in their usual wordings. Then 64 harder items (about 30%): "Associated
surgical service:" items of eight categories, Pre-op/Post-op items, unusual DME named by device or
brand, surgery and programs named unusually, bare abbreviations ("L5-S1 TFESI", "Bilat L3-5 MBB",
"UDS", "FCE", "CBT x6", "IF unit", "CMT 1x6", "ACDF C5-6", "PRP R knee", "HHA 4 hrs/day x 2 wks",
"MRI C/S"), drugs given by injection (injection), home health, transportation, behavioural health,
consultations named by the specialist, and items attached to another thing.
Items and scoring as in ``evaluation.challenge.categories``; the conventions decided are listed in
the data file's header."""

from __future__ import annotations

from evaluation.challenge.categories import score

__all__ = ["score"]
