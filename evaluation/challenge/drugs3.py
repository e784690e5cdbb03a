"""Challenge set ``drugs3``: round 3 of ``drugs`` (the ``drugs_mentioned`` convention), a new
blind set written without reading the library's rules, of passages as real IMR letters write them
anywhere in the letter: case-summary medication lists in several shapes (numbered, one per line,
slash- or semicolon-separated, EHR "generic (BRAND)" lists, upper case), prose about medication
changes, request and decision lines, rationale sentences that use drug words only as background
or as classes ("opioids", "NSAIDs", "muscle relaxants", "SSRIs", "PPI": no drugs), guideline
paraphrases that name drugs as examples (named, so they count), urine toxicology and lab results
(a drug the screen names counts, "negative for benzodiazepines" does not; metabolites such as
norbuprenorphine and body substances such as sodium, cortisol or an insulin level are not drugs),
brand names with salts and release forms (HCl, sodium, tartrate, ER/XR/CR/DR/ODT), misspellings
and OCR slips ("Neurotin", "0xycodone", "rnethocarbamol", "8OO mg"), older and rarer psychiatric,
anticonvulsant, antihypertensive, diabetic and anticoagulant drugs, office injections
(Depo-Medrol, Kenalog, Toradol, Marcaine) and compounded topicals of 2-6 ingredients (each named
ingredient counts; the cream base does not), and distractors that are not drugs (devices,
procedures, "ER" the emergency room, "PT", "ESI", "MED", a physician named Soma, dietary
supplements such as a multivitamin, fish oil or turmeric). Conventions chosen where the README is
silent: a drug named only as an allergy still counts (it is named); Lantus etc. resolve to
"insulin glargine"-style names; Fioricet/Fiorinal include caffeine. Items and scoring as in
``evaluation.challenge.drugs``."""

from __future__ import annotations

from evaluation.challenge.drugs import score

__all__ = ["score"]
