"""Challenge set ``synth_f``: whole invented letters in the 2014-2015 layout, with reference
facts (written blind).

The layout of the earlier letters (``../shared/seeds``): no header block and no case number
(``case_number`` and every header date are null; ``letter`` is the item id), the credentials
either in a "State(s) of Licensure / Certification(s)/Specialty" block or in a sentence of the
opening paragraph ("Board Certified in ..., has a subspecialty in ... and is licensed to practice
in ..."), then the case summary and the disputed items, each "request: Upheld/Overturned" with
its guideline lines and "Decision rationale:". Half of the letters carry the extraction artefact
of a blank line after every line; all have trailing spaces, and some a page break (an empty line,
with or without a "Page n of m" running line) inside a summary, a block or a rationale.

Its emphasis: 1 to 5 items a letter (45 in all) over every category, the rarer ones included
(behavioral health, home health, transportation, program, other); drug requests written the ways
of that era ("quantity 150", "#60", "x 2 refills", "60 count", "with five refills", mcg/hr and
percent strengths, a dosing instruction inside the request); retrospective requests with their
date of service; requests wrapped over two lines; guideline lines naming MTUS chapters, ACOEM
chapters cited as MTUS or outside it, ODG, and other sources (a journal article, web sites,
UpToDate, societies), and "no medical evidence cited"; summaries giving diagnoses as prose, a
numbered list, semicolon lists, ICD-9 codes, "status post" entries and "has filed a claim for";
patients with no stated age or sex; injury dates written in several ways. Scored like a real
letter by ``evaluation.facts.score_letters`` (facts in letters2's format).
"""

from evaluation.facts import score_letters as score  # noqa: F401
