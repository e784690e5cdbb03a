"""``imr_rationale``: the criteria reviewers cite, and the pain scores of the letter.

- ``doc.spans["rationale_factors"]``: in each decision's rationale, the criteria the reviewer
  weighs (functional improvement, pain relief, return to work, urine drug screen, opioid
  agreement, MME above 120, duration of use, weaning, failed first-line treatment), one span per
  mention, labelled with the factor, ``span.id_`` = rule id, ``span._.decision_id`` = the
  decision, ``span._.status`` = "documented" (the reviewer finds it in the record),
  "not_documented" (absent, not met, lacking) or "requirement" (the guideline's criterion, stated
  without a finding about this patient). ``imr_context`` (after this component) marks them
  ``is_negated`` etc. with the same ConText rules as the entities ("no urine drug screen" is
  negated). These feed outcome-prediction models.

  The status comes from the factor's sentence, by the ``status_cue`` rules: a sentence with a
  record cue (the patient, the records submitted, "there is no", "lack of") is a finding, and
  "not_documented" when a negative cue lies outside the factor's own words ("no evidence of
  30% pain relief"; but "treated with therapy without improvement" is a documented failure); a
  sentence without one (or one that opens with a guideline and has no record cue) states a
  requirement. ``background`` cues mark a guideline's evidence about a treatment in general
  or a symptom's duration ("offers no long-term functional benefit", "numbness for two
  months"): no factor is taken there.
- ``doc._.pain_scores``: every pain rating out of 10 in the letter, as
  :class:`~imr_nlp.values.PainScore` (score, with medication True/False/None, offsets).

Rules: ``patterns/rationale.jsonl``. Besides the worded ``factor`` rules, ``vocabulary`` rules
(a named list of terms, compiled into one alternation) and ``concept`` rules (a factor and a
``frame``, a regex with ``{name}`` where a vocabulary goes) find a factor from the words of what
it is about ("her knee pain has eased", "evaluation of function"); they run after the worded
rules, so a stretch a worded rule took stays its own (docs/factors.md).
"""

import re
from itertools import pairwise
from typing import Any, ClassVar, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import install_extensions
from ..rules import BOOL, REGEX, REGEXES, STR, RuleComponent, RuleSchema, one_of
from ..structure.decisions import PARTS_KEY
from ..text.doctext import doc_text
from ..text.fastre import Scan, folded_text
from ..text.sentences import FULL_STOP, QUOTED_FULL_STOP
from ..values import PainScore

RATIONALE_FILE = "rationale.jsonl"
FACTORS_KEY = "rationale_factors"
PAIN_CONTEXT = 40  # characters around a score searched for "with/without medications"
#: How many sentences after a stated requirement may point back to it (``anaphor`` cue); a
#: sentence between that names factors of its own ends the search.
POINT_BACK_SENTENCES = 2
#: The least share of the pain that two ratings compared must take away to be relief ("7/10 with
#: medications and 8/10 without" takes away an eighth: none); the ``relief_ratings`` rule says
#: how two ratings are read as before and after.
RELIEF_MINIMUM = 0.2
#: The kinds of ``status_cue`` rules (see :meth:`IMRRationale.status`).
CUES = (
    "guideline",
    "record",
    "finding",
    "negative",
    "advice",
    "clause",
    "conclusion",
    "anaphor",
    "background",
    "contrast",
    "concession",
    "negated_other",
    "criteria",
    "likewise",
    "condition",
    "possessive",
    "limited",
    "verdict",
    "rebuttal",
    "coordinate",
)


@Language.factory(
    "imr_rationale",
    assigns=["doc.spans", "doc._.pain_scores", "span._.decision_id", "span._.status"],
    requires=["doc.spans"],  # the rationale parts of imr_decisions
    default_config={
        "point_back_sentences": POINT_BACK_SENTENCES,
        "relief_minimum": RELIEF_MINIMUM,
        "model": False,
    },
)
def make_rationale(
    nlp: Language, name: str, point_back_sentences: int, relief_minimum: float, model: bool
) -> "IMRRationale":
    """Rationale factors and pain scores (see :class:`IMRRationale`); ``model``: add the trained
    factor model's second stage (:mod:`imr_nlp.entities.factor_model`, shipped in
    ``models/imr_factors``; a missing model fails loudly)."""
    second = None
    if model:
        from ..pipeline import factor_model_path
        from .factor_model import FactorModel

        second = FactorModel.from_path(factor_model_path())
    return IMRRationale(
        name,
        point_back_sentences=point_back_sentences,
        relief_minimum=relief_minimum,
        model=second,
    )


