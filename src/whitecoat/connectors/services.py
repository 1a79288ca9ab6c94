"""Connecting accounts: platform app credentials, OAuth 2 (PKCE, state), handle-only
public connections, disconnecting, and marking broken connections.

Only professional accounts connect (personal accounts stay personal; a database
constraint says so too). Tokens are stored encrypted (crypto.py) and never returned.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from whitecoat.connectors.base import ConnectorError, Credentials, Profile, TokenSet
from whitecoat.connectors.enums import AuthKind
from whitecoat.connectors.http import ApiClient, HttpPool
from whitecoat.connectors.models import Connection, PlatformApp
from whitecoat.connectors.oauth import authorize_url, exchange_code, pkce_pair
from whitecoat.connectors.registry import PLATFORM_HEADERS, connector_class
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import AccountUse, ConnectionState
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.models import Entity
from whitecoat.organizations.roles import user_is_admin

# ------------------------------------------------------------------ who may, and where


def account_may_connect(*, user: Any, account: SocialAccount) -> bool:
    """Program admins, and the ambassador who owns the account."""
    if user_is_admin(user):
        return True
    ambassador = account.ambassador
    return ambassador is not None and ambassador.person.user_id == user.pk


def organization_of(*, account: SocialAccount) -> Entity | None:
    """The top of the account's entity tree: the organisation whose apps it uses."""
    entity = None
    if account.ambassador_id and account.ambassador.person.department_id:
        entity = account.ambassador.person.department.entity
    elif account.unit_department_id:
        entity = account.unit_department.entity
    elif account.unit_entity_id:
        entity = account.unit_entity
    if entity is None:
        return Entity.objects.filter(parent__isnull=True).order_by("pk").first()
    seen = set()
    while entity.parent_id and entity.pk not in seen:
        seen.add(entity.pk)
        entity = entity.parent
    return entity


def platform_app_for(*, account: SocialAccount) -> PlatformApp | None:
    organization = organization_of(account=account)
    if organization is None:
        return None
    return PlatformApp.objects.filter(
        organization=organization, platform=account.platform, enabled=True
    ).first()


def base_url_for(
    *, platform: str, app: PlatformApp | None, connection: Connection | None = None
) -> str:
    cls = connector_class(platform)
    assert cls is not None
    if connection is not None and connection.instance_url:
        return connection.instance_url
    if app is not None and app.api_base_url:
        return app.api_base_url
    return cls.default_base_url


def _in_flight() -> int:
    """Calls that may be under way at once across the workers of a run."""
    return max(1, settings.SYNC_FETCH_CONCURRENCY) * max(1, settings.SYNC_WORKERS_PER_RUN)


def new_pool() -> HttpPool:
    # Keep as many calls in reserve as may be in flight elsewhere when a window runs out.
    return HttpPool(timeout=settings.SYNC_HTTP_TIMEOUT, margin=_in_flight())


def api_client(
    *, platform: str, base_url: str, pool: HttpPool, token: str = "", **options: Any
) -> ApiClient:
    cls = connector_class(platform)
    budget = None
    if cls is not None and cls.rate_limit is not None:
        calls, seconds = cls.rate_limit
        workers = max(1, settings.SYNC_WORKERS_PER_RUN)
        share = calls // workers - max(1, settings.SYNC_FETCH_CONCURRENCY)
        budget = (max(1, share), seconds)
    return ApiClient(
        base_url=base_url,
        pool=pool,
        token=token,
        headers=PLATFORM_HEADERS.get(platform),
        gate_key=f"{platform} {base_url}",
        max_wait=settings.SYNC_MAX_WAIT,
        budget=budget,
        **options,
    )


# ------------------------------------------------------------------ platform apps


@transaction.atomic
def platform_app_save(
    *,
    user: Any,
    organization: Entity,
    platform: str,
    client_id: str,
    client_secret: str = "",
    redirect_uri: str = "",
    scopes: str = "",
    api_base_url: str = "",
    token_url: str = "",
    enabled: bool = True,
) -> PlatformApp:
    """Create or update an organisation's app; a blank secret keeps the stored one."""
    if not user_is_admin(user):
        raise WhiteCoatError("Only program admins manage platform apps.", code="forbidden")
    cls = connector_class(platform)
    if cls is None:
        raise WhiteCoatError("WhiteCoat has no connector for that platform.")
    if cls.oauth is not None and not client_id.strip():
        raise WhiteCoatError(f"{cls.label} needs the app's client id.")
    app = PlatformApp.objects.filter(organization=organization, platform=platform).first()
    if app is None:
        app = PlatformApp(organization=organization, platform=platform)
    app.client_id = client_id.strip()
    if client_secret:
        app.client_secret = client_secret.strip()
    app.redirect_uri = redirect_uri.strip()
    app.scopes = scopes.strip()
    app.api_base_url = api_base_url.strip()
    app.token_url = token_url.strip()
    app.enabled = enabled
    app.updated_by = user
    app.full_clean()
    app.save()
    return app


