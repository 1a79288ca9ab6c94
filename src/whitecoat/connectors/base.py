"""What every platform connector shares, with no Django imports.

A connector turns a platform's payloads into `AccountData`: the profile's levels and the
recent posts with per-post figures. A figure the platform does not give is None — absent,
never zero. Errors are typed so the sync can tell an expired token from a throttled call
from a broken payload.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from whitecoat.connectors.http import ApiClient


# ------------------------------------------------------------------------ errors


class ConnectorError(Exception):
    """A platform call failed; `reason` is short, meant for the sync log and the admin."""

    reason = "platform error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.reason)
        self.message = message or self.reason


class TokenExpired(ConnectorError):
    """The access token is no longer valid and could not be refreshed: reconnect."""

    reason = "token expired"


class TokenRevoked(ConnectorError):
    """The account holder withdrew the app's access: reconnect."""

    reason = "access revoked"


class RateLimited(ConnectorError):
    """The platform refused for rate limiting; `retry_after` seconds until it may work."""

    reason = "rate limited"

    def __init__(self, message: str = "", *, retry_after: float = 60.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AccountNotFound(ConnectorError):
    reason = "account not found"


class PayloadError(ConnectorError):
    """The platform answered (often with HTTP 200) with an error envelope or a bad shape."""

    reason = "error in the platform's answer"


class NotConfigured(ConnectorError):
    """The organisation has no app credentials for this platform."""

    reason = "platform app not configured"


# ------------------------------------------------------------------------ data


@dataclass(frozen=True)
class Profile:
    """An account's levels as the platform reports them now."""

    platform_user_id: str
    handle: str
    followers: int | None = None
    following: int | None = None
    posts_count: int | None = None
    profile_url: str = ""
    display_name: str = ""


@dataclass(frozen=True)
class PostData:
    """One post with the figures its platform gives (None = not given)."""

    platform_post_id: str
    published_at: dt.datetime
    url: str = ""
    text: str = ""
    kind: str = "text"  # metrics.enums.PostKind values
    links: tuple[str, ...] = ()
    media: tuple[dict, ...] = ()
    likes: int | None = None
    replies: int | None = None
    reposts: int | None = None
    quotes: int | None = None
    saves: int | None = None
    impressions: int | None = None
    video_views: int | None = None
    link_clicks: int | None = None
    # False when this fetch did not read the post's figures (LinkedIn reads them for a few
    # posts only): a stored post keeps the figures it has.
    has_figures: bool = True


@dataclass(frozen=True)
class DayFlows:
    """Account-level figures for one day, when the platform reports them directly."""

    date: dt.date | None = None
    engagements: int | None = None
    impressions: int | None = None
    video_views: int | None = None


@dataclass
class AccountData:
    profile: Profile
    posts: list[PostData] = field(default_factory=list)
    day: DayFlows | None = None
    # True when `posts` only refresh the figures of posts we already store (LinkedIn).
    figures_only: bool = False


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str = ""
    expires_at: dt.datetime | None = None
    scopes: str = ""
    platform_user_id: str = ""


@dataclass(frozen=True)
class Credentials:
    """What a fetch needs: the token (empty for public reads) and where the account lives."""

    access_token: str = ""
    platform_user_id: str = ""
    handle: str = ""
    known_post_ids: tuple[str, ...] = ()
    # The scopes the member granted, as the token endpoint listed them.
    scopes: str = ""

    def granted(self, scope: str) -> bool:
        return scope in self.scopes.replace(",", " ").split()


@dataclass(frozen=True)
class OAuthSpec:
    """How a platform's OAuth 2 authorization-code flow is spoken."""

    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    pkce: bool = True
    scope_separator: str = " "
    client_id_param: str = "client_id"
    # "basic": client id/secret in an Authorization header; "body": in the form body.
    client_auth: str = "body"
    refreshable: bool = True
    extra_authorize_params: tuple[tuple[str, str], ...] = ()


# ------------------------------------------------------------------------ the base class


class Connector:
    """One platform. Subclasses set the class attributes and implement `fetch`.

    `public` connectors read without a token (Bluesky, Mastodon) and `resolve` a handle;
    the others connect through OAuth (`oauth`) and may `refresh` their tokens.
    """

    # Templates receive the class itself: never instantiate it there.
    do_not_call_in_templates: ClassVar[bool] = True
    platform: ClassVar[str]
    label: ClassVar[str]
    default_base_url: ClassVar[str]
    public: ClassVar[bool] = False
    oauth: ClassVar[OAuthSpec | None] = None
    # Figures this platform never gives, for the pages ("no data" is expected there).
    not_given: ClassVar[tuple[str, ...]] = ()
    # How many days back a sync reads posts.
    window_days: ClassVar[int] = 30
    # Refresh a token this long before it expires (Meta's 60-day tokens: a week ahead).
    refresh_ahead: ClassVar[dt.timedelta] = dt.timedelta(minutes=5)
    # (calls, seconds) for a platform that documents a limit but sends no headers about it;
    # each worker keeps to its share.
    rate_limit: ClassVar[tuple[int, float] | None] = None
    # Meta refreshes a long-lived access token with itself (there is no refresh token).
    refresh_with_access_token: ClassVar[bool] = False
    max_pages: ClassVar[int] = 2

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def fetch(self, credentials: Credentials, *, now: dt.datetime) -> AccountData:
        raise NotImplementedError

    def resolve(self, handle: str) -> Profile:
        """Find a public account by its handle (public connectors only)."""
        raise NotImplementedError(f"{self.label} accounts connect through OAuth")

    def refresh(
        self, *, refresh_token: str, client_id: str, client_secret: str, token_url: str
    ) -> TokenSet:
        from whitecoat.connectors.oauth import refresh_tokens

        assert self.oauth is not None
        return refresh_tokens(
            self.client,
            spec=self.oauth,
            token_url=token_url,
            refresh_token=refresh_token,
            client_id=client_id,
            client_secret=client_secret,
        )

    def exchange_extra(self, tokens: TokenSet, *, client_secret: str) -> TokenSet:
        """A second step some platforms need after the code exchange (long-lived tokens)."""
        return tokens

    def since(self, now: dt.datetime) -> dt.datetime:
        return now - dt.timedelta(days=self.window_days)


def to_int(value: object) -> int | None:
    """A count from a payload: ints, numeric strings (YouTube's uint64); else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def parse_time(value: object) -> dt.datetime | None:
    """ISO 8601 in any of the platforms' spellings ("Z", "+0000", µs), or epoch seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 -> +00:00
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