VOCABULARY_NAME = re.compile(r"\{([a-z][a-z_]*)\}")


def alternation(terms: list[str]) -> str:
    """One non-capturing group of a vocabulary's terms (regex fragments), longest first, so
    that a longer wording wins over its prefix at the same place."""
    return "(?:" + "|".join(sorted(terms, key=len, reverse=True)) + ")"


def expand_frame(frame: str, vocabularies: dict[str, str], rule_id: str = "") -> str:
    """``frame`` with each ``{name}`` replaced by the alternation of vocabulary ``name``
    (a regex quantifier such as ``{0,3}`` is left alone); an unknown name or a pattern that
    does not compile is an error."""

    def term(m: re.Match) -> str:
        if m.group(1) not in vocabularies:
            raise ValueError(f"{rule_id}: unknown vocabulary {m.group(1)!r}")
        return vocabularies[m.group(1)]

    pattern = VOCABULARY_NAME.sub(term, frame)
    try:
        re.compile(pattern)
    except re.error as err:
        raise ValueError(f"{rule_id}: bad frame: {err}") from err
    return pattern


class SpanMatch(NamedTuple):
    """The bounds of a factor's words: a rule's named group ``span`` (or ``span2``, ... in
    another alternative of the same rule: a group name is used once a pattern) when the rest
    of its match is only context ("the MED ... is under 120": the words "under 120")."""

    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


