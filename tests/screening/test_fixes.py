"""Suggested fixes are exact splices of the text, and segments cover the text once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from whitecoat.screening.engine import screen
from whitecoat.screening.fixes import fix_find, fixes_for, segments


def _fixes(text: str, rule: str) -> list:
    finding = next(f for f in screen(text).findings if f.rule == rule)
    return fixes_for(text, finding)


def test_redaction_replaces_an_identifier_with_its_type():
    text = "Text the patient back at (312) 555-0199."
    (fix,) = _fixes(text, "phi.phone")

    assert fix.kind == "redact"
    assert fix.apply(text) == "Text the patient back at [PHONE]."


def test_redacted_text_raises_no_identifier_finding_again():
    text = "My patient John Kowalski, DOB 04/12/1961, called 617-555-0142."
    for _ in range(5):
        findings = [f for f in screen(text).findings if f.is_identifier]
        if not findings:
            break
        text = next(x for x in fixes_for(text, findings[0]) if x.kind == "redact").apply(text)

    assert [f for f in screen(text).findings if f.is_identifier] == []
    assert text == "My patient [NAME], DOB [DATE], called [PHONE]."


def test_a_date_with_a_year_can_keep_only_the_year():
    text = "Admitted her on March 3, 2024 with chest pain."
    fixes = _fixes(text, "phi.date")

    assert [f.kind for f in fixes] == ["rewrite", "redact"]
    assert fixes[0].apply(text) == "Admitted her in 2024 with chest pain."


def test_a_date_without_a_year_has_only_the_redaction():
    text = "Admitted her on March 3 with chest pain."

    assert [f.kind for f in _fixes(text, "phi.date")] == ["redact"]


def test_undisclosed_promotion_gets_the_disclosure_at_the_start():
    text = "  Love this supplement. Use code DOCTOR20 for 20% off!"
    (fix,) = _fixes(text, "partnership.undisclosed")

    fixed = fix.apply(text)

    assert fix.kind == "disclose"
    assert fixed == "  #ad Love this supplement. Use code DOCTOR20 for 20% off!"
    assert "partnership.undisclosed" not in {f.rule for f in screen(fixed).findings}


def test_individual_advice_is_rewritten_as_a_pointer_to_ones_own_doctor():
    text = "Feeling unwell? DM me your symptoms and I'll tell you what to take. Stay safe."
    (fix,) = _fixes(text, "advice.individual")

    fixed = fix.apply(text)

    assert fixed == (
        "Feeling unwell? For advice about your own health, please talk to your own doctor. "
        "Stay safe."
    )
    assert "advice.individual" not in {f.rule for f in screen(fixed).findings}


def test_disparaging_sentence_can_be_removed():
    text = "Great clinic today. Chiropractors are quacks, plain and simple. See you soon!"
    (fix,) = _fixes(text, "conduct.disparagement")

    assert fix.apply(text) == "Great clinic today. See you soon!"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("My patient in bed 4 today finally smiled.", "story.patient_cues"),
        ("Congratulations to Dr. Maria Lopez on her promotion!", "do.credit_colleagues"),
    ],
)
def test_findings_that_need_judgement_or_praise_have_no_automatic_fix(text, rule):
    assert _fixes(text, rule) == []


def test_fix_find_returns_none_when_the_text_changed():
    text = "His cell is 617-555-0142."
    (fix,) = _fixes(text, "phi.phone")
    changed = "His new cell is 617-555-0142."

    assert fix_find(text, screen(text).findings, fix.token) == fix
    assert fix_find(changed, screen(changed).findings, fix.token) is None


def test_segments_mark_each_finding_and_number_where_it_ends():
    text = "His cell is 617-555-0142 now"
    findings = screen(text).findings

    cut = segments(text, findings)

    assert [s.text for s in cut] == ["His cell is ", "617-555-0142", " now"]
    assert [s.numbers for s in cut] == [(), (1,), ()]
    assert cut[1].severity == "warn"
    assert cut[1].ending == (1,)


@given(st.text(max_size=300))
def test_segments_always_rebuild_the_text_and_fixes_slice_it(text):
    findings = screen(text).findings

    assert "".join(s.text for s in segments(text, findings)) == text
    for finding in findings:
        for fix in fixes_for(text, finding):
            assert 0 <= fix.start <= fix.end <= len(text)
