"""Suggested fixes as edits of the text, and the text cut into highlighted segments.

Pure Python, no Django: the "Check my post" page, the API and the tests share it. A fix is
one splice (replace `text[start:end]` with `replacement`), so applying it is exact and a
client can apply it too. Three kinds, as the issue names them:

- **redact**: an identifier becomes its type in brackets ("[PHONE]"), which the coach never
  flags again; a disparaging sentence is removed;
- **rewrite**: a date keeps only its year; individual advice becomes a pointer to one's own
  doctor;
- **disclose**: "#ad " at the start of an undisclosed promotion.

Findings that need judgement (a patient story, a photo from work, personal content) have
no automatic fix: their suggestion says what to do.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from whitecoat.screening.engine import RULES_BY_CODE, Finding

DISCLOSURE = "#ad "
ADVICE_REWRITE = "For advice about your own health, please talk to your own doctor."
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True, slots=True)
class Fix:
    kind: str
    label: str
    start: int
    end: int
    replacement: str
    # The finding it fixes, so the page can say which fix of which finding to apply.
    rule: str
    finding_start: int
    finding_end: int

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.rule}:{self.finding_start}:{self.finding_end}"

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


def _sentence(text: str, finding: Finding) -> tuple[int, int]:
    """The sentence around the finding: after the previous end mark, through the next one."""
    start = 0
    for match in SENTENCE_END.finditer(text, 0, finding.start):
        start = match.end()
    while start < finding.start and text[start].isspace():
        start += 1
    end_match = SENTENCE_END.search(text, finding.end)
    end = end_match.end() if end_match else len(text)
    return start, end


def _first_visible(text: str) -> int:
    position = 0
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def fixes_for(text: str, finding: Finding) -> list[Fix]:
    """The automatic fixes for one finding of `text` (often none)."""
    if finding.where != "text" or not 0 <= finding.start <= finding.end <= len(text):
        return []
    rule = RULES_BY_CODE.get(finding.rule)
    if rule is None or rule.praise:
        return []

    def fix(kind: str, label: str, start: int, end: int, replacement: str) -> Fix:
        return Fix(kind, label, start, end, replacement, finding.rule, finding.start, finding.end)

    found = text[finding.start : finding.end]
    fixes: list[Fix] = []
    if finding.is_identifier and finding.end > finding.start:
        if finding.type == "DATE":
            year = YEAR.search(found)
            if year and year.group() != found.strip():
                start = finding.start
                replacement = year.group()
                before = text[max(0, start - 3) : start]
                if before.lower() == "on ":
                    start -= 3
                    replacement = ("In " if before[0].isupper() else "in ") + replacement
                fixes.append(fix("rewrite", "Keep only the year", start, finding.end, replacement))
        placeholder = f"[{finding.type}]"
        fixes.append(
            fix("redact", f"Replace with {placeholder}", finding.start, finding.end, placeholder)
        )
    elif finding.rule == "partnership.undisclosed":
        position = _first_visible(text)
        fixes.append(fix("disclose", "Add “#ad” at the start", position, position, DISCLOSURE))
    elif finding.rule == "advice.individual":
        start, end = _sentence(text, finding)
        fixes.append(
            fix("rewrite", "Rewrite as a pointer to their own doctor", start, end, ADVICE_REWRITE)
        )
    elif finding.rule == "conduct.disparagement":
        start, end = _sentence(text, finding)
        while end < len(text) and text[end].isspace():
            end += 1
        fixes.append(fix("redact", "Remove this sentence", start, end, ""))
    return fixes


def fix_find(text: str, findings: Sequence[Finding], token: str) -> Fix | None:
    """The fix named by `token` among the findings of `text`; None when it no longer applies."""
    for finding in findings:
        for candidate in fixes_for(text, finding):
            if candidate.token == token:
                return candidate
    return None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the text; `numbers` are the 1-based findings covering it (none: plain)."""

    text: str
    numbers: tuple[int, ...] = ()
    severity: str = ""
    # The findings that end with this segment: where the page puts their reference numbers.
    ending: tuple[int, ...] = ()


SEVERITY_ORDER = {"praise": 0, "tip": 1, "warn": 2, "block": 3}


def segments(text: str, findings: Sequence[Finding]) -> list[Segment]:
    """The text cut where findings start and end; overlapping findings share a segment.

    Findings are numbered by their position in `findings`, from 1. A segment's severity is
    the worst of the findings covering it ("praise" for a DO already done).
    """
    spans = [
        (f.start, f.end, number, _severity(f))
        for number, f in enumerate(findings, start=1)
        if f.where == "text" and 0 <= f.start < f.end <= len(text)
    ]
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    result: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        covering = [(n, sev) for s, e, n, sev in spans if s <= left and right <= e]
        if not covering:
            result.append(Segment(text[left:right]))
            continue
        worst = max((sev for _, sev in covering), key=SEVERITY_ORDER.__getitem__)
        ending = tuple(n for s, e, n, _ in spans if s <= left and e == right)
        result.append(Segment(text[left:right], tuple(n for n, _ in covering), worst, ending))
    return result


def _severity(finding: Finding) -> str:
    rule = RULES_BY_CODE.get(finding.rule)
    return "praise" if rule is not None and rule.praise else str(finding.severity)
