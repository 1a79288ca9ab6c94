"""Redaction: what may be stored or shown about a finding without keeping the identifier."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding


def _identifier_spans(findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    spans = sorted(
        (f.start, f.end, f.type) for f in findings if f.is_identifier and f.end > f.start
    )
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged


def redact(text: str, findings: Iterable[Finding]) -> str:
    """The text with every identifier replaced by its type: "Call [PHONE] today"."""
    parts: list[str] = []
    position = 0
    for start, end, kind in _identifier_spans(findings):
        parts.append(text[position:start])
        parts.append(f"[{kind}]")
        position = end
    parts.append(text[position:])
    return "".join(parts)


def excerpt(
    text: str,
    finding: Finding,
    findings: Iterable[Finding] | None = None,
    *,
    width: int = 40,
) -> str:
    """A short snippet around the finding, every identifier in it redacted.

    Without `findings`, the text is screened again so that no other identifier near the
    finding leaks into the snippet.
    """
    if findings is None:
        from .screen import screen

        findings = screen(text).findings
    everything = [*findings, finding]
    start = max(0, finding.start - width)
    end = min(len(text), finding.end + width)
    # Widen the window to whole identifiers, so no half of one shows at an edge.
    for s, e, _kind in _identifier_spans(everything):
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    inside = [
        Finding(
            max(f.start, start) - start,
            min(f.end, end) - start,
            f.type,
            f.rule,
            f.severity,
            f.message,
            f.suggestion,
            f.where,
        )
        for f in everything
        if f.end > start and f.start < end
    ]
    snippet = redact(text[start:end], inside)
    snippet = " ".join(snippet.split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")
