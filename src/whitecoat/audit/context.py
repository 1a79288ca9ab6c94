"""Where a change came from, when no signed-in user made it (no Django imports).

The audit trail records the user of the request when there is one. Everything else names
its source: an explicit `audit_source("…")` block, the task a worker is running, the
management command the process runs, or "" (shown as "system").
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import PurePath

_source: ContextVar[str] = ContextVar("audit_source", default="")
_task: ContextVar[str] = ContextVar("audit_task", default="")
_paused: ContextVar[bool] = ContextVar("audit_paused", default=False)

COMMAND_RUNNERS = {"manage.py", "django-admin"}


@contextmanager
def audit_source(text: str) -> Iterator[None]:
    """Record `text` as the source of every change made inside the block."""
    token = _source.set(text)
    try:
        yield
    finally:
        _source.reset(token)


@contextmanager
def audit_paused() -> Iterator[None]:
    """Write no history inside the block. Only for data that is not the program's own (the
    labelled demo): every use says why."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def audit_is_paused() -> bool:
    return _paused.get()


def task_begin(name: str) -> None:
    _task.set(name)


def task_end() -> None:
    _task.set("")


def command_name(argv: list[str] | None = None) -> str:
    """The management command this process runs (`manage.py load_demo` → "load_demo")."""
    argv = sys.argv if argv is None else argv
    if len(argv) >= 2 and PurePath(argv[0]).name in COMMAND_RUNNERS:
        return argv[1]
    return ""


def source_current(*, request_line: str = "") -> str:
    """The source of a change: an explicit block, a task, the request, then the command."""
    if explicit := _source.get():
        return explicit
    if task := _task.get():
        return f"task {task}"
    if request_line:
        return request_line
    if command := command_name():
        return f"command {command}"
    return ""
