#!/usr/bin/env bash
# Build the load benchmark's own environment for Locust (never a project dependency).
#
#   bash benchmarks/locust_setup.sh        # once; `make bench` does it for you
#
# Everything comes from PyPI through pip, here and now; nothing downloads at run time.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.locust-venv"
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  # pyenv's shims exist even when their version is not selected: try each one for real.
  for candidate in python3.13 python3.12 python3; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; then
      PYTHON="$candidate"; break
    fi
  done
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "locust==2.47.0"
"$VENV/bin/locust" --version
