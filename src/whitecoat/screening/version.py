"""The rules version: a digest of the engine's code, rules and word lists (no Django).

Any change to what the engine can find (a rule, a regular expression, a name list) changes
the version, so `posts_screen_pending` re-screens the posts screened by an older engine
without anyone having to remember to bump a number.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

ENGINE_DIR = Path(__file__).resolve().parent / "engine"
# The files that decide what is found; the lexicon build script and licences do not.
PATTERNS = ("*.py", "data/*.txt")


@functools.cache
def rules_version() -> str:
    """12 hex digits of SHA-256 over the engine's files, in a stable order."""
    digest = hashlib.sha256()
    files = sorted({path for pattern in PATTERNS for path in ENGINE_DIR.glob(pattern)})
    for path in files:
        digest.update(path.relative_to(ENGINE_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]
