"""Challenge set ``synth_l``: 16 whole invented letters with reference facts, written blind (65
disputed items, 3-6 a letter): 10 in the 2016-2017 layout (header block with an invented case
number, CM16-098xxxx / CM17-098xxxx; five as ``pdftotext -layout`` lays them out, five as plain
pdftotext gives them, with the header labels and their values in separate blocks) and 6 in the
2014-2015 layout (no header block, no case number; three double-spaced, a blank line after every
line; two giving the reviewer's specialty and state in the boilerplate sentence rather than a
credentials block; one stating no age).

Its emphasis is the ORDINARY letter, as a random sample of real ones holds it, not stress tests:
request lines with the outcome at the end (two spaces before it in one older letter), drugs with
strengths and quantities written the usual ways (Norco 10/325mg #90 and #180, Soma, Oxycodone HCl,
Tramadol ER, Butrans 10mcg/hr patch #4, Ibuprofen/Motrin 800mg, Naproxen sodium,
Omeprazole/Prilosec, Cyclobenzaprine, Zolpidem, Xanax, Colace, Gabapentin and Lyrica "with 2/3
refills", Cymbalta,
Lidoderm 5% patches, Flector 1.3% patch, Ketoprofen 20% cream 120gm, Imitrex, post-operative
Keflex), then imaging (lumbar, brain and ankle MRI, flexion/extension x-rays, an MR arthrogram),
therapy (PT "2 times a week for 4 weeks", "3 times a week for 4 weeks", post-operative PT and OT
with session counts, aquatic, vestibular), chiropractic, acupuncture, injections (cervical and
lumbar ESIs, medial branch blocks, knee and subacromial corticosteroid injections), DME (TENS,
knee brace, sling, cold therapy unit rental, splint, crutches, CPM), three surgeries (shoulder
decompression, carpal tunnel release, knee meniscectomy) with "Associated surgical service:" items
(medical clearance, pre-operative labs, post-operative therapy, DME), a neurology consultation, a
functional capacity evaluation, cognitive behavioral therapy, drug screens, a home health aide,
transportation and a gym membership. Three partial authorisations (original request, authorised
part, remaining IMR eligible portion: the decided portion is the treatment) and four requests
wrapped over two lines.

Summaries state the diagnoses the ways reviewers write them ("is being treated for", "The current
diagnoses are documented as", "The diagnoses have included", "has filed a claim for ...
reportedly associated with", "has been diagnosed with", a numbered list with a rule-out item,
ICD-10-style phrases with "subsequent encounter", comorbidities), with procedures and rule-out
conditions that are not diagnoses. Guideline parts cite MTUS chapters (Chronic Pain, Opioid
Treatment 2016, Low Back, Neck and Upper Back, Shoulder, Knee, Ankle and Foot, Forearm, Wrist,
and Hand, Postsurgical, Acupuncture, ACOEM chapter 7 and "MTUS ACOEM" chapters with pages), ODG,
UpToDate, the American Academy of Orthopaedic Surgeons, and "did not cite any medical evidence".
Rationales of ordinary length name other drugs (meprobamate, gabapentin, acetaminophen, aspirin)
and conditions (postherpetic neuralgia, diabetic neuropathy) that count in ``drugs_mentioned`` or
are not diagnoses. Every sentence is invented. Scored like a real letter by
``evaluation.facts.score_letters`` (facts in letters2's format; header fields the older layout does
not print are null).
"""

from evaluation.facts import score_letters as score

__all__ = ["score"]
