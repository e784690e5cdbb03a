"""Challenge set ``drugs5``: round 5 of ``drugs`` (the ``drugs_mentioned`` convention), 150
invented passages written blind (without reading the library's rules or code or earlier items
beyond the format), wrapped at about 93 columns like PDF text. Emphasis:

- items 001-103 (70%), representative of real letters: medication lists in prose, in
  semicolon and comma lists and with sig abbreviations (q6h, tid, qhs); prescriptions, office
  injections (Toradol, Kenalog, Depo-Medrol, Marcaine, Xylocaine), request lines, drugs stopped,
  declined or borrowed, comorbidity drugs (antihypertensives, diabetic agents, Lantus,
  anticoagulants, statins, inhalers, antibiotics, anticonvulsants, psychiatric drugs);
- items 104-150 (30%), harder: prescriber misspellings (Flexiril, Nuerontin, Ibuprophen,
  Naproxin, Ambian, Seroquil, Oxycotin, Percocette, Lyrika, Celebrix, Tramadal, ...),
  abbreviations (HC/APAP, APAP/codeine, ASA, HCTZ, NTG, MSO4, OxyIR), combination brands with
  unusual ingredients (Vicoprofen, Treximet, Vimovo, Duexis, Soma Compound, Percodan, Norgesic
  Forte, Tylenol PM), generic salts with brands in parentheses, topical compounds (each
  ingredient counts, the base does not), guideline text that names drugs (counts) or only
  classes (no drug), urine toxicology (metabolites and classes are no drugs), allergies (count),
  and non-drugs that look like drugs (a therapist named Lyrica, the city of Norco, ultrasound,
  cold therapy, Kinesio tape, Theraband, glucosamine, fish oil, medical foods, ASA class, MRSA).

Conventions as ``drugs4`` (Lantus -> insulin glargine; Fioricet/Fiorinal include caffeine);
also Colace -> docusate, Tylenol PM -> acetaminophen + diphenhydramine, AndroGel -> testosterone.
Items and scoring as in ``evaluation.challenge.drugs``."""

from __future__ import annotations

from evaluation.challenge.drugs import score

__all__ = ["score"]
