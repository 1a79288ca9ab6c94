from __future__ import annotations

from django.urls import reverse

from whitecoat.api.models import ApiToken
from whitecoat.api.services import api_token_authenticate, api_token_create


def test_api_tokens_page_needs_login(client, db):
    response = client.get(reverse("api-tokens"))

    assert response.status_code == 302


def test_creating_a_token_shows_its_secret_once(client, outsider):
    client.force_login(outsider)

    response = client.post(reverse("api-tokens"), {"name": "Tableau"})

    secret = response.context["new_secret"]
    assert secret in response.text
    assert api_token_authenticate(raw=secret) == outsider
    assert secret not in client.get(reverse("api-tokens")).text


def test_creating_a_token_without_a_name_keeps_the_form(client, outsider):
    client.force_login(outsider)

    response = client.post(reverse("api-tokens"), {"name": ""})

    assert response.context["new_secret"] is None
    assert "This field is required." in response.text
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it(client, outsider):
    token, secret = api_token_create(user=outsider, name="cron")
    client.force_login(outsider)

    response = client.post(reverse("api-token-revoke", args=[token.pk]), follow=True)

    assert "revoked" in response.text
    assert api_token_authenticate(raw=secret) is None


def test_revoking_someone_elses_token_does_nothing(client, outsider, admin):
    token, secret = api_token_create(user=admin, name="admin's")
    client.force_login(outsider)

    response = client.post(reverse("api-token-revoke", args=[token.pk]), follow=True)

    assert "No such token." in response.text
    assert api_token_authenticate(raw=secret) == admin


def test_token_list_shows_only_own_tokens(client, outsider, admin):
    api_token_create(user=admin, name="admin-secret-report")
    client.force_login(outsider)

    response = client.get(reverse("api-tokens"))

    assert "admin-secret-report" not in response.text
