"""screen(): run every detector once over the post, then apply the severity policy."""

from __future__ import annotations

from . import cues, identifiers, names
from .hits import Hit, resolve_overlaps
from .model import SEVERITY_RANK, VERDICT_OK, Context, Finding, Result, Severity
from .rules import RULES_BY_CODE

_EMPTY = Context()
ESCALATED = " In this post it comes with details of a particular patient, so it can identify them."
COLLEAGUE = " It reads like a colleague's name in a professional context: if so, it is fine."
MEDIA_WHERE = {
    "caption": "the photo's caption",
    "alt_text": "the photo's alt text",
    "file_name": "the file's name",
    "exif": "the file's EXIF data",
}


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def find_identifiers(
    text: str, context: Context = _EMPTY
) -> tuple[list[Hit], list[tuple[int, int]], list[tuple[int, int]]]:
    """Identifier hits (overlaps resolved), credited colleagues, scholarly links."""
    hits: list[Hit] = []
    scholarly: list[tuple[int, int]] = []
    colleagues: list[tuple[int, int]] = []
    public = frozenset(d for d in (_digits(p) for p in context.public_phones) if d)
    public |= frozenset(d[-10:] for d in public)
    identifiers.find_email_url_ip(text, hits, scholarly)
    identifiers.find_numbers(text, hits)
    identifiers.find_phones(text, hits, public)
    identifiers.find_dates_ages(text, hits)
    identifiers.find_addresses(text, hits)
    identifiers.find_zips(text, hits)
    identifiers.find_place_postcodes(text, hits)
    names.find_names_places(text, hits, colleagues)
    if context.allow:
        hits = _drop_allowed(text, hits, context.allow)
    return resolve_overlaps(hits), colleagues, scholarly


def _drop_allowed(text: str, hits: list[Hit], allow: tuple[str, ...]) -> list[Hit]:
    """Hits inside an occurrence of an allowed name (the institution's own) are dropped."""
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for term in allow:
        needle = term.lower().strip()
        position = lowered.find(needle)
        while position != -1:
            spans.append((position, position + len(needle)))
            position = lowered.find(needle, position + 1)
    return [h for h in hits if not any(s <= h.start and h.end <= e for s, e in spans)]


def screen(text: str, context: Context | None = None) -> Result:
    """Screen one post. Never raises on any text; offsets always slice `text`."""
    context = context or _EMPTY
    hits, colleagues, scholarly = find_identifiers(text, context)
    story_hits, about_patient = cues.story(text)
    findings: list[Finding] = []
    for hit in hits:
        if hit.note == "public":
            continue  # the institution's published line is meant to be shared
        rule = RULES_BY_CODE[hit.rule]
        severity = rule.severity
        extra = ""
        if hit.note == "strong":
            severity = Severity.BLOCK
        elif hit.note == "colleague":
            severity = Severity.TIP
            extra = COLLEAGUE
        if about_patient:
            severity = Severity.BLOCK
            extra = ESCALATED
        message = rule.message_with(extra)
        findings.append(
            Finding(hit.start, hit.end, hit.type, rule.code, severity, message, rule.suggestion)
        )
    for hit in story_hits:
        rule = RULES_BY_CODE[hit.rule]
        severity = Severity(hit.note.split(":", 1)[0])
        findings.append(
            Finding(
                hit.start, hit.end, hit.type, rule.code, severity, rule.message, rule.suggestion
            )
        )
    on_the_job = False
    for hit in cues.media(text, context):
        rule = RULES_BY_CODE[hit.rule]
        severity = rule.severity
        where = "text" if hit.note == "text" else hit.note
        message = rule.message
        if hit.rule == "media.on_the_job":
            on_the_job = True
        elif on_the_job:
            severity = Severity.WARN  # time and place of a photo taken at work
        if where != "text":
            field = where.rsplit(".", 1)[-1]
            message = f"Found in {MEDIA_WHERE.get(field, field)}: {message[0].lower()}{message[1:]}"
        findings.append(
            Finding(
                hit.start, hit.end, hit.type, rule.code, severity, message, rule.suggestion, where
            )
        )
    for hit in cues.conduct(text, context):
        rule = RULES_BY_CODE[hit.rule]
        where = hit.note or "text"
        findings.append(
            Finding(
                hit.start,
                hit.end,
                hit.type,
                rule.code,
                rule.severity,
                rule.message,
                rule.suggestion,
                where,
            )
        )
    for hit in cues.praise(text, colleagues, scholarly):
        rule = RULES_BY_CODE[hit.rule]
        findings.append(
            Finding(
                hit.start,
                hit.end,
                hit.type,
                rule.code,
                rule.severity,
                rule.message,
                rule.suggestion,
            )
        )
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return Result(verdict=verdict_of(findings), findings=tuple(findings))


def verdict_of(findings: list[Finding] | tuple[Finding, ...]) -> str:
    """block > warn > tip > ok; praise (a DO already done) never lowers the verdict."""
    worst = VERDICT_OK
    for finding in findings:
        if RULES_BY_CODE[finding.rule].praise:
            continue
        if SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]:
            worst = str(finding.severity)
    return worst
