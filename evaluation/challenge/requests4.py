"""Challenge set "requests4": round 4 of the request fields (drug, strength in mg, quantity and its
unit, refills, frequency per day) of a disputed item's request line, scored exactly as round 1
(``evaluation.challenge.requests``), on 219 invented lines written blind (by a helper who had read
neither the rules, the code, the docs, the tests nor the earlier sets' items).

Its emphasis is representativeness: the lines follow the spread of kinds and shapes of the real
letters' disputed item lines, 120 drug lines (55%) and 99 others. Drug lines: brands and generics
with salts and release forms (HCl, sodium, tartrate, ER/XR/SR/DR/CR/IR/ODT/DS), combination
strengths ("10/325mg", "7.5-325 mg", "10mg/Acetaminophen 325mg", "8mg/2mg", "800/26.6 mg"),
patches in % and mcg/hr, gels, creams, solutions and ointments in g and ml, compounded creams of two
to four ingredients, a naloxone kit, a taper pack and a Dosepak, sig text ("1 po q6h prn", "every 4
hours as needed", "qhs", "b.i.d.", "q.d.", "12 hours on 12 hours off", "BID x 30 days", "for 30
days"), refills written many ways ("w/ 2 RF", "RF x3", "refills: 2", "plus two refills", "Two
refills of ...", "no refills"), number words ("thirty (30)", "Sixty (60) tablets of",
"one hundred twenty (120)", "quantity one hundred eighty", "every six hours"), and
"Retrospective"/"Retro"/"Prospective"/DOS/dispensed-date prefixes and suffixes. Other lines:
physical and occupational therapy, chiropractic, acupuncture, imaging, electrodiagnostics, labs
("Vitamin D 25-OH level", "EKG (12 lead)", "CYP2D6"), injections (including drugs given by
injection, whose drug and strength are left unkeyed), DME rentals and trials, surgery, programs in
hours or visits, consultations, behavioural care, home health and transportation, whose numbers
must not become drug fields.

Conventions and keys left out are listed in the data file's header.
"""

from evaluation.challenge.requests import score

__all__ = ["score"]
