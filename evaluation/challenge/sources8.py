"""Challenge set ``sources8``: round 8 of the guideline-sources set (invented items in the style
of the guideline parts of real letters, written blind by a helper who had not read the rules, the
vocabulary of sources nor the library), scored exactly as round 1
(``evaluation.challenge.sources``).

Its emphasis is the per-party key list (MTUS / ODG / ACOEM / none / other) as real letters make it
hard: MTUS, ODG and ACOEM named in every way reviewers and claims administrators write them (full
names and short forms, "CA MTUS", "California MTUS", "CA-MTUS", the MTUS through its legal
citation (8 CCR 9792.20-9792.26, 9792.24.x), its 2016-2018 updates and Drug Formulary, the Chronic
Pain, Postsurgical and Acupuncture Medical Treatment Guidelines, "ODG-TWC", "ODG Treatment in
Workers' Comp", "Work Loss Data Institute", the ODG Formulary, editions and years, chapters and
sections), ACOEM cited within the MTUS (2nd Edition 2004 chapters, "MTUS/ACOEM") vs outside it
(3rd Edition and later, "Non-MTUS"), misspellings ("Offical Disability Guidlines", "Californa
MTUS"), odd capitalisation ("mtus", "Odg", "Acoem") and line breaks inside names; "none" in many
wordings (blank, "N/A", "--", "None cited", "not provided", "not listed", "the UR did not cite");
a guideline named only to say it was not used, is silent or does not address the item (left out
of the keys), including parts that open with what was not used and then name what was; findings
phrased "found that the X addresses ..." or "based the decision on ..."; a source named twice;
two to five sources in one part, joined by commas, semicolons, slashes, "as well as", "and also",
bullets or numbered lines; and, in about a third of the items, other sources as letters name them
(journals, societies, agencies, payers, web sites, UpToDate, drug references, drug labels and
prescribing information, the CDC and state opioid guidelines).
"""

from evaluation.challenge.sources import score

__all__ = ["score"]
