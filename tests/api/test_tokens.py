from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from whitecoat.api.models import ApiToken
from whitecoat.api.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from whitecoat.core.errors import WhiteCoatError


def test_token_create_stores_only_the_hash(outsider):
    token, raw = api_token_create(user=outsider, name="BI export")

    token.refresh_from_db()
    assert raw.startswith("wc_")
    assert len(raw) > 40
    assert token.prefix == raw[:8]
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {str(value) for value in vars(token).values()}
    assert str(token) == f"BI export ({raw[:8]}…)"


def test_token_create_makes_distinct_tokens(outsider):
    _, first = api_token_create(user=outsider, name="one")
    _, second = api_token_create(user=outsider, name="two")

    assert first != second


def test_token_create_without_name_is_refused(outsider):
    with pytest.raises(WhiteCoatError) as error:
        api_token_create(user=outsider, name="  ")

    assert error.value.code == "token_name_required"
    assert ApiToken.objects.count() == 0


def test_token_authenticate_returns_the_owner(outsider):
    _, raw = api_token_create(user=outsider, name="script")

    assert api_token_authenticate(raw=raw) == outsider


@pytest.mark.parametrize("raw", ["", "wc_", "wc_nope", "not-even-prefixed"])
def test_token_authenticate_unknown_returns_none(raw, outsider):
    api_token_create(user=outsider, name="script")

    assert api_token_authenticate(raw=raw) is None


def test_token_authenticate_revoked_returns_none(outsider):
    token, raw = api_token_create(user=outsider, name="script")
    api_token_revoke(user=outsider, token_id=token.pk)

    assert api_token_authenticate(raw=raw) is None


def test_token_authenticate_updates_last_used_at_most_once_a_minute(outsider):
    token, raw = api_token_create(user=outsider, name="script")
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    with time_machine.travel(start, tick=False):
        api_token_authenticate(raw=raw)
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        api_token_authenticate(raw=raw)
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        api_token_authenticate(raw=raw)
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)


def test_token_revoke_sets_revoked_at_once(outsider):
    token, _ = api_token_create(user=outsider, name="script")

    first = api_token_revoke(user=outsider, token_id=token.pk).revoked_at
    second = api_token_revoke(user=outsider, token_id=token.pk).revoked_at

    assert first is not None
    assert second == first


def test_token_revoke_of_someone_elses_token_is_refused(outsider, admin):
    token, raw = api_token_create(user=outsider, name="script")

    with pytest.raises(WhiteCoatError) as error:
        api_token_revoke(user=admin, token_id=token.pk)

    assert error.value.code == "token_not_found"
    assert api_token_authenticate(raw=raw) == outsider


def test_token_revoke_of_missing_token_is_refused(outsider):
    with pytest.raises(WhiteCoatError):
        api_token_revoke(user=outsider, token_id=999_999)


def test_create_api_token_command_prints_a_token_that_authenticates(outsider):
    stdout, stderr = StringIO(), StringIO()

    call_command(
        "create_api_token", "otto_requester", "--name", "cron", stdout=stdout, stderr=stderr
    )

    raw = stdout.getvalue().strip()
    assert api_token_authenticate(raw=raw) == outsider
    assert ApiToken.objects.get().name == "cron"
    assert "cannot be shown again" in stderr.getvalue()


def test_create_api_token_command_unknown_user_fails(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("create_api_token", "nobody", stdout=StringIO(), stderr=StringIO())
