"""``imr_drugs``: DRUG entities from a lexicon, with generic ingredients and drug classes.

The lexicon joins the dictionary shipped by the ``drug-named-entity-recognition`` package (read
straight from its data file, without importing the package: its import reads files in the home
directory) with the curated table ``patterns/drugs.jsonl``: what workers' compensation letters
use and that dictionary lacks or gets wrong (combination brands, compounding kits, topicals),
the drug-class table, words that are never drugs, and release suffixes ("Opana ER"). A brand
name's plural ("Norcos") is that brand.
Curated entries win. The lexicon is built once, saved with the pipeline and read back. Reading
and filtering the dictionary takes about a second, so its part of the lexicon for the shipped
rules is kept in ``imr_nlp/data`` (``make lexicon`` writes it; other rules work it out anew).

Each match is a DRUG span in ``doc.spans["imr_rules"]`` (``imr_entities`` projects the group
onto ``doc.ents``) with ``kb_id_`` = generic ingredient(s), "/"-joined, and ``_.value`` =
:class:`~imr_nlp.values.Drug`.
"""

import bz2
import gzip
import hashlib
import importlib.util
import json
import pickle
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import numpy
import srsly
from spacy.attrs import IDX, IS_ALPHA, LENGTH, LOWER, ORTH, SPACY
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..errors import Errors, IMRError
from ..extensions import (
    MODEL_SPANS,
    RULE_SPANS,
    TABLE_LONG_FORM,
    append_spans,
    install_extensions,
    model_span,
    stored_abbreviations,
)
from ..rules import REGEX, STR, WORDS, RuleComponent, RuleSchema, default_rules, of_kind
from ..text.doctext import doc_text
from ..text.spelling import LETTER_SOUNDS, deletion_index, keeps_letters, near, ocr_undone
from ..values import Drug

DRUGS_FILE = "drugs.jsonl"
LEXICON_FILE = "lexicon.msgpack"
DICTIONARY_PACKAGE = "drug_named_entity_recognition"
DICTIONARY_FILE = "drug_ner_dictionary.pkl.bz2"
#: The dictionary's part of the lexicon, shipped in imr_nlp/data (see :func:`dictionary_part`).
DICTIONARY_PART = "drug_dictionary_part.msgpack.gz"
#: The rule kinds that the dictionary's part depends on.
DICTIONARY_KINDS = (
    "exclude",
    "strip_form",
    "exclude_pattern",
    "exclude_mesh_tree",
    "salt_suffix",
    "ingredient_name",
)
MAX_WORDS = 3
#: What counts as a token of a curated name (:attr:`IMRDrugs.long_names`): a word or a sign.
_TOKEN = re.compile(r"\w+|[^\w\s]")
STRENGTH_UNITS = frozenset({"mg", "mcg"})  # a name's last number before one is a strength
#: A word of more letters than this that ends in "s" may be the plural of a brand name.
MIN_PLURAL = 4
#: A misspelt name is matched only to a name of at least this many letters, one edit away.
MIN_MISSPELT = 7
#: A slip that keeps every letter (a doubled letter, a swap, a scan's "0" for "o") is read as a
#: name of at least this many letters.
MIN_KEPT = 5
#: A capitalised word with one letter added inside a name (not at either end: "Ambient" is no
#: "Ambien") is read as a name of at least this many letters ("Celexia" for Celexa).
MIN_ADDED = 6
_MISSPELT = re.compile(r"[a-z]{6,}")
NOT_AFTER = 60  # characters before a name that a not_after rule reads (with the name)
CONTEXT_NEAR = 16  # characters either side of a context_name that decide it
MAX_SEEN = 200_000  # words whose misspelt name is remembered
_VARIANT = re.compile(r"[a-z][a-z0-9-]{3,}(?: [a-z0-9-]+){0,2}")
_WS = re.compile(r"\s+")
#: What joins the ingredients a dictionary name lists: "X and Y", "X, Y, and Z", "X, Y and Z".
_JOINED = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@Language.factory(
    "imr_drugs",
    assigns=["doc.spans", "span._.value", "span._.source"],
    # reads the trained model's doc.ents when it runs before (optional: not "requires")
)
def make_drugs(nlp: Language, name: str) -> "IMRDrugs":
    """Tag drug names (see :class:`IMRDrugs`)."""
    return IMRDrugs(name)


def _vowel_slip(word: str, name: str) -> bool:
    """Whether ``word`` is ``name`` with one vowel after the first letter written for another
    ("xanex", "xanax"; a writer keeps a name's first letter: "Undone" is no "Endone"), or one
    letter for another of the same sound (:data:`LETTER_SOUNDS`: "lyrika", "lyrica")."""
    diff = [(a, b) for a, b in zip(word, name, strict=True) if a != b]
    if len(diff) != 1 or word[0] != name[0]:
        return False
    return (diff[0][0] in "aeiou" and diff[0][1] in "aeiou") or diff[0] in LETTER_SOUNDS


