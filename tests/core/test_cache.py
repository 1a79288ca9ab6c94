"""Figures are reused for FIGURES_CACHE_SECONDS, per key, and not at all with 0."""

from __future__ import annotations

import threading
import time

import pytest
import time_machine
from django.core.cache import cache

from tests.factories import SocialAccountFactory
from whitecoat.core.cache import figures_cached
from whitecoat.metrics.selectors import program_totals


@pytest.fixture
def cached(settings):
    settings.FIGURES_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_figures_cached_computes_once_per_key(cached):
    calls = []

    def compute():
        calls.append(1)
        return {"followers": 10}

    first = figures_cached(key="k", compute=compute)
    second = figures_cached(key="k", compute=compute)
    other = figures_cached(key="other", compute=compute)

    assert (first, second, other, len(calls)) == ({"followers": 10},) * 3 + (2,)


def test_figures_cached_with_zero_seconds_computes_every_time(settings):
    settings.FIGURES_CACHE_SECONDS = 0
    calls = []

    for _ in range(2):
        figures_cached(key="k", compute=lambda: calls.append(1))

    assert len(calls) == 2


def test_program_totals_are_shared_by_whoever_sees_everything_but_not_by_a_chair(
    cached, admin, leadership, chair_cardiology, ambassador_record
):
    SocialAccountFactory(ambassador=ambassador_record, handle="@cached_one")
    before_admin = program_totals(user=admin)
    chair_before = program_totals(user=chair_cardiology)

    SocialAccountFactory(ambassador=ambassador_record, handle="@cached_two")

    # Within the cache's lifetime the totals stay as computed, for every viewer who sees
    # the whole program; a chair's scoped totals are kept apart from them.
    assert program_totals(user=leadership) == before_admin
    assert program_totals(user=chair_cardiology) == chair_before
    cache.clear()
    assert program_totals(user=admin).accounts == before_admin.accounts + 1


def test_a_stale_figure_is_computed_again_by_the_next_request(cached, settings):
    settings.FIGURES_CACHE_SECONDS = 1
    values = iter([1, 2])

    with time_machine.travel(0, tick=False) as clock:
        first = figures_cached(key="k", compute=lambda: next(values))
        clock.shift(2)
        second = figures_cached(key="k", compute=lambda: next(values))

    assert (first, second) == (1, 2)


def test_while_one_request_computes_a_stale_figure_the_others_show_the_previous_one(cached):
    figures_cached(key="k", compute=lambda: "old")
    entry = cache.get("whitecoat:figures:k")
    cache.set("whitecoat:figures:k", (0.0, entry[1]))  # stale
    cache.add("whitecoat:figures:k:computing", 1)  # another request holds the right

    assert figures_cached(key="k", compute=lambda: "new") == "old"


def test_a_cold_figure_is_computed_once_for_requests_that_arrive_together(cached):
    calls = []
    started = threading.Event()

    def slow():
        calls.append(1)
        started.set()
        time.sleep(0.5)
        return "figure"

    results = []
    first = threading.Thread(target=lambda: results.append(figures_cached(key="k", compute=slow)))
    first.start()
    started.wait(5)
    others = [
        threading.Thread(target=lambda: results.append(figures_cached(key="k", compute=slow)))
        for _ in range(4)
    ]
    for thread in [*others]:
        thread.start()
    for thread in [first, *others]:
        thread.join(10)

    assert (results, len(calls)) == (["figure"] * 5, 1)


def test_a_failed_computation_lets_the_next_request_try(cached):
    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        figures_cached(key="k", compute=broken)

    assert figures_cached(key="k", compute=lambda: "figure") == "figure"
