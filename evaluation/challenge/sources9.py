"""Challenge set ``sources9``: round 9 of the guideline-sources set (invented items in the style
of the guideline parts of real letters, written blind by a helper who had not read the rules, the
vocabulary of sources nor the library), scored exactly as round 1
(``evaluation.challenge.sources``).

About half its items look like the ordinary guideline parts of real letters, in both the
2014-2015 layout ("MTUS Chronic Pain Treatment Guidelines ... Page(s)", "MTUS ACOEM Practice
Guidelines, 2nd Edition (2004), Chapter 12") and the 2016-2017 one ("MTUS Low Back Complaints 2004,
Section(s): ...", "Non-MTUS Citation Official Disability Guidelines (ODG) ..."), for both parties,
so that its figure reflects real letters. The other half stress the per-party key list: long
reviewer parts naming two to six sources with chapters, pages, sections, authors and years; the
MTUS referred to in every way (chapters, its 2016-2018 updates and Opioids Treatment Guidelines,
regulation numbers 8 CCR 9792.2x, the MTUS Drug Formulary, the Chronic Pain Medical Treatment
Guidelines or the Postsurgical Treatment Guidelines named alone, "M.T.U.S.", "CA-MTUS"); ACOEM
within the MTUS (2nd Edition 2004 chapters, "MTUS/ACOEM", the ACOEM guidelines adopted into the
MTUS from December 2017) vs outside it (3rd Edition, "Non-MTUS", cited by its editor); ODG named
only by a chapter ("Pain (Chronic)", "... (Acute & Chronic)") or its publisher (Work Loss Data
Institute), "ODG-TWC", "Occupational Disability Guidelines"; a guideline named only to say it is
silent, was not used or does not address the item (left out), first, in the middle or last;
"none" in many wordings; sources other than the big three (journals with authors and years,
specialty societies, UpToDate, Medicare/CMS, FDA communications and drug labels, web sites,
textbooks, drug references, payers' policies, state workers' compensation guidelines, CDC, AMDG,
VA/DoD, NICE); line breaks inside names; misspellings and odd capitalisation; and parts that
restate the other party's source, of which only the part's own sources count.
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
