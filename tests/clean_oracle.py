"""The first implementation of :func:`imr_nlp.text.clean.clean_text` (main at 450f399), kept
as an oracle: the faster one must give the same text and the same anchors for any input. (Its
later rules, PDFium's line-end hyphen mark U+FFFE and the typographic dashes and
multiplication sign, are added in both; the table of characters replaced by a plain form is
the cleaner's own, as it is data, not a rule.)

Its rules are the same, written the plain way: an alternation tried at every position of the
text, with the whitespace rule and the glue rule as zero-width lookarounds."""

from __future__ import annotations

import re

from imr_nlp.text.clean import _PLAIN, CleanedText

_LIGATURES = _PLAIN  # the characters replaced by their plain form: one table, the same data
_SPACE = " \t\u00a0\u2000-\u200a\u202f\u205f\u3000\v"
_NEWLINE = "\n\r\f\u2028\u2029\x85"
_WS = f"[{_SPACE}{_NEWLINE}]"

_RULES = re.compile(
    rf"(?P<hyphen>(?<=[A-Za-z0-9])-[{_SPACE}]*[{_NEWLINE}]{_WS}*(?=[A-Za-z0-9]))"
    rf"|(?P<drop>\u00ad{_WS}*|[\u200b\u200c\u200d\ufeff])"
    rf"|(?P<lig>[{''.join(_LIGATURES)}])"
    r"|(?P<surrogate>[\ud800-\udfff])|(?P<nul>\x00+)|(?P<pdf_hyphen>\ufffe)"
    rf"|(?P<ws>(?!(?<=[^{_SPACE}{_NEWLINE}]) (?=[^{_SPACE}{_NEWLINE}])){_WS}+)"
    r"|(?P<glue>(?:(?<=[a-z]{2}[.:;])|(?<=\d{4}\.))(?=[A-Z]))"
)
_DOUBLED = re.compile(r"[ \t]*\n[ \t]*\n")


def _is_doubled(raw: str) -> bool:
    lines = raw.count("\n")
    return lines >= 6 and 2 * len(_DOUBLED.findall(raw)) >= 0.8 * lines


def _whitespace(run: str, doubled: bool) -> str:
    breaks = run.count("\n") + run.count("\f") + run.count("\u2028") + run.count("\u2029")
    breaks += run.count("\r") - run.count("\r\n") + run.count("\x85")
    if doubled and breaks:
        breaks = max(1, breaks // 2)
    if breaks == 0:
        return " "
    return "\n" if breaks == 1 else "\n\n"


def clean_text(raw: str) -> CleanedText:
    doubled = _is_doubled(raw)
    out: list[str] = []
    clean_pos: list[int] = [0]
    orig_pos: list[int] = [0]
    n = 0
    last = 0
    for m in _RULES.finditer(raw):
        kind = m.lastgroup
        found = m.group()
        if kind in ("hyphen", "pdf_hyphen"):
            new = "-"
        elif kind == "drop":
            new = ""
        elif kind == "lig":
            new = _LIGATURES[found]
        elif kind == "surrogate":
            new = "\ufffd"
        elif kind == "nul":
            new = " "
        elif kind == "ws":
            new = _whitespace(found, doubled)
            if m.start() == 0 or m.end() == len(raw):
                new = ""
        else:
            new = " "
        if new == found:
            continue
        out.append(raw[last : m.start()])
        n += m.start() - last
        if clean_pos[-1] != n or orig_pos[-1] != m.start():
            clean_pos.append(n)
            orig_pos.append(m.start())
        out.append(new)
        n += len(new)
        clean_pos.append(n)
        orig_pos.append(m.end())
        last = m.end()
    out.append(raw[last:])
    return CleanedText("".join(out), (tuple(clean_pos), tuple(orig_pos)), len(raw))
