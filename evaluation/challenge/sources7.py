"""Challenge set ``sources7``: round 7 of the guideline-sources set (invented items in the style
of the guideline parts of real letters, written by a helper who had not read the rules, the
vocabulary of sources nor the library), scored exactly as round 1
(``evaluation.challenge.sources``).

Its emphasis is the per-party key list (MTUS / ODG / ACOEM / none / other) as real letters make it
hard: MTUS, ODG and ACOEM named in every way reviewers and claims administrators write them (full
names and short forms, "CA MTUS", "California MTUS", regulation numbers, the Chronic Pain,
Postsurgical and Acupuncture Medical Treatment Guidelines, "ODG-TWC", "ODG Treatment in Workers'
Comp", "Work Loss Data Institute", the ODG Formulary, editions and years, chapters and sections),
ACOEM cited within the MTUS (its 2nd Edition chapters, "MTUS/ACOEM") vs outside it (3rd Edition and
later guidelines, "Non-MTUS" citations), misspellings, odd capitalisation, line breaks and
hyphenated wraps inside names; "none" in many wordings (blank, "N/A", "--", "not listed", "the UR
did not cite"); a guideline named only to say it was not used or does not address the item (left
out of the keys); two to five sources in one part; and, in about a third of the items, other
sources as letters name them (journals, societies, agencies, payers, web sites, UpToDate,
Medscape, drug labels, textbooks).
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
