"""Short-lived caching of figures that are costly to compute and change only when data
arrives (a sync, an import): the home pages' totals and the program reports.

At 2,000 ambassadors such a figure takes up to a few seconds of database work; the pages
that show it are opened far more often than the figures change. A figure older than
FIGURES_CACHE_SECONDS (default 120; 0 turns the cache off) is computed again by one
request while the others go on showing the previous one, so a busy page never makes
everyone wait, and a cold figure is computed once, not once per waiting request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

# A figure is kept this many times FIGURES_CACHE_SECONDS: long enough to be shown while it
# is being computed again, short enough that a page unvisited for a while starts afresh.
KEEP_FACTOR = 10
# How long one request may hold the right to compute a figure; after that (it died, or the
# computation is unusually slow) another request may compute it.
COMPUTE_LOCK_SECONDS = 60
WAIT_STEP_SECONDS = 0.05


def _full_key(key: str) -> str:
    return f"whitecoat:figures:{key}"


def _store(full_key: str, value: object, seconds: int) -> None:
    cache.set(full_key, (time.time() + seconds, value), seconds * KEEP_FACTOR)


def figures_recompute[T](*, key: str, compute: Callable[[], T]) -> T:
    """Compute the figure now and keep it as fresh: called when new data has arrived (a
    sync, an import), so that the first reader after it does not wait for it."""
    value = compute()
    seconds = settings.FIGURES_CACHE_SECONDS
    if seconds > 0:
        _store(_full_key(key), value, seconds)
    return value


def figures_cached[T](*, key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, reused for FIGURES_CACHE_SECONDS under `key`."""
    seconds = settings.FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    full_key = _full_key(key)
    lock_key = f"{full_key}:computing"
    entry: tuple[float, Any] | None = cache.get(full_key)
    if entry is not None and entry[0] > time.time():
        return entry[1]
    if cache.add(lock_key, 1, COMPUTE_LOCK_SECONDS):
        try:
            value = compute()
            _store(full_key, value, seconds)
            return value
        finally:
            cache.delete(lock_key)
    if entry is not None:
        return entry[1]  # another request is computing it again: show the previous figure
    # Nobody has it yet and another request is computing it: wait for that one.
    deadline = time.monotonic() + COMPUTE_LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        entry = cache.get(full_key)
        if entry is not None:
            return entry[1]
        if cache.get(lock_key) is None:
            break  # it gave up (an error): compute it here
    return compute()
