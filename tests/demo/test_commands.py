"""The load_demo, demo_logins and remove_demo management commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import PersonFactory
from whitecoat.demo.services import demo_is_loaded
from whitecoat.metrics.models import MetricSnapshot, SocialAccount
from whitecoat.organizations.models import Person
from whitecoat.program.models import Ambassador


def run(name: str, *args: str, **options) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


def load_demo(*args: str) -> str:
    return run("load_demo", "--scale", "0.1", "--today", "2026-06-30", *args)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Person, Ambassador, SocialAccount, MetricSnapshot))


def test_load_demo_prints_a_summary(db):
    output = load_demo()

    assert "Demo program loaded" in output
    for word in ("entities:", "departments:", "people:", "ambassadors:", "snapshots:", "elapsed:"):
        assert word in output
    assert demo_is_loaded()


def test_load_demo_twice_leaves_counts_unchanged(db):
    load_demo()
    before = counts()

    output = load_demo()

    assert "Demo program already loaded (use --reset to rebuild it)" in output
    assert counts() == before


def test_load_demo_reset_rebuilds_it(db):
    load_demo()
    before = counts()

    output = load_demo("--reset")

    assert "Demo program loaded" in output
    assert counts() == before


def test_load_demo_dry_run_writes_nothing(db):
    output = load_demo("--dry-run")

    assert "Dry run" in output
    assert "snapshots:" in output
    assert counts() == (0, 0, 0, 0)
    assert not demo_is_loaded()


def test_load_demo_refuses_a_database_with_real_data(db):
    PersonFactory()

    with pytest.raises(CommandError, match="already holds program data"):
        load_demo()


def test_load_demo_rejects_a_malformed_date(db):
    with pytest.raises(CommandError, match="--today"):
        run("load_demo", "--today", "30/06/2026")


def test_demo_logins_lists_the_five_logins(db):
    load_demo()

    output = run("demo_logins")

    for username in ("admin", "chair", "ambassador", "leadership", "requester"):
        assert f"\n{username} " in output
    assert "Program admin" in output
    assert "open http://127.0.0.1:8000 and log in" in output


def test_demo_logins_says_when_the_demo_is_not_loaded(db):
    output = run("demo_logins")

    assert "not loaded" in output


def test_remove_demo_with_yes_empties_it(db):
    load_demo()

    output = run("remove_demo", "--yes")

    assert "removed" in output
    assert counts() == (0, 0, 0, 0)
    assert not demo_is_loaded()


def test_remove_demo_keeps_it_unless_confirmed(db, monkeypatch):
    load_demo()
    before = counts()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    output = run("remove_demo")

    assert "Nothing removed" in output
    assert counts() == before


def test_remove_demo_leaves_a_real_installation_alone(db):
    PersonFactory()

    output = run("remove_demo", "--no-input")

    assert "not loaded" in output
    assert Person.objects.count() == 1
