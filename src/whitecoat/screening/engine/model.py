"""The engine's input and output: plain frozen dataclasses, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"
    TIP = "tip"


# The verdict is the worst severity that asks for a change, or "ok".
VERDICT_OK = "ok"
SEVERITY_RANK: dict[str, int] = {VERDICT_OK: 0, "tip": 1, "warn": 2, "block": 3}

# Identifier types, as the issue names them (HIPAA Safe Harbor identifiers found in text).
IDENTIFIER_TYPES: frozenset[str] = frozenset(
    {
        "NAME",
        "DATE",
        "AGE",
        "PHONE",
        "FAX",
        "EMAIL",
        "SSN",
        "MRN",
        "ID",
        "URL",
        "IP",
        "ADDRESS",
        "LOCATION",
        "ZIP",
    }
)


class ContextError(ValueError):
    """A context that cannot be read; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Media:
    """What is known about one attached photo or video (never its pixels)."""

    alt_text: str = ""
    caption: str = ""
    file_name: str = ""
    exif_datetime: str = ""
    exif_gps: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """Optional facts about where the text is going.

    `account` is "professional", "personal" or "" (unknown). `bio` is the account's profile
    text, used for the disclaimer check. `public_phones` lists the institution's published
    numbers, which are never a finding. `paid_partnership_label` is true when the platform's
    own "Paid partnership" label is switched on. `allow` lists names that are never a
    finding: the institution, its hospitals and their towns ("Mount Sinai", "Cleveland").
    """

    platform: str = ""
    account: str = ""
    bio: str = ""
    media: tuple[Media, ...] = ()
    public_phones: tuple[str, ...] = ()
    paid_partnership_label: bool = False
    allow: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Context:
        """Build from JSON-like data; unknown keys are ignored, wrong types raise ContextError."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise ContextError("context must be an object")
        account = _str(data, "account")
        if account not in ("", "professional", "personal"):
            raise ContextError('context.account must be "professional" or "personal"')
        media_data = data.get("media", ())
        if isinstance(media_data, Mapping):
            media_data = (media_data,)
        if not isinstance(media_data, (list, tuple)):
            raise ContextError("context.media must be a list of objects")
        phones = data.get("public_phones", ())
        if not isinstance(phones, (list, tuple)) or not all(isinstance(p, str) for p in phones):
            raise ContextError("context.public_phones must be a list of strings")
        allow = data.get("allow", ())
        if not isinstance(allow, (list, tuple)) or not all(isinstance(a, str) for a in allow):
            raise ContextError("context.allow must be a list of strings")
        label = data.get("paid_partnership_label", False)
        if not isinstance(label, bool):
            raise ContextError("context.paid_partnership_label must be true or false")
        return cls(
            platform=_str(data, "platform").lower(),
            account=account,
            bio=_str(data, "bio"),
            media=tuple(_media(item, index) for index, item in enumerate(media_data)),
            public_phones=tuple(phones),
            paid_partnership_label=label,
            allow=tuple(a for a in allow if a.strip()),
        )


def _str(data: Mapping[str, Any], key: str, prefix: str = "context.") -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContextError(f"{prefix}{key} must be a string")
    return value


def _media(item: object, index: int) -> Media:
    if not isinstance(item, Mapping):
        raise ContextError(f"context.media[{index}] must be an object")
    prefix = f"context.media[{index}]."
    gps = item.get("exif_gps")
    if gps is not None:
        if (
            not isinstance(gps, (list, tuple))
            or len(gps) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in gps)
        ):
            raise ContextError(f"{prefix}exif_gps must be [latitude, longitude]")
        gps = (float(gps[0]), float(gps[1]))
    return Media(
        alt_text=_str(item, "alt_text", prefix),
        caption=_str(item, "caption", prefix),
        file_name=_str(item, "file_name", prefix),
        exif_datetime=_str(item, "exif_datetime", prefix),
        exif_gps=gps,
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to look at. `start`/`end` are offsets into the text (end exclusive).

    Findings about something outside the text (a photo's caption, the bio) or about
    something missing (a disclosure) have `start == end`; `where` says what they are about.
    The message and suggestion never repeat the text found: offsets point at it.
    """

    start: int
    end: int
    type: str
    rule: str
    severity: Severity
    message: str
    suggestion: str
    where: str = "text"

    @property
    def is_identifier(self) -> bool:
        return self.type in IDENTIFIER_TYPES

    def as_dict(self) -> dict[str, object]:
        """The CLI's and the API's shape of a finding."""
        return {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Result:
    verdict: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {"verdict": self.verdict, "findings": [f.as_dict() for f in self.findings]}
