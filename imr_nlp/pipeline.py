"""Building the imr_nlp pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

# Importing the component modules registers their factories and the tokenizer (they are also
# advertised as entry points, so a saved pipeline loads with plain ``spacy.load(path)``).
from .entities import (  # noqa: F401
    abbreviations,
    context,
    diagnoses,
    drugs,
    guidelines,
    merge,
    rationale,
)
from .entities import model as model_component  # noqa: F401
from .errors import Errors, IMRError
from .linking import link, records  # noqa: F401
from .normalize.mme import DEFAULT_FACTORS
from .structure import case, decisions, sections  # noqa: F401
from .text import clean  # noqa: F401

PIPE_NAMES = (
    "imr_abbreviations",
    "imr_sections",
    "imr_decisions",
    "imr_drugs",
    "imr_guidelines",
    "imr_diagnoses",
    "imr_entities",
    "imr_rationale",
    "imr_context",
    "imr_case",
    "imr_link",
    "imr_records",
)
TOKENIZER = "imr_nlp.CleaningTokenizer.v1"
#: The tokenizer the trained model is built with by :func:`load`, which uses its components only.
UNUSED_TOKENIZER = "imr_nlp.BareTokenizer.v1"
MODEL_NAME = "imr_ner"
#: The trained factor model (``models/imr_factors``): the second stage of ``imr_rationale``
#: (:mod:`imr_nlp.entities.factor_model`), used by :func:`load` with ``model=True`` when
#: :data:`FACTOR_MODEL` is True. Off: on the blind holdout halves it raises F1 and status but adds
#: about twice the rules' wrong factors, and it gains nothing on unseen real letters
#: (docs/factors.md, session 24); ``config={"components": {"imr_rationale": {"model": True}}}``
#: turns it on.
FACTOR_MODEL_NAME = "imr_factors"
FACTOR_MODEL = False
#: The trained model (its tok2vec and ner, run where its spans can be kept:
#: :mod:`imr_nlp.entities.model`), before the entity rules.
MODEL_PIPES = ("imr_ner",)
#: The components that read the model's entities (``doc.ents`` until ``imr_entities`` sets
#: them): the owners of the lexicons check and value them, ``imr_entities`` combines.
MODEL_READERS = ("imr_drugs", "imr_guidelines", "imr_diagnoses", "imr_entities")
SAMPLE_LETTER = "sample_letter.txt"


def load(
    model: bool = True,
    *,
    mme_factors: str = DEFAULT_FACTORS,
    vocab: Any = True,
    disable: str | Iterable[str] = (),
    enable: str | Iterable[str] = (),
    exclude: str | Iterable[str] = (),
    config: dict[str, Any] | None = None,
) -> Language:
    """Return the imr_nlp pipeline (``spacy.load("imr_nlp")`` calls this too).

    Args:
        model: include the trained NER model (``models/imr_ner``, shipped in the package): its
            entities join the rules' by :data:`imr_nlp.entities.merge.COMBINE_POLICY` (rules win on
            overlap; the model adds what the rules missed, with ``ent._.source == "model"``).
            With :data:`FACTOR_MODEL`, ``model=True`` also turns on the trained second stage of
            ``imr_rationale`` (``models/imr_factors``: rationale factors the rules missed, and
            statuses, :mod:`imr_nlp.entities.factor_model`). ``model=False`` gives the rules only.
        mme_factors: the MME conversion factors for ``Decision.daily_mme`` and
            ``doc._.total_daily_mme``: "cdc2016" (default; the letters' period) or "cdc2022".
        disable, enable, exclude, config, vocab: as in :func:`spacy.load`.
    """
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = 10**9  # the cleaning tokenizer reads at most clean.MAX_CHARS, with a flag
    excluded = {exclude} if isinstance(exclude, str) else set(exclude)
    for name in PIPE_NAMES:
        if name not in excluded:
            settings = dict((config or {}).get("components", {}).get(name) or {})
            if name == "imr_records":
                settings.setdefault("mme_factors", mme_factors)
            if name == "imr_rationale":
                settings.setdefault("model", model and FACTOR_MODEL)
            nlp.add_pipe(name, config=settings)
    if model:
        # The model's tok2vec and ner (its tokenizer, the same as ours, is not read), run where
        # its spans of imr_entities' model_labels can be kept.
        first = next((name for name in MODEL_READERS if nlp.has_pipe(name)), None)
        for name in MODEL_PIPES:
            if name not in excluded:
                settings = dict((config or {}).get("components", {}).get(name) or {})
                labels = (config or {}).get("components", {}).get("imr_entities", {})
                if "model_labels" in (labels or {}):
                    settings.setdefault("labels", list(labels["model_labels"]))
                nlp.add_pipe(name, config=settings, before=first)
    disabled = {disable} if isinstance(disable, str) else set(disable)
    enabled = {enable} if isinstance(enable, str) else set(enable)
    if enabled:
        disabled |= {name for name in nlp.pipe_names if name not in enabled}
    for name in disabled:
        nlp.disable_pipe(name)
    return nlp


@registry.tokenizers(UNUSED_TOKENIZER)
def create_bare_tokenizer() -> Any:
    """A tokenizer without rules (whitespace only), built at no cost: the trained model's,
    whose own tokenizer :func:`load` does not use."""

    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make


def model_path() -> Path:
    """Directory of the trained NER model shipped in the package; a missing model fails loudly
    (E008) rather than being downloaded."""
    path = Path(str(resources.files("imr_nlp.models").joinpath(MODEL_NAME)))
    if not (path / "meta.json").is_file():
        raise IMRError(Errors.E008, what=f"the trained model imr_nlp/models/{MODEL_NAME}")
    return path


def factor_model_path() -> Path:
    """Directory of the trained factor model shipped in the package (E008 when missing)."""
    path = Path(str(resources.files("imr_nlp.models").joinpath(FACTOR_MODEL_NAME)))
    if not (path / "meta.json").is_file():
        raise IMRError(Errors.E008, what=f"the trained model imr_nlp/models/{FACTOR_MODEL_NAME}")
    return path


def sample_text() -> str:
    """The invented sample letter bundled with the package (2016 format, three items)."""
    path = resources.files("imr_nlp").joinpath("data", SAMPLE_LETTER)
    if not path.is_file():
        raise IMRError(Errors.E008, what=f"imr_nlp/data/{SAMPLE_LETTER}")
    return path.read_text(encoding="utf8")
