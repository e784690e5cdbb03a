"""Challenge set ``synth_k``: 14 whole invented letters with reference facts, written blind (53
disputed items, 3-5 a letter): 8 in the 2016-2017 layout (header block with an invented case
number, CM16-09xxxxx / CM17-09xxxxx) and 6 in the 2014-2015 layout (no header block, no case
number; three of them double-spaced, a blank line after every line; three giving the reviewer's
specialty and state in the boilerplate sentence rather than a credentials block).

Its emphasis is the ORDINARY letter, as a random sample of real ones holds it, not stress tests:
request lines on one line with the outcome at the end ("Norco 10/325mg #120: Upheld", some with two
spaces before the outcome), mostly drugs (opioids: Norco, Percocet, OxyContin, oxycodone,
tramadol; NSAIDs: naproxen sodium, Motrin, Celebrex; muscle relaxants: Flexeril, Soma, Zanaflex;
neuropathic agents: Lyrica, gabapentin, Cymbalta; topicals: Lidoderm 5%, Voltaren 1% gel,
ketoprofen 20% cream, a flurbiprofen/lidocaine compound; sleep aids: Ambien, Restoril, trazodone;
PPIs: Prilosec, omeprazole, Protonix; Colace; Fioricet without a strength) with strengths and
quantities written the usual ways ("#60", "100g", "120gm", "180gm", "with 2 refills", "1 capsule
daily", "1 PO Q6H PRN"), then imaging (MRI, x-rays), therapy (PT "2 times a week for 4 weeks",
"3x4", aquatic "2 x 6", post-operative occupational therapy, chiropractic, acupuncture), injections
(transforaminal ESI, medial branch blocks, an epicondyle corticosteroid injection), DME (TENS,
ankle brace, cold therapy unit), a knee arthroscopy and a carpal tunnel release with "Associated
surgical service:" items, a spine surgery consultation, a functional restoration program
evaluation, cognitive behavioral therapy, pre-operative labs, a metabolic panel and urine drug
screens.

Summaries are written as reviewers write them: "is being treated for", "The diagnoses have
included", "has filed a claim for ... reportedly associated with", a numbered list with a rule-out
item (not a diagnosis), ICD-10-CM code lines, comorbidities (diabetes, hypertension), a prose list
split by semicolons; medication lists of brands and generics (Naprosyn, Aleve, Tylenol #3,
Lexapro, Wellbutrin XL, Mobic, metformin, lisinopril). Guideline parts cite MTUS chapters (Chronic
Pain, Neck and Upper Back, Knee, Ankle and Foot, Elbow Disorders, Forearm, Wrist, and Hand,
Postsurgical, Acupuncture, ACOEM chapter 7 cited as MTUS), ODG, ACOEM outside the MTUS, UpToDate,
and "none"; rationales of ordinary length name other drugs (carisoprodol, aspirin, ranitidine,
amitriptyline, meprobamate, mirtazapine, lansoprazole, baclofen) and conditions (postherpetic
neuralgia, CRPS, multiple sclerosis) that count in ``drugs_mentioned`` or are not diagnoses. Every
sentence is invented. Scored like a real letter by ``evaluation.facts.score_letters`` (facts in
letters2's format).
"""

from evaluation.facts import score_letters as score  # noqa: F401
