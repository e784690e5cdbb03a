"""``imr_case``: the case facts of a letter (:class:`~imr_nlp.values.CaseInfo`).

Header labels take their values only where the pairing is sure (see
:meth:`HeaderReader.header_fields`): label and value side by side, or a block of labels followed
by a block of values of the same count and shapes (how ``pdftotext`` reads the header columns).
Injury date (header first, else the case summary), patient age and sex and the
reviewer's credentials come from phrases in ``patterns/formats.jsonl``. The patient's diagnoses
are assembled from the mentions ``imr_diagnoses`` marks as the patient's and the flags ConText
set on them, so ``imr_case`` runs after ``imr_context``.
"""

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import LISTED_DIAGNOSES, PATIENT_DIAGNOSES, install_extensions
from ..normalize.dates import PIVOT_YEAR, parse_date
from ..rules import FORMATS, MAPPING, REGEX, STR, RuleComponent, RuleSchema, for_format
from ..text.doctext import doc_text
from ..values import CaseInfo, Diagnosis
from .sections import UNKNOWN, section_span

_WORD = re.compile(r"[A-Za-z]+")
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_AND_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+)")
HEADER_DATES = (
    "date_assigned",
    "injury_date",
    "decision_date",
    "ur_denial_date",
    "application_received",
)
# How far after an injury phrase its date may start (", 2002" / "on or about").
_INJURY_DATE_GAP = 12


@Language.factory(
    "imr_case",
    assigns=["doc._.case"],
    # sections, the patient's diagnosis mentions (imr_diagnoses), DIAGNOSIS entities and flags
    requires=["doc._.letter_format", "doc.spans", "doc.ents", "span._.is_negated"],
)
def make_case(nlp: Language, name: str) -> "IMRCase":
    """Read the case facts of a letter (see :class:`IMRCase`)."""
    return IMRCase(name)


def _section(doc: Doc, label: str) -> tuple[int, int] | None:
    span = section_span(doc, label)
    return (span.start_char, span.end_char) if span is not None else None


def patient_diagnoses(doc: Doc) -> list[Diagnosis]:
    """The patient's diagnoses, each once, in letter order: the mentions ``imr_diagnoses``
    marked as the patient's (``doc.spans["patient_diagnoses"]``: stated in the case summary, not
    quoting a guideline), as the DIAGNOSIS entity on the same characters carries them unless
    ConText found it negated or hypothetical ("rule out"); a mention that lost its characters
    to no entity stands as marked. An item of a diagnosis list stands as
    ``imr_diagnoses`` marked it: its own cues ("possible ...") decided, as ConText's scope runs
    on into the next items of the list. Once = the same words, or the same code as an earlier
    diagnosis; but list items with one code and different words are all kept ("lumbar
    radiculopathy, lumbar radiculitis"), unless a mention on characters that are no list
    item's had the code. A mention that is no list item and whose words all are those of an
    earlier diagnosis names it again ("the ring finger fracture" after "open fracture of the
    proximal phalanx of the left ring finger"): not another diagnosis."""
    all_ents = list(doc.ents)  # doc.ents is rebuilt on every access: read once
    ents = {(e.start_char, e.end_char): e for e in all_ents if e.label_ == "DIAGNOSIS"}
    taken = [(e.start_char, e.end_char) for e in all_ents]
    out: list[Diagnosis] = []
    seen: set[str] = set()
    codes: set[str] = set()  # the codes of the diagnoses taken
    unlisted_codes: set[str] = set()  # those of mentions that are no list item
    taken_stems: list[set[str]] = []  # the words of the diagnoses taken, without a plural "s"
    spans = sorted(doc.spans.get(PATIENT_DIAGNOSES, ()), key=lambda s: s.start_char)
    listed_keys = {(s.start_char, s.end_char) for s in spans if s.id_ in LISTED_DIAGNOSES}
    for span in spans:
        key = (span.start_char, span.end_char)
        ent = ents.get(key)
        if ent is None and any(s < key[1] and key[0] < e for s, e in taken):
            continue  # another entity won these characters
        mention = ent if ent is not None else span
        flags = ("is_negated", "is_hypothetical") if span.id_ not in LISTED_DIAGNOSES else ()
        if any(getattr(mention._, flag, False) for flag in flags):
            continue
        value = mention._.value
        if not isinstance(value, Diagnosis):
            value = Diagnosis(" ".join(mention.text.split()), mention.kb_id_)
        words = " ".join(_WORD.findall(value.text.lower()))
        listed = key in listed_keys
        code = value.icd10
        if not words or words in seen or (code and code in (unlisted_codes if listed else codes)):
            continue
        stems = {w.removesuffix("s") for w in words.split()}
        if not listed and any(stems <= before for before in taken_stems):
            continue  # "the ring finger fracture" after "fracture of the left ring finger"
        seen.add(words)
        taken_stems.append(stems)
        codes.update([code] if code else [])
        unlisted_codes.update([code] if code and not listed else [])
        out.append(value)
    return out