def _added_inside(word: str, name: str) -> bool:
    """Whether ``word`` is ``name`` with one letter added, neither first nor last ("celexia",
    "celexa"; "ambient" adds its last letter to "ambien", "macular" its first to "acular")."""
    return len(word) == len(name) + 1 and any(
        word[:i] + word[i + 1 :] == name for i in range(1, len(word) - 1)
    )


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``text[start:end]``, cut at ". " (a drug's context)."""
    last = text.find(". ", end)
    return max(text.rfind(". ", 0, start), 0), len(text) if last == -1 else last


def dictionary_path() -> Path:
    """The data file of ``drug-named-entity-recognition``; missing fails loudly (E008)."""
    spec = importlib.util.find_spec(DICTIONARY_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / DICTIONARY_FILE
        if path.is_file():
            return path
    raise IMRError(Errors.E008, what=f"{DICTIONARY_PACKAGE}/{DICTIONARY_FILE}")


@lru_cache(maxsize=2)
def _dictionary(path: Path) -> dict[str, Any]:
    """The package's data file (variant -> canonical names, canonical name -> data), read once
    per process."""
    with bz2.open(path, "rb") as f:
        return pickle.load(f)


def build_lexicon(rules: list[dict[str, Any]], dictionary: Path | None) -> dict[str, list[Any]]:
    """lower-case name -> [generic, is_brand], from the dictionary and the curated rules."""
    lexicon = dict(dictionary_part(rules, dictionary)) if dictionary is not None else {}
    for rule in rules:
        if rule["kind"] == "drug":
            for name in rule["names"]:
                key = _WS.sub(" ", name.lower())
                lexicon[key] = [rule["generic"], key != rule["generic"]]
    # each name as British and Commonwealth records spell it ("oestradiol", "sulphate"), where
    # the lexicon has no name of that spelling already
    for rule in rules:
        if rule["kind"] == "spelling":
            pattern, replace = re.compile(rule["pattern"]), rule["replace"]
            spelt = {pattern.sub(replace, k): v for k, v in lexicon.items() if pattern.search(k)}
            lexicon.update({k: v for k, v in spelt.items() if k not in lexicon})
    return lexicon


def dictionary_part(rules: list[dict[str, Any]], dictionary: Path) -> dict[str, list[Any]]:
    """The dictionary's part of the lexicon (:func:`filter_dictionary`): the copy shipped in
    ``imr_nlp/data`` when it was made from the same dictionary file and rules
    (:func:`dictionary_key`), else worked out anew (the same entries, a second slower: reading
    the dictionary was most of loading the pipeline)."""
    shipped = resources.files("imr_nlp").joinpath("data", DICTIONARY_PART)
    if shipped.is_file():
        data = srsly.msgpack_loads(gzip.decompress(shipped.read_bytes()))
        if data["key"] == dictionary_key(rules, dictionary):
            return data["entries"]
    return filter_dictionary(rules, dictionary)


def dictionary_key(rules: list[dict[str, Any]], dictionary: Path) -> str:
    """What the dictionary's part is made from: the dictionary file and the rules of
    :data:`DICTIONARY_KINDS`, in their order (sha256)."""
    digest = hashlib.sha256(dictionary.read_bytes())
    used = [
        [r.get("role", r["kind"]), r.get("names"), r.get("pattern"), r.get("generic")]
        for r in rules
    ]
    digest.update(json.dumps([u for u in used if u[0] in DICTIONARY_KINDS]).encode())
    return digest.hexdigest()


def write_dictionary_part(path: Path | None = None) -> Path:
    """Write the dictionary's part for the shipped rules (``make lexicon``; by default into
    ``imr_nlp/data``, where :func:`dictionary_part` reads it)."""
    rules, dictionary = default_rules(DRUGS_FILE), dictionary_path()
    path = path or Path(__file__).parents[1] / "data" / DICTIONARY_PART
    data = {
        "key": dictionary_key(rules, dictionary),
        "entries": filter_dictionary(rules, dictionary),
    }
    path.write_bytes(gzip.compress(srsly.msgpack_dumps(data), mtime=0))
    return path


def filter_dictionary(rules: list[dict[str, Any]], dictionary: Path) -> dict[str, list[Any]]:
    """variant -> [generic, is_brand] for the dictionary's variants that the ``exclude``,
    ``strip_form`` and ``exclude_pattern`` rules keep, their generics written as letters write
    them: without dosage forms (``strip_form``), each ingredient by its US name
    (``ingredient_name``: "paracetamol" -> "acetaminophen") and without the salt or ester of a
    drug the dictionary also names alone (``salt_suffix``: "triamcinolone acetonide" ->
    "triamcinolone", but "ferrous sulfate" and "magnesium citrate" stay)."""
    exclude = {n.lower() for r in rules if r["kind"] == "exclude" for n in r["names"]}
    strip = [re.compile(r["pattern"]) for r in of_kind(rules, "pattern", "strip_form")]
    groups = [re.compile(r["pattern"]) for r in of_kind(rules, "pattern", "exclude_pattern")]
    salts = [re.compile(r["pattern"]) for r in of_kind(rules, "pattern", "salt_suffix")]
    us_names = {
        n.lower(): r["generic"] for r in rules if r["kind"] == "ingredient_name" for n in r["names"]
    }
    data = _dictionary(dictionary)
    variants: dict[str, list[str]] = data["drug_variant_to_canonical"]
    # a canonical name all of whose MeSH tree numbers are a class's ("Chemical Actions and
    # Uses": "Viscosupplements", "Antiemetics") names what drugs do, not a drug
    trees = [re.compile(r["pattern"]) for r in of_kind(rules, "pattern", "exclude_mesh_tree")]
    classes = {
        name
        for name, entry in data.get("drug_canonical_to_data", {}).items()
        if trees
        and entry.get("mesh_tree")
        and all(any(t.match(n) for t in trees) for n in entry["mesh_tree"])
    }

    def stripped(name: str) -> str:
        name = name.lower()
        for pattern in strip:
            name = pattern.sub("", name)
        return name

    # the drugs the dictionary names alone: what a salt's name may be cut back to
    named_alone = {stripped(c[0]) for c in variants.values() if len(c) == 1}
    alone = named_alone - exclude

    def ingredient(name: str) -> str:
        for pattern in salts:
            base = pattern.sub("", name)
            if base != name and base in alone:
                name = base
                break
        return us_names.get(name, name)

    def combined(name: str) -> list[str]:
        """The ingredients of a combination, "/"-joined or, when each is a drug the dictionary
        names alone, joined by "and" or commas ("fluticasone and salmeterol", "acetaminophen,
        butalbital, and caffeine"; a name with a comma is otherwise a class's inverted name,
        "receptors, opioid", which the ``exclude_pattern`` rules leave out)."""
        parts = name.split("/")
        named = [p for part in parts for p in _JOINED.split(part)]
        # an ingredient may be a word that is no drug alone in a letter ("caffeine" of Fioricet)
        if len(named) > len(parts) and all(
            ingredient(p) in named_alone or p in us_names for p in named
        ):
            return named
        return parts

    # About 107,000 variants share about 20,000 canonical names: their generic and its exclusion
    # are worked out once per canonical name (None = excluded), with the names as the dictionary
    # writes them (a variant that is one of these, "ketorolac tromethamine", is no brand).
    generics: dict[tuple[str, ...], tuple[str, set[str]] | None] = {}

    def kept_generic(canonical: Iterable[str]) -> tuple[str, set[str]] | None:
        key = tuple(canonical)
        if key not in generics:
            names = [stripped(name) for name in key]
            generic = "/".join(ingredient(i) for name in names for i in combined(name))
            plain = {generic, "/".join(names), *names}
            generics[key] = None if any(g.search(generic) for g in groups) else (generic, plain)
        return generics[key]

    # A drug the dictionary describes (a MedlinePlus or NHS page) is named by its canonical name
    # even where the dictionary does not list that name among its variants ("estradiol", only
    # its salts and "17 beta-oestradiol"); not a word of ICD-10-CM's conditions and anatomy
    # ("thyroid", "potassium"), which a letter writes for the body, not the drug.
    vocabulary = condition_vocabulary()
    described = {
        name: [name]
        for name, entry in data.get("drug_canonical_to_data", {}).items()
        if name not in variants
        and (entry.get("medline_plus_id") or entry.get("nhs_url"))
        and vocabulary.isdisjoint(name.split())
    }
    entries: dict[str, list[Any]] = {}
    for variant, canonical in [*variants.items(), *described.items()]:
        if variant in exclude or not _VARIANT.fullmatch(variant) or not canonical:
            continue
        if any(name.lower() in classes for name in canonical):
            continue
        kept = kept_generic(canonical)
        if kept is None or any(g.search(variant) for g in groups):
            continue
        generic, plain = kept
        entries[variant] = [generic, variant not in plain]
    return entries


@lru_cache(maxsize=1)
def condition_vocabulary() -> frozenset[str]:
    """Words of ICD-10-CM descriptions outside the chapters that name drugs (T: poisoning and
    adverse effects; Z: long-term use of ...): anatomy, conditions, procedures, plain words."""
    import icd10

    words: set[str] = set()
    for code, (_, description) in icd10.codes.items():
        if code[0] not in "TXYZ":
            words.update(re.findall(r"[a-z][a-z-]+", description.lower()))
    return frozenset(words)


#: a word ending in a hyphen before a space ("Gaba- pentin"): a name split at a line break
_HYPHEN_END = re.compile(r"[A-Za-z]-(?=\s)")


class IMRDrugs(RuleComponent):
    """Adds DRUG spans to ``doc.spans["imr_rules"]``."""

    rules_file = DRUGS_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        "drug": RuleSchema(required={"names": WORDS, "generic": STR}),
        "ingredient_name": RuleSchema(required={"names": WORDS, "generic": STR}),
        "drug_class": RuleSchema(required={"drug_class": STR, "generics": WORDS}),
        "exclude": RuleSchema(required={"names": WORDS}),
        "context_name": RuleSchema(
            required={"names": WORDS, "generic": STR, "context": REGEX, "not_near": REGEX}
        ),
        "release_suffix": RuleSchema(required={"names": WORDS}),
        # a spelling of other English-speaking countries: the lexicon's names that ``pattern``
        # finds are also names with ``replace`` for it (``re.sub``)
        "spelling": RuleSchema(required={"pattern": REGEX, "replace": STR}),
        "pattern": RuleSchema(
            required={"pattern": REGEX},
            optional={"generics": WORDS},
            roles=dict.fromkeys(
                (
                    "exclude_pattern",
                    "exclude_mesh_tree",
                    "strip_form",
                    "salt_suffix",
                    "not_before",
                    "not_after",
                    # a name written in this shape (the whole name as written) is no drug
                    "not_written",
                    "model_context",
                    # more words of a sentence of medication, for misspelt and context names
                    # only (model_context alone decides where the trained model runs)
                    "name_context",
                    "model_reject",
                    "model_not_before",
                ),
                False,
            ),
        ),
    }

    def __init__(self, name: str = "imr_drugs") -> None:
        install_extensions()
        self.lexicon: dict[str, list[Any]] = {}
        #: first words of the lexicon's names of several words (built on the first letter)
        self._first_words: set[str] | None = None
        #: one-letter deletions of the names a misspelling may be matched to (:meth:`misspelt`)
        self._misspelt: dict[str, set[str]] | None = None
        #: lower form (hash) -> its misspelt name's entry or None, for the words seen so far
        self._misspelt_seen: dict[int, list[Any] | None] = {}
        #: the same for a capitalised word's reading (:meth:`proper_misspelt`)
        self._proper_seen: dict[int, list[Any] | None] = {}
        self._short: dict[str, set[str]] | None = None
        super().__init__(name)
        self.lexicon = build_lexicon(self.rules, dictionary_path())

    def _compile(self) -> None:
        self.classes = {
            generic: r["drug_class"]
            for r in self.rules
            if r["kind"] == "drug_class"
            for generic in r["generics"]
        }
        self.suffixes = {s for r in self.rules if r["kind"] == "release_suffix" for s in r["names"]}
        # the curated names of more tokens than MAX_WORDS ("Tylenol No. 3": a period inside):
        # their first word's hash -> their most tokens (the dictionary's such names stay out:
        # "prostate-specific antigen")
        self.long_names: dict[int, int] = {}
        for r in self.rules:
            for name in r["names"] if r["kind"] == "drug" else ():
                tokens = _TOKEN.findall(name.lower())
                if len(tokens) > MAX_WORDS:
                    key = get_string_id(tokens[0])
                    self.long_names[key] = max(self.long_names.get(key, 0), len(tokens))
        # salt and ester words written after a drug's name are part of it ("oxycodone HCl",
        # "dexamethasone sodium phosphate"), not a drug of their own
        self.salt_words = [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "salt_suffix")
        ]
        self.not_before = [
            re.compile(r["pattern"])
            for r in of_kind(self.rules, "pattern", "not_before")
            if "generics" not in r
        ]
        # not_before rules that hold for some generics only (the body's own substances, "an
        # insulin level"): (pattern, generics)
        self.not_before_of = [
            (re.compile(r["pattern"]), frozenset(r["generics"]))
            for r in of_kind(self.rules, "pattern", "not_before")
            if "generics" in r
        ]
        self.not_written = [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "not_written")
        ]
        # searched on the words before a name and the name itself (its end: ``$``)
        self.not_after = [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "not_after")
        ]
        self.model_context = [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "model_context")
        ]
        self.name_context = self.model_context + [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "name_context")
        ]
        self.model_reject = [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "model_reject")
        ]
        self.model_not_before = self.not_before + [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "model_not_before")
        ]
        self.excluded = {
            n.lower() for r in self.rules if r["kind"] == "exclude" for n in r["names"]
        }
        # the dictionary's excluded groups (drug classes): no model span of theirs is a drug
        self.excluded_patterns = [
            re.compile(r["pattern"]) for r in of_kind(self.rules, "pattern", "exclude_pattern")
        ]
        # names that are a drug only where the words around them say so ("B12 injections",
        # not "a low B12 level"): the hash of the lower form (a token's LOWER) -> (generic,
        # context, not_near)
        self.context_names = {
            get_string_id(n.lower()): (
                r["generic"],
                re.compile(r["context"]),
                re.compile(r["not_near"]),
            )
            for r in self.rules
            if r["kind"] == "context_name"
            for n in r["names"]
        }

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, rules: Any = None) -> None:
        super().initialize(get_examples, nlp=nlp, rules=rules)
        self.lexicon = build_lexicon(self.rules, dictionary_path())
        self._first_words = self._misspelt = self._short = None
        self._misspelt_seen, self._proper_seen = {}, {}

    def drug(self, generic: str, brand: str | None) -> Drug:
        """The value of a drug: its class from the first classed ingredient."""
        ingredients = generic.split("/")
        classes = [self.classes.get(i) for i in ingredients]
        known = [c for c in classes if c]
        drug_class = "opioid" if "opioid" in known else (known[0] if known else None)
        return Drug(generic, brand, drug_class, "opioid" in known)

    def plausible_model_drug(self, doc: Doc, span: Span) -> bool:
        """Whether a DRUG span the model found (and the lexicon did not) may stand: one to three
        words of letters, not an excluded name or group (a drug class), no word of ICD-10-CM's
        descriptions of conditions and anatomy or of a ``model_reject`` shape, in a sentence
        that speaks of medication."""
        words = span.text.lower().split()
        if not 1 <= len(words) <= 3 or not all(re.fullmatch(r"[a-z][a-z-]+", w) for w in words):
            return False
        vocabulary = condition_vocabulary()
        parts = [part for w in words for part in w.split("-") if part]  # "canes-walkers"
        name = " ".join(words)
        if name in self.excluded or any(p.search(name) for p in self.excluded_patterns):
            return False
        if any(w in vocabulary or w.removesuffix("s") in vocabulary for w in parts):
            return False
        if any(p.search(w) for p in self.model_reject for w in parts):
            return False
        text = doc_text(doc)
        if any(p.search(text[span.end_char : span.end_char + 40]) for p in self.model_not_before):
            return False
        before = text[max(span.start_char - NOT_AFTER, 0) : span.end_char]
        if any(p.search(before) for p in self.not_after):
            return False  # "lidocaine without epinephrine", "Dr. Lyrica Smith"
        start, end = sentence_bounds(text, span.start_char, span.end_char)
        return any(p.search(text[start:end]) for p in self.model_context)

    def value_of(self, text: str) -> tuple[str, Drug]:
        """``kb_id_`` and value of a drug name found by the model: from the lexicon when it is
        there (or, for a word the lexicon lacks, from the one name it is a misspelling of:
        :meth:`misspelt`), else unknown (generic "")."""
        key = _WS.sub(" ", text.lower()).strip()
        entry = self.lexicon.get(key)
        if entry is None:
            words = text.split()
            if len(words) == 2 and words[1] in self.suffixes:  # "Orphenadrin ER"
                key = words[0].lower()
            entry = self.misspelt(key)
        if entry is None:
            return "", Drug("", text, None, False)
        generic, is_brand = entry
        return generic, self.drug(generic, text if is_brand else None)

    def misspelt(self, word: str) -> list[Any] | None:
        """The entry of the lexicon name that ``word`` (one word the lexicon lacks, of six
        letters or more) misspells: the names of at least :data:`MIN_MISSPELT` letters one
        edit away (a letter dropped, added or replaced, or "ph" written for "f" or the reverse:
        "Flurbiprophen"), when they all name one generic. The names are those of the drugs of
        the class table (the drugs these letters name), not the dictionary's rare substances
        and foreign brands."""
        if word in self.lexicon:
            return None
        if read := self._one_name(ocr_undone(word), MIN_KEPT):  # "0xycodone": a page's scan
            return read
        if not _MISSPELT.fullmatch(word):
            return None
        if word.endswith("s") and word[:-1] in self.lexicon:
            return None  # a name's plural: a brand's is the brand (entry), a generic's no drug
        named = near(word, self._misspelt_index(), sounds=True)
        # a slip that kept every letter ("Norcco", "Lyrcia") may hit a shorter name
        return self._one_name(named, MIN_MISSPELT) or self._one_name(keeps_letters(word), MIN_KEPT)

    def proper_misspelt(self, word: str) -> list[Any] | None:
        """The entry of the name a capitalised word (a proper noun, as brands are written)
        misspells when :meth:`misspelt` finds none: a vowel written for another in a name of
        at least :data:`MIN_KEPT` letters ("Xanex" for Xanax, a slip of sound like "ph" for
        "f") or a letter added inside a name of at least :data:`MIN_ADDED` ("Celexia"); the
        names of the drugs of the class table, all naming one generic. (Any slip in
        a name of six letters was tried and left: capitalised English words are one slip from
        the dictionary's foreign brands, "Cover", "Frozen", "Prefix".)"""
        if word in self.lexicon or not word.isalpha() or len(word) < MIN_KEPT:
            return None
        if word.endswith("s") and word[:-1] in self.lexicon:
            return None
        named = near(word, self._short_index())
        vowels = {n for n in named if len(n) == len(word) and _vowel_slip(word, n)}
        added = {n for n in named if _added_inside(word, n)}
        return self._one_name(vowels, MIN_KEPT) or self._one_name(added, MIN_ADDED)

    def _short_index(self) -> dict[str, set[str]]:
        """The one-letter deletions of the class table's names of :data:`MIN_KEPT` letters or
        more (built on first use)."""
        if self._short is None:
            self._short = deletion_index(
                name
                for name, (generic, _) in self.lexicon.items()
                if len(name) >= MIN_KEPT
                and name.isalpha()
                and all(i in self.classes for i in generic.split("/"))
            )
        return self._short

    def _one_name(self, names: set[str], shortest: int) -> list[Any] | None:
        """The entry of ``names``' one generic, when the lexicon's names among them are names
        of at least ``shortest`` letters of drugs of the class table and all name one generic."""
        entries = [
            self.lexicon[n]
            for n in sorted(names)
            if len(n) >= shortest
            and n in self.lexicon
            and all(i in self.classes for i in self.lexicon[n][0].split("/"))
        ]
        if not entries or len({generic for generic, _ in entries}) != 1:
            return None
        return [entries[0][0], all(is_brand for _, is_brand in entries)]

    def _misspelt_index(self) -> dict[str, set[str]]:
        """Each name a misspelling may be matched to, and each of its one-letter deletions ->
        the names (built on first use)."""
        if self._misspelt is None:
            self._misspelt = deletion_index(
                name
                for name, (generic, _) in self.lexicon.items()
                if len(name) >= MIN_MISSPELT
                and name.isalpha()
                and all(i in self.classes for i in generic.split("/"))
            )
        return self._misspelt

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        text = doc_text(doc)
        # Token offsets, lengths, flags and lower forms in one call: reading them from Token
        # objects (a new one for each doc[i]) was most of this component's time.
        array = doc.to_array([IDX, LENGTH, IS_ALPHA, SPACY, LOWER])
        starts, lengths = array[:, 0].tolist(), array[:, 1].tolist()
        lowers = array[:, 4].tolist()
        units = {doc.vocab.strings[u] for u in STRENGTH_UNITS}  # their hashes
        found: list[Span] = []
        other_names = self.other_short_forms(doc)
        next_i, n = 0, len(doc)
        for i in self._candidates(doc, array):
            if i < next_i:
                continue
            match = None
            most = self.long_names.get(lowers[i], MAX_WORDS) if self.long_names else MAX_WORDS
            for size in range(min(most, n - i), 0, -1):
                last = i + size - 1
                if (
                    size > 1
                    and i + size < n
                    and lowers[last + 1] in units
                    and text[starts[last] : starts[last] + lengths[last]].isdigit()
                ):
                    continue  # "Kenalog 40mg": the number is the strength, not the name's
                key = text[starts[i] : starts[last] + lengths[last]].lower()
                entry = self.lexicon.get(_WS.sub(" ", key)) if size > 1 else self.entry(key)
                if entry is not None:
                    match = (size, entry)
                    break
            if match is None:
                continue
            size, (generic, is_brand) = match
            end = i + size
            while end < n and any(p.fullmatch(" " + doc[end].lower_) for p in self.salt_words):
                end += 1
            if end < n and doc[end].text in self.suffixes:
                end += 1
            after = starts[end - 1] + lengths[end - 1]
            next_i = end
            if any(p.search(text[after : after + 40]) for p in self.not_before):
                continue
            if any(
                generic in generics and p.search(text[after : after + 40])
                for p, generics in self.not_before_of
            ):
                continue
            if any(p.search(text[max(starts[i] - NOT_AFTER, 0) : after]) for p in self.not_after):
                continue
            if (starts[i], after) in other_names:
                continue  # "American Society of Anesthesiologists (ASA)": not aspirin
            if any(p.fullmatch(text[starts[i] : after]) for p in self.not_written):
                continue  # "SoMa": a place's name in camel case
            span = Span(doc, i, end, label="DRUG", kb_id=generic, span_id="drug.lexicon")
            span._.value = self.drug(generic, span.text if is_brand else None)
            span._.source = "rule"
            found.append(span)
        found += self.split_drugs(doc, found=found)
        found += self.misspelt_drugs(doc, text, lowers=lowers, found=found, flags=array[:, [0, 2]])
        found += self.context_drugs(doc, text, lowers=lowers, found=found)
        append_spans(doc, RULE_SPANS, found)
        append_spans(doc, MODEL_SPANS, self.model_drugs(doc))
        return doc

    def other_short_forms(self, doc: Doc) -> set[tuple[int, int]]:
        """The short forms the letter defines (``imr_abbreviations``, when it ran) as something
        that names no drug: "American Society of Anesthesiologists (ASA)" makes each "ASA" of
        the letter the society's, not aspirin's. Short forms only the table knows are not."""
        out = set()
        for start, end, long, long_start, _ in stored_abbreviations(doc):
            if long_start == TABLE_LONG_FORM:
                continue
            words = _WS.sub(" ", long.lower()).strip()
            if self.lexicon.get(words) is None and not any(
                self.entry(w) is not None for w in re.findall(r"[a-z][a-z-]+", words)
            ):
                out.add((start, end))
        return out

    def split_drugs(self, doc: Doc, found: list[Span]) -> list[Span]:
        """DRUG spans for a name a hyphen splits: a name hyphenated at a line break, whose
        break the cleaning dropped ("Cyclobenza-prine", "Hydro-codone") or that a space
        follows ("Gaba- pentin"), is the name its two parts make when neither part is a name
        (:data:`MIN_KEPT` letters or more)."""
        taken = {i for span in found for i in range(span.start, span.end)}
        spans = []
        # only the tokens before a hyphen token or ending in a hyphen, found without a Python
        # loop over every token (this runs on every letter)
        orth = doc.to_array([ORTH]).ravel()
        before = numpy.flatnonzero(orth == doc.vocab.strings["-"]) - 1
        starts = doc.to_array([IDX]).ravel()
        ending = numpy.searchsorted(
            starts, [m.start() for m in _HYPHEN_END.finditer(doc.text)], side="right"
        )
        candidates = sorted({*before.tolist(), *(ending - 1).tolist()})
        for i in (c for c in candidates if 0 <= c < len(doc) - 1):
            first = doc[i]
            if first.text.endswith("-") and len(first) > 1:  # "Gaba- pentin"
                head, last = first.text[:-1], i + 1
            elif first.whitespace_ or doc[i + 1].text != "-" or doc[i + 1].whitespace_:
                continue
            else:  # "Gaba-pentin"
                head, last = first.text, i + 2
            if last >= len(doc) or not (head.isalpha() and doc[last].is_alpha):
                continue
            if taken.intersection(range(i, last + 1)):
                continue
            joined = (head + doc[last].text).lower()
            entry = self.entry(joined) if len(joined) >= MIN_KEPT else None
            if entry is None or self.entry(head.lower()) or self.entry(doc[last].lower_):
                continue
            generic, is_brand = entry
            span = Span(doc, i, last + 1, label="DRUG", kb_id=generic, span_id="drug.split")
            span._.value = self.drug(generic, span.text if is_brand else None)
            span._.source = "rule"
            spans.append(span)
            taken.update(range(i, last + 1))
        return spans

    def misspelt_drugs(
        self, doc: Doc, text: str, lowers: list[int], found: list[Span], flags: Any = None
    ) -> list[Span]:
        """DRUG spans for the words that misspell a drug name (:meth:`misspelt`: one edit from a
        name of at least seven letters of a drug of the class table), when the word is no
        word of ICD-10-CM's descriptions of conditions and anatomy, no excluded name or group
        and of no ``model_reject`` shape, and its sentence speaks of medication
        (``model_context``, ``name_context``) or names another drug. A word in lower case is
        read as a misspelt generic only: a brand is a proper noun, written with a capital
        ("warrant" is no misspelt brand of warfarin, "Flexiril" is Flexeril)."""
        strings, seen = doc.vocab.strings, self._misspelt_seen
        if len(seen) > MAX_SEEN:
            seen.clear()
        for h in set(lowers).difference(seen):
            seen[h] = self.misspelt(strings[h])
        hits = {h: seen[h] for h in set(lowers) if seen[h] is not None}
        # a capitalised word (a proper noun) may also misspell a shorter name
        proper, proper_seen = {}, self._proper_seen
        if len(proper_seen) > MAX_SEEN:
            proper_seen.clear()
        # offsets and flags from one array, not a Token object for every word of the letter
        # (``flags``: the tokens' IDX and IS_ALPHA columns, when the caller has them already)
        flags = doc.to_array([IDX, IS_ALPHA]) if flags is None else flags
        doc_chars = doc.text
        for i, (h, (idx, alpha)) in enumerate(zip(lowers, flags.tolist(), strict=True)):
            if h not in hits and alpha and doc_chars[idx].isupper():
                if h not in proper_seen:
                    proper_seen[h] = self.proper_misspelt(strings[h])
                if proper_seen[h] is not None:
                    proper[i] = proper_seen[h]
        if not hits and not proper:
            return []
        taken = {i for span in found for i in range(span.start, span.end)}
        spans = []
        for i, h in enumerate(lowers):
            hit = hits.get(h) or proper.get(i)
            # a proper noun's slip may give a name the shape of an English word ("Ambian" for
            # Ambien ends like "physician"): the shape rules judge the other words only
            shape = h in hits
            if hit is None or i in taken or not self._plausible_word(strings[h], shape=shape):
                continue
            if i - 1 in taken and doc[i - 1].whitespace_ and not doc[i - 1].is_punct:
                continue  # a word right after a drug's name is the product's ("Celestone Soluspan")
            token = doc[i]
            start, end = sentence_bounds(text, token.idx, token.idx)
            named = any(start <= f.start_char and f.end_char <= end for f in found)
            if not named and not any(p.search(text[start:end]) for p in self.name_context):
                continue
            generic, is_brand = hit
            if is_brand and token.text.islower():
                continue  # a brand is a proper noun: "warrant" is no misspelt "Warfant"
            span = Span(doc, i, i + 1, label="DRUG", kb_id=generic, span_id="drug.misspelt")
            span._.value = self.drug(generic, span.text if is_brand else None)
            span._.source = "rule"
            spans.append(span)
        return spans

    def context_drugs(
        self, doc: Doc, text: str, lowers: list[int], found: list[Span]
    ) -> list[Span]:
        """DRUG spans for the ``context_name`` rules' names (one token each: "B12"), where
        the words beside the name (:data:`CONTEXT_NEAR` characters either side) match the
        rule's ``context`` ("injections", "1000 mcg") or its sentence speaks of medication
        (``model_context``, ``name_context``) or names another drug, and no word beside it
        matches the rule's ``not_near`` (a test's words: "level", "serum", "deficiency")."""
        if self.context_names.keys().isdisjoint(lowers):
            return []
        taken = {i for span in found for i in range(span.start, span.end)}
        spans = []
        for i, h in enumerate(lowers):
            if h not in self.context_names or i in taken:
                continue
            generic, context, not_near = self.context_names[h]
            token = doc[i]
            start, end = token.idx, token.idx + len(token)
            near = text[max(start - CONTEXT_NEAR, 0) : end + CONTEXT_NEAR]
            if not_near.search(near):
                continue
            first, last = sentence_bounds(text, start, end)
            sentence = text[first:last]
            named = any(first <= f.start_char and f.end_char <= last for f in found)
            if not (
                context.search(near) or named or any(p.search(sentence) for p in self.name_context)
            ):
                continue
            span = Span(doc, i, i + 1, label="DRUG", kb_id=generic, span_id="drug.context")
            span._.value = self.drug(generic, None)
            span._.source = "rule"
            spans.append(span)
        return spans

    def _plausible_word(self, word: str, shape: bool = True) -> bool:
        """A word that may be a misspelt drug name: no word of ICD-10-CM's descriptions (nor
        its singular), no excluded name or group (a drug class), of no ``model_reject``
        shape (with ``shape``)."""
        vocabulary = condition_vocabulary()
        if word in vocabulary or word.removesuffix("s") in vocabulary or word in self.excluded:
            return False
        if any(p.search(word) for p in self.excluded_patterns):
            return False
        return not shape or not any(p.search(word) for p in self.model_reject)

    def entry(self, word: str) -> list[Any] | None:
        """The lexicon's entry of a word: its own, or, for the plural of a brand name ("Norcos",
        "Percocets"), the brand's."""
        entry = self.lexicon.get(word)
        if entry is None and len(word) > MIN_PLURAL and word.endswith("s"):
            brand = self.lexicon.get(word[:-1])
            if brand is not None and brand[1]:
                return brand
        return entry

    def _candidates(self, doc: Doc, array: Any) -> list[int]:
        """The tokens where a lexicon name can begin (ascending): alphabetic, two characters or
        more, and either followed by other than one space (the name's first word may go on) or
        a name, a brand name's plural or the first word of a name of several words in lower
        case. Each distinct lower
        form of the letter is looked up once."""
        if self._first_words is None:
            self._first_words = {k.split(" ")[0] for k in self.lexicon if " " in k}
        lengths, alpha, space, lowers = array[:, 1:].T.tolist()
        strings, entry, first = doc.vocab.strings, self.entry, self._first_words
        known = {h for h in set(lowers) if (w := strings[h]) in first or entry(w) is not None}
        return [
            i
            for i, h in enumerate(lowers)
            if alpha[i] and lengths[i] >= 2 and (h in known or not space[i])
        ]

    def model_drugs(self, doc: Doc) -> list[Span]:
        """The trained model's DRUG entities (``doc.ents`` before ``imr_entities``) that look
        like drug names in a medication context, each with its value from the lexicon."""
        return [
            model_span(doc, ent, *self.value_of(ent.text))
            for ent in doc.ents
            if ent.label_ == "DRUG" and self.plausible_model_drug(doc, ent)
        ]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path, exclude=exclude)
        srsly.write_msgpack(Path(path) / LEXICON_FILE, self.lexicon)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "IMRDrugs":
        super().from_disk(path, exclude=exclude)
        self.lexicon = srsly.read_msgpack(Path(path) / LEXICON_FILE)
        self._first_words = self._misspelt = self._short = None
        self._misspelt_seen, self._proper_seen = {}, {}
        return self