# ------------------------------------------------------------------ connecting


def _refuse_unless_connectable(*, user: Any, account: SocialAccount) -> None:
    if not account_may_connect(user=user, account=account):
        raise WhiteCoatError("You may not connect this account.", code="forbidden")
    if account.use != AccountUse.PROFESSIONAL:
        raise WhiteCoatError(
            "Personal accounts stay personal: only professional accounts are connected."
        )
    if connector_class(account.platform) is None:
        raise WhiteCoatError(f"WhiteCoat cannot connect {account.get_platform_display()}.")


def _mark_connected(
    *,
    account: SocialAccount,
    user: Any,
    auth: str,
    profile: Profile | None,
    tokens: TokenSet | None = None,
    instance_url: str = "",
) -> Connection:
    now = timezone.now()
    connection, _ = Connection.objects.get_or_create(account=account, defaults={"auth": auth})
    connection.auth = auth
    connection.connected_by = user
    connection.instance_url = instance_url
    connection.last_error = ""
    if profile is not None and profile.platform_user_id:
        connection.platform_user_id = profile.platform_user_id
    elif tokens is not None and tokens.platform_user_id:
        connection.platform_user_id = tokens.platform_user_id
    connection.access_token = tokens.access_token if tokens else ""
    connection.refresh_token = tokens.refresh_token if tokens else ""
    connection.expires_at = tokens.expires_at if tokens else None
    connection.scopes = tokens.scopes if tokens else ""
    connection.save()
    account.connection_state = ConnectionState.CONNECTED
    account.connected_at = now
    fields = ["connection_state", "connected_at", "updated_at"]
    if profile is not None and profile.profile_url and not account.profile_url:
        account.profile_url = profile.profile_url
        fields.append("profile_url")
    account.save(update_fields=fields)
    return connection


def connection_connect_public(
    *,
    user: Any,
    account: SocialAccount,
    handle: str = "",
    instance_url: str = "",
    pool: HttpPool | None = None,
) -> Connection:
    """Connect a Bluesky or Mastodon account by its handle: resolve it, keep its id."""
    _refuse_unless_connectable(user=user, account=account)
    cls = connector_class(account.platform)
    assert cls is not None
    if not cls.public:
        raise WhiteCoatError(f"{cls.label} accounts connect by signing in on {cls.label}.")
    handle = (handle or account.handle).strip()
    if account.platform == "mastodon" and not instance_url:
        from whitecoat.connectors.mastodon.parse import split_handle

        try:
            _, domain = split_handle(handle)
        except ConnectorError as error:
            raise WhiteCoatError(error.message) from None
        if not domain:
            raise WhiteCoatError("Give the Mastodon handle with its server: @name@server.")
        instance_url = f"https://{domain}"
    app = platform_app_for(account=account)
    base_url = instance_url or base_url_for(platform=account.platform, app=app)
    pool = pool or new_pool()
    client = api_client(platform=account.platform, base_url=base_url, pool=pool, max_attempts=2)
    try:
        profile = cls(client).resolve(handle)
    except ConnectorError as error:
        raise WhiteCoatError(
            f"{cls.label} could not find {handle}: {error.message}", code="not_found"
        ) from None
    with transaction.atomic():
        return _mark_connected(
            account=account,
            user=user,
            auth=AuthKind.PUBLIC,
            profile=profile,
            instance_url=instance_url,
        )


@dataclass(frozen=True)
class OAuthStart:
    url: str
    state: str
    code_verifier: str


def oauth_start(*, user: Any, account: SocialAccount, redirect_uri: str) -> OAuthStart:
    """The platform's consent page for this account, with a fresh state and PKCE pair.

    The caller keeps `state` and `code_verifier` server-side (the session) and checks the
    state on the way back: it binds the callback to this user and this attempt.
    """
    _refuse_unless_connectable(user=user, account=account)
    cls = connector_class(account.platform)
    assert cls is not None
    if cls.oauth is None:
        raise WhiteCoatError(f"{cls.label} accounts connect by their handle; no sign-in needed.")
    app = platform_app_for(account=account)
    if app is None or not app.client_id:
        raise WhiteCoatError(
            f"{cls.label} is not set up yet: a program admin must add the organisation's "
            f"{cls.label} app (client id and secret) on the Connections page.",
            code="not_configured",
        )
    verifier, challenge = pkce_pair() if cls.oauth.pkce else ("", "")
    state = secrets.token_urlsafe(32)
    scopes = tuple(app.scopes.split()) if app.scopes else ()
    url = authorize_url(
        spec=cls.oauth,
        client_id=app.client_id,
        redirect_uri=app.redirect_uri or redirect_uri,
        state=state,
        code_challenge=challenge,
        scopes=scopes,
    )
    return OAuthStart(url=url, state=state, code_verifier=verifier)


