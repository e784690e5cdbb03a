"""Challenge set ``sources10``: round 10 of the guideline-sources set (235 invented items in the
style of the guideline parts of real letters, 119 of the claims administrator and 116 of the
Expert Reviewer, written blind by a helper who had not read the rules, the vocabulary of sources
nor the library), scored exactly as round 1 (``evaluation.challenge.sources``).

113 items (src10-ca-001..065, src10-rv-001..048) are ordinary guideline parts in roughly the
proportions of a sample of real letters: MTUS chapters alone (51), MTUS with a "Non-MTUS Citation"
ODG chapter (31), ODG alone (17) and the form's "did not cite any medical evidence" (14), in both
the 2016-2017 layout ("MTUS Low Back Complaints 2004, Section(s): ...") and the 2014-2015 one
("MTUS Chronic Pain Treatment Guidelines ... Page(s)", "MTUS ACOEM Practice Guidelines, 2nd
Edition (2004), Chapter 12"). The other 122 are harder in new ways: the MTUS named by regulation
number, by the Division of Workers' Compensation, misspelt or oddly spaced ("MUTS", "MT US",
"Medicial ... Guidlines", a hyphen at a wrap), lower-cased, by a chapter title and year alone, or
as ACOEM "adopted in/into" the MTUS; ODG by its Workers' Comp title, "ODG-TWC", Work Loss Data
Institute, "O.D.G.", misspellings, its Drug Formulary, Preface or Return-To-Work Guidelines, or only
its chapter; ACOEM outside the MTUS (3rd Edition, 2016 revisions, APG-I, Hegmann ed.); UpToDate in
three spellings, drug references, web pages, journal articles with authors, specialty societies,
CDC, VA/DoD, NICE, AMDG, FDA communications and labels, CMS/Medicare, payers, a state board's
guidelines, textbooks; "none" parts worded other ways or naming a guideline only as silent; parts
that reject, set aside or distinguish a guideline (left out); and mixed lists of two to four
sources.
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
