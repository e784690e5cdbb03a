"""Challenge set ``drugs4``: round 4 of ``drugs`` (the ``drugs_mentioned`` convention), a new
blind set written without reading the library's rules or code, of passages as real IMR letters
write them anywhere in the letter. Emphasis:

- case-summary medication lists in several shapes: numbered, one per line, slash-separated,
  EHR "generic (BRAND)" lists, upper case, lists with no commas between entries ("Meds: Norco
  10/325 Soma 350 Xanax 0.5"), names glued to their strengths ("Norco10/325", "Soma350",
  "Pantoprazole40mg");
- prose about medication changes ("weaned off Norco and started on Butrans"), drugs borrowed,
  declined, held or stopped (named, so they count), request and decision lines;
- rationale sentences that use drug words only as background or as classes ("opioids", "NSAIDs",
  "muscle relaxants", "SSRIs", "PPI", "triptan", "narcotic", "stool softener", "MED": no drugs)
  and guideline paraphrases that name drugs as examples (named, so they count);
- urine toxicology and labs: a drug the screen names counts, also when it was negative or "not
  detected"; a class ("negative for benzodiazepines", "opiates") does not; metabolites
  (norbuprenorphine, noroxycodone, norhydrocodone, EDDP) and body substances (sodium, glucose,
  cortisol, testosterone or insulin levels, vitamin D, ferritin) are not drugs; a named drug level
  ("the carbamazepine level", "valproic acid level") names that drug;
- brand names with salts and release forms, generics with the salt or the ingredients in
  different orders ("acetaminophen and hydrocodone bitartrate"), tall-man lettering
  ("HYDROmorphone"), combination brands (Vimovo, Duexis, Arthrotec, Hyzaar, Janumet, Lotrel,
  Zestoretic, Treximet, Fiorinal with Codeine, Excedrin, Embeda, Suboxone, EMLA: every
  ingredient), long-acting forms (ER/XR/CR/SR/XL, Exalgo, Hysingla, Zohydro, Nucynta ER);
- misspellings and OCR slips ("Neurontln", "Klonipin", "Percoset", "Ce1ebrex", "0meprazole",
  "HYDR0C0D0NE", "Oxycont in", "Lidoderrn", "Norcco"), names broken by a hyphen at a line break
  ("hydro-\\ncodone", "Nor-\\nco") or by a stray hyphen ("Lido-derm");
- older and rarer drugs: psychiatric (Nardil, Parnate, Anafranil, Thorazine, Tofranil, lithium),
  anticonvulsants (Tegretol, Dilantin, phenobarbital, Mysoline, Zonegran), antihypertensives
  (hydralazine, methyldopa, Minipress, Catapres), diabetic agents and insulins, anticoagulants;
- office injections (Depo-Medrol, Kenalog, Toradol, Decadron, Celestone, Marcaine, Naropin,
  Xylocaine; viscosupplementation and PRP name no drug) and topical compounds of 2-6 named
  ingredients (each counts; the cream base, e.g. Lipoderm or Versapro, does not);
- foreign spellings and brands, resolved to the US generic: paracetamol and Panadeine Forte and
  co-codamol to acetaminophen (+ codeine), pethidine to meperidine, lignocaine to lidocaine,
  salbutamol to albuterol, beclometasone to beclomethasone, frusemide to furosemide, oestradiol
  to estradiol, amoxycillin to amoxicillin, sulphasalazine to sulfasalazine, acetylsalicylic acid
  to aspirin, Tramal to tramadol, Voltarol to diclofenac, Nurofen to ibuprofen;
- distractors that are not drugs: devices (TENS with lithium batteries, H-wave, Game Ready,
  ThermaCare), procedures (ESI, medial branch block, RFA), abbreviations ("ER", "PT", "OT",
  "MED", "DEXA"), supplements and medical foods (multivitamin, fish oil, turmeric, probiotic,
  Sentra PM, Theramine), coffee, and people, places and products that look like drug names
  (Norco the city, SoMa in San Francisco, Dr. Soma, Dr. Percoco, Ms. Norcross, Dr. Lyrick,
  Dr. Ultman, a Lyric scooter, an Ambient Air humidifier).

Conventions chosen where the README is silent (as in ``drugs3``): a drug named only as an
allergy counts; Lantus etc. resolve to "insulin glargine"-style names; Fioricet/Fiorinal include
caffeine; Depakote is "divalproex"; a drug named as delivered by a pump (Infumorph, an
intrathecal baclofen pump) counts; a veterinary drug named in the passage (Rimadyl: carprofen)
counts, since it is named. Items and scoring as in ``evaluation.challenge.drugs``."""

from __future__ import annotations

from evaluation.challenge.drugs import score

__all__ = ["score"]
