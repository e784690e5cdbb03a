"""Load time and memory: what load() imports, medspaCy after it, the model's bounded batches."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest

import imr_nlp
from imr_nlp import pipeline
from imr_nlp.pipeline import BoundedTok2Vec, _token_bounded

#: Imported by medspacy/__init__ (PyRuSH, QuickUMLS and through it nltk, scipy, scikit-learn),
#: used by nothing of ours: loading the pipeline took twice as long with them.
UNUSED = ("nltk", "scipy", "sklearn", "PyRuSH", "quickumls")


def run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)


def test_load_imports_no_unused_library():
    run(
        "import sys, imr_nlp; nlp = imr_nlp.load(); "
        f"found = sorted(m for m in {UNUSED!r} if m in sys.modules); "
        "assert not found, f'load() imported {found}'; "
        "assert nlp('No history of Norco use.') is not None"
    )


@pytest.mark.slow
def test_medspacy_is_whole_after_load():
    # ConText came without medspacy/__init__: the package runs it on first use, as usual.
    run(
        "import warnings; import imr_nlp; imr_nlp.load(model=False); "
        "before = list(warnings.filters); "
        "import medspacy, medspacy.context; from medspacy.context import ConText; "
        "assert callable(medspacy.load) and medspacy.context.ConText is ConText; "
        "import medspacy.util, medspacy.components; "
        "assert medspacy.util.tuple_overlaps((0, 2), (1, 3)); "
        "assert medspacy.components.ConText is ConText; "
        "assert warnings.filters == before, 'warning filters changed'"
    )


def test_token_bounded_runs():
    docs = [list(range(n)) for n in (3, 4, 10, 1, 1)]  # only len() is read
    parts = list(_token_bounded(docs, 8))
    assert [[len(d) for d in part] for part in parts] == [[3, 4], [10], [1, 1]]
    assert [d for part in parts for d in part] == docs
    assert list(_token_bounded([], 8)) == []


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")  # short texts: no letter format
def test_the_model_embeds_bounded_batches_with_the_same_vectors(nlp, monkeypatch):
    assert type(nlp.get_pipe("tok2vec")) is BoundedTok2Vec
    texts = [
        imr_nlp.sample_text(),
        "The patient takes Norco 10/325 mg twice a day for low back pain.",
        "Request: Lidoderm 5% patch #30. Decision: the request is not medically necessary.",
    ] * 2
    alone = [nlp(text) for text in texts]
    monkeypatch.setattr(pipeline, "MODEL_BATCH_TOKENS", 20)  # a Doc or two at a time
    for doc, single in zip(nlp.pipe(texts, batch_size=4), alone, strict=True):
        assert single.tensor.size and numpy.array_equal(doc.tensor, single.tensor)
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [
            (e.start, e.end, e.label_) for e in single.ents
        ]
