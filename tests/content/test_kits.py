"""Share kits: copy within the platforms' limits, images checked by their bytes, a tracked
link per ambassador, shares marked by the ambassadors, and the redirect that counts clicks
once per visitor per hour and never becomes an open redirect."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.content.factories import ShareKitFactory
from tests.factories import AmbassadorFactory, PersonFactory
from whitecoat.content import images, services
from whitecoat.content.enums import KitState
from whitecoat.content.models import KitClick, KitLink, KitShare
from whitecoat.content.selectors import kit_copy_for, kit_list
from whitecoat.core.errors import WhiteCoatError
from whitecoat.program.enums import AmbassadorStatus

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Firefox/128.0"


def _input(**changes):
    values = {
        "title": "Heart Month",
        "link": "https://lakeside.example/heart-month",
        "copies": {"x": ["Know your numbers."]},
    }
    return services.KitInput(**{**values, **changes})


def test_kit_create_keeps_the_copy_variants_in_order(admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kit = services.kit_create(
        by=admin,
        data=_input(copies={"x": ["One", "Two"], "linkedin": ["Three"]}),
        image=SimpleUploadedFile("photo.PNG", PNG, content_type="image/png"),
    )

    assert list(kit.copies.values_list("platform", "position", "text")) == [
        ("linkedin", 1, "Three"),
        ("x", 1, "One"),
        ("x", 2, "Two"),
    ]
    assert kit.campaign == "heart-month"
    assert kit.image.name.startswith("kits/") and kit.image.name.endswith(".png")
    assert "photo" not in kit.image.name


def test_kit_create_refuses_copy_over_the_platform_limit(admin):
    with pytest.raises(WhiteCoatError, match=r"X variant 2 is 2.. characters") as error:
        services.kit_create(by=admin, data=_input(copies={"x": ["fine", "a" * 260]}))

    assert error.value.code == "copy_too_long"


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("photo.png", b"<svg onload=alert(1)>", "image_type"),
        ("notes.pdf", b"%PDF-1.7", "image_type"),
        ("big.png", PNG + b"\x00" * images.MAX_BYTES, "image_too_large"),
    ],
)
def test_kit_image_is_checked_by_type_and_size(admin, name, content, code):
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    with pytest.raises(WhiteCoatError) as error:
        services.kit_create(by=admin, data=_input(), image=upload)

    assert error.value.code == code


@pytest.mark.parametrize(
    "size,shown",
    [
        (images.MAX_BYTES + 1, "5.1 MB"),  # just over: not "5.0 MB"
        (images.MAX_BYTES + 104_857, "5.1 MB"),
        (images.MAX_BYTES + 104_858, "5.2 MB"),
        (6 * 1_048_576, "6.0 MB"),
    ],
)
def test_kit_image_too_large_says_its_size_rounded_up(size, shown):
    upload = SimpleUploadedFile("big.png", PNG + b"\x00" * (size - len(PNG)))

    with pytest.raises(WhiteCoatError) as error:
        services.kit_image_check(image=upload)

    assert str(error.value) == f"The image is {shown}; the limit is 5 MB."


def test_kits_are_made_by_admins_only(ambassador):
    with pytest.raises(WhiteCoatError) as error:
        services.kit_create(by=ambassador, data=_input())

    assert error.value.code == "forbidden"


def test_opening_a_kit_hands_a_link_to_each_active_ambassador(
    admin, ambassador_record, other_ambassador, cohort
):
    AmbassadorFactory(cohort=cohort, status=AmbassadorStatus.TRAINING)
    kit = ShareKitFactory()

    services.kit_transition(kit=kit, to_state=KitState.OPEN, by=admin)

    links = list(KitLink.objects.filter(kit=kit).order_by("seat"))
    assert [link.seat for link in links] == [0, 1]
    assert len({link.token for link in links}) == 2
    kit.refresh_from_db()
    assert kit.published_at is not None


def test_kit_without_copy_cannot_open(admin):
    kit = ShareKitFactory(copies={})

    with pytest.raises(WhiteCoatError) as error:
        services.kit_transition(kit=kit, to_state=KitState.OPEN, by=admin)

    assert error.value.code == "no_copy"


def test_neighbouring_ambassadors_get_different_copy(open_kit, ambassador_record, other_ambassador):
    bob = other_ambassador.person.ambassadorships.get()
    texts = []
    for record in (ambassador_record, bob):
        link = services.kit_link_for(kit=open_kit, ambassador=record)
        [line] = kit_copy_for(kit=open_kit, link=link, url="L", platforms=["x"])
        texts.append(line.text)

    assert sorted(texts) == ["Check your blood pressure. L", "Know your numbers. L"]


def test_ambassadors_see_the_open_kits_of_their_department(
    open_kit, ambassador, other_ambassador, neurology, admin
):
    neuro_kit = ShareKitFactory(department=neurology)
    services.kit_transition(kit=neuro_kit, to_state=KitState.OPEN, by=admin)
    ShareKitFactory()  # a draft

    assert [k.pk for k in kit_list(user=ambassador)] == [open_kit.pk]
    assert sorted(k.pk for k in kit_list(user=other_ambassador)) == [open_kit.pk, neuro_kit.pk]


def test_ambassador_marks_a_share_once_per_platform(open_kit, ambassador, ambassador_record):
    for _ in range(2):
        services.kit_share_mark(
            kit=open_kit, ambassador=ambassador_record, by=ambassador, platform="x"
        )

    assert KitShare.objects.filter(kit=open_kit, ambassador=ambassador_record).count() == 1


def test_shares_of_a_closed_kit_are_refused(open_kit, admin, ambassador, ambassador_record):
    services.kit_transition(kit=open_kit, to_state=KitState.CLOSED, by=admin)

    with pytest.raises(WhiteCoatError) as error:
        services.kit_share_mark(
            kit=open_kit, ambassador=ambassador_record, by=ambassador, platform="x"
        )

    assert error.value.code == "kit_closed"


def test_ambassador_marks_only_their_own_shares(open_kit, ambassador_record, other_ambassador):
    with pytest.raises(WhiteCoatError) as error:
        services.kit_share_mark(
            kit=open_kit, ambassador=ambassador_record, by=other_ambassador, platform="x"
        )

    assert error.value.code == "forbidden"


# ------------------------------------------------------------------------- the redirect


@pytest.fixture
def link(open_kit, ambassador_record):
    return KitLink.objects.get(kit=open_kit, ambassador=ambassador_record)


def _follow(client, token, *, ip="203.0.113.7", agent=BROWSER, method="get"):
    return getattr(client, method)(
        reverse("content:kit-redirect", args=[token]), REMOTE_ADDR=ip, HTTP_USER_AGENT=agent
    )


def test_redirect_leads_to_the_kits_link_with_utm_parameters(client, link, open_kit):
    response = _follow(client, link.token)

    assert response.status_code == 302
    assert response["Location"] == (
        f"https://lakeside.example/heart-month?ref=kit&utm_source=whitecoat"
        f"&utm_medium=ambassador&utm_campaign={open_kit.campaign}&utm_content={link.token}"
    )
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"]


def test_redirect_counts_a_visitor_once_per_hour(client, link, time_machine):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 5, 1, 9, 5)), tick=False)
    _follow(client, link.token)
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 5, 1, 9, 55)), tick=False)
    _follow(client, link.token)
    _follow(client, link.token, ip="198.51.100.4")  # someone else
    _follow(client, link.token, agent=BROWSER + " Edg/120")  # another browser
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 5, 1, 10, 1)), tick=False)
    _follow(client, link.token)  # the next hour

    assert link.clicks.count() == 4


def test_redirect_stores_no_ip_address(client, link):
    _follow(client, link.token, ip="203.0.113.77")

    click = KitClick.objects.get()
    stored = [str(getattr(click, f.attname)) for f in KitClick._meta.concrete_fields]
    assert not any("203.0.113.77" in value for value in stored)


@pytest.mark.parametrize(
    "agent,method", [("Twitterbot/1.0", "get"), ("LinkedInBot/1.0", "get"), (BROWSER, "head")]
)
def test_redirect_does_not_count_previews_and_head_requests(client, link, agent, method):
    response = _follow(client, link.token, agent=agent, method=method)

    assert response.status_code == 302
    assert not KitClick.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/k/nosuchtoken",
        "/k/https:%2F%2Fevil.example",
        "/k/evil.example",
        "/k/%2F%2Fevil.example",
        "/k/?next=https://evil.example",
    ],
)
def test_redirect_is_never_an_open_redirect(client, link, path):
    response = client.get(path + "?url=https://evil.example&next=//evil.example")

    assert response.status_code == 404
    assert not KitClick.objects.exists()


def test_redirect_ignores_any_destination_in_the_request(client, link):
    response = client.get(
        reverse("content:kit-redirect", args=[link.token]) + "?url=https://evil.example",
        HTTP_USER_AGENT=BROWSER,
    )

    assert response["Location"].startswith("https://lakeside.example/heart-month?")


def test_redirect_of_a_draft_kit_is_a_404(client, admin, ambassador_record):
    kit = ShareKitFactory()
    draft_link = KitLink.objects.create(kit=kit, ambassador=ambassador_record, seat=0)

    assert _follow(client, draft_link.token).status_code == 404


def test_redirect_of_a_closed_kit_still_works(client, admin, link, open_kit):
    services.kit_transition(kit=open_kit, to_state=KitState.CLOSED, by=admin)

    assert _follow(client, link.token).status_code == 302


def test_person_without_department_sees_kits_for_everyone(open_kit, roles, cohort):
    from tests.factories import UserFactory
    from whitecoat.organizations.enums import Role
    from whitecoat.organizations.roles import user_grant_role

    user = UserFactory(username="dana")
    user_grant_role(user=user, role=Role.AMBASSADOR)
    AmbassadorFactory(person=PersonFactory(user=user, department=None), cohort=cohort)

    assert [k.pk for k in kit_list(user=user)] == [open_kit.pk]
