"""The curation queue: its allowed moves, who may make them, uses, bulk actions, filters."""

from __future__ import annotations

import pytest

from tests.content.factories import PROMO_TEXT, PostFactory
from whitecoat.content import services
from whitecoat.content.enums import ItemState
from whitecoat.content.models import ContentUse, ItemChange
from whitecoat.content.selectors import QueueFilters, content_queue, queue_counts
from whitecoat.core.errors import WhiteCoatError

S = ItemState


def _walk(item, admin, *states):
    for state in states:
        services.item_transition(item=item, to_state=state, by=admin)


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("admin", True),
        ("leadership", False),
        ("chair_cardiology", False),
        ("ambassador", False),
        ("outsider", False),
    ],
)
def test_item_transition_per_role(personas, item, persona, allowed):
    if allowed:
        services.item_transition(item=item, to_state=S.SHORTLISTED, by=personas[persona])
        item.refresh_from_db()
        assert item.state == S.SHORTLISTED
    else:
        with pytest.raises(WhiteCoatError) as error:
            services.item_transition(item=item, to_state=S.SHORTLISTED, by=personas[persona])
        assert error.value.code == "forbidden"


@pytest.mark.parametrize(
    "path,target,code",
    [
        ([], S.APPROVED, "illegal_transition"),
        ([], S.USED, "record_use"),
        ([S.SHORTLISTED], S.USED, "record_use"),
        ([S.ARCHIVED], S.SHORTLISTED, "illegal_transition"),
        ([], "published", "unknown_state"),
    ],
)
def test_item_transition_refuses_moves_outside_the_table(
    item, admin, consented, path, target, code
):
    _walk(item, admin, *path)

    with pytest.raises(WhiteCoatError) as error:
        services.item_transition(item=item, to_state=target, by=admin)

    assert error.value.code == code


def test_item_goes_from_new_to_used_with_where_and_when(item, admin, consented, team_account):
    _walk(item, admin, S.SHORTLISTED, S.APPROVED)

    use = services.item_use_record(
        item=item, by=admin, account=team_account, url="https://x.example/LakesideHeart/1"
    )

    item.refresh_from_db()
    assert item.state == S.USED
    assert (use.account, use.recorded_by, use.url) == (
        team_account,
        admin,
        "https://x.example/LakesideHeart/1",
    )
    assert list(ItemChange.objects.filter(item=item).values_list("from_state", "to_state")) == [
        ("new", "shortlisted"),
        ("shortlisted", "approved"),
        ("approved", "used"),
    ]


def test_item_use_is_recorded_once_per_account_and_only_on_institutional_ones(
    item, admin, consented, team_account, ambassador_account
):
    _walk(item, admin, S.SHORTLISTED, S.APPROVED)
    services.item_use_record(item=item, by=admin, account=team_account)

    with pytest.raises(WhiteCoatError) as twice:
        services.item_use_record(item=item, by=admin, account=team_account)
    with pytest.raises(WhiteCoatError) as personal:
        services.item_use_record(item=item, by=admin, account=ambassador_account)

    assert (twice.value.code, personal.value.code) == ("already_used", "not_institutional")
    assert ContentUse.objects.count() == 1


def test_item_without_consent_cannot_be_approved(item, admin):
    _walk(item, admin, S.SHORTLISTED)

    with pytest.raises(WhiteCoatError) as error:
        services.item_transition(item=item, to_state=S.APPROVED, by=admin)

    assert error.value.code == "no_consent"


def test_item_with_a_blocking_finding_cannot_be_approved(ambassador_account, admin, consented):
    item = services.post_analyse(post=PostFactory(account=ambassador_account, text=PROMO_TEXT))
    _walk(item, admin, S.SHORTLISTED)

    with pytest.raises(WhiteCoatError) as error:
        services.item_transition(item=item, to_state=S.APPROVED, by=admin)

    assert error.value.code == "blocked"


def test_bulk_transition_moves_what_it_can_and_reports_the_rest(
    ambassador_account, admin, cardiology
):
    items = [services.post_analyse(post=PostFactory(account=ambassador_account)) for _ in range(3)]
    _walk(items[0], admin, S.ARCHIVED)

    outcome = services.items_bulk_transition(items=items, to_state=S.SHORTLISTED, by=admin)

    assert outcome.moved == 2
    assert [item_id for item_id, _ in outcome.refused] == [items[0].pk]


def test_queue_is_for_admins_only(item, personas):
    assert [i.pk for i in content_queue(user=personas["admin"])] == [item.pk]
    for persona in ("leadership", "chair_cardiology", "ambassador", "outsider"):
        assert list(content_queue(user=personas[persona])) == []


def test_queue_hides_blocked_posts_unless_asked(ambassador_account, admin, item):
    blocked = services.post_analyse(post=PostFactory(account=ambassador_account, text=PROMO_TEXT))

    shown = content_queue(user=admin, filters=QueueFilters(show="all"))
    held = content_queue(user=admin, filters=QueueFilters(show="blocked"))

    assert [i.pk for i in shown] == [item.pk]
    assert [i.pk for i in held] == [blocked.pk]
    assert queue_counts(user=admin)["blocked"] == 1


def test_queue_filters_by_consent_kind_platform_and_department(
    item, admin, consented, cardiology, neurology
):
    def ids(**filters):
        return [i.pk for i in content_queue(user=admin, filters=QueueFilters(**filters))]

    assert ids(consent="yes") == [item.pk]
    assert ids(consent="no") == []
    assert ids(kind="research", platform="x") == [item.pk]
    assert ids(kind="video") == []
    assert ids(department_id=cardiology.pk) == [item.pk]
    assert ids(department_id=neurology.pk) == []
    assert ids(search="heart") == [item.pk]
