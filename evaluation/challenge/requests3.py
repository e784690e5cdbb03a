"""Challenge set "requests3": round 3 of the request fields (drug, strength in mg, quantity and its
unit, refills, frequency) of a disputed item's request line, scored exactly as round 1
(``evaluation.challenge.requests``), on invented lines written blind (by a helper who had read
neither the rules, the tests nor the earlier sets' items).

Its emphasis is request lines as messy as the item lines of real IMR letters: brand and generic
names with salts and release forms (HCl, sodium, bitartrate, citrate, ER/XR/CR/SR/DR/ODT), misspelt
drugs, combination strengths with "/" or "-", concentrations (mg/ml, %), patches (mcg/hr), every
way of writing the amount ("#60", "QTY: 90", "quantity 120", "x 3 tubes", "120 gm", "(30)",
"Sixty (60)", "dispense 90"), refills ("with 2 refills", "RF x1", "plus three refills", "2 RF",
"no refills"), sig wordings ("1 po q6h prn", "BID", "one tab every 8 hours as needed", "TID x 30
days", whose day count and tablet count are not the quantity), "Retrospective (DOS ...)" prefixes,
dates and page numbers inside the line, trailing purposes ("for the lumbar spine"); and, in about
a third of the items, non-drug lines whose numbers must not become drug fields (therapy "2x4",
"12 sessions", "Work hardening 10 visits", "MRI L-spine 3T", "1 month rental", "L4-5 ESI x2",
CPT codes, spinal levels), with quantity and unit as letters2/README.md states them (units,
grams, sessions, visits, hours; frequencies such as "2 times a week for 4 weeks" or "30 day
rental" with quantity null).

A key is left out of an item where its value could not be keyed with confidence (the exact text
span of a sig with "prn"/"as needed"/a duration, per-day figures of weekly or 72-hour schedules,
the ingredient order of multi-ingredient compounds, the unit word of millilitres).
"""

from evaluation.challenge.requests import score

__all__ = ["score"]
