"""Large imports are committed by a worker (a django.tasks task) with their progress on the
import: queued from the page, run by `db_worker`, polled by htmx; all or nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.imports.conftest import FILES
from whitecoat.imports import services
from whitecoat.imports.enums import CommitStep, ImportState
from whitecoat.imports.models import Import, ImportChange
from whitecoat.imports.selectors import import_plan
from whitecoat.imports.services import (
    import_commit,
    import_commit_enqueue,
    import_commit_run,
    import_discard,
    import_undo,
    imports_recover,
)
from whitecoat.imports.tasks import import_commit_task
from whitecoat.metrics.models import MetricSnapshot, Post

NAME = "account_analytics_content_2026-07-01_2026-07-31.csv"
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def x_posts(rows: int, *, first: int = 0) -> bytes:
    """An X content export of `rows` posts of @dr_amy (the handle is in the links)."""
    lines = ["Post id,Date,Post text,Post Link,Impressions,Likes"]
    for i in range(first, first + rows):
        pid = 1_812_000_000_000_000_000 + i
        lines.append(
            f'{pid},"Tue, Jul 14, 2026",Post {i},https://x.com/dr_amy/status/{pid},{i * 3},{i % 50}'
        )
    return ("\n".join(lines) + "\n").encode()


ROWS = 100  # a "large" file, once the tests lower the size the page imports at once


@pytest.fixture(autouse=True)
def _small_thresholds(monkeypatch):
    """Imports above 40 rows go to a worker; progress is told every 40 rows."""
    from whitecoat.imports import selectors, views

    monkeypatch.setattr(services, "INLINE_ROWS", 40)
    monkeypatch.setattr(views, "INLINE_ROWS", 40)
    monkeypatch.setattr(selectors, "CHUNK", 40)


@pytest.fixture
def big(upload, amy_x):
    """An upload above the size the page imports in the request."""
    return upload(NAME, x_posts(ROWS))


def _press_import(client, record):
    return client.post(reverse("imports:commit", args=[record.pk]), {"format": record.format})


def test_a_large_file_is_queued_for_a_worker_not_written_in_the_request(
    client, admin, big, django_capture_on_commit_callbacks
):
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = _press_import(client, big)

    assert response["Location"] == reverse("imports:detail", args=[big.pk])
    big.refresh_from_db()
    assert (big.state, big.progress_step, big.progress_total) == (
        ImportState.COMMITTING,
        CommitStep.QUEUED,
        ROWS,
    )
    assert big.committed_by == admin and big.committed_at is None
    assert Post.objects.count() == 0
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "whitecoat.imports.tasks.import_commit_task"
    assert queued.args_kwargs == {"args": [big.pk], "kwargs": {}}


def test_a_small_file_is_still_imported_in_the_request(client, admin, upload, amy_x):
    record = upload(NAME, x_posts(3))
    client.force_login(admin)

    _press_import(client, record)

    record.refresh_from_db()
    assert (record.state, record.posts_created) == (ImportState.COMMITTED, 3)
    assert not DBTaskResult.objects.exists()


# The worker closes the database connection between tasks, which would end the test's own
# transaction on PostgreSQL: this test commits for real, and pytest-django flushes after.
@pytest.mark.django_db(transaction=True)
def test_the_worker_commits_the_queued_import_with_its_progress(client, admin, big):
    client.force_login(admin)
    _press_import(client, big)  # no test transaction: the task is queued on commit

    # A real worker, as `make run` starts one: it runs what is queued, then stops.
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    big.refresh_from_db()
    rows = ROWS
    assert (big.state, big.posts_created, big.rows_read) == (ImportState.COMMITTED, rows, rows)
    assert (big.progress_step, big.progress_done, big.progress_total) == ("", rows, rows)
    assert big.committed_by == admin and big.committed_at is not None
    assert Post.objects.filter(account__handle="@dr_amy").count() == rows
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_progress_moves_through_every_step_to_the_total(big, admin, monkeypatch):
    seen: list[tuple[str, int, int]] = []
    recorder = services._progress_recorder

    def spy(import_id):
        report = recorder(import_id)

        def both(step, done, total):
            seen.append((step, done, total))
            report(step, done, total)
            stored = Import.objects.get(pk=import_id)
            assert (stored.progress_step, stored.progress_done) == (step, min(done, total))

        return both

    monkeypatch.setattr(services, "_progress_recorder", spy)
    rows = ROWS
    import_commit_enqueue(record=big, by=admin, rows=rows)

    assert import_commit_task.call(big.pk) == ImportState.COMMITTED

    steps = [step for step, _, _ in seen]
    assert steps[0] == CommitStep.READING
    checking = [(done, total) for step, done, total in seen if step == CommitStep.CHECKING]
    assert checking == [(40, rows), (80, rows), (rows, rows)]  # every CHUNK rows, then all
    assert (CommitStep.WRITING, 0, rows) in seen
    assert {CommitStep.SCREENING, CommitStep.ANALYSING} <= set(steps)
    screened = [(d, t) for s, d, t in seen if s == CommitStep.SCREENING and t]
    assert screened[-1] == (rows, rows)


def test_the_page_polls_the_progress_and_reloads_when_done(client, admin, big):
    import_commit_enqueue(record=big, by=admin, rows=ROWS)
    client.force_login(admin)
    page_url = reverse("imports:detail", args=[big.pk])

    page = client.get(page_url).content.decode()
    poll = client.get(page_url, {"progress": "committing"}, headers={"HX-Request": "true"})

    assert f'hx-get="{page_url}?progress=committing"' in page
    assert 'hx-trigger="every 2s"' in page
    assert f'<a href="{page_url}">Refresh this page</a>' in page  # without JavaScript
    assert "Waiting for a worker" in page and ": 100 rows" in page
    assert "Undo this import" not in page
    assert "<html" not in poll.text and "Waiting for a worker" in poll.text
    Import.objects.filter(pk=big.pk).update(
        progress_step=CommitStep.CHECKING, progress_done=1000, progress_total=2500
    )
    moving = client.get(page_url, {"progress": "committing"}, headers={"HX-Request": "true"})
    assert "1,000 of 2,500 rows (40 %)" in moving.text
    assert '<progress max="2500" value="1000"' in moving.text
    Import.objects.filter(pk=big.pk).update(progress_step=CommitStep.QUEUED, progress_done=0)

    import_commit_task.call(big.pk)
    done = client.get(page_url, {"progress": "committing"}, headers={"HX-Request": "true"})

    assert done.headers["HX-Refresh"] == "true"
    result = client.get(page_url).content.decode()
    assert "Undo this import" in result and "hx-trigger" not in result


def test_a_failure_mid_commit_leaves_nothing_partial_and_shows_why(
    client, admin, upload, amy_x, monkeypatch
):
    earlier = import_commit(record=upload(NAME, x_posts(5)), by=admin)
    before_posts = list(Post.objects.order_by("pk").values())
    before_days = list(MetricSnapshot.objects.order_by("pk").values())
    record = upload(NAME, x_posts(ROWS))  # overlaps the first 5 posts
    import_commit_enqueue(record=record, by=admin, rows=ROWS)
    written = []

    def fail_after_the_posts(*args, **kwargs):
        written.append(Post.objects.count())  # the posts are in, inside the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(ImportChange.objects, "bulk_create", fail_after_the_posts)

    import_commit_task.call(record.pk)

    record.refresh_from_db()
    assert written == [ROWS]
    assert record.state == ImportState.UPLOADED
    assert record.commit_error.startswith(
        "The import stopped on an unexpected error (RuntimeError)"
    )
    assert (record.progress_step, record.committed_at) == ("", None)
    assert list(Post.objects.order_by("pk").values()) == before_posts
    assert list(MetricSnapshot.objects.order_by("pk").values()) == before_days
    earlier.refresh_from_db()
    assert earlier.state == ImportState.COMMITTED
    client.force_login(admin)
    preview = client.get(reverse("imports:detail", args=[record.pk])).content.decode()
    assert "The last attempt to import this file failed: The import stopped on an unexpected" in (
        preview
    )
    assert 'formaction="/imports/' in preview  # it can be imported again


def test_a_refused_commit_gives_the_reason_and_writes_nothing(admin, upload, amy_x):
    record = upload(NAME, x_posts(ROWS))
    import_commit_enqueue(record=record, by=admin, rows=ROWS)
    # Meanwhile the file came to be read as another format, in which its rows are errors.
    Import.objects.filter(pk=record.pk).update(format="tiktok_overview")

    import_commit_run(import_id=record.pk)

    record.refresh_from_db()
    assert record.state == ImportState.UPLOADED
    assert "Nothing was imported" in record.commit_error
    assert Post.objects.count() == 0


def test_the_task_twice_commits_once(admin, big):
    import_commit_enqueue(record=big, by=admin, rows=ROWS)

    first = import_commit_task.call(big.pk)
    second = import_commit_task.call(big.pk)

    assert (first, second) == (ImportState.COMMITTED, ImportState.COMMITTED)
    assert Post.objects.count() == ROWS
    assert ImportChange.objects.filter(batch=big).count() == 1


def test_importing_again_while_queued_is_refused(client, admin, big):
    import_commit_enqueue(record=big, by=admin, rows=ROWS)
    client.force_login(admin)

    response = _press_import(client, big)

    assert response.status_code == 302
    with pytest.raises(Exception, match="being imported"):
        import_commit_enqueue(record=big, by=admin, rows=ROWS)
    with pytest.raises(Exception, match="being imported"):
        import_discard(record=big, by=admin)
    assert DBTaskResult.objects.count() == 0 and Import.objects.filter(pk=big.pk).exists()


def test_undo_works_after_a_worker_committed(admin, big):
    import_commit_enqueue(record=big, by=admin, rows=ROWS)
    import_commit_task.call(big.pk)
    big.refresh_from_db()

    import_undo(record=big, by=admin)

    big.refresh_from_db()
    assert big.state == ImportState.UNDONE
    assert Post.objects.count() == 0


def test_a_large_file_with_a_profile_left_to_choose_is_refused_before_queueing(
    client, admin, upload, amy_x
):
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(ROWS)]
    rows = b"".join(f"{day:%Y-%m-%d},7,1,1,1\n".encode() for day in days)
    record = upload("Overview.csv", b"Date,Video Views,Likes,Comments,Shares\n" + rows)
    assert import_plan(record=record).unresolved
    client.force_login(admin)

    response = _press_import(client, record)

    assert response.status_code == 409
    assert "Choose the account for" in response.text
    record.refresh_from_db()
    assert record.state == ImportState.UPLOADED and not DBTaskResult.objects.exists()


def test_a_commit_no_worker_took_is_given_back_after_its_lease(admin, big):
    import_commit_enqueue(record=big, by=admin, rows=ROWS)
    later = timezone.now() + dt.timedelta(seconds=services.COMMIT_TIMEOUT + 60)

    assert imports_recover(now=timezone.now()) == 0
    assert imports_recover(now=later) == 1

    big.refresh_from_db()
    assert big.state == ImportState.UPLOADED
    assert big.commit_error.startswith("No worker started the import within 30 minutes.")
    # When a worker finally runs the old task, it finds nothing to do.
    assert import_commit_task.call(big.pk) == ImportState.UPLOADED
    assert Post.objects.count() == 0


def test_run_periodic_gives_back_stale_commits(admin, big):
    import_commit_enqueue(record=big, by=admin, rows=ROWS)
    Import.objects.filter(pk=big.pk).update(
        progress_step=CommitStep.WRITING,
        updated_at=timezone.now() - dt.timedelta(seconds=services.COMMIT_TIMEOUT + 60),
    )
    out = StringIO()

    call_command("run_periodic", stdout=out)

    big.refresh_from_db()
    assert big.commit_error.startswith("The import was interrupted (its worker stopped)")
    assert "Gave back 1 import(s) whose worker stopped: nothing of them was written." in (
        out.getvalue()
    )


def test_import_file_prints_the_progress_of_the_commit(admin, amy_x, tmp_path):
    path = tmp_path / NAME
    path.write_bytes(x_posts(ROWS))
    out = StringIO()

    call_command("import_file", str(path), "--user", admin.username, stdout=out)

    lines = out.getvalue().splitlines()
    assert "  Checking the rows against the figures already recorded: 40/100 (40 %)" in lines
    assert "Writing the rows, all in one transaction… 100 rows" in lines
    assert "  Screening the new posts: 100/100 (100 %)" in lines
    assert lines[-1].startswith("Imported as import ")
    assert Post.objects.count() == ROWS


def test_the_default_threshold_queues_a_file_of_2500_rows(
    client, admin, upload, amy_x, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.undo()  # the page's own threshold
    record = upload(NAME, x_posts(2500))
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        _press_import(client, record)

    record.refresh_from_db()
    assert (record.state, record.progress_total) == (ImportState.COMMITTING, 2500)
    assert DBTaskResult.objects.count() == 1 and Post.objects.count() == 0


@pytest.mark.parametrize("persona", ["leadership", "chair_cardiology", "ambassador"])
def test_the_progress_poll_is_for_admins_only(client, personas, admin, big, persona):
    import_commit_enqueue(record=big, by=admin, rows=ROWS)
    client.force_login(personas[persona])

    response = client.get(reverse("imports:detail", args=[big.pk]), {"progress": "committing"})

    assert response.status_code == 403


def test_sample_file_stays_inline(client, admin, amy_x, amy_instagram):
    client.force_login(admin)
    with open(FILES / "sprout_profile_performance.csv", "rb") as handle:
        client.post(reverse("imports:index"), {"file": handle})
    record = Import.objects.get()

    _press_import(client, record)

    record.refresh_from_db()
    assert record.state == ImportState.COMMITTED


def test_api_hands_a_large_file_to_a_worker_and_reports_its_progress(
    admin, big, django_capture_on_commit_callbacks
):
    from tests.imports.test_api import _client

    api = _client(admin)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.post(f"/api/v1/imports/{big.pk}/commit", {}, content_type="application/json")
    waiting = api.get(f"/api/v1/imports/{big.pk}/progress").json()
    import_commit_task.call(big.pk)
    done = api.get(f"/api/v1/imports/{big.pk}/progress").json()

    assert accepted.status_code == 202
    assert accepted.json()["state"] == "committing"
    assert waiting["progress"] == {
        "step": "queued",
        "label": "Waiting for a worker",
        "done": 0,
        "total": ROWS,
        "busy": True,
    }
    assert (done["state"], done["progress"]["busy"], done["commit_error"]) == (
        "committed",
        False,
        "",
    )
    assert done["progress"]["done"] == done["progress"]["total"] == ROWS
