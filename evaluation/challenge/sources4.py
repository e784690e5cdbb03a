"""Challenge set ``sources4``: round 4 of the guideline-sources set (invented items in the style
of the guideline parts of real letters, written before reading the rules), scored exactly as
round 1 (``evaluation.challenge.sources``).

Its emphasis is what reviewers cite beyond MTUS, ODG and ACOEM: several sources in one part, in
order, joined by commas, "and", semicolons, numbered lists and line breaks; journal articles
(author, title, journal, year), textbooks, specialty societies and their policies, government
bodies (FDA, CDC, CMS / Medicare, NIH institutes, other states' workers' compensation
guidelines), web addresses, UpToDate, Cochrane reviews, drug labels, MCG / InterQual / Milliman;
MTUS and ACOEM chapters cited as MTUS, ODG under its many chapter names, ACOEM outside the MTUS,
misspelt or oddly abbreviated guideline names, "none" in many wordings, sources named only to say
they were not used, and line wraps inside names and web addresses as extracted PDF text has them.
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
