"""The content hub's pages: who may open each (permission ladders), the forms, and the
list pages' query counts (N+1 guards)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.content.factories import PostFactory, ShareKitFactory
from tests.factories import AmbassadorFactory, SocialAccountFactory
from whitecoat.content import services
from whitecoat.content.enums import ItemState, KitState
from whitecoat.content.models import AmplificationRequest, Consent, ContentUse, ShareKit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ADMIN_ONLY = {
    "admin": 200,
    "leadership": 403,
    "chair_cardiology": 403,
    "ambassador": 403,
    "outsider": 403,
}
HUB = {"admin": 200, "leadership": 403, "chair_cardiology": 403, "ambassador": 200, "outsider": 403}
EVERYONE = {k: 200 for k in ADMIN_ONLY}


@pytest.fixture
def pages(item, open_kit, outsider):
    amplification = services.amplification_request_submit(by=outsider, title="Walk", summary="5 km")
    return {
        "queue": reverse("content:queue"),
        "item": reverse("content:item-detail", args=[item.pk]),
        "topics": reverse("content:topics"),
        "kit-create": reverse("content:kit-create"),
        "kit-edit": reverse("content:kit-edit", args=[open_kit.pk]),
        "kits": reverse("content:kit-list"),
        "kit": reverse("content:kit-detail", args=[open_kit.pk]),
        "requests": reverse("content:request-list"),
        "request": reverse("content:request-detail", args=[amplification.pk]),
    }


LADDERS = [
    ("queue", ADMIN_ONLY),
    ("topics", ADMIN_ONLY),
    ("kit-create", ADMIN_ONLY),
    ("kit-edit", ADMIN_ONLY),
    # An item's page is for curators; to anyone else it does not exist.
    ("item", {**ADMIN_ONLY, **{k: 404 for k in ADMIN_ONLY if k != "admin"}}),
    ("kits", HUB),
    ("kit", {**HUB, "leadership": 404, "chair_cardiology": 404, "outsider": 404}),
    ("requests", EVERYONE),
    # A request is for the admins, leadership and the requester.
    ("request", {**EVERYONE, "chair_cardiology": 404, "ambassador": 404}),
]


@pytest.mark.parametrize("page,ladder", LADDERS, ids=[name for name, _ in LADDERS])
def test_page_permission_ladder(client, personas, pages, page, ladder):
    for persona, expected in ladder.items():
        client.force_login(personas[persona])

        assert client.get(pages[page]).status_code == expected, persona


def test_pages_need_a_login(client, pages):
    for url in pages.values():
        assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    "persona,target",
    [
        ("admin", "/content/queue/"),
        ("ambassador", "/content/mine/"),
        ("outsider", "/content/requests/"),
        ("leadership", "/content/requests/"),
    ],
)
def test_content_link_leads_each_role_to_its_page(client, personas, persona, target):
    client.force_login(personas[persona])

    assert client.get(reverse("content:hub"))["Location"] == target


def test_mine_is_for_ambassadors_with_a_record(client, personas):
    for persona, expected in {"ambassador": 200, "admin": 403, "outsider": 403}.items():
        client.force_login(personas[persona])
        assert client.get(reverse("content:mine")).status_code == expected


def test_nav_shows_content_to_admins_and_ambassadors_only(client, personas):
    for persona, shown in {"admin": True, "ambassador": True, "leadership": False}.items():
        client.force_login(personas[persona])
        assert (">Content</a>" in client.get(reverse("home")).text) is shown, persona


# ------------------------------------------------------------------------------ actions


def test_admin_moves_an_item_and_records_its_use_through_the_pages(
    client, admin, item, consented, team_account
):
    client.force_login(admin)
    for state in (ItemState.SHORTLISTED, ItemState.APPROVED):
        client.post(reverse("content:item-move", args=[item.pk]), {"to_state": state})

    response = client.post(
        reverse("content:item-use", args=[item.pk]),
        {"account": team_account.pk, "used_at": "2026-05-01T10:00", "url": "", "copy": "Hi"},
        follow=True,
    )

    item.refresh_from_db()
    assert item.state == ItemState.USED
    assert "Recorded: used on" in response.text
    assert ContentUse.objects.get().copy == "Hi"


def test_refused_move_shows_the_reason(client, admin, item):
    client.force_login(admin)
    client.post(reverse("content:item-move", args=[item.pk]), {"to_state": "shortlisted"})

    response = client.post(
        reverse("content:item-move", args=[item.pk]), {"to_state": "approved"}, follow=True
    )

    assert "has not consented" in response.text


def test_moves_are_refused_to_non_admins(client, ambassador, item):
    client.force_login(ambassador)

    response = client.post(reverse("content:item-move", args=[item.pk]), {"to_state": "archived"})

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.state == ItemState.NEW


def test_bulk_action_moves_the_selected_items(client, admin, ambassador_account, cardiology):
    items = [services.post_analyse(post=PostFactory(account=ambassador_account)) for _ in range(2)]
    client.force_login(admin)

    response = client.post(
        reverse("content:queue-bulk"),
        {"items": [i.pk for i in items], "to_state": "shortlisted", "next": "/content/queue/"},
    )

    assert response["Location"] == "/content/queue/"
    assert {i.state for i in type(items[0]).objects.all()} == {"shortlisted"}


def test_bulk_action_never_redirects_off_site(client, admin, item):
    client.force_login(admin)

    response = client.post(
        reverse("content:queue-bulk"),
        {"items": [item.pk], "to_state": "archived", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("content:queue")


def test_ambassador_gives_and_withdraws_consent_from_their_page(
    client, ambassador, ambassador_record, item
):
    client.force_login(ambassador)
    client.post(reverse("content:consent"), {"scope": "all", "decision": "yes"})
    client.post(
        reverse("content:consent"), {"scope": "post", "post": item.post_id, "decision": "no"}
    )

    response = client.get(reverse("content:mine"))

    assert list(Consent.objects.values_list("scope", "granted").order_by("scope")) == [
        ("all", True),
        ("post", False),
    ]
    assert "not allowed" in response.text


def test_ambassador_cannot_decide_for_another_ambassadors_post(
    client, ambassador, other_ambassador, cardiology
):
    bob = other_ambassador.person.ambassadorships.get()
    theirs = PostFactory(account=bob.accounts.get())
    client.force_login(ambassador)

    response = client.post(
        reverse("content:consent"), {"scope": "post", "post": theirs.pk, "decision": "yes"}
    )

    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_ambassador_sees_where_their_post_was_used(
    client, admin, ambassador, item, consented, team_account
):
    services.item_transition(item=item, to_state="shortlisted", by=admin)
    services.item_transition(item=item, to_state="approved", by=admin)
    services.item_use_record(item=item, by=admin, account=team_account)
    client.force_login(ambassador)

    response = client.get(reverse("content:mine"))

    assert "X @LakesideHeart" in response.text
    assert response.context["numbers"].repurposed == 1


def test_anyone_asks_for_amplification_from_the_page(client, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("content:request-list"),
        {"kind": "event", "title": "Open house", "summary": "Come and see", "links": ""},
        follow=True,
    )

    created = AmplificationRequest.objects.get()
    assert response.redirect_chain[-1][0] == reverse("content:request-detail", args=[created.pk])
    assert "Submitted" in response.text


def test_admin_accepts_a_request_from_its_page(client, admin, outsider):
    amplification = services.amplification_request_submit(by=outsider, title="W", summary="S")
    client.force_login(admin)

    client.post(reverse("content:request-detail", args=[amplification.pk]), {"action": "accept"})

    amplification.refresh_from_db()
    assert (amplification.state, amplification.assigned_to) == ("accepted", admin)


def test_admin_creates_a_kit_with_an_image_and_opens_it(
    client, admin, ambassador_record, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin)

    response = client.post(
        reverse("content:kit-create"),
        {
            "title": "Heart Month",
            "link": "https://lakeside.example/heart",
            "copy_x": "Know your numbers.\n---\nCheck your blood pressure.",
            "image": SimpleUploadedFile("heart.png", PNG, content_type="image/png"),
            "image_alt": "A heart",
        },
    )
    kit = ShareKit.objects.get()
    client.post(reverse("content:kit-move", args=[kit.pk]), {"to_state": KitState.OPEN})

    assert response["Location"] == reverse("content:kit-detail", args=[kit.pk])
    kit.refresh_from_db()
    assert (kit.state, kit.links.count()) == (KitState.OPEN, 1)
    image = client.get(reverse("content:kit-image", args=[kit.pk]))
    assert (image.status_code, image["Content-Type"]) == (200, "image/png")


def test_kit_form_shows_copy_over_the_limit(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("content:kit-create"),
        {"title": "Too long", "link": "https://lakeside.example/", "copy_bluesky": "a" * 290},
    )

    assert response.status_code == 200
    assert "Bluesky variant 1 is" in response.text
    assert not ShareKit.objects.exists()


def test_ambassador_sees_their_tracked_link_and_marks_a_share(
    client, ambassador, ambassador_record, open_kit
):
    client.force_login(ambassador)

    page = client.get(reverse("content:kit-detail", args=[open_kit.pk]))
    client.post(reverse("content:kit-share", args=[open_kit.pk]), {"platform": "x", "url": ""})

    link = open_kit.links.get(ambassador=ambassador_record)
    assert f"/k/{link.token}" in page.text
    assert open_kit.shares.get().platform == "x"


def test_admin_edits_keywords_and_posts_are_retagged(
    client, admin, item, neurology, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("content:topics"), {"department": neurology.pk, "keywords": "heart failure"}
        )

    item.refresh_from_db()
    assert "Neurology" in item.departments.values_list("name", flat=True)


# ---------------------------------------------------------------------------- N+1 guards


def test_queue_costs_the_same_with_more_items(client, admin, same_queries, cohort, cardiology):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            account = SocialAccountFactory(ambassador=AmbassadorFactory(cohort=cohort))
            services.post_analyse(post=PostFactory(account=account))

    same_queries(reverse("content:queue") + "?state=all&show=all", add)


def test_kit_list_costs_the_same_with_more_kits(client, admin, same_queries):
    client.force_login(admin)
    same_queries(reverse("content:kit-list"), lambda n: ShareKitFactory.create_batch(n))


def test_request_list_costs_the_same_with_more_requests(client, admin, outsider, same_queries):
    client.force_login(admin)

    def add(n):
        for i in range(n):
            services.amplification_request_submit(by=outsider, title=f"R{i}", summary="S")

    same_queries(reverse("content:request-list"), add)


def test_mine_costs_the_same_with_more_used_posts(
    client, admin, ambassador, ambassador_account, consented, team_account, same_queries
):
    client.force_login(ambassador)

    def add(n):
        for _ in range(n):
            item = services.post_analyse(post=PostFactory(account=ambassador_account))
            services.item_transition(item=item, to_state="shortlisted", by=admin)
            services.item_transition(item=item, to_state="approved", by=admin)
            services.item_use_record(item=item, by=admin, account=team_account)

    same_queries(reverse("content:mine"), add)


def test_kit_detail_costs_the_same_with_more_ambassadors(
    client, admin, open_kit, cohort, same_queries
):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            services.kit_link_for(kit=open_kit, ambassador=AmbassadorFactory(cohort=cohort))

    same_queries(reverse("content:kit-detail", args=[open_kit.pk]), add)


def test_item_page_links_only_to_web_addresses(client, admin, ambassador_account, cardiology):
    post = PostFactory(account=ambassador_account, url="javascript:alert(1)")
    item = services.post_analyse(post=post)
    client.force_login(admin)

    response = client.get(reverse("content:item-detail", args=[item.pk]))

    assert "javascript:" not in response.text
    assert "no link given by the platform" in response.text


def test_queue_shows_every_shortlisted_item_not_only_suggested_ones(
    client, admin, item, ambassador_account
):
    low = services.post_analyse(post=PostFactory(account=ambassador_account, text="Hello"))
    for each in (item, low):
        services.item_transition(item=each, to_state="shortlisted", by=admin)
    client.force_login(admin)

    response = client.get(reverse("content:queue"), {"state": "shortlisted"})

    assert [i.pk for i in response.context["page"].object_list] == [item.pk, low.pk]
