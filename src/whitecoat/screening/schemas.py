"""The screening API's shapes. Fields are listed explicitly, as in whitecoat.api.schemas."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from whitecoat.metrics.enums import Platform
from whitecoat.screening.services import MAX_TEXT


class MediaIn(Schema):
    """What is known about one attached photo or video (never its pixels)."""

    alt_text: str = Field("", max_length=2_000)
    caption: str = Field("", max_length=2_000)
    file_name: str = Field("", max_length=500)
    exif_datetime: str = Field("", max_length=40, description="As the file gives it.")
    exif_gps: tuple[float, float] | None = Field(None, description="[latitude, longitude]")


class ContextIn(Schema):
    """Where the text is going; every field is optional."""

    platform: Platform | Literal[""] = ""
    account: Literal["professional", "personal", ""] = Field(
        "",
        description="The account the text is for; personal content is a tip on a professional one.",
    )
    bio: str = Field(
        "", max_length=2_000, description="The account's bio, for the disclaimer check."
    )
    media: list[MediaIn] = Field(default_factory=list, max_length=20)
    public_phones: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="The institution's published numbers: never a finding.",
    )
    allow: list[str] = Field(
        default_factory=list,
        max_length=200,
        description="Names that are never a finding (the organisation's own are always added).",
    )
    paid_partnership_label: bool = Field(
        False, description="The platform's own “Paid partnership” label is switched on."
    )


class ScreeningIn(Schema):
    text: str = Field(max_length=MAX_TEXT, description="The post, as it would be published.")
    context: ContextIn | None = None


class FixOut(Schema):
    kind: Literal["redact", "rewrite", "disclose"]
    label: str
    start: int
    end: int
    replacement: str = Field(description="Replace text[start:end] with this to apply the fix.")


class FindingOut(Schema):
    start: int = Field(description="Offset of the first character, in code points.")
    end: int = Field(description="Offset after the last character (exclusive).")
    type: str
    rule: str
    severity: Literal["block", "warn", "tip"]
    title: str
    message: str = Field(description="Plain language, citing the guideline.")
    suggestion: str
    where: str = Field(
        description="“text”, or what the finding is about when outside the text "
        "(“media[0].caption”, “bio”): then start == end."
    )
    praise: bool = Field(description="A DO already done: shown as a tip, never in the verdict.")
    fixes: list[FixOut]


class ScreeningOut(Schema):
    verdict: Literal["block", "warn", "tip", "ok"]
    rules_version: str
    findings: list[FindingOut]
