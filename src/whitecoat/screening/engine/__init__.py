"""The compliance coach's engine: pure Python, no Django, no model, no network.

    from whitecoat.screening.engine import Context, screen
    result = screen("My patient in bed 4 today…", Context(account="professional"))
    result.verdict            # "block" | "warn" | "tip" | "ok"
    result.findings[0].start  # offsets into the text; the text itself is never copied

`redact(text, findings)` and `excerpt(text, finding)` give what may be stored.
"""

from __future__ import annotations

from .model import (
    IDENTIFIER_TYPES,
    Context,
    ContextError,
    Finding,
    Media,
    Result,
    Severity,
)
from .redact import excerpt, redact
from .rules import RULES, RULES_BY_CODE, Rule
from .screen import find_identifiers, screen, verdict_of

__all__ = [
    "IDENTIFIER_TYPES",
    "RULES",
    "RULES_BY_CODE",
    "Context",
    "ContextError",
    "Finding",
    "Media",
    "Result",
    "Rule",
    "Severity",
    "excerpt",
    "find_identifiers",
    "redact",
    "screen",
    "verdict_of",
]
