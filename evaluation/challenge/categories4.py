"""Challenge set ``categories4``: round 4 of ``categories`` (the treatment category of a disputed
item), a new blind set written by someone who had not read the rules, to measure unseen how far
the category vocabularies generalise. Its emphasis is what is hard: rare devices and DME (H-wave,
interferential and bone growth stimulators, vasopneumatic and DVT compression devices, CPAP,
scooters, bath aids, supplies), named operations (foraminotomy, disc arthroplasty, labral repair,
ulnar nerve transposition, hardware removal), tests and imaging with unusual head words
(polysomnography, videonystagmography, audiogram, sudomotor and sensory testing, Holter, PET,
myelogram, MR arthrogram, films, radiographs), injections named by drug or brand (Toradol,
Kenalog, Depo-Medrol, Supartz, Orthovisc, B12) or with misleading words ("diagnostic",
"ultrasound-guided"), therapies by modality (aquatic, pool, hand, occupational therapy),
programs, consults and specialists named alone ("Neurosurgeon", "Gastroenterologist"), home aides
and nursing, transport, medical foods, compounded topicals, lines with prefixes (dates, DOS,
"Retrospective", "Prospective request for", "Associated surgical service:"), typos and shorthand.
Items and scoring as in ``evaluation.challenge.categories``."""

from __future__ import annotations

from evaluation.challenge.categories import score

__all__ = ["score"]
