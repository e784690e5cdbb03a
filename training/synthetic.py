"""Invented letters with known entities, for training the NER model.

Every sentence here is our own: a small grammar of the letters' shapes (header, summary, items
with guideline lines and a rationale) filled at random from the lexicons (the drug dictionary of
``drug-named-entity-recognition``, ICD-10-CM descriptions, our alias and guideline tables) and
from number and date forms, with PDF artefacts (line wraps, double spaces, hyphenation). The
names vary far more than in real letters, so a model trained on it learns the contexts in which
a drug or a diagnosis appears rather than the lexicon.

``generate(n, seed)`` returns ``[(text, [(start, end, label), ...]), ...]`` (offsets into the
text), always the same for the same arguments.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from functools import lru_cache

Span = tuple[int, int, str]

MONTHS = "January February March April May June July August September October November December"
GUIDELINES = (
    "MTUS Chronic Pain Medical Treatment Guidelines 2009, Section(s): {topic}",
    "MTUS Chronic Pain Treatment Guidelines {topic} Page(s): {page}",
    "MTUS Chronic Pain Medical Treatment 2016, Section(s): {topic}",
    "Non-MTUS Citation Official Disability Guidelines (ODG), {chapter}, {topic}",
    "MTUS {chapter} Complaints 2004, Section(s): {topic}",
    "ACOEM Practice Guidelines, {chapter}, {topic}",
    "MTUS Opioid Treatment 2016, Section(s): {topic}",
)
GUIDELINE_NAMES = ("CA MTUS", "MTUS", "ODG", "ACOEM", "Official Disability Guidelines", "the MTUS")
TOPICS = (
    "Opioids, criteria for use",
    "Physical Medicine",
    "Muscle relaxants (for pain)",
    "Topical Analgesics",
    "Antiepilepsy drugs (AEDs)",
    "Special Studies",
    "Initial Care",
    "Acupuncture",
    "Manual therapy & manipulation",
)
CHAPTERS = ("Low Back", "Neck and Upper Back", "Shoulder", "Knee", "Pain", "Elbow")
FREQUENCIES = (
    "every {h} hours",
    "every {h}-{h2} hours as needed",
    "q{h}h",
    "twice a day",
    "three times a day",
    "once daily",
    "daily",
    "BID",
    "TID",
    "at bedtime",
    "{n} tab by mouth every {h} hours",
    "1-2 tablets every {h} hours as needed",
    "as needed",
)
THERAPY_FREQUENCIES = (
    "2 times a week for 4 weeks",
    "three times a week for two weeks",
    "2x4",
    "1 times 8",
)
#: Words joining two diagnoses in one sentence.
LINKS = ("complicated by", "secondary to", "associated with", "along with", "due to", "and")
THERAPIES = ("physical therapy", "chiropractic care", "acupuncture", "aquatic therapy")
SUMMARY = (
    "The injured worker is a {age} year old {sex} who sustained an industrial injury on {injury}.",
    "This is a {age}-year-old {sex} with a date of injury of {injury}.",
    "Diagnoses include {dx}.",
    "The current diagnoses are documented as {dx}.",
    "The patient has been treated for {dx}.",
    "Current medications include {med} and {med}.",
    "A progress report dated {date} lists {med}.",
    "On {date}, the provider prescribed {med}.",
    "She reported that {drug} helped, and {drug} was stopped on {date}.",
    "Utilization review on {date} modified {drug} {strength} {quantity} to {quantity2}.",
    "He has tried {drug}, {drug} and {drug} without lasting relief.",
    "Pain was rated {p}/10 with medications and {p2}/10 without on {date}.",
    "The treating physician requested {count} of {therapy} {tfreq}.",
    "Prior care included {count} of {therapy}.",
    "An MRI dated {date} was reviewed.",
    "The provider felt the findings were consistent with {dxs}.",
    "Records indicate ongoing treatment for {dxs} since {date}.",
    "He underwent surgery for {dxs} on {date}.",
    "Her {dxs} has not settled with rest and bracing.",
    "He was seen in the emergency department for a {dxs} after a fall from a ladder.",
    "Her treating physician diagnosed a {dxs} {link} {dxs2}.",
    "The worker has a {dxs} and a {dxs2} from the industrial injury.",
    "Operative repair of a {dxs} was performed on {date}.",
    "Her medication list on {date} included {med}.",
    "The claimant takes {drug} {strength} {freq} for {dxs}.",
)
RATIONALE = (
    "Per the {gname}, {drug} is recommended only with documented functional improvement.",
    "The {gname} supports a trial of {count} of {therapy}.",
    "There is no evidence of {dxs} on examination.",
    "The records do not show a urine drug screen since {date}.",
    "Continued use of {drug} {strength} {freq} is not supported.",
    "This worker had {dxs} that did not improve with conservative care.",
    "Given the {dxs}, further {therapy} is reasonable at this time.",
    "With {dx} documented, the request is supported.",
    "This is a request for {therapy} to treat a {dxs}.",
    "The claimant had a {dxs} {link} {dxs2}.",
    "With a {dxs}, {drug} would be expected to help.",
    "This is a request for {drug} {strength} for a {dxs}.",
    "Surgical management of a {dxs} is outside the scope of this review.",
    "The treating surgeon documented a {dxs} with limited motion.",
    "The {dxs} was treated with a splint and {therapy}.",
    "Therefore, the request is not medically necessary.",
    "Given the documented improvement, the request is medically necessary.",
)


@lru_cache(maxsize=1)
def _lexicons() -> tuple[list[str], list[str]]:
    """Drug names (DNER dictionary, curated table) and diagnosis names (aliases, ICD-10-CM)."""
    import icd10

    from imr_nlp.entities.drugs import _dictionary, dictionary_path
    from imr_nlp.rules import default_rules

    group = re.compile(
        r"\b(?:agents?|inhibitors?|blockers?|antagonists?|agonists?|drugs?|products?)\b"
    )
    names = [
        n
        for n in _dictionary(dictionary_path())["drug_variant_to_canonical"]
        if re.fullmatch(r"[a-z][a-z -]{3,24}", n) and not group.search(n)
    ]
    dx_rules = default_rules("diagnoses.jsonl")
    diagnoses = [n for r in dx_rules if r["kind"] == "diagnosis" for n in r["names"]]
    for code, (billable, description) in icd10.codes.items():
        if billable and code[0] in "MSG" and "," not in description and len(description) < 50:
            diagnoses.append(description[0].lower() + description[1:])
    # the short "site + injury" names of the letters ("left ankle sprain"), from the same rules
    sites = [n for r in dx_rules if r.get("alias_only") for n in r["names"]]
    injuries = [c for r in dx_rules if r["kind"] == "site_condition" for c in r["conditions"]]
    for side in ("", "left ", "right ", "acute ", "severe "):
        diagnoses += [f"{side}{site} {injury}" for site in sites for injury in injuries]
    return sorted(set(names)), sorted(set(diagnoses))


def mentions_name(text: str, names: Iterable[str]) -> bool:
    """Whether a lower-case text is one of the names or has one of them as whole words ("right
    wrist fracture" mentions "wrist fracture")."""
    return any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) for name in names)


