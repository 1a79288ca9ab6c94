"""Department B's people and accounts never reach department A's nominator or A's ambassador:
not through a list, an export, the live search, an API filter or an ID typed into a URL.

Each request's whole body is searched (CSV and XLSX exports cell by cell) for the texts that
name B's people and accounts (world.B_MARKERS). The first test shows the same requests made
by an admin do name them, so an empty or broken page cannot pass for a safe one.

The leaderboard is the one place that names every ranked ambassador to program members, by
design (it is a ranking); what it must not show is other ambassadors' figures when the
program hides them — the last test.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.bodies import text_of
from tests.security.conftest import client_for
from tests.security.world import B_MARKERS, FOLLOWERS, World
from whitecoat.leaderboard.models import ScoreSettings

HTMX = {"HX-Request": "true"}

# (path, whether it is htmx's live-search partial). "{x}" is world object x's primary key.
LISTS = [
    ("/", False),
    ("/ambassadors/", False),
    ("/ambassadors/?format=csv", False),
    ("/ambassadors/?q=Quixotic", True),
    ("/ambassadors/?q=neurology", True),
    ("/ambassadors/?department={dept_b}", False),
    ("/ambassadors/?department={dept_b}&format=csv", False),
    ("/people/", False),
    ("/people/?format=csv", False),
    ("/people/?q=Zephyrine", True),
    ("/people/?department={dept_b}&format=csv", False),
    ("/social-accounts/", False),
    ("/social-accounts/?format=csv", False),
    ("/social-accounts/?q=neuro", True),
    ("/social-accounts/?owner=institutional&format=csv", False),
    ("/nominations/?show=all", False),
    ("/consultations/", False),
    ("/training/sessions/", False),
    ("/training/sessions/calendar/", False),
    ("/training/policy-versions/{version}/", False),
    ("/content/requests/?show=all", False),
    ("/content/kits/", False),
    ("/governance/registry/", False),
    ("/governance/registry/?format=csv", False),
    ("/governance/registry/?q=neuro", True),
    ("/governance/registry/?department={dept_b}&format=csv", False),
    ("/governance/requests/?show=", False),
    ("/governance/mine/", False),
    ("/screening/coaching/", False),
    ("/content/mine/", False),
    ("/connections/runs/{run_a}/", False),
]
API_LISTS = [
    "/api/v1/people",
    "/api/v1/people?department={dept_b}",
    "/api/v1/people?q=Zephyrine",
    "/api/v1/ambassadors",
    "/api/v1/ambassadors?department={dept_b}",
    "/api/v1/ambassadors?q=Quixotic",
    "/api/v1/ambassadors?cohort={cohort}&page_size=100",
    "/api/v1/accounts",
    "/api/v1/accounts?department={dept_b}",
    "/api/v1/accounts?ambassador={amb_b}",
    "/api/v1/accounts?institutional=true",
    "/api/v1/accounts?q=neuro",
    "/api/v1/nominations",
    "/api/v1/consultations",
    "/api/v1/sync-runs",
    "/api/v1/training/sessions",
    "/api/v1/training/progress?ambassador={amb_b}",
    "/api/v1/content/amplification-requests?show=all",
    "/api/v1/content/kits?show=all",
    "/api/v1/content/mine",
    "/api/v1/governance/registry",
    "/api/v1/governance/registry?department={dept_b}",
    "/api/v1/governance/registry?q=neuro",
    "/api/v1/governance/requests",
]
# B's objects named by id in the URL: each must answer as if it did not exist.
B_DETAILS = [
    "/ambassadors/{amb_b}/",
    "/training/ambassadors/{amb_b}/",
    "/nominations/{nom_b}/",
    "/consultations/{cons_b}/",
    "/training/sessions/{session_b}/",
    "/training/sessions/{session_b}/invite.ics",
    "/connections/accounts/{acct_b}/",
    "/connections/runs/{run_b}/",
    "/content/requests/{amp_b}/",
    "/content/kits/{kit_b}/",
    "/content/kits/{kit_b}/image/",
    "/governance/registry/{entry_b}/",
    "/governance/requests/{areq_b}/",
    "/api/v1/ambassadors/{amb_b}",
    "/api/v1/ambassadors/{amb_b}/history",
    "/api/v1/nominations/{nom_b}",
    "/api/v1/sync-runs/{run_b}",
    "/api/v1/content/amplification-requests/{amp_b}",
    "/api/v1/content/kits/{kit_b}",
    "/api/v1/governance/registry/{entry_b}",
    "/api/v1/governance/requests/{areq_b}",
]
VIEWERS = ["nominator_a", "ambassador"]


def _path(world: World, template: str) -> str:
    return template.format(**{name: obj.pk for name, obj in world.objects.items()})


def _get(world: World, role: str, template: str, htmx: bool = False) -> Any:
    return client_for(world, role).get(_path(world, template), headers=HTMX if htmx else {})


def _leaks(text: str) -> list[str]:
    return [marker for marker in B_MARKERS if marker.lower() in text.lower()]


def test_leaks_markers_are_found_where_they_belong(world: World, db: None) -> None:
    seen = " ".join(
        text_of(_get(world, "admin", path))
        for path in ("/ambassadors/?format=csv", "/people/?format=csv", "/api/v1/accounts")
    )
    seen += text_of(_get(world, "admin", "/nominations/?show=all"))
    seen += text_of(_get(world, "nominator_b", "/people/?format=csv"))

    assert _leaks(seen) == list(B_MARKERS)


@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize(("template", "htmx"), LISTS)
def test_leaks_none_in_lists_exports_and_search(
    world: World, db: None, role: str, template: str, htmx: bool
) -> None:
    response = _get(world, role, template, htmx)

    assert response.status_code in (200, 403, 404), response.status_code
    assert _leaks(text_of(response)) == []


@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize("template", API_LISTS)
def test_leaks_none_in_api_lists_and_filters(
    world: World, db: None, role: str, template: str
) -> None:
    response = _get(world, role, template)

    assert response.status_code in (200, 403, 404), response.status_code
    assert _leaks(text_of(response)) == []


@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize("template", B_DETAILS)
def test_leaks_none_through_ids_in_urls(world: World, db: None, role: str, template: str) -> None:
    response = _get(world, role, template)

    assert response.status_code == 404
    assert _leaks(text_of(response)) == []


def test_leaks_own_department_still_listed(world: World, db: None) -> None:
    # The filters above did not simply empty the lists.
    chair = text_of(_get(world, "nominator_a", "/ambassadors/?format=csv"))
    own = text_of(_get(world, "ambassador", "/api/v1/accounts"))

    assert ("Aorta" in chair, "@cardio_a_amy" in own) == (True, True)


@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_leaks_no_hidden_leaderboard_figures(
    world: World, db: None, role: str, export: str
) -> None:
    ScoreSettings.objects.update_or_create(pk=1, defaults={"ambassadors_see_figures": False})
    figure = f"{FOLLOWERS['acct_b']}"
    shown = text_of(_get(world, "admin", f"/leaderboard/?format={export}"))

    seen = text_of(_get(world, role, f"/leaderboard/?format={export}"))

    assert (figure in shown.replace(",", ""), figure in seen.replace(",", "")) == (True, False)
