"""The category of a request: what the requested item is, not what it is attached to.

A request line names an item and then qualifies it: "Associated surgical service: cold
compression unit for the left knee, 30 day rental" is a cold compression unit (dme), and
"Orthopedic surgery consultation" is a consultation (evaluation_management). So the category is
read in steps, every one of them data in ``patterns/categories.jsonl``:

1. abbreviations are written out, so that the rules read the same either way: those the letter
   defines ("... extracorporeal shockwave therapy (ESWT) ..." and then "ESWT x 3"), read by
   ``imr_abbreviations`` with scispaCy's algorithm, then the standard ones
   (``patterns/abbreviations.jsonl``: "FCE" -> "functional capacity evaluation");
2. the ``request_prefix`` rules strip what stands before the item ("Associated surgical service:",
   "Retrospective request for", "Twelve sessions of", "Purchase of"). A prefix marked
   ``lead_in`` introduces a list ("Labs to include: chest X-ray"): what is listed decides, and
   only when no rule knows it does the line with its lead-in kept decide (the labs);
3. the ``head_boundary`` rule cuts the item's modifiers off ("of the left knee", "for the lumbar
   spine", "with supplies", ", 30 days"), leaving the head phrase;
4. the ``category`` rules are tried in file order on the head phrase, and only when none
   matches, in the same order on the whole item; the first match gives the category, none gives
   "other". A ``drug_entity`` rule matches a request with a DRUG entity on its line; a rule
   with ``overrides`` is read last, on the whole item, and replaces that one category ("a drug
   with its route written after the head is an injection");
5. a phrase no rule knows may misspell the word that decides it ("Acupunture x 6"): each word
   of six letters or more one typing slip (a letter dropped, added or replaced, or two
   neighbours swapped) from exactly one word of the ``spelling`` list is read as that word
   (not a word that list word makes with "-r": a "massager" is a device, not a massage),
   and the rules are tried on the respelt phrase before the phrase as written: the respelt
   head phrase before the whole item ("Pyschotherapy, 6 visits" is psychotherapy, not a
   visit; "Acupunture x 6 visits" is acupuncture, not a visit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..rules import BOOL, REGEX, STR, WORDS, RuleSchema, of_kind
from ..text.spelling import deletion_index, near

# The standard short forms and their long forms: the table imr_abbreviations owns (and
# validates), read here as shared data.

#: The kinds of ``categories.jsonl`` read here.
CATEGORY_SCHEMAS = {
    "category": RuleSchema(
        required={"category": STR, "pattern": REGEX},
        optional={"drug_entity": BOOL, "overrides": STR},
    ),
    "request_prefix": RuleSchema(required={"pattern": REGEX}, optional={"lead_in": BOOL}),
    "head_boundary": RuleSchema(required={"pattern": REGEX}, single=True),
    "spelling": RuleSchema(required={"words": WORDS}),
}
OTHER = "other"  # the category of a request no category rule matches
SPACES = re.compile(r"\s+")
#: a word a typing slip may have changed: six letters or more
LONG_WORD = re.compile(r"[A-Za-z]{6,}")


def abbreviation_pattern(rules: list[dict[str, Any]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every short form (case-sensitive, whole words, longest first; a plural
    "s" may follow, as for the abbreviation detector: "TPIs") and the short -> long table. The
    short form is the regex's group 1."""
    table = {r["short"]: r["long"] for r in of_kind(rules, "abbreviation")}
    shorts = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(s) for s in shorts) or r"(?!)"
    return re.compile(rf"(?<![A-Za-z0-9])({alternation})s?(?![A-Za-z0-9])"), table


