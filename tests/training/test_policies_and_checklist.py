"""Policy versions and acknowledgements; the account set-up checklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AmbassadorFactory, SocialAccountFactory
from tests.training.factories import PolicyFactory, PolicyVersionFactory
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import Platform
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.training.enums import ChecklistItemKind
from whitecoat.training.selectors import (
    ambassador_checklists,
    policies_to_acknowledge,
    policy_acknowledgement_report,
)
from whitecoat.training.services import (
    checklist_item_set,
    policy_acknowledge,
    policy_version_create,
    policy_version_publish,
    policy_version_update,
)


@pytest.fixture
def conduct(clean, admin):
    """The code of conduct, version 1 published."""
    policy = PolicyFactory(title="Code of conduct", slug="conduct")
    return PolicyVersionFactory(policy=policy, label="v1")


def new_version(admin, policy, label="v2"):
    return policy_version_create(
        policy=policy, label=label, body="New rules.", effective_on=dt.date(2026, 3, 1), by=admin
    )


def test_policy_version_create_makes_a_draft_nobody_is_asked_about(
    admin, ambassador, ambassador_record, conduct
):
    policy_acknowledge(version=conduct, ambassador=ambassador_record, by=ambassador)

    draft = new_version(admin, conduct.policy)

    assert draft.is_published is False
    assert policies_to_acknowledge(user=ambassador) == []


def test_policy_version_publish_asks_every_active_ambassador_again(
    admin, ambassador, ambassador_record, other_ambassador, cohort, conduct, mail
):
    policy_acknowledge(version=conduct, ambassador=ambassador_record, by=ambassador)
    onboarding = AmbassadorFactory(cohort=cohort, status=AmbassadorStatus.ONBOARDING)
    AmbassadorFactory(cohort=cohort, status=AmbassadorStatus.ALUMNI)
    draft = new_version(admin, conduct.policy)

    with mail():
        published = policy_version_publish(version=draft, by=admin)

    assert published.published_by == admin
    assert policies_to_acknowledge(user=ambassador) == [published]
    assert policies_to_acknowledge(user=other_ambassador) == [published]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ambassador_record.person.email, other_ambassador.person.email]
    )
    assert mail.outbox[0].subject == "[WhiteCoat] Please acknowledge: Code of conduct (v2)"
    report = policy_acknowledgement_report(user=admin, version=published)
    assert {a.pk for a in report.missing} == {
        ambassador_record.pk,
        other_ambassador.person.ambassadorships.get().pk,
        onboarding.pk,
    }


def test_policy_version_publish_refuses_twice(admin, conduct):
    with pytest.raises(WhiteCoatError) as error:
        policy_version_publish(version=conduct, by=admin)

    assert error.value.code == "published"


def test_policy_version_update_refuses_a_published_version(admin, conduct):
    with pytest.raises(WhiteCoatError) as error:
        policy_version_update(
            version=conduct, label="v1", body="Changed", effective_on=dt.date(2026, 1, 1), by=admin
        )

    assert error.value.code == "published"


def test_policy_version_create_refuses_a_label_used_before(admin, conduct):
    with pytest.raises(WhiteCoatError) as error:
        new_version(admin, conduct.policy, label="v1")

    assert "already exists" in error.value.message


def test_policy_version_publish_is_for_admins(ambassador, admin, conduct):
    draft = new_version(admin, conduct.policy)

    with pytest.raises(WhiteCoatError) as error:
        policy_version_publish(version=draft, by=ambassador)

    assert error.value.code == "forbidden"


def test_policy_acknowledge_is_idempotent(ambassador, ambassador_record, conduct):
    first = policy_acknowledge(version=conduct, ambassador=ambassador_record, by=ambassador)
    second = policy_acknowledge(version=conduct, ambassador=ambassador_record, by=ambassador)

    assert first.pk == second.pk
    assert conduct.acknowledgements.count() == 1


def test_policy_acknowledge_refuses_a_replaced_version(
    admin, ambassador, ambassador_record, conduct
):
    policy_version_publish(version=new_version(admin, conduct.policy), by=admin)

    with pytest.raises(WhiteCoatError) as error:
        policy_acknowledge(version=conduct, ambassador=ambassador_record, by=ambassador)

    assert error.value.code == "not_current"


def test_policy_acknowledge_refuses_someone_else(other_ambassador, ambassador_record, conduct):
    with pytest.raises(WhiteCoatError) as error:
        policy_acknowledge(version=conduct, ambassador=ambassador_record, by=other_ambassador)

    assert error.value.code == "forbidden"


def test_policy_acknowledge_by_a_user_who_is_not_an_ambassador(leadership, conduct):
    acknowledgement = policy_acknowledge(version=conduct, by=leadership)

    assert acknowledgement.ambassador is None
    assert acknowledgement.user == leadership
    assert policies_to_acknowledge(user=leadership) == []


# ------------------------------------------------------------------------- checklist


def test_checklist_item_set_records_who_and_when(ambassador, ambassador_record, amy_chose_x):
    before = timezone.now()

    item = checklist_item_set(
        platform_choice=amy_chose_x,
        item=ChecklistItemKind.DISPLAY_NAME,
        checked=True,
        by=ambassador,
    )

    assert item.is_checked is True
    assert item.changed_by == ambassador
    assert item.changed_at >= before


def test_checklist_item_set_by_admin_and_back(admin, ambassador_record, amy_chose_x):
    checklist_item_set(
        platform_choice=amy_chose_x, item=ChecklistItemKind.PROFILE_PHOTO, checked=True, by=admin
    )
    item = checklist_item_set(
        platform_choice=amy_chose_x, item=ChecklistItemKind.PROFILE_PHOTO, checked=False, by=admin
    )

    assert item.is_checked is False
    assert amy_chose_x.checklist_items.count() == 1


@pytest.mark.parametrize("persona", ["other_ambassador", "chair_cardiology", "leadership"])
def test_checklist_item_set_refuses_anyone_else(request, persona, amy_chose_x):
    user = request.getfixturevalue(persona)

    with pytest.raises(WhiteCoatError) as error:
        checklist_item_set(
            platform_choice=amy_chose_x, item=ChecklistItemKind.PROFILE_PHOTO, checked=True, by=user
        )

    assert error.value.code == "forbidden"


def test_checklist_item_set_refuses_an_unknown_item(ambassador, amy_chose_x):
    with pytest.raises(WhiteCoatError):
        checklist_item_set(platform_choice=amy_chose_x, item="tattoo", checked=True, by=ambassador)


def test_checklist_item_links_the_professional_account_once_it_exists(
    ambassador, ambassador_record, amy_chose_x
):
    first = checklist_item_set(
        platform_choice=amy_chose_x,
        item=ChecklistItemKind.DISPLAY_NAME,
        checked=True,
        by=ambassador,
    )
    account = SocialAccountFactory(ambassador=ambassador_record, platform=Platform.X)
    second = checklist_item_set(
        platform_choice=amy_chose_x,
        item=ChecklistItemKind.BIO_CREDENTIALS,
        checked=True,
        by=ambassador,
    )

    assert first.account is None
    assert second.account == account


def test_ambassador_checklists_show_every_item_per_chosen_platform(
    ambassador, ambassador_record, amy_chose_x, conduct
):
    checklist_item_set(
        platform_choice=amy_chose_x,
        item=ChecklistItemKind.FACULTY_LINK,
        checked=True,
        by=ambassador,
    )

    [checklist] = ambassador_checklists(ambassador=ambassador_record)

    assert [row.kind for row in checklist.rows] == list(ChecklistItemKind)
    assert [row.label for row in checklist.rows if row.checked] == [
        "Link to the faculty or lab page"
    ]
    assert checklist.required_count == 5
    assert checklist.done_count == 1
    assert checklist.is_complete is False
