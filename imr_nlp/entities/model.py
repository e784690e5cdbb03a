"""``imr_ner``: the trained NER model (``models/imr_ner``), run where its spans can be kept.

The model's entities only fill the gaps the rules leave, through the combine policy of
``imr_entities`` (:data:`~imr_nlp.entities.merge.COMBINE_POLICY`) and the checks of the owners
of the lexicons, which keep a model span of ``MODEL_LABELS`` only

- DRUG (``imr_drugs``): in a sentence (text between two ". ") with a ``model_context`` word of
  ``patterns/drugs.jsonl`` ("medications", "mg", "prescribed", ...);
- DIAGNOSIS (``imr_diagnoses``): in the case summary or a rationale, and ending on a condition
  word (``condition_words`` of ``patterns/diagnoses.jsonl``: "fracture", "...itis", ...).

So this component runs the model's ``tok2vec`` and ``ner`` on those sentences only (about a
third of a letter), each widened by ``margin`` tokens on both sides, as small Docs in one batch,
and maps their entities back onto ``doc.ents`` (the model's, provisional, as the plain ``ner``
left them: ``imr_entities`` replaces them). The CNN sees 4 tokens on each side (window 1, depth
4), so within a region the token vectors are those of the whole letter, and the entities found
there are the whole letter's. Another label in ``labels`` (``model_labels`` of
``imr_entities``: :func:`imr_nlp.load` passes it on) has no such region: the model then runs on
the whole letter, as it does with ``everywhere=True``.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, LENGTH, LOWER, NORM, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules import default_rules, of_kind
from ..structure.decisions import PARTS_KEY
from ..structure.sections import section_span
from ..text.doctext import doc_text
from ..text.sentences import SENTENCE_END
from .diagnoses import DIAGNOSES_FILE
from .merge import MODEL_LABELS

DRUGS_FILE = "drugs.jsonl"
#: Tokens added on each side of a region: twice the CNN's reach (window 1 x depth 4), so that
#: the NER's greedy decoding is settled before the region starts.
MARGIN = 8
#: Characters after a diagnosis list's trigger ("Diagnoses:", "filed a claim for") that the model
#: reads whatever their words: the list's items may be coded names without a condition word
#: ("trigger finger"), and its numbers ("1. ... 2. ...") cut it into short sentences.
LIST_CHARS = 400
_DRUG_SENTENCE = re.compile(r"\. ")  # how imr_drugs cuts the sentence of a model DRUG


@Language.factory(
    "imr_ner",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    # the sections and the decision parts (the summary and the rationales)
    requires=["doc.spans"],
    default_config={"labels": list(MODEL_LABELS), "margin": MARGIN, "everywhere": False},
)
def make_model(
    nlp: Language, name: str, labels: list[str], margin: int, everywhere: bool
) -> "IMRModel":
    """The trained NER model where its spans can be kept (see :class:`IMRModel`)."""
    from ..pipeline import UNUSED_TOKENIZER, model_path

    # Only its components are used: its tokenizer (the same as ours) is neither built (a bare
    # one instead: the ~1,900 special cases took a tenth of load()) nor read from disk.
    trained = spacy.load(
        model_path(),
        exclude=["tokenizer"],
        config={"nlp": {"tokenizer": {"@tokenizers": UNUSED_TOKENIZER}}},
    )
    for string in trained.vocab.strings:  # the labels, as add_pipe(source=...) copies them
        nlp.vocab.strings.add(string)
    pipes = dict(trained.pipeline)  # the model's own components
    return IMRModel(
        name,
        pipes["tok2vec"],
        pipes["ner"],
        labels=tuple(labels),
        margin=margin,
        everywhere=everywhere,
    )


_WORD = re.compile(r"[a-z]+")
CUE_CACHE_SIZE = 100_000  # token forms whose cue flag is kept (bounded: memory stays flat)


class IMRModel:
    """Sets ``doc.ents`` to the trained model's entities in the regions where they can be
    kept (``everywhere=True``: in the whole letter, as the plain ``tok2vec`` + ``ner``)."""

    def __init__(
        self,
        name: str,
        tok2vec: Any,
        ner: Any,
        *,
        labels: tuple[str, ...] = MODEL_LABELS,
        margin: int = MARGIN,
        everywhere: bool = False,
    ) -> None:
        self.name = name
        self.tok2vec, self.ner = tok2vec, ner
        self.labels = set(labels)
        self.margin = margin
        self.everywhere = everywhere or bool(self.labels - {"DRUG", "DIAGNOSIS"})
        drugs = default_rules(DRUGS_FILE)
        self.drug_context = [
            re.compile(r["pattern"]) for r in of_kind(drugs, "pattern", "model_context")
        ]
        diagnoses = default_rules(DIAGNOSES_FILE)
        conditions = of_kind(diagnoses, "condition_words")
        self.condition_words = {n.lower() for r in conditions for n in r["names"]}
        self.condition_suffixes = tuple(x for r in conditions for x in r["suffixes"])
        # the lexicon's names without a condition word ("trigger finger"): their last word
        for rule in of_kind(diagnoses, "diagnosis"):
            for name in rule["names"]:
                words = _WORD.findall(name.lower())
                if words and not any(map(self._is_condition, words)):
                    self.condition_words.add(words[-1] if len(words[-1]) > 2 else words[0])
        # a condition word that imr_diagnoses rejects at the end of any piece (a symptom: "pain")
        # is no cue: a kept piece ends on another word
        reject = [re.compile(r["pattern"]) for r in of_kind(diagnoses, "pattern", "model_reject")]
        self.condition_words -= {
            w
            for w in self.condition_words
            if any(p.search(w) and p.search(f"left {w}") for p in reject)
        }
        self._cues: dict[int, bool] = {}
        # sentences where imr_diagnoses keeps no model span: one stating the decision, and a
        # rationale's sentence quoting a guideline
        self.decision_sentence = [
            re.compile(r["pattern"]) for r in of_kind(diagnoses, "pattern", "model_reject_sentence")
        ]
        self.guideline_sentences = [
            (re.compile(r["pattern"]), set(r["parts"]))
            for r in of_kind(diagnoses, "guideline_sentence")
        ]
        self.list_triggers = [
            re.compile(r["pattern"])
            for role in ("list_trigger", "claim_trigger")
            for r in of_kind(diagnoses, "pattern", role)
        ]

    def _is_condition(self, word: str) -> bool:
        return word in self.condition_words or word.endswith(self.condition_suffixes)

    def _is_cue(self, doc: Doc, lower: int) -> bool:
        """Whether a token's lower-case form has a condition word (a run of letters, as
        ``imr_diagnoses`` reads its words), cached by the form's hash."""
        cue = self._cues.get(lower)
        if cue is None:
            if len(self._cues) > CUE_CACHE_SIZE:
                self._cues.clear()
            words = _WORD.findall(doc.vocab.strings[lower])
            cue = self._cues[lower] = any(map(self._is_condition, words))
        return cue

    def condition_starts(self, doc: Doc) -> Any:
        """The start characters of the tokens naming a condition, in order (one look-up for
        each distinct word of the letter)."""
        lower, starts = doc.to_array([LOWER, IDX]).T
        forms, index = numpy.unique(lower, return_inverse=True)
        flags = numpy.fromiter((self._is_cue(doc, f) for f in forms.tolist()), bool, len(forms))
        return starts[flags[index]]

    def regions(self, doc: Doc) -> list[tuple[int, int]]:
        """Character ranges of the sentences where a model span of ``labels`` can be kept."""
        text = doc_text(doc)
        out: list[tuple[int, int]] = []
        if "DRUG" in self.labels:
            stops = [m.start() for m in _DRUG_SENTENCE.finditer(text)]
            for pattern in self.drug_context:
                for m in pattern.finditer(text):
                    i = bisect_right(stops, m.start())
                    out.append(
                        (stops[i - 1] if i else 0, stops[i] if i < len(stops) else len(text))
                    )
        if "DIAGNOSIS" in self.labels:
            areas = [section_span(doc, "summary")]
            areas += [p for p in doc.spans.get(PARTS_KEY, ()) if p.label_ == "rationale"]
            areas = [a for a in areas if a is not None]
            conditions = self.condition_starts(doc) if areas else []
            for area in areas:
                start, end = area.start_char, area.end_char
                stops = list(SENTENCE_END.finditer(text, start, end))
                ends = [m.end() for m in stops]
                first, last = numpy.searchsorted(conditions, [start, end])
                sentences = {bisect_right(ends, c) for c in conditions[first:last].tolist()}
                # each sentence with a condition word, once (the last one runs to its end)
                after = SENTENCE_END.search(text, ends[-1] if ends else start)
                quoting = [p for p, parts in self.guideline_sentences if area.label_ in parts]
                for i in sorted(sentences):
                    a = ends[i - 1] if i else start
                    b = (
                        stops[i].start()
                        if i < len(stops)
                        else (after.start() if after else len(text))
                    )
                    if any(p.search(text, a, b) for p in self.decision_sentence) or any(
                        p.search(text, a, min(end, b)) for p in quoting
                    ):
                        continue
                    out.append((a, b))
                for pattern in self.list_triggers:  # a list of names, coded without such words
                    for m in pattern.finditer(text, start, end):
                        out.append((m.start(), min(end, m.end() + LIST_CHARS)))
        return out

    def token_ranges(self, doc: Doc) -> tuple[list[tuple[int, int]], Any]:
        """The regions as token ranges widened by the margin and merged, and a mask of the
        tokens of the regions themselves."""
        n = len(doc)
        core = numpy.zeros(n, dtype=bool)
        if self.everywhere:
            core[:] = True
            return ([(0, n)] if n else []), core
        regions = self.regions(doc)
        if not regions:
            return [], core
        starts = doc.to_array(IDX)
        bounds = numpy.array(regions)
        first = numpy.searchsorted(starts, bounds[:, 0], side="right") - 1
        last = numpy.searchsorted(starts, bounds[:, 1], side="left")
        ranges: list[tuple[int, int]] = []
        for a, b in sorted(zip(first.clip(0).tolist(), last.tolist(), strict=True)):
            if b <= a:
                continue
            core[a:b] = True
            a, b = max(0, a - self.margin), min(n, b + self.margin)
            if ranges and a <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], max(b, ranges[-1][1]))
            else:
                ranges.append((a, b))
        return ranges, core

    def __call__(self, doc: Doc) -> Doc:
        ranges, core = self.token_ranges(doc)
        parts = [doc] if ranges == [(0, len(doc))] else self._parts(doc, ranges)
        if parts:
            self.ner.set_annotations(parts, self._predict(parts))
        ents = []
        for (a, _), part in zip(ranges, parts, strict=True):
            for ent in list(part.ents):
                start, end = a + ent.start, a + ent.end
                if core[start:end].any():
                    ents.append(Span(doc, start, end, label=ent.label))
        doc.ents = ents
        return doc

    @staticmethod
    def _parts(doc: Doc, ranges: list[tuple[int, int]]) -> list[Doc]:
        """The token ranges of ``doc`` as Docs of their own: the same words, spaces and norms
        (a tokenizer exception's norm is the token's own), nothing else."""
        text = doc_text(doc)
        array = doc.to_array([IDX, LENGTH, SPACY, NORM])
        parts = []
        for start, end in ranges:
            idx, length, space, norm = array[start:end].T
            words = [text[i : i + n] for i, n in zip(idx.tolist(), length.tolist(), strict=True)]
            part = Doc(doc.vocab, words=words, spaces=space.astype(bool).tolist())
            parts.append(part.from_array([NORM], numpy.ascontiguousarray(norm[:, None])))
        return parts

    def _predict(self, docs: list[Doc]) -> Any:
        self.tok2vec.set_annotations(docs, self.tok2vec.predict(docs))
        return self.ner.predict(docs)

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.tok2vec.to_disk(path / "tok2vec", exclude=exclude)
        self.ner.to_disk(path / "ner", exclude=exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "IMRModel":
        path = Path(path)
        self.tok2vec.from_disk(path / "tok2vec", exclude=exclude)
        self.ner.from_disk(path / "ner", exclude=exclude)
        return self