def oauth_complete(
    *,
    user: Any,
    account: SocialAccount,
    code: str,
    code_verifier: str,
    redirect_uri: str,
    pool: HttpPool | None = None,
) -> Connection:
    """Exchange the code for tokens, read the profile once, and store the connection."""
    _refuse_unless_connectable(user=user, account=account)
    cls = connector_class(account.platform)
    assert cls is not None and cls.oauth is not None
    app = platform_app_for(account=account)
    if app is None:
        raise WhiteCoatError(f"{cls.label} is not set up.", code="not_configured")
    pool = pool or new_pool()
    client = api_client(
        platform=account.platform,
        base_url=base_url_for(platform=account.platform, app=app),
        pool=pool,
        max_attempts=2,
    )
    connector = cls(client)
    try:
        tokens = exchange_code(
            client,
            spec=cls.oauth,
            token_url=app.token_url or cls.oauth.token_url,
            code=code,
            redirect_uri=app.redirect_uri or redirect_uri,
            client_id=app.client_id,
            client_secret=str(app.client_secret or ""),
            code_verifier=code_verifier,
        )
        tokens = connector.exchange_extra(tokens, client_secret=str(app.client_secret or ""))
        client.token = tokens.access_token
        credentials = Credentials(
            access_token=tokens.access_token,
            platform_user_id=tokens.platform_user_id,
            handle=account.handle,
            scopes=tokens.scopes,
        )
        profile = connector.fetch(credentials, now=timezone.now()).profile
    except ConnectorError as error:
        raise WhiteCoatError(
            f"{cls.label} did not complete the connection: {error.message}", code="oauth_failed"
        ) from None
    with transaction.atomic():
        return _mark_connected(
            account=account, user=user, auth=AuthKind.OAUTH, profile=profile, tokens=tokens
        )


@transaction.atomic
def connection_disconnect(*, user: Any, account: SocialAccount) -> SocialAccount:
    """Forget the tokens; the account and its history stay."""
    if not account_may_connect(user=user, account=account):
        raise WhiteCoatError("You may not disconnect this account.", code="forbidden")
    Connection.objects.filter(account=account).delete()
    account.connection_state = ConnectionState.NOT_CONNECTED
    account.connected_at = None
    account.save(update_fields=["connection_state", "connected_at", "updated_at"])
    return account


def connection_mark_broken(*, account: SocialAccount, state: str, reason: str) -> None:
    """An expired or revoked token: the account needs its holder to reconnect."""
    assert state in {ConnectionState.EXPIRED, ConnectionState.REVOKED}
    SocialAccount.objects.filter(pk=account.pk).exclude(
        connection_state=ConnectionState.NOT_CONNECTED
    ).update(connection_state=state, updated_at=timezone.now())
    Connection.objects.filter(account=account).update(last_error=reason[:300])


def connection_store_tokens(*, connection_id: int, tokens: TokenSet) -> None:
    connection = Connection.objects.get(pk=connection_id)
    connection.access_token = tokens.access_token
    connection.refresh_token = tokens.refresh_token or connection.refresh_token
    connection.expires_at = tokens.expires_at
    if tokens.scopes:
        connection.scopes = tokens.scopes
    connection.save(
        update_fields=["access_token", "refresh_token", "expires_at", "scopes", "updated_at"]
    )


def token_keys_rotate() -> int:
    """Re-encrypt every stored token and secret with the first Fernet key.

    Reading decrypts with any listed key; writing encrypts with the first. Run it after
    putting a new key first in WHITECOAT_FERNET_KEYS, then drop the old key.
    """
    count = 0
    with transaction.atomic():
        for model, fields in (
            (Connection, ["access_token", "refresh_token"]),
            (PlatformApp, ["client_secret"]),
        ):
            for row in model.objects.values("pk", *fields).iterator():
                model.objects.filter(pk=row.pop("pk")).update(**row)
                count += 1
    return count


def expires_soon(*, expires_at: dt.datetime | None, ahead: dt.timedelta) -> bool:
    return expires_at is not None and expires_at <= timezone.now() + ahead
