"""``imr_context``: negation, history and hypotheticals of DRUG and DIAGNOSIS entities.

medspaCy's ConText, made quiet, fast and serialisable:

- medspaCy is imported lazily, inside ``warnings.catch_warnings()``, because importing it
  silences every warning of the process (``warnings.filterwarnings("ignore")`` in
  ``medspacy_matcher``), and ConText alone (:mod:`.medspacy_import`: not medspaCy's other
  components, nor nltk, scipy and PyRuSH, which its ``__init__`` pulls in);
- scope is a token window (``max_scope``), so no sentence splitter is needed (PyRuSH, medspaCy's
  default one, dominates run time and logs every token);
- ConText reads only token windows around its targets (:meth:`IMRContext.windows`), each as a
  Doc of its own: whatever can set a target's flags lies within a bound reach of it, and the
  targets cover about a third of a letter, where matching its rules dominated the run time;
- its rules are matched once per letter by one PhraseMatcher (a token pattern spelled out into
  its word sequences: :meth:`IMRContext._phrase_matcher`) and each window's matches go through
  medspaCy's own pruning, ``ConTextModifier`` and ``ConTextGraph`` without a window Doc; a window
  without a modifier that can set a flag is skipped; medspaCy's matcher over a window Doc
  (:meth:`IMRContext._flags`) remains for rules that cannot be spelled out and for two rules
  acting differently on the same tokens (the flags are the same either way: tests compare);
- only the boolean flags are kept (``ent._.is_negated``, ``is_historical``, ``is_hypothetical``,
  ``is_uncertain``, ``is_family``), on the entities and on the rationale factors
  (``doc.spans["rationale_factors"]``); the ConText graph and modifier objects, which neither
  ``DocBin`` nor ``nlp.pipe(n_process=2)`` can serialise, stay on the window Docs.

Rules: medspaCy's defaults plus ``patterns/context.jsonl``.
"""

import itertools
import warnings
from bisect import bisect_left
from typing import Any, ClassVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..extensions import TARGETS_KEY, install_extensions
from ..rules import STR, WORDS, RuleComponent, RuleSchema, one_of
from .medspacy_import import context_classes
from .rationale import FACTORS_KEY

CONTEXT_FILE = "context.jsonl"
#: A modifier's window in tokens (no sentence splitter needed): ``imr_context``'s max_scope.
MAX_SCOPE = 10
FLAGS = ("is_negated", "is_historical", "is_hypothetical", "is_uncertain", "is_family")
#: Quantifiers of a token pattern that match at most one token.
_ONE_TOKEN_OPS = ("1", "?", "!")
#: What a token pattern may test for ConText to read windows: the window Docs are made of the
#: words alone, so only the text of a token is the same there as in the letter.
_WINDOW_KEYS = {"LOWER", "ORTH", "TEXT", "OP"}
#: Directions whose modifiers only cut other scopes (medspaCy's ``ConTextModifier.modifies``).
_NO_EDGES = ("TERMINATE", "PSEUDO")
#: Most phrases a token pattern may be spelled out into (:func:`_spelled_out`).
_MAX_PHRASES = 5000


def _spelled_out(pattern: list[dict[str, Any]]) -> set[tuple[str, ...]] | None:
    """The word sequences a token pattern of ``LOWER`` tests (single or ``IN``) and optional
    tokens matches, or None for any other pattern (or too many sequences)."""
    choices: list[list[str | None]] = []
    for token in pattern:
        op = str(token.get("OP", "1"))
        value = token.get("LOWER")
        if set(token) - {"LOWER", "OP"} or op not in ("1", "?"):
            return None
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            words = list(value["IN"])
        else:
            return None
        # a token's LOWER is lower case: other words never match
        options: list[str | None] = [w for w in words if isinstance(w, str) and w == w.lower()]
        choices.append([*options, None] if op == "?" else options)
    total = 1
    for options in choices:
        total *= max(1, len(options))
    if total > _MAX_PHRASES:
        return None
    out = {tuple(w for w in combo if w is not None) for combo in itertools.product(*choices)}
    return {words for words in out if words}


def _behaviour(rule: Any) -> tuple:
    """What a matched rule does in medspaCy's graph besides its span."""
    return (
        rule.category,
        rule.direction,
        rule.max_scope,
        frozenset(rule.allowed_types or ()) if rule.allowed_types is not None else None,
        frozenset(rule.excluded_types or ()) if rule.excluded_types is not None else None,
        frozenset(rule.terminated_by or ()),
    )


