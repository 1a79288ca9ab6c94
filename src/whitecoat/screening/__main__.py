"""Screen posts from the command line, one JSON object a line:

    python -m whitecoat.screening < posts.jsonl > findings.jsonl

Input line:  {"id": "...", "text": "...", "context": {...}}   (context optional)
Output line: {"id": "...", "verdict": "...", "findings": [{"start", "end", "type", "rule",
             "severity", "message"}]}

A bad line is reported on stderr with its line number and skipped; the exit status is then
1. Needs no Django settings and no database.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from whitecoat.screening.engine import Context, ContextError, screen


class InputError(ValueError):
    pass


def _parse(line: str) -> tuple[object, str, Context]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object")
    post_id = data.get("id")
    if not isinstance(post_id, (str, int)) or isinstance(post_id, bool):
        raise InputError('"id" must be a string or a number')
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError('"text" must be a string')
    try:
        context = Context.from_dict(data.get("context"))
    except ContextError as error:
        raise InputError(str(error)) from None
    return post_id, text, context


def run(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    status = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            post_id, text, context = _parse(line)
        except InputError as error:
            print(f"line {number}: {error}", file=stderr)
            status = 1
            continue
        result = screen(text, context)
        stdout.write(json.dumps({"id": post_id, **result.as_dict()}, ensure_ascii=False) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m whitecoat.screening",
        description="Screen posts (JSON lines on stdin) against the guidelines; "
        "write one JSON line of findings per post on stdout.",
    )
    parser.parse_args(argv)
    # Surrogates or odd bytes in the input must not stop a batch.
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    try:
        return run(sys.stdin, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
