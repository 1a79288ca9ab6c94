"""Consent to repurpose: global, per platform, per post; the most specific decision wins,
none means no, and a withdrawal takes the item out of reach of "use"."""

from __future__ import annotations

import pytest

from tests.content.factories import PostFactory
from tests.factories import SocialAccountFactory
from whitecoat.content import services
from whitecoat.content.enums import ConsentScope, ItemState
from whitecoat.content.models import ConsentChange, ItemChange
from whitecoat.content.selectors import consent_granted
from whitecoat.core.errors import WhiteCoatError


def _granted(item) -> bool:
    return consent_granted(
        ambassador_id=item.ambassador_id, platform=item.platform, post_id=item.post_id
    )


def test_consent_without_any_decision_is_no(item):
    assert _granted(item) is False


def test_consent_global_yes_covers_every_post(item, consented):
    assert _granted(item) is True


def test_consent_platform_no_beats_global_yes(item, consented, ambassador, ambassador_record):
    services.consent_set(
        ambassador=ambassador_record,
        by=ambassador,
        granted=False,
        scope=ConsentScope.PLATFORM,
        platform="x",
    )

    assert _granted(item) is False


def test_consent_post_yes_beats_platform_no(item, ambassador, ambassador_record):
    services.consent_set(
        ambassador=ambassador_record, by=ambassador, granted=False, scope="platform", platform="x"
    )
    services.consent_set(
        ambassador=ambassador_record, by=ambassador, granted=True, scope="post", post=item.post
    )

    assert _granted(item) is True


def test_consent_removing_a_post_decision_falls_back_to_the_broader_one(
    item, consented, ambassador, ambassador_record
):
    services.consent_set(
        ambassador=ambassador_record, by=ambassador, granted=False, scope="post", post=item.post
    )
    services.consent_set(
        ambassador=ambassador_record, by=ambassador, granted=None, scope="post", post=item.post
    )

    assert _granted(item) is True
    assert list(
        ConsentChange.objects.order_by("id").values_list("scope", "granted", "changed_by")
    ) == [
        ("all", True, ambassador.pk),
        ("post", False, ambassador.pk),
        ("post", None, ambassador.pk),
    ]


@pytest.mark.parametrize("persona", ["admin", "other_ambassador", "chair_cardiology"])
def test_consent_is_only_the_ambassadors_own_decision(personas, ambassador_record, persona):
    with pytest.raises(WhiteCoatError) as error:
        services.consent_set(ambassador=ambassador_record, by=personas[persona], granted=True)

    assert error.value.code == "forbidden"


def test_consent_for_someone_elses_post_is_refused(ambassador, ambassador_record, other_ambassador):
    theirs = PostFactory(account=other_ambassador.person.ambassadorships.get().accounts.get())

    with pytest.raises(WhiteCoatError, match="not yours"):
        services.consent_set(
            ambassador=ambassador_record, by=ambassador, granted=True, scope="post", post=theirs
        )


def test_withdrawal_moves_approved_items_back_out_of_use(
    item, consented, admin, ambassador, ambassador_record, team_account
):
    services.item_transition(item=item, to_state=ItemState.SHORTLISTED, by=admin)
    services.item_transition(item=item, to_state=ItemState.APPROVED, by=admin)

    services.consent_set(ambassador=ambassador_record, by=ambassador, granted=False)

    item.refresh_from_db()
    assert item.state == ItemState.SHORTLISTED
    last = ItemChange.objects.filter(item=item).latest("id")
    assert (last.from_state, last.to_state, last.changed_by, last.reason) == (
        "approved",
        "shortlisted",
        ambassador,
        "Consent withdrawn by the ambassador.",
    )
    with pytest.raises(WhiteCoatError) as error:
        services.item_transition(item=item, to_state=ItemState.APPROVED, by=admin)
    assert error.value.code == "no_consent"


def test_withdrawal_for_one_platform_keeps_other_platforms_items(
    consented, admin, ambassador, ambassador_record, ambassador_account, cardiology
):
    linkedin = SocialAccountFactory(ambassador=ambassador_record, platform="linkedin")
    on_x = services.post_analyse(post=PostFactory(account=ambassador_account))
    on_linkedin = services.post_analyse(post=PostFactory(account=linkedin))
    for item in (on_x, on_linkedin):
        services.item_transition(item=item, to_state=ItemState.SHORTLISTED, by=admin)
        services.item_transition(item=item, to_state=ItemState.APPROVED, by=admin)

    services.consent_set(
        ambassador=ambassador_record, by=ambassador, granted=False, scope="platform", platform="x"
    )

    on_x.refresh_from_db()
    on_linkedin.refresh_from_db()
    assert (on_x.state, on_linkedin.state) == (ItemState.SHORTLISTED, ItemState.APPROVED)


def test_withdrawal_refuses_recording_a_use(
    item, consented, admin, ambassador, ambassador_record, team_account
):
    services.item_transition(item=item, to_state=ItemState.SHORTLISTED, by=admin)
    services.item_transition(item=item, to_state=ItemState.APPROVED, by=admin)
    services.consent_set(
        ambassador=ambassador_record, by=ambassador, granted=False, scope="post", post=item.post
    )
    # Even if an admin put it back to approved some other way, "use" checks consent itself.
    type(item).objects.filter(pk=item.pk).update(state=ItemState.APPROVED)

    with pytest.raises(WhiteCoatError) as error:
        services.item_use_record(item=item, by=admin, account=team_account)

    assert error.value.code == "no_consent"
