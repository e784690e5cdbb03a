"""medspaCy's ConText without the rest of medspaCy.

``import medspacy.context`` first runs ``medspacy/__init__``, which imports all of medspaCy's
components: PyRuSH, and through ``medspacy.util`` QuickUMLS, nltk, scipy, scikit-learn and
pandas, none of which ConText uses. That import took more than half of ``imr_nlp.load()``.
ConText's own modules (``medspacy.context`` and ``medspacy.common``) need nothing of it but
``medspacy.util.tuple_overlaps``.

:func:`context_classes` imports them with medspaCy's package module created but not yet run:
the module stays in ``sys.modules`` and runs ``medspacy/__init__`` the first time something
else reads a name of it that is not there yet (``medspacy.load``, ``medspacy.components``, a
``from medspacy import ...``), so the rest of the process sees medspaCy as usual. medspaCy's
Token/Span/Doc extensions are registered as its ``__init__`` registers them. When medspaCy is
already imported, or anything goes differently (another medspaCy version), it is the plain
import.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
import warnings
from typing import Any

PACKAGE = "medspacy"
#: The one module of medspaCy's ConText reads that imports the rest of medspaCy; only
#: ``tuple_overlaps`` is read from it, at import time.
_UTIL = f"{PACKAGE}.util"


def _tuple_overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """``medspacy.util.tuple_overlaps`` (medspaCy 1.3.1): whether two (start, end) overlap."""
    return a[0] <= b[0] < a[1] or a[0] < b[1] <= a[1]


class _DeferredPackage(types.ModuleType):
    """medspaCy's package module before its ``__init__`` has run: the first name looked up
    that is not yet there runs it (after which this is a plain module)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # e.g. __file__ probes: not a reason to run the package
            raise AttributeError(name)
        self.__class__ = types.ModuleType
        with warnings.catch_warnings():  # medspaCy changes the warning filters on import
            self.__spec__.loader.exec_module(self)
        return getattr(self, name)


def context_classes() -> tuple[Any, Any]:
    """(``ConText``, ``ConTextRule``) of ``medspacy.context``, without importing the rest of
    medspaCy when it is not imported yet."""
    with warnings.catch_warnings():  # medspaCy changes the warning filters on import
        if PACKAGE not in sys.modules:
            _import_context_alone()
        from medspacy.context import ConText, ConTextRule
    return ConText, ConTextRule


def _import_context_alone() -> None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return  # the plain import says what is wrong
    package = importlib.util.module_from_spec(spec)
    util = types.ModuleType(_UTIL)
    util.tuple_overlaps = _tuple_overlaps  # type: ignore[attr-defined]
    before = set(sys.modules)
    sys.modules[PACKAGE], sys.modules[_UTIL] = package, util
    try:
        importlib.import_module(f"{PACKAGE}.context")
        # medspacy/__init__ registers these when it runs; so do we, as before.
        importlib.import_module(f"{PACKAGE}._extensions").set_extensions()
    except Exception:  # another layout: forget all of it, import it plainly
        for name in set(sys.modules) - before:
            if name == PACKAGE or name.startswith(f"{PACKAGE}."):
                del sys.modules[name]
        return
    # The real medspacy.util is imported when medspacy/__init__ runs.
    del sys.modules[_UTIL]
    package.__dict__.pop("util", None)
    package.__class__ = _DeferredPackage
