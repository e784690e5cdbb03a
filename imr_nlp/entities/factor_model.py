"""The trained factor model: a second stage of ``imr_rationale`` (``model: true``; off by
default, :data:`imr_nlp.pipeline.FACTOR_MODEL`: see docs/factors.md, session 24).

``imr_rationale`` stays the one writer of ``doc.spans["rationale_factors"]``: after its rules have
found a rationale's factors, it hands them to :meth:`FactorModel.revise`, which

- adds a factor the rules missed when the model's probability that the rationale invokes it is
  at least ``add`` and, with ``sentence`` set, one of its sentences alone scores at least
  ``sentence`` (a span over the rationale's sentence the model scores highest for it,
  ``span.id_ == "factor_model"``, its status from the status model);
- gives a rules' factor the status model's status when that model's probability is at least
  ``status`` (``status_on``: "all" rule statuses, or only "requirement", the rules' default
  when they find no cue).

The model (``models/imr_factors``, shipped in the package; nothing is downloaded, a missing
model fails loudly, E008) is a spaCy pipeline of two bag-of-words text classifiers (CPU, no
vectors): ``factors`` (``textcat_multilabel``: which factor labels a rationale invokes) and
``status`` (``textcat``: documented / not_documented / requirement of one factor, read from the
sentences of its spans with the factor's own words replaced by a placeholder, and the sentence
after each, its words marked). The thresholds chosen by cross-validation
(``training/train_factors.py``) are in the model's ``combine.json``. Both read Docs made here from
lower-cased words (:func:`words`), not the letter's tokens.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from ..text.sentences import QUOTED_FULL_STOP

COMBINE_FILE = "combine.json"
RULE_ID = "factor_model"
STATUSES = ("documented", "not_documented", "requirement")
PLACEHOLDER = "xxfactor"  # the factor's own words in the status model's input
NEXT = "nx_"  # the marker of the next sentence's words
_WORD = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)?%?|[^\sa-z0-9]")


def words(text: str) -> list[str]:
    """The lower-cased words and signs of ``text`` (the models' input tokens)."""
    return _WORD.findall(text.lower())


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a rationale (offsets), cut where imr_rationale cuts them."""
    out, first = [], 0
    for m in QUOTED_FULL_STOP.finditer(text):
        out.append((first, m.start() + 1))
        first = m.end()
    if text[first:].strip():
        out.append((first, len(text)))
    return out


def status_words(
    text: str, bounds: list[tuple[int, int]], spans: list[tuple[int, int]], label: str
) -> list[str]:
    """The status model's input for factor ``label`` whose spans lie at ``spans`` (offsets in the
    rationale ``text`` of sentences ``bounds``): the label, then for each span its sentence with
    the span's words replaced by :data:`PLACEHOLDER`, and the next sentence's words marked
    :data:`NEXT`."""
    out = ["lab_" + label]
    for start, end in spans:
        n = next((i for i, (a, b) in enumerate(bounds) if a <= start < b), None)
        if n is None:
            continue
        a, b = bounds[n]
        out += [*words(text[a:start]), PLACEHOLDER, *words(text[end:b])]
        if n + 1 < len(bounds):
            c, d = bounds[n + 1]
            out += [NEXT + w for w in words(text[c:d])]
    return out


Found = dict[str, list[tuple[int, int, str | None]]]


def decisive(spans: list[tuple[int, int, str | None]]) -> str | None:
    """A factor's status in a rationale from its spans' (``evaluation.factors``): a finding
    outweighs a requirement; between findings the later one."""
    out = None
    for _, _, status in sorted(spans):
        if out is None or out == "requirement" or status != "requirement":
            out = status if status is not None else out
    return out


def decide(
    settings: dict[str, Any],
    found: Found,
    ruled: dict[str, dict[str, float]],
    extra: dict[str, tuple[float, int, int, dict[str, float], float]],
) -> tuple[dict[str, str], Found]:
    """The combination of the rules' factors ``found`` with the model's scores (``ruled``: the
    status scores of the rules' factors; ``extra``: candidates to add) under ``settings``
    (``add``, ``sentence``, ``status``, ``status_on``): the statuses changed and the factors
    added (a candidate whose rationale scores at least ``add`` and, when ``sentence`` is set, one
    of whose sentences scores at least ``sentence`` on its own)."""
    changed: dict[str, str] = {}
    threshold = settings.get("status")
    if threshold is not None:
        for label, cats in ruled.items():
            best = max(STATUSES, key=lambda s: cats[s])
            if cats[best] < threshold:
                continue
            if settings.get("status_on", "requirement") == "all" or (
                decisive(found[label]) == "requirement"
            ):
                changed[label] = best
    added: Found = {}
    floor, alone = settings.get("add"), settings.get("sentence")
    if floor is not None:
        for label, (p, a, b, cats, q) in extra.items():
            if p >= floor and (alone is None or q >= alone):
                added[label] = [(a, b, max(STATUSES, key=lambda s: cats[s]))]
    return changed, added


class FactorModel:
    """The two classifiers and their thresholds (see the module's docstring)."""

    def __init__(self, nlp: Any, settings: dict[str, Any]) -> None:
        self.nlp = nlp
        pipes = dict(nlp.pipeline)  # the model's own two classifiers
        self.factors = pipes["factors"]
        self.status_pipe = pipes["status"]
        self.add = settings.get("add")  # None: never add
        self.sentence = settings.get("sentence")  # None: no sentence need carry it alone
        self.status = settings.get("status")  # None: never change a status
        self.status_on = settings.get("status_on", "requirement")
        self.labels = tuple(self.factors.labels)
        self.settings = settings

    @classmethod
    def from_path(cls, path: Path, combine: dict[str, Any] | None = None) -> FactorModel:
        import spacy

        from ..pipeline import UNUSED_TOKENIZER

        settings = json.loads((path / COMBINE_FILE).read_text(encoding="utf8"))
        settings.update(combine or {})
        # its classifiers only: they read Docs made from words(), never its tokenizer, and their
        # features are hashes: neither the tokenizer nor the vocab is saved
        nlp = spacy.load(
            path,
            exclude=["tokenizer", "vocab"],
            config={"nlp": {"tokenizer": {"@tokenizers": UNUSED_TOKENIZER}}},
        )
        return cls(nlp, settings)

    def doc(self, tokens: list[str]) -> Doc:
        return Doc(self.nlp.vocab, words=tokens or ["."])

    def factor_scores(self, texts: list[str]) -> list[dict[str, float]]:
        """label -> probability that each text invokes it."""
        return [dict(d.cats) for d in self.factors.pipe(self.doc(words(t)) for t in texts)]

    def status_scores(self, inputs: list[list[str]]) -> list[dict[str, float]]:
        """status -> probability, for each input of :func:`status_words`."""
        return [dict(d.cats) for d in self.status_pipe.pipe(self.doc(w) for w in inputs)]

    def candidates(
        self, text: str, found: Found, floor: float
    ) -> dict[str, tuple[float, int, int, dict[str, float], float]]:
        """The factors the rules did not find whose probability is at least ``floor``: label ->
        (probability, the bounds of the sentence the model scores highest for it, the status
        model's scores of the factor there, that sentence's own probability)."""
        bounds = sentences(text)
        if not bounds:
            return {}
        scores = self.factor_scores([text])[0]
        missing = [lab for lab in self.labels if lab not in found and scores[lab] >= floor]
        if not missing:
            return {}
        per = self.factor_scores([text[a:b] for a, b in bounds])
        places = {}
        for label in missing:
            places[label] = max(range(len(bounds)), key=lambda i: per[i][label])
        # no words of its own: the placeholder, then the whole sentence
        inputs = [
            status_words(text, bounds, [(bounds[n][0],) * 2], lab) for lab, n in places.items()
        ]
        cats = self.status_scores(inputs)
        return {
            lab: (scores[lab], *bounds[n], c, per[n][lab])
            for (lab, n), c in zip(places.items(), cats, strict=True)
        }

    def rule_status(self, text: str, found: Found) -> dict[str, dict[str, float]]:
        """The status model's scores of each factor the rules found."""
        bounds = sentences(text)
        labels = sorted(found)
        inputs = [
            status_words(text, bounds, [(a, b) for a, b, _ in found[lab]], lab) for lab in labels
        ]
        return dict(zip(labels, self.status_scores(inputs), strict=True)) if labels else {}

    def predictions(self, text: str, found: Found, floor: float | None = None) -> tuple[dict, dict]:
        """What :meth:`second_stage` decides from: the status scores of the rules' factors (when
        ``status`` is set) and the candidates to add (probability at least ``floor``, by default
        ``add``)."""
        floor = self.add if floor is None else floor
        ruled = self.rule_status(text, found) if self.status is not None and found else {}
        extra = self.candidates(text, found, floor) if floor is not None else {}
        return ruled, extra

    def second_stage(self, text: str, found: Found) -> tuple[dict[str, str], Found]:
        """For a rationale ``text`` and the rules' factor spans ``found`` (label -> [(start,
        end, status)], offsets in ``text``): the new status of the rules' factors whose status
        the model changes (label -> status: every span of the label takes it), and the factors
        the model adds (label -> [(start, end, status)])."""
        return decide(self.settings, found, *self.predictions(text, found))

    def revise(self, doc: Doc, part: Span, spans: list[Span]) -> list[Span]:
        """The factor spans of rationale ``part`` after the second stage (``spans``: the rules',
        their statuses revised in place; the spans added are returned with them)."""
        offset = part.start_char
        found: Found = {}
        for s in spans:
            found.setdefault(s.label_, []).append(
                (s.start_char - offset, s.end_char - offset, s._.status)
            )
        changed, added = self.second_stage(part.text, found)
        for s in spans:
            if s.label_ in changed:
                s._.status = changed[s.label_]
        out = list(spans)
        for label, places in added.items():
            for a, b, status in places:
                span = doc.char_span(offset + a, offset + b, label=label, alignment_mode="contract")
                if span is None or not len(span):
                    continue
                span.id_ = RULE_ID
                span._.decision_id = part._.decision_id
                span._.status = status
                out.append(span)
        return sorted(out, key=lambda s: s.start_char)
