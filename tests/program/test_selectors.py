from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.http import Http404

from tests.factories import AmbassadorFactory
from whitecoat.program.selectors import (
    ambassador_for_user,
    ambassador_get,
    ambassador_list,
    ambassador_status_counts,
)


def test_status_counts_list_every_status(admin, ambassador, cohort):
    AmbassadorFactory(cohort=cohort, status="nominated")

    counts = ambassador_status_counts(user=admin)

    assert counts["active"] == 1
    assert counts["nominated"] == 1
    assert counts["alumni"] == 0
    assert len(counts) == 7


def test_chair_counts_only_their_departments(chair_cardiology, ambassador, other_ambassador):
    assert ambassador_status_counts(user=chair_cardiology)["active"] == 1


def test_ambassador_get_raises_404_outside_scope(other_ambassador, ambassador_record):
    with pytest.raises(Http404):
        ambassador_get(user=other_ambassador, ambassador_id=ambassador_record.pk)


def test_ambassador_for_user_finds_their_own_record(ambassador, ambassador_record):
    assert ambassador_for_user(user=ambassador) == ambassador_record


def test_search_matches_every_word(admin, ambassador, other_ambassador):
    assert [a.person.first_name for a in ambassador_list(user=admin, search="amy cardio")] == [
        "Amy"
    ]


def test_joined_date_requires_a_joined_status(cohort):
    with pytest.raises(IntegrityError):
        AmbassadorFactory(cohort=cohort, status="training", joined_on="2020-02-01")


def test_nomination_precedes_joining(cohort):
    with pytest.raises(IntegrityError):
        AmbassadorFactory(cohort=cohort, nominated_on="2021-01-01", joined_on="2020-02-01")