class HeaderReader:
    """The header fields of a letter, read from the ``header_field`` and ``value`` rules of
    ``formats.jsonl``: a plain object that ``imr_case`` (the case facts) and ``imr_entities``
    (the header's date of injury is an INJURY_DATE) share, each building its own."""

    def __init__(self, rules: list[dict[str, Any]]) -> None:
        self.values = {r["name"]: re.compile(r["pattern"]) for r in rules if r["kind"] == "value"}
        formats = [r["format"] for r in rules if r["kind"] == "format"] + [UNKNOWN]
        self.fields = {
            fmt: [
                (r["field"], re.compile(r["label"]), r["value"])
                for r in for_format(rules, "header_field", fmt)
            ]
            for fmt in formats
        }

    def read(self, doc: Doc) -> dict[str, Any]:
        """The header fields of a Doc (its ``letter_format`` and header section), dates parsed
        (two-digit years by the decision date); {} for a letter of unknown format."""
        fmt = doc._.letter_format or UNKNOWN
        if fmt == UNKNOWN or fmt not in self.fields:
            return {}
        header = _section(doc, "header") or (0, 0)
        facts: dict[str, Any] = dict(
            self.header_fields(doc_text(doc)[slice(*header)], self.fields[fmt])
        )
        decided = parse_date(facts.get("decision_date") or "")
        pivot = decided.year if decided else PIVOT_YEAR
        for key in HEADER_DATES:
            if isinstance(facts.get(key), str):
                facts[key] = parse_date(facts[key], pivot)
        return facts

    def header_fields(
        self, header: str, fields: list[tuple[str, re.Pattern[str], str]]
    ) -> dict[str, str]:
        """Values of the header labels, paired only where the pairing is sure.

        Labels and values are read in text order and cut into chains of items separated by
        whitespace only. In a chain, each group of consecutive labels takes the group of
        consecutive values right after it, by order, when the counts agree and every value has
        its label's shape (a date for a date label, ...): "Label: value" on one line or on two,
        and every label of a block followed by every value of a block (text extractors that
        read the header column by column). A label whose value sits inside the label itself
        (the ``value`` group of a label split over two lines around its value) takes it when
        it has the label's shape. Anything else is left unread.
        """
        labels = self._header_labels(header, fields)
        if not labels:
            return {}
        items: list[tuple[int, int, str | None, str, str | None]] = [
            (start, end, name, kind, inner) for start, end, name, kind, inner in labels
        ]
        taken = [(start, end) for start, end, *_ in labels]
        for kind, pattern in self.values.items():
            for m in pattern.finditer(header):
                if not any(m.start() < end and start < m.end() for start, end in taken):
                    items.append((m.start(), m.end(), None, kind, m.group()))
        items.sort(key=lambda item: item[0])
        out: dict[str, str] = {}
        for chain in _chains(header, items):
            for group, values in _label_groups(chain):
                if [kind for *_, kind, _ in group] != [kind for *_, kind, _ in values]:
                    values = []
                for i, (_, _, name, kind, inner) in enumerate(group):
                    value = values[i][4] if values else None
                    if value is None and inner is not None and self.values[kind].fullmatch(inner):
                        value = inner
                    if value is not None and name is not None and name not in out:
                        out[name] = value
        return out

    @staticmethod
    def _header_labels(
        header: str, fields: list[tuple[str, re.Pattern[str], str]]
    ) -> list[tuple[int, int, str, str, str | None]]:
        """Every label occurrence (start, end, field, value kind, value inside the label), the
        longest where two overlap."""
        found = sorted(
            (
                (m.start(), m.end(), name, kind, _inner(m))
                for name, pattern, kind in fields
                for m in pattern.finditer(header)
            ),
            key=lambda label: (label[0], label[0] - label[1]),
        )
        labels: list[tuple[int, int, str, str, str | None]] = []
        for label in found:
            if labels and label[0] < labels[-1][1]:
                continue
            labels.append(label)
        return labels


