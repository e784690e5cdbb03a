"""``imr_context``: negation, history and hypotheticals of DRUG and DIAGNOSIS entities.

medspaCy's ConText, made quiet, fast and serialisable:

- medspaCy is imported lazily, inside ``warnings.catch_warnings()``, because importing it
  silences every warning of the process (``warnings.filterwarnings("ignore")`` in
  ``medspacy_matcher``);
- scope is a token window (``max_scope``), so no sentence splitter is needed (PyRuSH, medspaCy's
  default one, dominates run time and logs every token);
- only the boolean flags are kept (``ent._.is_negated``, ``is_historical``, ``is_hypothetical``,
  ``is_uncertain``, ``is_family``), on the entities and on the rationale factors
  (``doc.spans["rationale_factors"]``); the ConText graph and modifier objects, which neither
  ``DocBin`` nor ``nlp.pipe(n_process=2)`` can serialise, are removed from the Doc.

Rules: medspaCy's defaults plus ``patterns/context.jsonl``.
"""

import warnings

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import TARGETS_KEY, install_extensions
from .rationale import FACTORS_KEY
from .rules import RuleComponent

CONTEXT_FILE = "context.jsonl"
FLAGS = ("is_negated", "is_historical", "is_hypothetical", "is_uncertain", "is_family")


@Language.factory(
    "imr_context", assigns=[f"span._.{flag}" for flag in FLAGS], requires=["doc.ents"]
)
def make_context(nlp: Language, name: str) -> "IMRContext":
    """ConText flags on DRUG and DIAGNOSIS entities (see :class:`IMRContext`)."""
    return IMRContext(nlp, name)


class IMRContext(RuleComponent):
    """Sets the ConText flags of ``doc.ents`` of the configured labels."""

    rules_file = CONTEXT_FILE

    def __init__(self, nlp: Language, name: str = "imr_context") -> None:
        install_extensions()
        self.nlp = nlp
        super().__init__(name)

    def _compile(self) -> None:
        with warnings.catch_warnings():  # medspaCy changes the warning filters on import
            from medspacy.context import ConText, ConTextRule

        scope = next(r for r in self.rules if r["kind"] == "context_scope")
        self.labels = set(scope["labels"])
        ours = [
            ConTextRule(r["literal"], r["category"], direction=r["direction"])
            for r in self.rules
            if r["kind"] == "context"
        ]
        self.context = ConText(
            self.nlp, name=f"{self.name}_medspacy", rules=None, max_scope=scope["max_scope"]
        )
        # medspaCy's default rules, except those our rules redefine ("rule out" is hypothetical
        # here, uncertain there).
        replaced = {rule.literal.lower() for rule in ours}
        defaults = ConTextRule.from_json(self.context.DEFAULT_RULES_FILEPATH)
        self.context.add([r for r in defaults if r.literal.lower() not in replaced] + ours)

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        data = doc.user_data
        targets = [e for e in doc.ents if e.label_ in self.labels]
        targets += list(doc.spans.get(FACTORS_KEY, ()))
        if not targets:
            return doc
        # One pass over the DRUG/DIAGNOSIS entities and the rationale factors, handed to ConText
        # through doc._.context_targets (it reads targets from a Doc attribute).
        data[TARGETS_KEY] = targets
        try:
            self.context(doc, targets="context_targets")
        finally:
            data.pop(TARGETS_KEY, None)
        for key in [k for k in data if isinstance(k, tuple) and k[:2] == ("._.", "modifiers")]:
            del data[key]
        data.pop(("._.", "context_graph", None, None), None)
        for ent in doc.ents:
            if ent.label_ not in self.labels:
                for flag in FLAGS:
                    data.pop(("._.", flag, ent.start_char, ent.end_char), None)
        return doc
