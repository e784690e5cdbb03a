"""The category of a request: what the requested item is, not what it is attached to.

A request line names an item and then qualifies it: "Associated surgical service: cold
compression unit for the left knee, 30 day rental" is a cold compression unit (dme), and
"Orthopedic surgery consultation" is a consultation (evaluation_management). So the category is
read in steps, every one of them data in ``patterns/categories.jsonl``:

1. standard abbreviations are written out (``patterns/abbreviations.jsonl``: "FCE" ->
   "functional capacity evaluation"), so that the rules read the same either way;
2. the ``request_prefix`` rules strip what stands before the item ("Associated surgical service:",
   "Retrospective request for", "Twelve sessions of", "Purchase of"). A prefix marked
   ``lead_in`` introduces a list ("Labs to include: chest X-ray"): what is listed decides, and
   only when no rule knows it does the line with its lead-in kept decide (the labs);
3. the ``head_boundary`` rule cuts the item's modifiers off ("of the left knee", "for the lumbar
   spine", "with supplies", ", 30 days"), leaving the head phrase;
4. the ``category`` rules are tried in file order on the head phrase, and only when none
   matches, in the same order on the whole item; the first match gives the category, none gives
   "other". A ``drug_entity`` rule matches a request with a DRUG entity on its line.
"""

from __future__ import annotations

import re
from typing import Any

from ..rules import BOOL, REGEX, STR, RuleSchema, of_kind

# The standard short forms and their long forms: the table imr_abbreviations owns (and
# validates), read here as shared data.

#: The kinds of ``categories.jsonl`` read here.
CATEGORY_SCHEMAS = {
    "category": RuleSchema(
        required={"category": STR, "pattern": REGEX}, optional={"drug_entity": BOOL}
    ),
    "request_prefix": RuleSchema(required={"pattern": REGEX}, optional={"lead_in": BOOL}),
    "head_boundary": RuleSchema(required={"pattern": REGEX}, single=True),
}
OTHER = "other"  # the category of a request no category rule matches
SPACES = re.compile(r"\s+")


def abbreviation_pattern(rules: list[dict[str, Any]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every short form (case-sensitive, whole words, longest first) and the
    short -> long table."""
    table = {r["short"]: r["long"] for r in of_kind(rules, "abbreviation")}
    shorts = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(s) for s in shorts) or r"(?!)"
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])"), table


class Categorizer:
    """Category of a request line from the rules of ``categories.jsonl`` and the abbreviation
    table (see the module docstring for the steps)."""

    def __init__(self, rules: list[dict[str, Any]], abbreviations: list[dict[str, Any]]) -> None:
        self.rules = [
            (r["category"], bool(r.get("drug_entity")), re.compile(r["pattern"]))
            for r in of_kind(rules, "category")
        ]
        self.prefixes = [
            (re.compile(r["pattern"]), bool(r.get("lead_in")))
            for r in of_kind(rules, "request_prefix")
        ]
        boundary = of_kind(rules, "head_boundary")
        self.boundary = re.compile(boundary[0]["pattern"]) if boundary else None
        self.short_forms, self.long_forms = abbreviation_pattern(abbreviations)

    def item(self, treatment: str, lead_ins: bool = True) -> str:
        """The request with its abbreviations written out and its leading prefixes stripped
        (``lead_ins=False``: a list's lead-in is kept)."""
        text = SPACES.sub(" ", treatment).strip()
        text = self.short_forms.sub(lambda m: self.long_forms[m.group(0)], text)
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

    def __call__(self, treatment: str, names_drug: bool = False) -> str:
        """The category of a request line (``names_drug``: a DRUG entity is on the line)."""
        item = self.item(treatment)
        category = self.classify(item, names_drug)
        if category == OTHER:  # a listed item no rule knows: the list's lead-in decides
            whole = self.item(treatment, lead_ins=False)
            if whole != item:
                category = self.classify(whole, names_drug)
        return category

    def classify(self, item: str, names_drug: bool = False) -> str:
        """The category of a stripped item: the rules on its head phrase, then on all of it."""
        for text in dict.fromkeys((self.head(item), item)):
            if not text:
                continue
            for name, drug_entity, pattern in self.rules:
                if drug_entity:
                    if names_drug:
                        return name
                elif pattern.search(text):
                    return name
        return OTHER
