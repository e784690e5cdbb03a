"""Challenge set ``sources5``: round 5 of the guideline-sources set (invented guideline parts of
both parties, written blind, by someone who had not read the rules), scored exactly as round 1
(``evaluation.challenge.sources``).

Its emphasis is sources beyond MTUS, ODG and ACOEM: US specialty societies (AAOS, NASS, ASIPP,
AANEM, AAN, ACR, ASA, ASRA, ASAM and others, with and without their acronyms), agencies and payers
(CDC, FDA, CMS / Medicare, AHRQ, NIH institutes, SAMHSA, USPSTF, VA/DoD, NICE, WHO, Aetna, Cigna,
Anthem, UnitedHealthcare), other states' workers' compensation guidelines, drug and technology
references (UpToDate, PDR, Medscape, Micromedex, Lexicomp, Epocrates, Hayes, MCG / Milliman,
InterQual, AMA Guides, Medical Disability Advisor), journal articles (keyed by their journal),
textbooks, web addresses (some wrapped across lines), several sources in one part (semicolons,
"and", numbered lists), sources named only to say they were not used, and parts citing nothing.
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
