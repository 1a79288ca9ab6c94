"""`python -m whitecoat.screening`: JSON lines in, JSON lines out, clean errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(stdin: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-m", "whitecoat.screening"],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_cli_screens_each_line_without_django() -> None:
    posts = [
        {"id": "a", "text": "My patient in bed 4 today, John Kowalski."},
        {"id": 7, "text": "Key takeaways from #ASCO24."},
        {
            "id": "c",
            "text": "Beach day with my kids!",
            "context": {"account": "professional", "bio": "Cardiologist. Views my own."},
        },
    ]

    proc = _run("".join(json.dumps(p) + "\n" for p in posts))

    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert (proc.returncode, proc.stderr) == (0, "")
    assert [(line["id"], line["verdict"]) for line in lines] == [
        ("a", "block"),
        (7, "ok"),
        ("c", "tip"),
    ]
    assert set(lines[0]["findings"][0]) == {"start", "end", "type", "rule", "severity", "message"}


def test_cli_reports_bad_lines_by_number_and_exits_non_zero() -> None:
    stdin = "\n".join(
        [
            '{"id": "ok", "text": "Hello"}',
            "not json",
            '{"id": "x"}',
            "[1, 2]",
            '{"id": "y", "text": "Hi", "context": {"media": [{"exif_gps": "north"}]}}',
            "",
            '{"id": "last", "text": "Bye"}',
        ]
    )

    proc = _run(stdin + "\n")

    assert proc.returncode == 1
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["ok", "last"]
    assert [line.split(":")[0] for line in proc.stderr.splitlines()] == [
        "line 2",
        "line 3",
        "line 4",
        "line 5",
    ]
    assert "Traceback" not in proc.stderr


def test_cli_output_never_repeats_the_identifier() -> None:
    proc = _run(json.dumps({"id": "1", "text": "SSN 078-05-1120, MRN 99887766"}) + "\n")

    assert "078-05-1120" not in proc.stdout
    assert "99887766" not in proc.stdout