class IMRRationale(RuleComponent):
    """Sets ``doc.spans["rationale_factors"]`` and ``doc._.pain_scores``."""

    rules_file = RATIONALE_FILE

    def __init__(
        self,
        name: str,
        point_back_sentences: int = POINT_BACK_SENTENCES,
        relief_minimum: float = RELIEF_MINIMUM,
        model: Any = None,
    ) -> None:
        self.point_back_sentences = point_back_sentences
        self.relief_minimum = relief_minimum
        self.model = model  # the trained second stage (FactorModel), or None: the rules alone
        super().__init__(name)

    schemas: ClassVar[dict[str, RuleSchema]] = {
        "factor": RuleSchema(
            required={"factor": STR, "pattern": REGEX},
            # "requirement": a stated limit that is the guideline's in any sentence ("a brief
            # course is reasonable after the 10/2016 fall")
            # "context": words the factor's sentence must hold besides the factor's, or an entity
            # of label "context_entity" (a duration counts as the drug's use only in a sentence
            # about taking something: "has used it for two years", "Soma is not recommended for
            # longer than three weeks", not "wore splints for four months")
            optional={
                "finding": one_of("documented", "not_documented", "requirement"),
                "context": REGEX,
                "context_entity": STR,
            },
        ),
        "status_cue": RuleSchema(
            required={"cue": one_of(*CUES), "pattern": REGEX},
            # "failure": an anaphor of a factor whose negation is the finding itself (care that
            # "did not ease" the pain is the failed first-line care a criterion asks for)
            optional={
                "factor": STR,
                "presence": BOOL,
                "inside": BOOL,
                "through": BOOL,
                "failure": BOOL,
            },
        ),
        "vocabulary": RuleSchema(required={"name": STR, "terms": REGEXES}),
        "concept": RuleSchema(
            required={"factor": STR, "frame": STR},
            optional={"finding": one_of("documented", "not_documented")},
        ),
        "pain_score": RuleSchema(required={"pattern": REGEX}),
        # the words that make two ratings one comparison of before and after ("from 8/10 to
        # 4/10"), one rating of both ("8/10 with and without the medication"), and a rating with
        # or without the drug ("7/10 with medications and 8/10 without"): relief is judged by
        # the share taken away (the component's ``relief_minimum``)
        "relief_ratings": RuleSchema(
            required={
                "before_after": REGEX,
                "same": REGEX,
                "with": REGEX,
                "without": REGEX,
            },
            single=True,
        ),
        "pain_medication": RuleSchema(
            required={"pattern": REGEX, "with_medication": BOOL, "where": one_of("before", "after")}
        ),
    }

    def _compile(self) -> None:
        install_extensions()
        # A stated value (a rule with "finding") outranks a bare mention of the same words:
        # its rules are tried first, the others after, each group in file order.
        factors = [r for r in self.rules if r["kind"] == "factor"]
        self.factors = [
            (r["id"], r["factor"], Scan(r["pattern"]), r.get("finding"))
            for r in sorted(factors, key=lambda r: "finding" not in r)
        ]
        # a rule's "context": its factor is taken only in a sentence that holds these words too
        self.context = {
            r["id"]: (re.compile(r["context"]), r.get("context_entity"))
            for r in factors
            if "context" in r
        }
        # the concept frames, after the worded rules (a stretch they took stays theirs)
        vocabularies = {
            r["name"]: alternation(r["terms"]) for r in self.rules if r["kind"] == "vocabulary"
        }
        known = {r["factor"] for r in factors}
        concepts = [r for r in self.rules if r["kind"] == "concept"]
        for r in sorted(concepts, key=lambda r: "finding" not in r):  # a stated value first
            if r["factor"] not in known:
                raise ValueError(f"{r['id']}: unknown factor {r['factor']!r}")
            pattern = expand_frame(r["frame"], vocabularies, r["id"])
            self.factors.append((r["id"], r["factor"], Scan(pattern), r.get("finding")))
        self.cues: dict[str, list[re.Pattern]] = {c: [] for c in CUES}
        # anaphor cues of one factor: (factor, pattern, may find it met ("presence"), may be
        # found past a sentence naming other factors ("through"))
        self.topics: list[tuple[str, re.Pattern, bool, bool]] = []
        # failure cues of one factor: (factor, pattern) of a sentence pointing back whose
        # negation finds the criterion met (a care that did not work, for failed first-line care)
        self.failures: list[tuple[str, re.Pattern]] = []
        # record cues that count in the factor's own words too ("Gabapentin gave no relief.")
        self.inside: list[re.Pattern] = []
        # verdict cues: (factor, pattern) of a later sentence that finds that factor's criterion
        # unmet wherever it was stated ("The criteria for continuation are not met.")
        self.verdicts: list[tuple[str, re.Pattern]] = []
        for r in self.rules:
            if r["kind"] == "status_cue" and r["cue"] == "verdict":
                if "factor" not in r:
                    raise ValueError(f"{r['id']}: a verdict cue names its factor")
                self.verdicts.append((r["factor"], re.compile(r["pattern"])))
            elif r["kind"] == "status_cue" and "factor" in r:
                if r["cue"] != "anaphor":
                    raise ValueError(f"{r['id']}: only an anaphor or verdict cue may name a factor")
                if r.get("failure"):
                    self.failures.append((r["factor"], re.compile(r["pattern"])))
                    continue
                self.topics.append(
                    (
                        r["factor"],
                        re.compile(r["pattern"]),
                        r.get("presence", False),
                        r.get("through", False),
                    )
                )
            elif r["kind"] == "status_cue" and r.get("inside"):
                if r["cue"] != "record":
                    raise ValueError(f"{r['id']}: only a record cue may be 'inside'")
                self.inside.append(re.compile(r["pattern"]))
            elif r["kind"] == "status_cue":
                self.cues[r["cue"]].append(re.compile(r["pattern"]))
                if r["cue"] == "rebuttal":  # it cites the record (its negation is its own)
                    self.cues["record"].append(re.compile(r["pattern"]))
        # a guideline's evidence about a treatment in general: no factor is taken inside
        self.background = [
            Scan(r["pattern"])
            for r in self.rules
            if r["kind"] == "status_cue" and r["cue"] == "background"
        ]
        self.scores = [re.compile(r["pattern"]) for r in self.rules if r["kind"] == "pain_score"]
        self.relief = next(
            (
                (
                    re.compile(r["before_after"]),
                    re.compile(r["same"]),
                    re.compile(r["with"]),
                    re.compile(r["without"]),
                )
                for r in self.rules
                if r["kind"] == "relief_ratings"
            ),
            None,
        )
        self.medication = [
            (r["where"], r["with_medication"], re.compile(r["pattern"]))
            for r in self.rules
            if r["kind"] == "pain_medication"
        ]

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        text = doc_text(doc)
        doc.spans[FACTORS_KEY] = self.factor_spans(doc, text)
        doc._.pain_scores = self.pain_scores(text)
        return doc

    def factor_spans(self, doc: Doc, text: str) -> list:
        spans, taken = [], []
        for part in doc.spans.get(PARTS_KEY, ()):
            if part.label_ != "rationale":
                continue
            start, end = part.start_char, part.end_char
            found = []  # (span, sentence end) of this rationale
            # a rule none of whose words is in the rationale is not scanned (Scan.may_match)
            folded = folded_text(text[start:end])
            for p in self.background:  # no factor inside (the cue's group "span" if it took part)
                if not p.may_match(folded):
                    continue
                for m in p.finditer(text, start, end):
                    taken.append(m.span("span") if m.groupdict().get("span") else m.span())
            for rule_id, factor, pattern, finding in self.factors:
                if not pattern.may_match(folded):
                    continue
                groups = [g for g in pattern.pattern.groupindex if g.startswith("span")]
                for m in pattern.finditer(text, start, end):
                    for g in groups:  # the factor's words within the match ("span", "span2")
                        if m.group(g) is not None:
                            m = SpanMatch(*m.span(g))
                            break
                    if any(m.start() < e and s < m.end() for s, e in taken):
                        continue  # one factor per stretch of text: the first rule wins
                    span = doc.char_span(m.start(), m.end(), label=factor, alignment_mode="expand")
                    if span is None or not len(span):
                        continue
                    first, last = self.sentence(text, start, end, m.start(), m.end())
                    if rule_id in self.context and not self.in_context(
                        doc, rule_id, text, first, last, m.start(), m.end()
                    ):
                        continue  # not the words of what the rule is about
                    span.id_ = rule_id
                    span._.decision_id = part._.decision_id
                    span._.status = self.status(
                        text[first:last], m.start() - first, m.end() - first, finding
                    )
                    if (
                        factor == "pain_relief"
                        and span._.status == "documented"
                        and (share := self.relief_share(text[m.start() : m.end()])) is not None
                        and share < self.relief_minimum
                    ):
                        span._.status = "not_documented"  # two ratings, too little apart
                    taken.append((m.start(), m.end()))
                    found.append((span, last, first, m.start(), m.end(), finding))
            starts = sorted(span.start_char for span, *_ in found)
            for span, last, first, m_start, m_end, finding in found:
                # a lack in a later contrast clause of its sentence ("..., but gives no
                # duration"), else in a next sentence pointing back to a requirement
                later = not finding and span._.status != "not_documented"
                if later and self.lacking_later(
                    text[first:last],
                    m_start - first,
                    m_end - first,
                    [s - first for s in starts],
                    stated=span._.status == "requirement",
                    label=span.label_,
                ):
                    span._.status = "not_documented"
                elif span._.status == "requirement":
                    span._.status = self.point_back(text, last, end, span.label_, starts)
                    if span._.status == "requirement":
                        span._.status = self.lack_before(text, start, first, span.label_, starts)
            self.carry_over(text, found)
            self.rebut(text, found, end)
            self.verdict(text, found, end)
            mine = [span for span, *_ in found]
            if self.model is not None:  # the trained second stage (factor_model.py)
                mine = self.model.revise(doc, part, mine)
            spans += mine
        return sorted(spans, key=lambda s: s.start_char)

    def in_context(
        self, doc: Doc, rule_id: str, text: str, first: int, last: int, m_start: int, m_end: int
    ) -> bool:
        """Whether the sentence ``text[first:last]`` holds, besides the factor's words at
        ``m_start:m_end``, the words of rule ``rule_id``'s ``context`` or an entity of its
        ``context_entity`` label."""
        words, label = self.context[rule_id]
        if words.search(text[first:m_start] + " " + text[m_end:last]):
            return True
        return label is not None and any(
            e.label_ == label and first <= e.start_char and e.end_char <= last for e in doc.ents
        )

    @staticmethod
    def sentence(text: str, start: int, end: int, m_start: int, m_end: int) -> tuple[int, int]:
        """The bounds of the sentence (within ``start:end``) around ``m_start:m_end``."""
        cut = [e.end() for e in QUOTED_FULL_STOP.finditer(text, start, m_start)]
        last = QUOTED_FULL_STOP.search(text, m_end, end)
        return (cut[-1] if cut else start), (last.start() + 1 if last else end)

    def status(self, sentence: str, m_start: int, m_end: int, finding: str | None = None) -> str:
        """The status of the factor at ``sentence[m_start:m_end]`` from the cues of its sentence:

        - a sentence that opens with a list of criteria (``criteria`` cue: "Criteria for a
          program include: ...; the patient has ...; ..."): "requirement", every clause of it;
        - a sentence that opens with a guideline and has no finding cue: "requirement" (for a
          factor in the guideline's own clause: "Guidelines recommend drug testing, and there is
          no record of a screen" finds the screen lacking);
        - an ``advice`` cue around the factor's words (the reviewer advises it, e.g. "a slow
          taper is recommended"): "documented";
        - no ``record`` cue outside the factor's words (or one marked ``"inside"`` anywhere, a
          stated failure in the factor's own words: "Gabapentin gave no relief."):
          "requirement";
        - a ``condition`` cue before the factor in its clause ("Ongoing use requires that the
          patient show functional improvement; the records show none") and no ``record`` cue in
          that clause but a ``possessive`` ("review the patient's function"): "requirement" (a
          later clause may find it lacking, :meth:`lacking_later`);
        - a stated value (a rule with ``"finding"``, e.g. "since 2012": "documented", "remains
          off work": "not_documented"): the rule's status, whatever the negative cues (a record
          cue may then lie in the rule's own words, "180 MME");
        - a ``negative`` cue outside the factor's words in its clause (the sentence cut at the
          ``clause`` cues, at a cue's group ``cut`` if it has one), leaving out the negations of
          other things (``negated_other``: "with no side effects"): "not_documented", else
          "documented".
        """
        outside = sentence[:m_start] + " " + sentence[m_end:]
        cues = self.cues
        if any(p.match(sentence) for p in cues["criteria"]):
            return "requirement"  # a list of criteria: every clause of it is the guideline's
        clause = None  # (head, tail): the factor's clause, worked out when needed
        if any(p.match(sentence) for p in cues["guideline"]):
            clause = self.clause(sentence, m_start, m_end)
            if clause[0] == 0 and not any(p.search(outside) for p in cues["finding"]):
                return "requirement"
        for p in cues["advice"]:
            for a in p.finditer(sentence):  # the factor's words open or close the advice
                if (
                    a.start() == m_start <= m_end <= a.end()
                    or a.start() <= m_start < m_end == a.end()
                ):
                    return "documented"
        if not any(p.search(sentence if finding else outside) for p in cues["record"]) and not any(
            p.search(sentence) for p in self.inside
        ):
            return "requirement"
        if finding:
            return finding
        head, tail = clause or self.clause(sentence, m_start, m_end)
        # a condition's scope runs on over the clauses of a list joined by commas (``coordinate``
        # cues at their cuts: "recommended if an evaluation is done, the patient is motivated,
        # and earlier care has failed")
        scope, cuts = head, self.cuts(sentence)
        for c in reversed([c for c in cuts if 0 < c <= head]):
            if not any(p.match(sentence, c) for p in cues["coordinate"]):
                break
            scope = max((d for d in cuts if d < c), default=0)
        opens = [
            c.start()
            for p in cues["condition"]
            for c in p.finditer(sentence, scope)
            if c.start() < m_start
        ]
        before = sentence[scope : min(opens)] if opens else ""
        if opens and not (any(p.search(before) for p in cues["record"]) and self.negated(before)):
            # the condition's scope: from its last cue before the factor to the clause's end
            # (record words before it are the main clause's: "pain that is documented on
            # examination once NSAIDs have failed"); after a lack in the record, "if" asks a
            # question ("the notes do not say ... if there was functional improvement")
            words = sentence[max(opens) : m_start] + " " + sentence[m_end:tail]
            for p in cues["possessive"]:  # "review the patient's function": no finding
                words = p.sub(" ", words)
            if not any(p.search(words) for p in cues["record"]):
                return "requirement"  # a criterion's clause; the finding is in another clause
        words = sentence[head:m_start] + " " + sentence[m_end:tail]
        for p in cues["rebuttal"]:  # "This is not consistent with her notes, which show ..."
            words = p.sub(" ", words)
        if self.negated(words):
            return "not_documented"
        return "documented"

    def negated(self, words: str) -> bool:
        """Whether ``words`` hold a ``negative`` cue, leaving out the negations of other things
        than a criterion (``negated_other``: "with no side effects or aberrant behaviors")."""
        for p in self.cues["negated_other"]:
            words = p.sub(" ", words)
        return any(p.search(words) for p in self.cues["negative"])

    def cuts(self, sentence: str) -> list[int]:
        """Where ``sentence``'s clauses begin and end, ascending: its ends and each ``clause``
        cue (at the cue's group ``cut`` if it took part)."""
        found = {0, len(sentence)}
        for p in self.cues["clause"]:
            for c in p.finditer(sentence):
                found.add(c.start("cut") if c.groupdict().get("cut") else c.start())
        return sorted(found)

    def clause(self, sentence: str, m_start: int, m_end: int) -> tuple[int, int]:
        """The bounds of the clause of ``sentence`` around ``m_start:m_end`` (:meth:`cuts`)."""
        cuts = self.cuts(sentence)
        return max(c for c in cuts if c <= m_start), min(c for c in cuts if c >= m_end)

    def lacking_later(
        self,
        sentence: str,
        m_start: int,
        m_end: int,
        factors: list[int] | None = None,
        stated: bool = False,
        label: str | None = None,
    ) -> bool:
        """Whether a later clause of the factor's sentence that opens with a ``contrast`` cue
        ("..., but gives no duration or percentage"), or the main clause after an opening
        ``concession`` that holds the factor ("While guidelines support drug testing, the
        records include no such testing"), finds it lacking: a ``negative`` cue, no
        ``conclusion`` cue and no factor of its own (``factors``: the start offsets of the
        rationale's factor spans, relative to the sentence), and a ``record`` cue in the
        sentence. The reviewer's last word on the factor wins. A clause naming another factor
        ends the search (its lack is that factor's), unless it also holds one of the factor's
        own measures (``label``'s anaphors marked ``"through"``). A factor ``stated`` as a
        requirement is found lacking by the first later clause that is a finding (a ``record``
        cue of its own) whatever it opens with: "Ongoing use requires functional improvement;
        the records show none"."""
        cues = self.cues
        cuts = self.cuts(sentence)
        first = max(c for c in cuts if c <= m_start)
        tail = min(c for c in cuts if c >= m_end)
        cuts = [c for c in cuts if c >= tail]
        # the main clause after an opening concession ("While guidelines support X, ...")
        conceded = first == 0 and any(p.match(sentence) for p in cues["concession"])
        # the factor's own measures ("her daily activity"): a clause holding one speaks of it
        # too, even if it names another factor ("but no change in her pain or her daily
        # activity is given")
        measures = [p for f, p, _, thr in self.topics if f == label and thr]
        for n, (head, end) in enumerate(pairwise(cuts)):
            part = sentence[head:end]
            if any(head <= f < end for f in factors or ()) and not any(
                p.search(part) for p in measures
            ):
                return False
            opens = (n == 0 and conceded) or any(p.match(part) for p in cues["contrast"])
            if not opens and not (stated and any(p.search(part) for p in cues["record"])):
                continue
            return (
                not any(p.search(part) for p in cues["conclusion"])
                and self.negated(part)
                and any(
                    p.search(part if stated else sentence[:m_start] + " " + sentence[m_end:])
                    for p in cues["record"]
                )
            )
        return False

    def point_back(
        self,
        text: str,
        first: int,
        end: int,
        factor: str | None = None,
        factors: list[int] | None = None,
    ) -> str:
        """The status of a stated requirement after the sentence(s) right after it (one of the
        next ``point_back_sentences``, the first that has an ``anaphor`` cue): a finding that
        points back to it. "not_documented" when that sentence finds it lacking ("None of these
        are shown in the records.", "The outcome of the prior visits was not included."): a
        ``record`` and a ``negative`` cue and no ``conclusion`` cue. "documented" when it
        finds it without a lack and names no factor of its own ("He tried ibuprofen and
        gabapentin first.", "This has been documented."): a ``record`` cue, no ``negative`` and
        no ``conclusion`` cue, and a general ``anaphor`` cue or a factor's one with
        ``"presence"`` (a topic alone, "the documentation indicated he was to continue this
        medication", says nothing of the criterion met). Else "requirement". An ``anaphor``
        cue with a ``factor`` points back to that factor's requirement only (the treatments of
        a failed first-line criterion: "The records show no course of therapy."). A sentence
        between that names factors of its own (``factors``: the start offsets of the
        rationale's factor spans) ends the search: what follows points back to it, not
        further; only a factor's anaphor marked ``"through"`` (words of that factor alone: "pain
        levels", "activities of daily living", "only two weeks of therapy") is still looked for
        past it, and past the next ``point_back_sentences`` too, to the end of the rationale
        (``end``): a finding several sentences after its criterion ("A repeat block needs 50%
        relief for six weeks. [two sentences on other things] The note gives no percentage.")."""
        cues = self.cues
        anaphors = cues["anaphor"] + [p for f, p, *_ in self.topics if f == factor]
        # what may find the requirement met: the general anaphors, a factor's with "presence"
        present = cues["anaphor"] + [p for f, p, yes, _ in self.topics if f == factor and yes]
        through = [p for f, p, _, thr in self.topics if f == factor and thr]
        failures = [p for f, p in self.failures if f == factor]
        measured = [p for f, p, yes, thr in self.topics if f == factor and yes and thr]
        near, seen = self.point_back_sentences, 0
        if near <= 0:  # no sentence pointing back: the factor's own measures only
            if not through:
                return "requirement"
            anaphors = present = through
        while True:
            stop = QUOTED_FULL_STOP.search(text, first + 1, end)
            last = stop.start() + 1 if stop else end
            nxt = text[first:last]
            own = any(first <= f < last for f in factors or ())
            # the record said to hold only something else ("The notes say only that she feels
            # looser."): a lack of the criterion just stated, pointing back to it
            limited = seen < self.point_back_sentences and any(
                p.search(nxt) for p in cues["limited"]
            )
            if limited or any(p.search(nxt) for p in anaphors):
                if any(p.search(nxt) for p in cues["conclusion"]) or not (
                    limited or any(p.search(nxt) for p in cues["record"])
                ):
                    return "requirement"
                words = nxt
                met_hit = next((m for p in measured if (m := p.search(nxt))), None)
                if met_hit:
                    # the factor's own measure found met (near or far): only its clause
                    # says whether it is ("her burning has dropped from 8/10 to 4/10, and she
                    # can now type, which she could not do before")
                    head, tail = self.clause(nxt, met_hit.start(), met_hit.end())
                    words = nxt[head:tail]
                # a negated mention of something else is no presence ("no side effects")
                kept = words
                for p in cues["negated_other"]:
                    kept = p.sub(" ", kept)
                if not limited and any(p.search(kept) for p in failures):
                    return "documented"  # the care named did not work: the failure asked for
                if limited or self.negated(words):
                    return "not_documented"
                share = self.relief_share(met_hit.group(0)) if met_hit else None
                if share is not None and share < self.relief_minimum:
                    return "not_documented"  # two ratings compared, too little apart
                # a factor's own measure found met ("presence" and "through") holds even in a
                # sentence that names other factors
                met = any(p.search(kept) for p in present) and (
                    not own or any(p.search(kept) for p in measured)
                )
                return "documented" if met else "requirement"
            near, seen = near - 1, seen + 1
            if last >= end or ((own or near <= 0) and not through):
                break
            if own or near <= 0:
                # past a sentence naming other factors, or past the next few sentences: the
                # factor's own measures only, to the end of the decision's rationale (the
                # latest finding about this patient for the factor decides)
                anaphors = present = through
                near = 0
            first = last
        return "requirement"

    def lack_before(
        self, text: str, start: int, first: int, factor: str, factors: list[int]
    ) -> str:
        """The status of a stated requirement (its sentence opens at ``first``) that the
        sentence right before it (within the rationale from ``start``) already found lacking:
        "What came of the prior visits is not documented. Further therapy requires objective
        improvement." That sentence names no factor of its own, has a general ``anaphor`` cue
        or one of the factor's, a ``record`` and a ``negative`` cue and no ``conclusion``:
        "not_documented"; else "requirement"."""
        cut = [e.end() for e in QUOTED_FULL_STOP.finditer(text, start, max(start, first - 1))]
        head = cut[-1] if cut else start
        before = text[head:first]
        if not before.strip() or any(head <= f < first for f in factors):
            return "requirement"
        cues = self.cues
        anaphors = cues["anaphor"] + [p for f, p, *_ in self.topics if f == factor]
        if (
            any(p.search(before) for p in anaphors)
            and any(p.search(before) for p in cues["record"])
            and not any(p.search(before) for p in cues["conclusion"])
            and self.negated(before)
        ):
            return "not_documented"
        return "requirement"

    def carry_over(self, text: str, found: list) -> None:
        """A requirement in a sentence that opens with a ``likewise`` cue ("The same is true of
        pain ratings.", "Likewise, ...") takes the finding of the sentence right before it: the
        status of that sentence's last factor that is not a requirement. ``found``: the
        rationale's (span, sentence end, sentence start, ...) in text order."""
        likewise = self.cues["likewise"]
        if not likewise:
            return
        for span, last, first, *_ in found:
            if span._.status != "requirement" or not any(
                p.match(text[first:last]) for p in likewise
            ):
                continue
            before = [
                (s.start_char, s._.status)
                for s, l2, f2, *_ in found
                if l2 <= first and not text[l2:first].strip() and s._.status != "requirement"
            ]
            if before:
                span._.status = max(before)[1]

    def rebut(self, text: str, found: list, end: int) -> None:
        """The findings of a sentence that the next one rebuts (it opens with a ``rebuttal``
        cue: "The provider says therapy did not help. This is not consistent with the
        therapist's notes.") are overturned: "documented" <-> "not_documented". ``found``: the
        rationale's (span, sentence end, ...) in text order; ``end``: the rationale's end."""
        rebuttals = self.cues["rebuttal"]
        if not rebuttals:
            return
        for span, last, *_ in found:
            if span._.status not in ("documented", "not_documented") or last >= end:
                continue
            stop = QUOTED_FULL_STOP.search(text, last + 1, end)
            following = text[last : stop.start() + 1 if stop else end].lstrip()
            if any(p.match(following) for p in rebuttals):
                span._.status = "not_documented" if span._.status == "documented" else "documented"

    def verdict(self, text: str, found: list, end: int) -> None:
        """A requirement of a factor that a later sentence of the rationale (up to ``end``) finds
        unmet by a ``verdict`` cue of that factor becomes "not_documented", however many
        sentences lie between: "The criteria for continuation are not met." answers the
        continuation criteria (function, pain relief, return to work) stated earlier, not a drug
        screen asked for in between. ``found``: the rationale's (span, sentence end, ...)."""
        if not self.verdicts:
            return
        for span, last, *_ in found:
            if span._.status == "requirement" and any(
                f == span.label_ and p.search(text, last, end) for f, p in self.verdicts
            ):
                span._.status = "not_documented"

    def relief_share(self, words: str) -> float | None:
        """The share of the pain that a factor's words comparing two ratings say was taken away
        ("from 8/10 to 4/10": 0.5; "7/10 with medications and 8/10 without": 0.125; "8/10 with
        and without the medication": 0), or None when they compare no two ratings (or the
        ``relief_ratings`` rule is absent)."""
        if self.relief is None:
            return None
        before_after, same, _, _ = self.relief
        found = sorted(
            (m.start(), m.end(), float(m.group("upper") or m.group("score")))
            for p in self.scores
            for m in p.finditer(words)
        )
        if len(found) == 1 and same.search(words):
            return 0.0
        if len(found) != 2:
            return None
        (_, e1, a), (s2, e2, b) = found
        if before_after.match(words, e1, s2):
            before, after = a, b
        else:
            first, second = self.rating_with(words, e1), self.rating_with(words, e2)
            # one rating said with (or without) the medication: the other is the other one
            flags = (
                first if first is not None else (None if second is None else not second),
                second if second is not None else (None if first is None else not first),
            )
            if flags == (True, False):
                before, after = b, a
            elif flags == (False, True):
                before, after = a, b
            else:
                return None
        return (before - after) / before if before > 0 else None

    def rating_with(self, words: str, end: int) -> bool | None:
        """Whether the words right after a rating ending at ``end`` say it is with (True) or
        without (False) the medication ("7/10 with medications and 8/10 without")."""
        assert self.relief is not None
        *_, with_, without = self.relief
        if with_.match(words, end):
            return True
        return False if without.match(words, end) else None

    def with_medication(self, text: str, start: int, end: int) -> bool | None:
        """True/False when the words right after (or before) a score say with or without
        medication; None when they do not say."""
        after = FULL_STOP.split(text[end : end + PAIN_CONTEXT], maxsplit=1)[0]
        before = FULL_STOP.split(text[max(0, start - PAIN_CONTEXT) : start])[-1]
        for where, value, pattern in self.medication:
            if pattern.search(after if where == "after" else before):
                return value
        return None

    def pain_scores(self, text: str) -> list[PainScore]:
        out = []
        for pattern in self.scores:
            for m in pattern.finditer(text):
                score = float(m.group("upper") or m.group("score"))
                if score > 10:
                    continue
                found = self.with_medication(text, m.start(), m.end())
                out.append(PainScore(score, found, m.start(), m.end()))
        return sorted(out, key=lambda p: p.start_char)
