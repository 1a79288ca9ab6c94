"""Background jobs: thin interfaces that take ids and call a service."""

from __future__ import annotations

from django.tasks import task

from whitecoat.imports.services import import_commit_run


@task
def import_commit_task(import_id: int) -> str:
    """Commit a queued import (a large file); its page shows the progress meanwhile."""
    record = import_commit_run(import_id=import_id)
    return record.state if record is not None else "gone"