def _scope(rule: Any, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """A modifier's scope as ``ConTextModifier`` sets it (``max_scope`` given) in a window Doc
    of the tokens ``[low, high)``: medspaCy's ``__set_scope``, in the letter's token offsets."""
    n = rule.max_scope
    window_start, window_end = max(start - n, low), min(end + n, high)
    direction = rule.direction.lower()
    if direction == "forward":
        scope_start, scope_end = end, window_end
        if scope_end - scope_start > n:
            scope_end = end + n
    elif direction == "backward":
        scope_start, scope_end = window_start, start
        if scope_end - scope_start > n:
            scope_start = start - n
    else:
        scope_start, scope_end = window_start, window_end
        if start - scope_start > n:
            scope_start = start - n
        if scope_end - end > n:
            scope_end = end + n
    return scope_start, scope_end


@Language.factory(
    "imr_context",
    assigns=[f"span._.{flag}" for flag in FLAGS],
    requires=["doc.ents", "doc.spans"],  # and the rationale factors
    default_config={"max_scope": MAX_SCOPE},
)
def make_context(nlp: Language, name: str, max_scope: int) -> "IMRContext":
    """ConText flags on DRUG and DIAGNOSIS entities (see :class:`IMRContext`)."""
    return IMRContext(nlp, name, max_scope=max_scope)


class IMRContext(RuleComponent):
    """Sets the ConText flags of ``doc.ents`` of the configured labels."""

    rules_file = CONTEXT_FILE
    schemas: ClassVar[dict[str, RuleSchema]] = {
        "context": RuleSchema(
            required={
                "literal": STR,
                "category": STR,
                "direction": one_of("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"),
            }
        ),
        "context_scope": RuleSchema(required={"labels": WORDS}, single=True),
    }

    def __init__(
        self, nlp: Language, name: str = "imr_context", *, max_scope: int = MAX_SCOPE
    ) -> None:
        install_extensions()
        self.nlp = nlp
        self.max_scope = max_scope
        super().__init__(name)

    def _compile(self) -> None:
        ConText, ConTextRule = context_classes()  # without the rest of medspaCy
        with warnings.catch_warnings():  # medspaCy changes the warning filters on import
            from medspacy.common.util import prune_overlapping_matches
            from medspacy.context import ConTextGraph, ConTextModifier

        self._graph, self._modifier = ConTextGraph, ConTextModifier
        self._prune = prune_overlapping_matches
        self.labels = {x for r in self.rules if r["kind"] == "context_scope" for x in r["labels"]}
        ours = [
            ConTextRule(r["literal"], r["category"], direction=r["direction"])
            for r in self.rules
            if r["kind"] == "context"
        ]
        self.context = ConText(
            self.nlp, name=f"{self.name}_medspacy", rules=None, max_scope=self.max_scope
        )
        # medspaCy's default rules, except those our rules redefine ("rule out" is hypothetical
        # here, uncertain there).
        replaced = {rule.literal.lower() for rule in ours}
        defaults = ConTextRule.from_json(self.context.DEFAULT_RULES_FILEPATH)
        rules = [r for r in defaults if r.literal.lower() not in replaced] + ours
        for rule in rules:
            # A terminating modifier only cuts the scopes it lies in. medspaCy 1.3.1 tests that
            # by overlapping scopes and misses a scope lying wholly inside the terminator's
            # (default: the window on both sides), so "rule out X. Takes Norco" made Norco
            # hypothetical; the terminator's own scope is kept to its neighbours.
            if rule.direction.upper() == "TERMINATE":
                rule.max_scope = 1
        self.context.add(rules)
        self.margin = self._margin()
        self.phrases = self._phrase_matcher()

    def _margin(self) -> int | None:
        """Tokens each side of a target that its window takes, or None (whole Doc) when a rule
        can match a run of tokens of unbounded length (a regex, or "+" and "*" in a pattern) or
        tests more than the text of a token (see :data:`_WINDOW_KEYS`).

        Whatever sets a target's flags lies within the widest scope plus the longest modifier
        (in tokens) of it: the modifier whose scope covers the target, and the modifiers that
        cut that scope short (a terminating or same-category one between the two). The window
        takes that reach twice, so that those modifiers also come out of the
        window as in the whole Doc: their scopes (cut at the window's edge) and the pruning of
        overlapping matches, which takes neighbouring matches together."""
        longest, scope = 0, 0
        for rule in self.context.rules:
            if rule.max_scope is None:
                return None
            if rule.pattern is None:
                tokens = len(self.nlp.make_doc(rule.literal.lower()))
            elif isinstance(rule.pattern, list) and all(
                str(token.get("OP", "1")) in _ONE_TOKEN_OPS and set(token) <= _WINDOW_KEYS
                for token in rule.pattern
            ):
                tokens = len(rule.pattern)
            else:
                return None
            longest, scope = max(longest, tokens), max(scope, rule.max_scope)
        return 2 * (scope + longest)

    def _phrase_matcher(self) -> "PhraseMatcher | None":
        """Every ConText rule as phrases of one PhraseMatcher over ``LOWER`` (a token pattern
        spelled out: each combination of its words, with and without its optional tokens), run
        once per letter; None when a rule cannot be spelled out so (then ConText runs on each
        window itself: :meth:`_flags`). The matches are those medspaCy's matcher finds in a
        window: a phrase of words matches the same tokens wherever it is read."""
        if self.margin is None or not self.max_scope:
            return None
        vocab = self.nlp.vocab
        matcher = PhraseMatcher(vocab, attr="LOWER")
        self.rule_of: dict[int, Any] = {}
        for rule in self.context.rules:
            if rule.on_match is not None or rule.on_modifies is not None or rule.max_targets:
                return None
            if rule.pattern is None:
                phrases = [self.nlp.tokenizer(rule.literal.lower())]
            else:
                words = _spelled_out(rule.pattern)
                if words is None:
                    return None
                phrases = [Doc(vocab, words=list(w)) for w in words]
            if any(len(p) for p in phrases):
                matcher.add(rule._rule_id, [p for p in phrases if len(p)])
            self.rule_of[vocab.strings[rule._rule_id]] = rule
        return matcher

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The ConText rules' matches in the whole letter, by start."""
        return sorted(self.phrases(doc), key=lambda m: m[1])

    def _window_flags(
        self, matches: list[tuple[int, int, int]], start: int, end: int, targets: list[Span]
    ) -> list[list[str]] | None:
        """What :meth:`_flags` gives for the window ``[start, end)``, from the letter's matches
        (:meth:`_matches`) and medspaCy's graph, without a window Doc or its matcher. None when
        two rules that would act differently match the same tokens (which medspaCy keeps then
        depends on its matchers' order: :meth:`_flags` decides)."""
        first = bisect_left(matches, start, key=lambda m: m[1])
        found = [m for m in matches[first:] if m[1] < end and m[2] <= end]
        rule_of, mapping = self.rule_of, self.context.context_attributes_mapping or {}
        if not any(
            rule_of[key].direction not in _NO_EDGES and rule_of[key].category in mapping
            for key, _, _ in found
        ):
            return [[] for _ in targets]
        at: dict[tuple[int, int], tuple] = {}
        for key, s, e in found:
            if at.setdefault((s, e), _behaviour(rule_of[key])) != _behaviour(rule_of[key]):
                return None
        modifiers = [
            self._modifier(
                rule_of[key], s, e, None, *_scope(rule_of[key], s, e, start, end), self.max_scope
            )
            for key, s, e in self._prune(sorted(found, key=lambda m: (m[1], m[2])))
        ]
        graph = self._graph(prune_on_modifier_overlap=self.context.prune_on_target_overlap)
        graph.targets, graph.modifiers = targets, modifiers
        graph.update_scopes()
        graph.apply_modifiers()
        values: dict[int, dict[str, object]] = {id(t): {} for t in targets}
        for target, modifier in graph.edges:
            values[id(target)].update(mapping.get(modifier.category, {}))
        return [[f for f in FLAGS if values[id(t)].get(f)] for t in targets]

    def windows(self, doc: Doc, targets: list[Span]) -> list[tuple[int, int]]:
        """Token ranges ``[start, end)`` that ConText reads: each target with :attr:`margin`
        tokens each side, overlapping ranges merged (the whole Doc when the margin is None)."""
        if self.margin is None:
            return [(0, len(doc))]
        out: list[tuple[int, int]] = []
        for target in sorted(targets, key=lambda t: t.start):
            start, end = max(0, target.start - self.margin), min(len(doc), target.end + self.margin)
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        return out

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        targets = [e for e in doc.ents if e.label_ in self.labels]
        targets += list(doc.spans.get(FACTORS_KEY, ()))
        if not targets:
            return doc
        matches = None if self.phrases is None else self._matches(doc)
        for start, end in self.windows(doc, targets):
            inside = [t for t in targets if start <= t.start and t.end <= end]
            found = None if matches is None else self._window_flags(matches, start, end, inside)
            if found is None:
                found = self._flags(doc, start, end, inside)
            for target, flags in zip(inside, found, strict=True):
                for flag in flags:
                    setattr(target._, flag, True)
        data = doc.user_data
        for ent in doc.ents:
            if ent.label_ not in self.labels:
                for flag in FLAGS:
                    data.pop(("._.", flag, ent.start_char, ent.end_char), None)
        return doc

    def _flags(self, doc: Doc, start: int, end: int, targets: list[Span]) -> list[list[str]]:
        """The flags ConText sets on each target, run over tokens ``[start, end)`` of the Doc
        as a Doc of their own (its graph and modifiers stay there). The window is made of the
        words only: ``Span.as_doc`` would also copy every annotation and average the tokens'
        vectors, which took longer than ConText itself."""
        tokens = doc[start:end]
        window = Doc(
            doc.vocab,
            words=[t.text for t in tokens],
            spaces=[bool(t.whitespace_) for t in tokens],
        )
        spans = [Span(window, t.start - start, t.end - start, label=t.label) for t in targets]
        # ConText reads its targets from a Doc attribute (doc._.context_targets).
        window.user_data[TARGETS_KEY] = spans
        self.context(window, targets="context_targets")
        return [[flag for flag in FLAGS if getattr(span._, flag)] for span in spans]