class Categorizer:
    """Category of a request line from the rules of ``categories.jsonl`` and the abbreviation
    table (see the module docstring for the steps)."""

    def __init__(self, rules: list[dict[str, Any]], abbreviations: list[dict[str, Any]]) -> None:
        self.rules = [
            (r["category"], bool(r.get("drug_entity")), re.compile(r["pattern"]))
            for r in of_kind(rules, "category")
            if "overrides" not in r
        ]
        #: (category, the category it overrides, pattern): read on the whole item, after the
        #: ordered rules (a drug whose route is written after its head is an injection)
        self.overrides = [
            (r["category"], r["overrides"], re.compile(r["pattern"]))
            for r in of_kind(rules, "category")
            if "overrides" in r
        ]
        self.prefixes = [
            (re.compile(r["pattern"]), bool(r.get("lead_in")))
            for r in of_kind(rules, "request_prefix")
        ]
        boundary = of_kind(rules, "head_boundary")
        self.boundary = re.compile(boundary[0]["pattern"]) if boundary else None
        self.short_forms, self.long_forms = abbreviation_pattern(abbreviations)
        self.spellings = {
            w.lower() for r in of_kind(rules, "spelling") for w in r["words"] if len(w) >= 6
        }
        #: each one-letter deletion of a spelling word -> the words (candidates of a slip)
        self.slips = deletion_index(self.spellings)

    def item(
        self, treatment: str, lead_ins: bool = True, defined: Mapping[str, str] | None = None
    ) -> str:
        """The request with its abbreviations written out (``defined``: the short forms the
        letter defines -> their long forms, written out first) and its leading prefixes
        stripped (``lead_ins=False``: a list's lead-in is kept)."""
        text = SPACES.sub(" ", treatment).strip()
        if defined:
            own = {s: long for s, long in defined.items() if s and long and s in text}
            if own:
                pattern = abbreviation_pattern(
                    [{"kind": "abbreviation", "short": s, "long": long} for s, long in own.items()]
                )[0]
                text = pattern.sub(lambda m: own[m.group(1)], text)
        text = self.short_forms.sub(lambda m: self.long_forms[m.group(1)], text)
        stripped = True
        while stripped:
            stripped = False
            for prefix, lead_in in self.prefixes:
                if lead_in and not lead_ins:
                    continue
                rest = prefix.sub("", text, count=1)
                if rest != text and rest.strip():
                    text, stripped = rest.strip(), True
        return text

    def head(self, item: str) -> str:
        """The head phrase of an item: the item up to its first modifier."""
        if self.boundary is None:
            return item
        return self.boundary.split(item, maxsplit=1)[0].strip()

    def respell(self, text: str) -> str:
        """``text`` with each word one typing slip from exactly one spelling word read as
        that word (step 5)."""

        def fix(match: re.Match[str]) -> str:
            word = match.group(0).lower()
            if word in self.spellings:
                return match.group(0)
            # a word formed from a list word by "-r" names the one who or what does it ("massager",
            # a device, is no slip for "massage"): that word is no candidate
            found = {w for w in near(word, self.slips, swap=True) if word != w + "r"}
            return found.pop() if len(found) == 1 else match.group(0)

        return LONG_WORD.sub(fix, text) if self.spellings else text

    def __call__(
        self,
        treatment: str,
        names_drug: bool = False,
        drugs: Sequence[str] = (),
        defined: Mapping[str, str] | None = None,
    ) -> str:
        """The category of a request line (``names_drug``: a DRUG entity is on the line;
        ``drugs``: their texts, when known: a head phrase that holds none of them is no drug,
        "Blood test for vitamin D level" is a test; ``defined``: the short forms the letter
        defines -> their long forms, read before the standard table)."""
        names_drug = names_drug or bool(drugs)
        drugs = tuple(d.lower() for d in drugs)
        item = self.item(treatment, defined=defined)
        category = self.match(item, names_drug, drugs)
        whole = self.item(treatment, lead_ins=False, defined=defined)
        if category in (None, OTHER) and whole != item:
            # a listed item no rule knows: the list's lead-in decides
            category = self.match(whole, names_drug, drugs) or category
        for name, overridden, pattern in self.overrides:
            if category == overridden and pattern.search(item):
                category = name
                break
        return category or OTHER

    def match(self, item: str, names_drug: bool = False, drugs: Sequence[str] = ()) -> str | None:
        """The category of the first rule that knows a stripped item: on its head phrase (else
        the head respelt, step 5), then on all of it (else all of it respelt); or None."""
        head = self.head(item)
        for phrase in dict.fromkeys((head, item)):
            if not phrase:
                continue
            here = names_drug and (
                phrase != head or not drugs or any(d in phrase.lower() for d in drugs)
            )
            respelt = self.respell(phrase)
            found = self.first_rule(respelt, here) if respelt != phrase else None
            if found is None:
                found = self.first_rule(phrase, here)
            if found is not None:
                return found
        return None

    def first_rule(self, text: str, names_drug: bool) -> str | None:
        """The category of the first rule that matches ``text``, or None."""
        for name, drug_entity, pattern in self.rules:
            if drug_entity:
                if names_drug:
                    return name
            elif pattern.search(text):
                return name
        return None
