"""Load time and memory: what load() imports, medspaCy after it, the model one letter at a time."""

from __future__ import annotations

import subprocess
import sys

import pytest

import imr_nlp

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


@pytest.mark.filterwarnings("ignore::imr_nlp.errors.IMRWarning")  # short texts: no letter format
def test_the_model_holds_one_letter_at_a_time(nlp):
    # Its working arrays take several KB per token: a batch of letters embedded at once held
    # hundreds of MB (and glibc kept them). imr_ner takes the next letter only when asked.
    texts = [imr_nlp.sample_text(), "The patient takes Norco 10/325 mg twice a day."] * 3
    taken = []

    def docs():
        for text in texts:
            doc = nlp.make_doc(text)
            for name, proc in nlp.pipeline:
                if name == "imr_ner":
                    break
                doc = proc(doc)
            taken.append(doc)
            yield doc

    model = dict(nlp.pipeline)["imr_ner"]
    out = model.pipe(docs(), batch_size=50)
    first = next(out)
    assert len(taken) == 1 and first is taken[0]
    assert len(list(out)) == len(texts) - 1
