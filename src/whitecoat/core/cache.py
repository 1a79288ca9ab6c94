"""Short-lived caching of figures that are costly to compute and change only when data
arrives (a sync, an import): the home pages' totals and the program reports.

At 2,000 ambassadors such a figure takes one to two seconds of database work; the pages
that show it are opened far more often than the figures change. FIGURES_CACHE_SECONDS
(default 120) bounds how old a shown figure may be; 0 turns the cache off.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache


def figures_cached[T](*, key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, reused for FIGURES_CACHE_SECONDS under `key`."""
    seconds = settings.FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    full_key = f"whitecoat:figures:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, seconds)
    return value
