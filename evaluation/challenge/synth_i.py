"""Challenge set ``synth_i``: 14 whole invented letters with reference facts, written blind to be
as hard as real letters (51 disputed items, 3-5 a letter): 7 in the 2016-2017 layout (header
block with an invented case number, CM16-08xxxxx / CM17-08xxxxx) and 7 in the 2014-2015 layout
(no header block, no case number; four of them double-spaced, a blank line after every line, as
text extracted from those PDFs often is).

Its emphasis is the boundaries of the requests: request lines wrapped over two or three lines,
the last line starting with a date of service ("(DOS:\\n9/14/2016)"), a number ("6 weeks",
"3 weeks", "4 hours", "#30") or a word ("pain:", "daily:", "trial):", "visits)"); the outcome
word alone on the next line; a rationale's last sentence on the same line as the next request,
with and without a space; partial authorisations with their lead-in ("... was the original
request; ... authorized #90 for weaning. The remaining IMR eligible portion is ...", "The
original request was for ...; the portion remaining eligible for IMR is the ..."), the decided
portion restated with the same "Associated surgical service:" prefix as the original; page
footers ("Page 3 of 5", the case number repeated, with and without "Case Number:") inside a
rationale, inside a guideline part and between an outcome line and its guideline parts. Request
lines carry every field (drug, strength incl. combinations "10/325mg", "50/325/40mg" and
percentages "5%", "20%/5%", quantity "#90", "quantity 8", "quantity: 1", "180 grams", "series of
3", refills "with 2 refills", "refills: 2", "refills x 5", "with 0 refills", "no refills",
frequency "every 8 hours", "12 hours on/12 hours off", "at bedtime", "three times daily",
"4 hours per day, 5 days per week for 6 weeks"). Categories include the rarer ones: behavioral
health, home health, transportation, program (functional restoration, supervised weight loss),
"other" (gym membership, inpatient detoxification stay), evaluation and management (pre-operative
clearance, follow-up visit, specialist consultation), acupuncture, chiropractic, office injections
of a drug (Toradol, Kenalog), surgery with its associated services.

Guideline parts cite several sources per party: MTUS chapters, ODG, ACOEM outside MTUS, the CDC
opioid guideline, the FDA, UpToDate, Medscape, cms.gov, AANEM, APA, AASM, AAOS, NHLBI, AAO-HNS,
the American Headache Society, a journal guideline; and "none" in several wordings. Summaries give
diagnoses in numbered, dashed and parenthesised lists, ICD-10-CM lines (code and description),
prose and after "has filed a claim for", with suspected / rule-out conditions and procedures
(status post) that are not diagnoses; medication lists mix brands and generics (Norco, Neurontin,
Desyrel (trazodone), Ultracet, Fioricet, Elavil). Rationales paraphrase guideline criteria that
name other conditions (post-herpetic neuralgia, ankylosing spondylitis, diabetes, CRPS II) and
other drugs (amitriptyline, sertraline, warfarin, phenobarbital), which count in
``drugs_mentioned`` but are not diagnoses. Every sentence is invented. Scored like a real letter
by ``evaluation.facts.score_letters`` (facts in letters2's format).
"""

from evaluation.facts import score_letters as score  # noqa: F401
