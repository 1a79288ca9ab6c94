"""Run every `benchmarks/bench_*.py` module's `main()` and print its figures.

    .venv/bin/python -m benchmarks          # all of them
    .venv/bin/python -m benchmarks demo     # only bench_demo

Django is set up here on a throwaway SQLite database in a temporary directory, so a
benchmark never touches var/whitecoat.sqlite3 nor a DATABASE_URL set in the shell.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def django_setup(var_dir: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    # Both must be set before settings are read: they choose the database file.
    os.environ["WHITECOAT_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "whitecoat.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def bench_names(selected: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected or n in selected]
    return names


def main(argv: list[str]) -> int:
    names = bench_names(argv)
    if not names:
        print(f"No benchmark matches {' '.join(argv)}.")
        return 1
    with tempfile.TemporaryDirectory(prefix="whitecoat-bench-") as var_dir:
        started = time.perf_counter()
        django_setup(var_dir)
        print(
            f"Throwaway SQLite database under {var_dir} (migrated in "
            f"{time.perf_counter() - started:.1f} s)"
        )
        for name in names:
            module = importlib.import_module(f"benchmarks.{name}")
            print(f"\n{name}: {(module.__doc__ or '').strip().splitlines()[0]}")
            figures = module.main()
            width = max((len(key) for key in figures), default=0)
            for key, value in figures.items():
                print(f"  {key.ljust(width)}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
