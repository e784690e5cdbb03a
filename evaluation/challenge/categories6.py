"""Challenge set ``categories6``: round 6 of ``categories`` (the treatment category of a disputed
item), a new blind set written by a helper who had not read the rules, the code, the category docs
or the items of the earlier sets. Its emphasis is request lines as hard as real IMR letters' (the
item line before ": Upheld" / ": Overturned"), over all 15 categories, weighted towards the common
ones of real letters (imaging, physical therapy, diagnostic tests, DME, pharmaceuticals) while
keeping every rare one: brand names and misspelt drugs (Nuycnta, Gabapentine, Ibuprophen,
Flexaril), compounded topicals and medical foods; undefined abbreviations ("L4-5 TFESI", "RFA",
"MBB", "CESI", "TPI", "CMT", "IF unit", "H-wave", "EMG/NCS BUE", "UDT", "FRP", "HELP", "CBT",
"HHA", "PRP", "FCE"); "Associated surgical service: X", "Pre-op" and "Post-op" items; prefixes
("Retrospective request for", "Retro:", "Prospective request for", DOS dates); counts and
laterality; equipment by brand or model (Game Ready, Polar Care, Vascutherm, Exogen, Saunders,
Pronex, DonJoy, Aspen, Tempur-Pedic); rare services (transportation, interpreter, gym and pool
membership, hot tub, weight loss program, sleep study, dental work, hearing aids, genetic
testing, inpatient stays, home aides); consultations named by the specialist alone
("Neurologist", "Physiatrist", "Referral to hand surgeon"); and items that name one thing
attached to another ("Urine drug screen for monitoring of Norco use", "X-ray of the cervical
spine prior to chiropractic treatment"), keyed by what the item is.
Items and scoring as in ``evaluation.challenge.categories``."""

from __future__ import annotations

from evaluation.challenge.categories import score

__all__ = ["score"]
