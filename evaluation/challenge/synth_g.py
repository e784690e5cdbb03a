"""Challenge set ``synth_g``: 14 whole invented letters in the 2016-2017 layout with reference
facts, written blind to be as hard as real letters (48 disputed items, 2-5 a letter).

Its emphasis is the rarer and odder request lines of real letters: brand-name devices and
programs (a cold therapy system, an abduction sling, a bone growth stimulator, an H-wave trial, a
weight loss program), a medical food, a genetic test, compounded creams of three and six
ingredients, drugs given by injection and named by brand (Toradol, Kenalog, Marcaine, B-12),
surgery with its associated services (assistant surgeon, clearance, inpatient stay, rentals and
purchases), home health hours, transportation, clinician shorthand ("RFA L3-5 bilat", "PT 2x4 L
knee", "NCV/EMG BUE", "F/u w/ pain mgmt"), misspellings, brands without generics, counts written
oddly ("#sixty (60)", "QTY 30.00", "x4"), partial authorisations and wrapped lines. Summaries
state diagnoses as lists, numbered items, ICD-10 descriptions and abbreviations (DDD, CTS, HNP,
TBI, s/p); guideline parts cite several sources per party, including journals, societies, web
pages, the FDA, UpToDate and "none". Scored like a real letter by
``evaluation.facts.score_letters`` (facts in letters2's format).
"""

from evaluation.facts import score_letters as score  # noqa: F401
