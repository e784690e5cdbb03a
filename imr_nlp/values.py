"""Typed values that imr_nlp attaches to Docs, entities and decisions.

Small frozen dataclasses with ``to_dict`` / ``from_dict``. :func:`msgpack_encode` and
:func:`msgpack_decode` are registered with srsly (entry points ``srsly_msgpack_encoders`` /
``srsly_msgpack_decoders``, and again when the components install their extensions), so a Doc
keeps them through ``DocBin(store_user_data=True)`` and ``nlp.pipe(..., n_process=2)``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

Outcome = Literal["upheld", "overturned"]

#: The entity labels of ``doc.ents`` (API.md), in one place.
LABELS: tuple[str, ...] = (
    "DRUG",
    "STRENGTH",
    "QUANTITY",
    "REFILLS",
    "FREQUENCY",
    "INJURY_DATE",
    "DATE",
    "DIAGNOSIS",
    "GUIDELINE",
)

_TAG = "__imr__"


def _plain(value: Any) -> Any:
    """JSON-ready form of a field value (dates as ISO strings, values as dicts)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.to_dict()  # type: ignore[attr-defined]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _Value:
    """Shared ``to_dict`` / ``from_dict`` of the value classes."""

    _dates: ClassVar[tuple[str, ...]] = ()
    _nested: ClassVar[dict[str, type]] = {}
    _tuples: ClassVar[tuple[str, ...]] = ()
    _lists: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable dict of the fields (dates as ISO strings)."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        """Inverse of :meth:`to_dict`; also accepts already-typed field values."""
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in names:
                continue
            if key in cls._dates and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif key in cls._nested and value is not None:
                kind = cls._nested[key]
                if isinstance(value, list | tuple):
                    value = [v if isinstance(v, kind) else kind.from_dict(v) for v in value]  # type: ignore[attr-defined]
                elif isinstance(value, dict):
                    value = kind.from_dict(value)  # type: ignore[attr-defined]
            if key in cls._tuples and isinstance(value, list):
                value = tuple(value)
            elif key in cls._lists and isinstance(value, tuple):
                value = list(value)  # msgpack may give tuples (DocBin reads with use_list=False)
            kwargs[key] = value
        return cls(**kwargs)


@dataclass(frozen=True)
class Strength(_Value):
    """A dose strength: ``Strength((10.0, 325.0), "mg")`` for "10/325mg"."""

    amounts: tuple[float, ...]
    unit: str
    _tuples: ClassVar[tuple[str, ...]] = ("amounts",)


@dataclass(frozen=True)
class Frequency(_Value):
    """How often: ``per_day`` when it can be computed (a range gives its upper bound)."""

    per_day: float | None
    text: str
    is_range: bool = False
    as_needed: bool = False


@dataclass(frozen=True)
class Drug(_Value):
    """A medication: generic ingredient(s) "/"-joined, brand as written, class, opioid flag."""

    generic: str
    brand: str | None = None
    drug_class: str | None = None
    is_opioid: bool = False


@dataclass(frozen=True)
class Diagnosis(_Value):
    """A diagnosed condition with its ICD-10-CM code ("" when unsure)."""

    text: str
    icd10: str = ""


@dataclass(frozen=True)
class GuidelineCitation(_Value):
    """A guideline citation: source key ("MTUS", "ODG", "ACOEM", "UpToDate", a web site's
    domain, a society's short name, ...), title, chapter, year, sections and pages ("Page(s):
    76-78" gives (76, 77, 78)). Beyond API.md, ``cited``: False for a guideline only named in
    passing ("outside of the MTUS Guidelines"), which is not what a decision was based on."""

    source: str
    title: str = ""
    year: int | None = None
    sections: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    chapter: str | None = None
    cited: bool = True
    _tuples: ClassVar[tuple[str, ...]] = ("sections", "pages")


@dataclass(frozen=True)
class Decision(_Value):
    """One disputed item of a letter and the IMR outcome (see API.md)."""

    id: int
    treatment: str
    start_char: int
    end_char: int
    outcome: Outcome
    medically_necessary: bool
    category: str = "other"
    drug: str | None = None
    strength: Strength | None = None
    quantity: float | int | None = None
    refills: int | None = None
    frequency: Frequency | None = None
    daily_mme: float | None = None
    claims_administrator_guidelines: list[GuidelineCitation] = field(default_factory=list)
    reviewer_guidelines: list[GuidelineCitation] = field(default_factory=list)
    # Beyond API.md: partial authorisations keep the original request.
    partial: bool = False
    original_request: str | None = None
    # Beyond API.md: where the frequency came from ("request" or "summary": a linked mention of
    # the same drug in the case summary), the opioid part of the strength used for daily_mme,
    # the MME factor set, "did not cite any medical evidence" flags and the rationale's offsets.
    frequency_source: str | None = None
    drug_class: str | None = None
    is_opioid: bool | None = None
    mme_factors: str | None = None
    claims_administrator_cited_nothing: bool = False
    reviewer_cited_nothing: bool = False
    rationale_start: int | None = None
    rationale_end: int | None = None
    # Beyond API.md: the request line's dosage form ("patch", "syrup"), the unit of the
    # quantity ("units", "g", "ml", "sessions", "visits", "hours") and the duration the item
    # states ("4 weeks"), read by the request grammar (imr_nlp.linking.request).
    form: str | None = None
    quantity_unit: str | None = None
    duration: str | None = None

    _nested: ClassVar[dict[str, type]] = {
        "strength": Strength,
        "frequency": Frequency,
        "claims_administrator_guidelines": GuidelineCitation,
        "reviewer_guidelines": GuidelineCitation,
    }
    _lists: ClassVar[tuple[str, ...]] = ("claims_administrator_guidelines", "reviewer_guidelines")


@dataclass(frozen=True)
class PainScore(_Value):
    """A pain rating the letter reports ("rated 8/10 without medications"): the score out of 10,
    whether it was with medication (True), without (False) or not said (None), and its offsets."""

    score: float
    with_medication: bool | None
    start_char: int
    end_char: int


@dataclass(frozen=True)
class CaseInfo(_Value):
    """Case facts of a letter (see API.md)."""

    case_number: str | None = None
    injury_date: dt.date | None = None
    decision_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    date_assigned: dt.date | None = None
    application_received: dt.date | None = None
    patient_age: int | None = None
    patient_sex: Literal["male", "female"] | None = None
    reviewer_specialties: list[str] = field(default_factory=list)
    reviewer_license_states: list[str] = field(default_factory=list)
    letter_format: str = "unknown"
    diagnoses: list[Diagnosis] = field(default_factory=list)
    # Beyond API.md.
    priority: str | None = None

    _dates: ClassVar[tuple[str, ...]] = (
        "injury_date",
        "decision_date",
        "ur_denial_date",
        "date_assigned",
        "application_received",
    )
    _lists: ClassVar[tuple[str, ...]] = (
        "reviewer_specialties",
        "reviewer_license_states",
        "diagnoses",
    )
    _nested: ClassVar[dict[str, type]] = {"diagnoses": Diagnosis}


VALUE_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Strength,
        Frequency,
        Drug,
        Diagnosis,
        GuidelineCitation,
        Decision,
        PainScore,
        CaseInfo,
    )
}


def msgpack_encode(obj: Any, chain: Any = None) -> Any:
    """srsly msgpack encoder for the value classes and dates."""
    name = type(obj).__name__
    if VALUE_TYPES.get(name) is type(obj):
        data = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        return {_TAG: name, "data": data}
    if isinstance(obj, dt.date) and not isinstance(obj, dt.datetime):
        return {_TAG: "date", "data": obj.isoformat()}
    return obj if chain is None else chain(obj)


def msgpack_decode(obj: Any, chain: Any = None) -> Any:
    """srsly msgpack decoder, the inverse of :func:`msgpack_encode`."""
    if isinstance(obj, dict) and _TAG in obj:
        name = obj[_TAG]
        if name == "date":
            return dt.date.fromisoformat(obj["data"])
        if name in VALUE_TYPES:
            return VALUE_TYPES[name].from_dict(obj["data"])
    return obj if chain is None else chain(obj)


def register_msgpack() -> None:
    """Register the encoder and decoder with srsly (idempotent)."""
    from srsly.msgpack import msgpack_decoders, msgpack_encoders

    msgpack_encoders.register("imr_nlp", func=msgpack_encode)
    msgpack_decoders.register("imr_nlp", func=msgpack_decode)
