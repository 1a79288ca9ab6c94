"""Nothing identifying leaves a finding except through its offsets."""

from __future__ import annotations

import json

import pytest

from whitecoat.screening.engine import (
    RULES,
    RULES_BY_CODE,
    Context,
    Finding,
    excerpt,
    redact,
    screen,
)
from whitecoat.screening.engine.rules import Example


def _positives() -> list[tuple[str, Example]]:
    return [(rule.code, example) for rule in RULES for example in rule.positive]


@pytest.mark.parametrize(("code", "example"), _positives())
def test_finding_output_never_contains_what_it_found(code: str, example: Example) -> None:
    text, data = (example, None) if isinstance(example, str) else example
    for finding in screen(text, Context.from_dict(data)).findings:
        rule = RULES_BY_CODE[finding.rule]
        found = text[finding.start : finding.end].strip()
        serialised = json.dumps([finding.as_dict(), finding.suggestion, finding.where])
        # Words are only ever the rule's own: nothing from the post is pasted in.
        assert finding.suggestion == rule.suggestion
        assert finding.message.endswith(f"({rule.guideline})")
        if finding.is_identifier and len(found) >= 3:
            assert found not in serialised


@pytest.mark.parametrize(("code", "example"), _positives())
def test_excerpt_of_every_finding_redacts_every_identifier(code: str, example: Example) -> None:
    text, data = (example, None) if isinstance(example, str) else example
    findings = screen(text, Context.from_dict(data)).findings
    identifiers = [text[f.start : f.end] for f in findings if f.is_identifier]
    for finding in findings:
        snippet = excerpt(text, finding)
        assert all(value not in snippet for value in identifiers if len(value) >= 3)


def test_redact_replaces_identifiers_with_their_type() -> None:
    text = "My patient John Kowalski, DOB 04/12/1961, bed 4 today."

    assert redact(text, screen(text).findings) == "My patient [NAME], DOB [DATE], bed 4 today."


def test_excerpt_is_short_and_marks_cut_ends() -> None:
    text = "x " * 100 + "SSN 078-05-1120 " + "y " * 100
    finding = screen(text).findings[0]

    snippet = excerpt(text, finding, width=10)

    assert snippet.startswith("…") and snippet.endswith("…")
    assert "[SSN]" in snippet
    assert len(snippet) < 60


def test_excerpt_without_findings_screens_again_so_neighbours_stay_hidden() -> None:
    text = "Call Anna Kowalczyk at 617-555-0142 about her MRN 99887766."
    phone = next(f for f in screen(text).findings if f.type == "PHONE")
    alone = Finding(phone.start, phone.end, phone.type, phone.rule, phone.severity, "", "")

    snippet = excerpt(text, alone)

    assert "Kowalczyk" not in snippet
    assert "99887766" not in snippet