class IMRCase(RuleComponent):
    """Sets ``doc._.case``."""

    schemas: ClassVar[dict[str, RuleSchema]] = {
        "value": RuleSchema(required={"name": STR, "pattern": REGEX}),
        "header_field": RuleSchema(
            required={"formats": FORMATS, "field": STR, "label": REGEX, "value": STR}
        ),
        "pattern": RuleSchema(
            required={"formats": FORMATS, "pattern": REGEX},
            roles=dict.fromkeys(
                ("credentials", "specialty_lead", "injury_phrase", "age_sex", "age"), False
            ),
        ),
        "values": RuleSchema(
            required={"formats": FORMATS, "values": MAPPING},
            roles=dict.fromkeys(("sex_words", "pronouns"), False),
        ),
    }

    def __init__(self, name: str = "imr_case") -> None:
        install_extensions()
        super().__init__(name)

    def _compile(self) -> None:
        self.header = HeaderReader(self.rules)
        self.values = self.header.values
        self.by_format: dict[str, dict[str, Any]] = {}
        for fmt in [r["format"] for r in self.rules if r["kind"] == "format"] + [UNKNOWN]:

            def pats(role: str, fmt: str = fmt) -> list[re.Pattern[str]]:
                rules = for_format(self.rules, "pattern", fmt, role)
                return [re.compile(r["pattern"]) for r in rules]

            def merged(role: str, fmt: str = fmt) -> dict[str, str]:
                out: dict[str, str] = {}
                for r in for_format(self.rules, "values", fmt, role):
                    out.update(r["values"])
                return out

            self.by_format[fmt] = {
                "credentials": pats("credentials"),
                "specialty_lead": pats("specialty_lead"),
                "injury": pats("injury_phrase"),
                "age_sex": pats("age_sex"),
                "age": pats("age"),
                "sex_words": merged("sex_words"),
                "pronouns": merged("pronouns"),
            }

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        fmt = doc._.letter_format or UNKNOWN
        if fmt == UNKNOWN:
            doc._.case = CaseInfo(letter_format=UNKNOWN)
            return doc
        rules = self.by_format[fmt]
        text = doc_text(doc)
        facts: dict[str, Any] = {"letter_format": fmt}
        header = _section(doc, "header") or (0, 0)
        facts.update(self.header.read(doc))
        decided = facts.get("decision_date")
        pivot = decided.year if decided else PIVOT_YEAR
        credentials = _section(doc, "credentials") or (0, len(text))
        leads = rules["specialty_lead"]
        facts.update(self.credentials(text[slice(*credentials)], rules["credentials"], leads))
        if not facts.get("reviewer_specialties"):
            facts.update(self.credentials(text, rules["credentials"], leads))
        summary_range = _section(doc, "summary") or (header[1], len(text))
        summary = text[slice(*summary_range)]
        if facts.get("injury_date") is None:
            facts["injury_date"] = self.injury_date(summary, rules["injury"], pivot)
        facts.update(self.age_sex(summary, rules))
        facts["diagnoses"] = patient_diagnoses(doc)
        doc._.case = CaseInfo.from_dict(facts)
        return doc

    @staticmethod
    def credentials(
        text: str, patterns: list[re.Pattern[str]], leads: Sequence[re.Pattern[str]] = ()
    ) -> dict[str, list[str]]:
        """Reviewer specialties and license states, from the block or the sentence form; a
        ``specialty_lead`` ("X, has a subspecialty in Y") separates two specialties."""
        out: dict[str, list[str]] = {}
        for pattern in patterns:
            m = pattern.search(text)
            if m is None:
                continue
            for name, value in m.groupdict().items():
                if value is None or name in out:
                    continue
                splitter = _AND_SPLIT if name == "reviewer_license_states" else _LIST_SPLIT
                if name == "reviewer_specialties":
                    for lead in leads:
                        value = lead.sub(", ", value)
                items = [" ".join(v.split()).strip(" .") for v in splitter.split(value.strip())]
                if items := [v for v in items if v]:
                    out[name] = items
        return out

    def injury_date(self, summary: str, patterns: list[re.Pattern[str]], pivot: int) -> Any:
        """The first date stated as the date of the industrial injury; a phrase qualified as
        another injury (its ``other`` group: "a prior industrial injury on ...") gives none."""
        date = self.values["date"]
        hits = sorted(
            (m.start(), m.end())
            for pattern in patterns
            for m in pattern.finditer(summary)
            if not m.groupdict().get("other")
        )
        for _, end in hits:
            m = date.search(summary, end, end + _INJURY_DATE_GAP + 40)
            if m and m.start() - end <= _INJURY_DATE_GAP:
                parsed = parse_date(m.group(), pivot)
                if parsed is not None:
                    return parsed
        return None

    @staticmethod
    def age_sex(summary: str, rules: dict[str, Any]) -> dict[str, Any]:
        """Patient age and sex: "52 year old female", else age alone and pronouns."""
        out: dict[str, Any] = {}
        for pattern in rules["age_sex"]:
            if m := pattern.search(summary):
                out["patient_age"] = int(m["age"])
                out["patient_sex"] = rules["sex_words"].get(m["sex"].lower())
                break
        if "patient_age" not in out:
            for pattern in rules["age"]:
                if m := pattern.search(summary):
                    out["patient_age"] = int(m["age"])
                    break
        if out.get("patient_sex") is None:
            counts: Counter[str] = Counter()
            for word in _WORD.findall(summary):
                sex = rules["pronouns"].get(word.lower())
                if sex:
                    counts[sex] += 1
            if len(counts) == 1:
                out["patient_sex"] = next(iter(counts))
        return out


def _inner(m: re.Match[str]) -> str | None:
    """The value a label match holds inside it (its ``value`` group), stripped."""
    value = m.groupdict().get("value")
    return value.strip() if value else None


def _chains(header: str, items: list[Any]) -> list[list[Any]]:
    """``items`` (in text order) cut wherever anything but whitespace lies between two."""
    chains: list[list[Any]] = []
    prev_end = None
    for item in items:
        if prev_end is None or item[0] < prev_end or header[prev_end : item[0]].strip():
            chains.append([])
        chains[-1].append(item)
        prev_end = item[1]
    return chains


def _label_groups(chain: list[Any]) -> list[tuple[list[Any], list[Any]]]:
    """Each run of labels of a chain (items with a field name) with the run of values after it."""
    groups: list[tuple[list[Any], list[Any]]] = []
    for item in chain:
        is_label = item[2] is not None
        if is_label and (not groups or groups[-1][1]):
            groups.append(([], []))
        if is_label:
            groups[-1][0].append(item)
        elif groups:
            groups[-1][1].append(item)
    return groups
