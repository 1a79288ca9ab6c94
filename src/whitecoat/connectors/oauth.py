"""OAuth 2 authorization code with PKCE, and token refresh (no Django imports)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from typing import Any
from urllib.parse import urlencode

import httpx

from whitecoat.connectors.base import OAuthSpec, PayloadError, TokenRevoked, TokenSet
from whitecoat.connectors.http import ApiClient, json_or_error


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) as RFC 7636 describes."""
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge


def authorize_url(
    *,
    spec: OAuthSpec,
    client_id: str,
    redirect_uri: str,
    state: str,
    code_challenge: str = "",
    scopes: tuple[str, ...] = (),
) -> str:
    params: dict[str, str] = {
        "response_type": "code",
        spec.client_id_param: client_id,
        "redirect_uri": redirect_uri,
        "scope": spec.scope_separator.join(scopes or spec.scopes),
        "state": state,
    }
    if spec.pkce and code_challenge:
        params["code_challenge"] = code_challenge
        params["code_challenge_method"] = "S256"
    params.update(dict(spec.extra_authorize_params))
    return f"{spec.authorize_url}?{urlencode(params)}"


# What a token endpoint says when the grant itself is dead: the member must sign in again.
REFUSED_GRANTS = {"invalid_grant", "invalid_token", "unauthorized_client"}
# X answers a spent or revoked refresh token with `invalid_request` (not RFC 6749's
# invalid_grant) and this description. Its other invalid_request answers ("Missing
# required parameter …") are a request of ours gone wrong, not the member's to fix.
REFUSED_TOKEN_DESCRIPTIONS = ("value passed for the token was invalid",)


def _refused(payload: dict[str, Any]) -> str:
    """What the token endpoint's error says when the grant is dead, else ''."""
    error = payload.get("error") or payload.get("error_code") or ""
    if not isinstance(error, str):
        return ""
    if error in REFUSED_GRANTS:
        return error
    description = payload.get("error_description")
    if (
        error == "invalid_request"
        and isinstance(description, str)
        and description.strip().lower().startswith(REFUSED_TOKEN_DESCRIPTIONS)
    ):
        return f"{error}: {description.strip().rstrip('.')}"
    return ""


def _token_check(response: httpx.Response) -> Any:
    payload = json_or_error(response)
    # RFC 6749 answers 400 (Google, X) or 401; TikTok has been seen to answer 200 with the
    # same body, so the body decides, not the status.
    refused = _refused(payload) if isinstance(payload, dict) else ""
    if refused and response.status_code in {200, 400, 401}:
        raise TokenRevoked(f"the platform refused the grant ({refused})")
    if response.status_code >= 400:
        raise PayloadError(f"token endpoint answered HTTP {response.status_code}")
    if isinstance(payload, dict) and "data" in payload and "access_token" not in payload:
        # TikTok wraps some answers in an object, Instagram Login in a one-item list.
        payload = payload["data"]
        if isinstance(payload, list) and len(payload) == 1:
            payload = payload[0]
    if not isinstance(payload, dict) or not payload.get("access_token"):
        raise PayloadError("the token endpoint's answer has no access_token")
    return payload


def token_set(payload: dict[str, Any], *, now: dt.datetime | None = None) -> TokenSet:
    now = now or dt.datetime.now(tz=dt.UTC)
    expires_in = payload.get("expires_in")
    expires_at = None
    if isinstance(expires_in, int | float) or (isinstance(expires_in, str) and expires_in):
        expires_at = now + dt.timedelta(seconds=float(expires_in))
    # Meta's Instagram Login lists the granted permissions as `permissions`.
    scope = payload.get("scope") or payload.get("permissions") or ""
    if isinstance(scope, list):
        scope = " ".join(scope)
    return TokenSet(
        access_token=str(payload["access_token"]),
        refresh_token=str(payload.get("refresh_token") or ""),
        expires_at=expires_at,
        scopes=str(scope),
        platform_user_id=str(payload.get("open_id") or payload.get("user_id") or ""),
    )


def _post_token(
    client: ApiClient,
    *,
    spec: OAuthSpec,
    token_url: str,
    form: dict[str, str],
    client_id: str,
    client_secret: str,
) -> TokenSet:
    headers = {"Accept": "application/json"}
    if spec.client_auth == "basic":
        raw = f"{client_id}:{client_secret}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
        form = {**form, "client_id": client_id}
    else:
        form = {**form, spec.client_id_param: client_id, "client_secret": client_secret}
    payload = client.request(
        "POST",
        token_url,
        data=form,
        headers=headers,
        check=_token_check,
        authenticated=False,
    )
    return token_set(payload)


def exchange_code(
    client: ApiClient,
    *,
    spec: OAuthSpec,
    token_url: str,
    code: str,
    redirect_uri: str,
    client_id: str,
    client_secret: str,
    code_verifier: str = "",
) -> TokenSet:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if spec.pkce and code_verifier:
        form["code_verifier"] = code_verifier
    return _post_token(
        client,
        spec=spec,
        token_url=token_url,
        form=form,
        client_id=client_id,
        client_secret=client_secret,
    )


def refresh_tokens(
    client: ApiClient,
    *,
    spec: OAuthSpec,
    token_url: str,
    refresh_token: str,
    client_id: str,
    client_secret: str,
) -> TokenSet:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    tokens = _post_token(
        client,
        spec=spec,
        token_url=token_url,
        form=form,
        client_id=client_id,
        client_secret=client_secret,
    )
    if not tokens.refresh_token:
        # Platforms that don't rotate refresh tokens keep the old one valid.
        tokens = TokenSet(
            access_token=tokens.access_token,
            refresh_token=refresh_token,
            expires_at=tokens.expires_at,
            scopes=tokens.scopes,
            platform_user_id=tokens.platform_user_id,
        )
    return tokens
