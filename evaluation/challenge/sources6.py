"""Challenge set ``sources6``: round 6 of the guideline-sources set (invented items in the style
of the guideline parts of real letters, written by a helper who had not read the rules nor the
vocabulary of sources), scored exactly as round 1 (``evaluation.challenge.sources``).

Its emphasis is what reviewers and claims administrators cite beyond MTUS, ODG and ACOEM, written
as long as real citations (titles, editions, pages, years, policy numbers, URLs): US specialty
societies, agencies and payers (CMS and Medicare manuals and coverage determinations, FDA, CDC,
NIH institutes, AHRQ, VA/DoD, USPSTF, DEA, private payers' medical policies), other states'
workers' compensation guidelines, foreign bodies (NICE, WHO, EULAR, Canadian and UK groups),
references and criteria sets (UpToDate, PDR, Medscape, Micromedex, Lexicomp, Epocrates, Hayes,
MCG / Milliman, InterQual, AMA Guides), journal articles with authors, textbooks, web sites
(several with a line break inside the address), several sources in one part (semicolons, "and",
numbered lists, line breaks), MTUS/ODG/ACOEM in unusual or misspelt wordings, MTUS or ODG named
only to say they were not used, and "none" in many wordings.
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
