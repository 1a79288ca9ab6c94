"""Every rule's own examples: positives raise that rule, negatives do not."""

from __future__ import annotations

import pytest

from whitecoat.screening.engine import RULES, RULES_BY_CODE, Context, screen
from whitecoat.screening.engine.rules import Example


def _cases(kind: str) -> list[tuple[str, Example]]:
    return [
        (rule.code, example)
        for rule in RULES
        for example in (rule.positive if kind == "positive" else rule.negative)
    ]


def _rules_fired(example: Example) -> set[str]:
    text, context = (example, None) if isinstance(example, str) else example
    return {f.rule for f in screen(text, Context.from_dict(context)).findings}


@pytest.mark.parametrize(("code", "example"), _cases("positive"))
def test_rule_fires_on_its_positive_examples(code: str, example: Example) -> None:
    assert code in _rules_fired(example)


@pytest.mark.parametrize(("code", "example"), _cases("negative"))
def test_rule_stays_quiet_on_its_negative_examples(code: str, example: Example) -> None:
    assert code not in _rules_fired(example)


def test_rules_have_unique_codes_and_examples_both_ways() -> None:
    assert len(RULES_BY_CODE) == len(RULES)
    assert all(rule.positive and rule.negative for rule in RULES)


def test_rule_messages_cite_their_guideline() -> None:
    assert all(rule.message.endswith(f"({rule.guideline})") for rule in RULES)


def test_every_identifier_type_of_the_issue_has_a_rule() -> None:
    types = {rule.type for rule in RULES if rule.code.startswith("phi.")}

    assert types == {
        "NAME", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "ID", "URL", "IP",
        "ADDRESS", "LOCATION", "ZIP",
    }  # fmt: skip