@lru_cache(maxsize=1)
def _curated_drugs() -> list[str]:
    """The workers' compensation drug names of ``patterns/drugs.jsonl``."""
    from imr_nlp.rules import default_rules

    rules = default_rules("drugs.jsonl")
    return sorted({n for r in rules if r["kind"] == "drug" for n in r["names"]})


class _Writer:
    """Builds a text piece by piece and records the labelled pieces."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []

    def add(self, text: str, label: str | None = None) -> None:
        if label:
            self.spans.append((self.length, self.length + len(text), label))
        self.parts.append(text)
        self.length += len(text)

    def template(self, template: str, fill: dict[str, tuple[str, str | None]]) -> None:
        """Write a template whose {slots} are (text, label) pairs."""
        pos = 0
        for m in re.finditer(r"\{(\w+)\}", template):
            self.add(template[pos : m.start()])
            value = fill[m.group(1)]
            if isinstance(value, list):  # a list of labelled pieces joined by ", " / " and "
                for i, (text, label) in enumerate(value):
                    if i:
                        self.add(" and " if i == len(value) - 1 else ", ")
                    self.add(text, label)
            else:
                self.add(*value)
            pos = m.end()
        self.add(template[pos:])

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Generator:
    """Random letter parts, from one seeded ``random.Random``."""

    def __init__(self, seed: int, exclude: Iterable[str] = ()) -> None:
        self.r = random.Random(seed)
        drugs, diagnoses = _lexicons()
        left_out = {n.lower() for n in exclude}

        def kept(names: Iterable[str]) -> list[str]:  # no name that has a left-out one in it
            return [n for n in names if not mentions_name(n.lower(), left_out)]

        self.drugs, self.diagnoses, self.curated = (
            kept(drugs),
            kept(diagnoses),
            kept(_curated_drugs()),
        )

    def drug(self) -> str:
        pool = self.curated if self.r.random() < 0.3 else self.drugs
        name = self.r.choice(pool)
        return name.title() if self.r.random() < 0.6 else name

    def date(self) -> str:
        r = self.r
        y, m, d = r.randint(2005, 2017), r.randint(1, 12), r.randint(1, 28)
        form = r.randrange(4)
        if form == 0:
            return f"{m:02d}/{d:02d}/{y}"
        if form == 1:
            return f"{m}-{d}-{y % 100:02d}"
        if form == 2:
            return f"{MONTHS.split()[m - 1]} {d}, {y}"
        return f"{m}/{d}/{y}"

    def strength(self) -> str:
        r = self.r
        form = r.randrange(5)
        if form == 0:
            return f"{r.choice([5, 7.5, 10])}/{r.choice([300, 325])}mg"
        if form == 1:
            return f"{r.choice([0.025, 5, 10, 4])}%"
        if form == 2:
            return f"{r.choice([12, 25, 50])} mcg/hr"
        unit = r.choice(["mg", " mg"])
        return f"{r.choice([1, 2, 5, 8, 10, 15, 20, 30, 50, 100, 300, 600, 800])}{unit}"

    def quantity(self) -> str:
        n = self.r.choice([30, 60, 90, 120, 180, 240])
        return self.r.choice([f"#{n}", f"# {n}", f"quantity {n}", f"QTY: {n}"])

    def count(self) -> str:
        n = self.r.choice([2, 4, 6, 8, 12, 18])
        return self.r.choice([f"{n} sessions", f"{n} visits", f"{n} treatments"])

    def frequency(self) -> str:
        h = self.r.choice([4, 6, 8, 12])
        return self.r.choice(FREQUENCIES).format(h=h, h2=h + 2, n=self.r.randint(1, 2))

    def guideline(self) -> str:
        r = self.r
        return r.choice(GUIDELINES).format(
            topic=r.choice(TOPICS), chapter=r.choice(CHAPTERS), page=r.randint(20, 120)
        )

    def medication(self) -> list[tuple[str, str | None]]:
        """A medication with its strength and a frequency or quantity, as labelled pieces."""
        out = [(self.drug(), "DRUG"), (" ", None), (self.strength(), "STRENGTH"), (" ", None)]
        if self.r.random() < 0.5:
            out.append((self.frequency(), "FREQUENCY"))
        else:
            out.append((self.quantity(), "QUANTITY"))
        return out

    def fill(self) -> dict:
        r = self.r
        k = r.randint(1, 4)
        return {
            "age": (str(r.randint(22, 70)), None),
            "sex": (r.choice(["male", "female", "man", "woman"]), None),
            "injury": (self.date(), "INJURY_DATE"),
            "date": (self.date(), "DATE"),
            "dx": [(r.choice(self.diagnoses), "DIAGNOSIS") for _ in range(k)],
            "dxs": (r.choice(self.diagnoses), "DIAGNOSIS"),
            "dxs2": (r.choice(self.diagnoses), "DIAGNOSIS"),
            "link": (r.choice(LINKS), None),
            "drug": (self.drug(), "DRUG"),
            "strength": (self.strength(), "STRENGTH"),
            "quantity": (self.quantity(), "QUANTITY"),
            "quantity2": (self.quantity(), "QUANTITY"),
            "freq": (self.frequency(), "FREQUENCY"),
            "count": (self.count(), "QUANTITY"),
            "therapy": (r.choice(THERAPIES), None),
            "tfreq": (r.choice(THERAPY_FREQUENCIES), "FREQUENCY"),
            "gname": (r.choice(GUIDELINE_NAMES), "GUIDELINE"),
            "p": (str(r.randint(5, 10)), None),
            "p2": (str(r.randint(1, 5)), None),
        }

    def sentence(self, w: _Writer, template: str) -> None:
        fill = self.fill()
        if "{med}" in template:
            for i, piece in enumerate(template.split("{med}")):
                if i:
                    for text, label in self.medication():
                        w.add(text, label)
                w.template(piece, fill)
        else:
            w.template(template, fill)
        w.add(" ")

    def letter(self) -> tuple[str, list[Span]]:
        r, w = self.r, _Writer()
        w.add(f"Case Number: CM{r.randint(13, 17)}-{r.randint(0, 9999999):07d}\nDate Assigned: ")
        w.add(self.date(), "DATE")
        w.add(" Date of Injury: ")
        w.add(self.date(), "INJURY_DATE")
        w.add("\nDecision Date: ")
        w.add(self.date(), "DATE")
        w.add("\nCLINICAL CASE SUMMARY\n")
        for template in r.sample(SUMMARY, r.randint(4, 8)):
            self.sentence(w, template)
        w.add("\nIMR ISSUES, DECISIONS AND RATIONALES\n")
        for _ in range(r.randint(1, 3)):
            if r.random() < 0.7:
                for text, label in self.medication():
                    w.add(text, label)
            else:
                w.add(r.choice(THERAPIES).capitalize() + " ")
                w.add(self.count(), "QUANTITY")
            w.add(f": {r.choice(['Upheld', 'Overturned'])}\n")
            for party in ("Claims Administrator guideline", "MAXIMUS guideline"):
                w.add(f"{party}: Decision based on ")
                w.add(self.guideline(), "GUIDELINE")
                w.add(".\n")
            w.add("Decision rationale: ")
            for template in r.sample(RATIONALE, r.randint(2, 4)):
                self.sentence(w, template)
            w.add("\n")
        return self.artefacts(w.text, w.spans)

    def artefacts(self, text: str, spans: list[Span]) -> tuple[str, list[Span]]:
        """Wrap long lines at spaces (as PDF extraction does) and double a few spaces: each
        change replaces one character by one or two, so spans are shifted, never split."""
        r, out, shift, col = self.r, [], [0] * (len(text) + 1), 0
        extra = 0
        for i, ch in enumerate(text):
            shift[i] = extra
            col = 0 if ch == "\n" else col + 1
            if ch == " " and col > r.randint(80, 100):
                out.append(" \n")
                extra += 1
                col = 0
            elif ch == " " and r.random() < 0.01:
                out.append("  ")
                extra += 1
            else:
                out.append(ch)
        shift[len(text)] = extra
        moved = [(s + shift[s], e + shift[e - 1], label) for s, e, label in spans]
        return "".join(out), moved


def generate(n: int, seed: int = 0, exclude: Iterable[str] = ()) -> list[tuple[str, list[Span]]]:
    """``n`` invented letters with their entity spans (see the module doc); names in
    ``exclude`` (any case) never appear."""
    g = Generator(seed, exclude)
    return [g.letter() for _ in range(n)]


def check(samples: Iterable[tuple[str, list[Span]]]) -> None:
    """Raise if a span is empty, out of range or has spaces at its ends (a generator bug)."""
    for text, spans in samples:
        for s, e, label in spans:
            piece = text[s:e]
            if not piece or piece != piece.strip() or not 0 <= s < e <= len(text):
                raise ValueError(f"bad synthetic span {label} {piece!r}")
