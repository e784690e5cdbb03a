"""Challenge set ``synth_j``: 12 whole invented letters in the OLDER layouts, with reference facts,
written blind (47 disputed items, 2-5 a letter; invented case numbers CM13-07xxxxx /
CM14-07xxxxx):

- 6 in the 2013 "Notice of Independent Medical Review Determination" layout (``Dated:`` and the
  IMR Case Number / Date of Injury / Application Received block; no decision, UR denial or
  assignment date in a header, so those facts are null): the numbered determination lines
  ("... has determined the request for ... is [not] medically necessary and appropriate") listed
  under "Final Determination:" and again under "INDEPENDENT MEDICAL REVIEW DECISIONS AND
  RATIONALES", the second list differing a little from the first (another wrap, "1." for "1)",
  "medically necessary" without "and appropriate", "notmedically" glued in one list only,
  "has determined that the request for", "Inc." without its comma); then
  per item "N) Regarding the request for ...:", the guideline part (the claims administrator's and
  the expert reviewer's sources in several shapes: two sub-headings, "based its decision on",
  "did not cite", "None cited", "agreed ... and used it as well", several sources in one
  sentence) and "Rationale for the Decision:" ending in the determination sentence.
- 4 in the "MEDICAL PROFESSIONAL REVIEW" layout (IMR Case Number, Date of Injury, Application
  Received only): "ISSUES AT DISPUTE:" listing the items (numbered "1)", "1.", unnumbered, one
  wrapped over two lines), then per item a guideline part "MEDICAL TREATMENT GUIDELINE(S) RELIED
  UPON BY PROFESSIONAL REVIEWER AND WHY:" and a rationale whose heading carries the outcome
  ("... IS/WAS MEDICALLY NECESSARY:" / "... IS/WAS NOT MEDICALLY NECESSARY:", once wrapped inside
  "MEDICALLY\\nNECESSARY"), closed by "The requested treatment, ..., is [not] medically
  necessary."; the item blocks are introduced by the issue line, by "ISSUE #n:" or by nothing at
  all (one letter's blocks follow one another unlabelled, in the order of the issue list), and one
  letter puts the heading and its text on the same line. There is no claims administrator
  guideline part, so its sources are empty; the treatment is the text of the issue line.
- 2 in the 2014 "DOCUMENTS REVIEWED" / "IMR DECISION(S) AND RATIONALE(S)" layout (header block
  with the decision and UR denial dates): "request: Upheld|Overturned" lines, once with the outcome
  word alone on the next line and once with the request wrapped before it, and "Claims
  Administrator guideline:" / "MAXIMUS guideline:" / "Decision rationale:" parts.

Emphasis: requests naming a drug with strength and count ("Oxycodone 10mg #120", "Norco
10/325mg, 1 tablet every 6 hours as needed, #120", a three-ingredient cream with percentage
strengths and grams, "with 2 refills"), therapy with a count or a frequency, DME (TENS, brace,
splint, cold unit rental, exercise kit), injections (epidural, viscosupplement, an intramuscular
Toradol shot with its date), surgery with its associated clearance, labs and therapy, a request
containing the word "is" ("... if pain is unchanged", "... to determine if the patient is a
surgical candidate") and numbers ("L4-L5", "3 day inpatient stay", "12 visits"). Guideline
parts cite MTUS chapters, ACOEM chapters cited as part of the MTUS and ACOEM outside it, ODG
chapters, several sources per party, and none ("None cited", "did not cite", "no guideline was
cited"). Summaries give diagnoses in prose, numbered lists, ICD-9 code lines and an "Axis I:"
line, with a "rule out" condition and a "status post" procedure that are not diagnoses;
medication lists mix brands and generics (Lidoderm, Colace, Norco, Mobic, Prilosec, Ultram,
Flexeril, Ambien, Motrin, Elavil, Percocet, Cymbalta, Zanaflex, Zoloft, Ativan, Celebrex,
Voltaren, Tylenol, MS Contin, Senokot).
Page headers and footers sit inside a rationale, inside a guideline part, between a rationale
heading and its text, and between an outcome line and its guideline parts. Every sentence is
invented. Scored like a real letter by ``evaluation.facts.score_letters`` (facts in letters2's
format; header fields a layout does not print are null).
"""

from evaluation.facts import score_letters as score  # noqa: F401
