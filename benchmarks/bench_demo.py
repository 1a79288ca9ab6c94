"""Full-scale demo program: the pure plan, then the database load.

Runs on a fixed `today` so the figures stay comparable from one run to the next.
"""

from __future__ import annotations

import datetime as dt
import time

from whitecoat.demo.plan import DEFAULT_SEED, account_series, demo_plan_build
from whitecoat.demo.services import demo_is_loaded, demo_load, demo_remove

TODAY = dt.date(2026, 6, 30)


def main() -> dict[str, str]:
    started = time.perf_counter()
    plan = demo_plan_build(seed=DEFAULT_SEED, today=TODAY)
    structure = time.perf_counter() - started
    # Every daily row as the loader generates it, without a database.
    days = sum(1 for account in plan.accounts for _ in account_series(account))
    planned = time.perf_counter() - started

    if demo_is_loaded():
        demo_remove()
    summary = demo_load(seed=DEFAULT_SEED, today=TODAY)
    rows = (
        summary.entities
        + summary.departments
        + summary.people
        + summary.cohorts
        + summary.ambassadors
        + summary.accounts
        + summary.snapshots
        + summary.logins
    )
    return {
        "plan, structure only": f"{structure:.3f} s",
        "plan, with every daily row": (
            f"{planned:.2f} s ({days:,} rows, {days / planned:,.0f} rows/s)"
        ),
        "database load (demo_load)": f"{summary.seconds:.2f} s",
        "rows written": f"{rows:,} ({summary.snapshots:,} snapshots)",
        "rows per second": f"{rows / summary.seconds:,.0f}",
    }
