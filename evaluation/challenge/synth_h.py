"""Challenge set ``synth_h``: 14 whole invented letters in the 2016-2017 layout with reference
facts, written blind to be as hard as real letters (61 disputed items, 3-5 a letter).

Its emphasis is the boundaries of the requests: request lines wrapped over two or three lines,
with the last line starting with a date of service ("(DOS: \\n10/19/2016)"), a number ("6 weeks",
"2 times a week", "8 sessions") or a single word; a rationale's last sentence on the same line as
the next request, with and without a space; partial authorisations with the "was the original
request ... remaining IMR eligible portion" lead-in, including one whose outcome word stands alone
on the next line; page headers and footers ("Page 2 of 4", the case number repeated) inside a
rationale or between an outcome line and its guideline parts. Request lines carry every field
(drug, strength, quantity, refills, frequency: "every 6 hours", "QHS", "q8h", "12 hours on/12
hours off", "refills: 2", "x 3 refills", "with 0 refills"), and the categories include the rarer
ones (behavioral health, home health, transportation, acupuncture, chiropractic, evaluation and
management, "other" for an inpatient stay and a gym membership, surgery with its associated
services). Guideline parts cite several sources per party, including ODG, ACOEM chapters cited as
MTUS, societies (AAOS, AAN, ASA, AASM, APA, ASIPP, AANEM), the FDA, UpToDate, Medscape, cms.gov
and "none". Summaries state diagnoses in numbered and dashed lists, ICD-10 lines and prose, with
hypothetical ("suspected") conditions and procedures (status post) that are not diagnoses, and
medication lists. Scored like a real letter by ``evaluation.facts.score_letters`` (facts in
letters2's format).
"""

from evaluation.facts import score_letters as score  # noqa: F401
