"""Challenge set ``sources11``: round 11 of the guideline-sources set (213 invented items in the
style of the guideline parts of real letters, 108 of the claims administrator and 105 of the
Expert Reviewer, written blind by a helper who read real letters for their language and layouts
only, not the rules, the vocabulary of sources nor the library), scored exactly as round 1
(``evaluation.challenge.sources``).

Emphasis: representative of real letters. 132 items (src11-ca-001..067, src11-rv-001..065) are
ordinary guideline parts in about the proportions of a sample of real guideline lines: MTUS
chapters alone (59), MTUS with a "Non-MTUS Citation" ODG chapter (36), ODG alone under the
"outside of the MTUS Guidelines" sentence (23) and the form's "did not cite any medical evidence"
(14), wrapped as the letter's lines wrap after the label, in the 2016-2017 layout ("MTUS Knee
Complaints 2004, Section(s): ...") and the 2014-2015 one ("MTUS Chronic Pain Treatment Guidelines
<topic> Page(s): ...", "MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12"). The
other 81 (src11-ca-068..108, src11-rv-066..105) are harder but realistic: UpToDate in five
spellings (one wrapped "Up to / Date", one as www.uptodate.com), drug labels and drug references
(prescribing information, package insert, DailyMed, PDR, Micromedex, Lexicomp, RxList, drugs.com),
journal articles with authors, textbooks, specialty societies (AAOS, AAN, AANEM, ASIPP, NASS,
ACR, American Psychiatric Association, Endocrine Society, American Diabetes Association), CDC,
FDA, VA/DoD, AMDG, CARF, the National Academies, CMS and Medicare manuals and coverage
determinations, a payer's policy bulletin, web pages by URL (some wrapped at a hyphen inside the
URL), lists of two to four sources (some after "Other Medical Treatment Guidelines"), ACOEM cited
outside the MTUS, misspellings and odd spacing left by PDF extraction ("M TUS", "MUTS", "Treat
ment", "Offical", "Guidlines", "Disabilty (OGD)", "Guide-/lines", "Non- MTUS", spaces before
commas), the older long-form wording naming the Medical Treatment Utilization Schedule, and parts
that name a guideline without relying on it ("did not base their decision on the MTUS", "found
the MTUS did not apply", "which the MTUS does not address"). The data file's header lists the
keying conventions decided for this round.
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
