"""Compliance coach: identifier recall/precision and speed, against Microsoft Presidio.

Data: ../shared/data/phi/presidio_synth_dataset_v2.json (1,500 texts, see its README).
Presidio runs in its own environment (bash benchmarks/presidio_setup.sh) as a subprocess
on the same texts in the same run; without it, only our figures are printed.

How the types line up (the one table both systems are scored with):

| dataset span       | Presidio result                   | ours       | scored            |
|--------------------|-----------------------------------|------------|-------------------|
| PERSON             | PERSON                            | NAME       | yes               |
| DATE_TIME          | DATE_TIME                         | DATE       | not a bare year   |
| AGE                | (no recogniser)                   | AGE        | yes               |
| PHONE_NUMBER       | PHONE_NUMBER                      | PHONE, FAX | yes               |
| EMAIL_ADDRESS      | EMAIL_ADDRESS                     | EMAIL      | yes               |
| US_SSN             | US_SSN                            | SSN        | yes               |
| CREDIT_CARD        | CREDIT_CARD and every other code  | ID, MRN    | yes               |
| IBAN_CODE          |   recogniser (IBAN_CODE, US_*,    | ID, MRN    | yes               |
| US_DRIVER_LICENSE  |   MEDICAL_LICENSE, CRYPTO, …)     | ID, MRN    | yes               |
| DOMAIN_NAME        | URL                               | URL        | yes               |
| IP_ADDRESS         | IP_ADDRESS                        | IP         | yes               |
| STREET_ADDRESS     | LOCATION                          | ADDRESS    | yes               |
| GPE                | LOCATION                          | LOCATION   | not a country,    |
|                    |                                   |            | US state, continent |
| ZIP_CODE           | (no recogniser)                   | ZIP        | yes               |
| ORGANIZATION       | ORGANIZATION (dropped)            | (none)     | no                |
| TITLE, NRP         | NRP (dropped)                     | (none)     | no                |

"Not scored" spans are what HIPAA Safe Harbor does not count as identifiers (organisations,
job titles, nationalities, a year alone, a state or a country): missing one is no miss, and
a result that overlaps only such spans is neither right nor wrong. Both systems get the same
treatment; the "every span" line scores everything the dataset labels, for comparison.

Matching is by overlap: a labelled span is found when any result overlaps it; a result is
right when it overlaps a scored span. Per post: does the post hold an identifier at all.
Speed: the whole screen() (every rule, not only identifiers), one process, one thread.
Posts/s and p50/p95 are measured in the thread's CPU time, so other work on a shared
machine does not blur them; the wall-clock figures are printed beside them.
We develop on 4/5 of the set; the held-out fifth (every fifth text) is reported apart.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from whitecoat.screening.engine import Context, screen  # noqa: E402
from whitecoat.screening.engine.lexicon import REGIONS  # noqa: E402

DATASET = ROOT.parent / "shared" / "data" / "phi" / "presidio_synth_dataset_v2.json"
PRESIDIO_PYTHON = HERE / ".presidio-venv" / "bin" / "python"

GOLD_TYPES: dict[str, str] = {
    "PERSON": "NAME",
    "DATE_TIME": "DATE",
    "AGE": "AGE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "US_SSN": "SSN",
    "CREDIT_CARD": "ID",
    "IBAN_CODE": "ID",
    "US_DRIVER_LICENSE": "ID",
    "DOMAIN_NAME": "URL",
    "IP_ADDRESS": "IP",
    "STREET_ADDRESS": "ADDRESS",
    "GPE": "LOCATION",
    "ZIP_CODE": "ZIP",
}
NOT_IDENTIFIERS = {"ORGANIZATION", "TITLE", "NRP"}
PRESIDIO_TYPES: dict[str, str] = {
    "PERSON": "NAME",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "US_SSN": "SSN",
    "URL": "URL",
    "IP_ADDRESS": "IP",
    "LOCATION": "LOCATION",
}
PRESIDIO_IGNORED = {"NRP", "ORGANIZATION"}  # not identifiers: never counted as results
BARE_YEAR = re.compile(r"^(?:19|20)\d\d(?:'?s)?$")

Span = tuple[int, int, str]


def gold_spans(item: dict[str, object]) -> tuple[list[Span], list[Span], list[Span]]:
    """(scored, not scored, every span) for one text, in our type names."""
    scored: list[Span] = []
    ignored: list[Span] = []
    everything: list[Span] = []
    for span in item["spans"]:  # type: ignore[attr-defined]
        kind = span["entity_type"]
        value = span["entity_value"].strip()
        start, end = span["start_position"], span["end_position"]
        ours = GOLD_TYPES.get(kind, kind)
        everything.append((start, end, ours))
        if (
            kind in NOT_IDENTIFIERS
            or (kind == "DATE_TIME" and BARE_YEAR.match(value))
            or (kind == "GPE" and value.lower() in REGIONS)
        ):
            ignored.append((start, end, ours))
        else:
            scored.append((start, end, ours))
    return scored, ignored, everything


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(
    golds: list[tuple[list[Span], list[Span], list[Span]]],
    predictions: list[list[Span]],
    indexes: list[int],
    strict: bool = False,
) -> dict[str, object]:
    found = total = right = counted = 0
    post_tp = post_gold = post_pred = 0
    per_type: Counter[str] = Counter()
    per_type_found: Counter[str] = Counter()
    per_type_same: Counter[str] = Counter()
    for i in indexes:
        scored, ignored, everything = golds[i]
        if strict:
            scored, ignored = everything, []
        preds = predictions[i]
        for g in scored:
            total += 1
            per_type[g[2]] += 1
            hits = [p for p in preds if _overlaps(p, g)]
            if hits:
                found += 1
                per_type_found[g[2]] += 1
                if any(p[2] == g[2] or {p[2], g[2]} <= {"ID", "MRN"} for p in hits):
                    per_type_same[g[2]] += 1
        kept = 0
        for p in preds:
            if any(_overlaps(p, g) for g in scored):
                right += 1
                counted += 1
                kept += 1
            elif not any(_overlaps(p, g) for g in ignored):
                counted += 1
                kept += 1
        post_gold += bool(scored)
        post_pred += bool(kept)
        post_tp += bool(scored) and any(_overlaps(p, g) for p in preds for g in scored)
    return {
        "recall": found / total if total else 0.0,
        "precision": right / counted if counted else 0.0,
        "spans": total,
        "post_recall": post_tp / post_gold if post_gold else 0.0,
        "post_precision": post_tp / post_pred if post_pred else 0.0,
        "per_type": {
            t: (per_type_found[t] / n, per_type_same[t] / n, n) for t, n in sorted(per_type.items())
        },
    }


class Timing(NamedTuple):
    wall_ns: list[int]
    cpu_ns: list[int]
    wall_seconds: float


def run_ours(texts: list[str]) -> tuple[list[list[Span]], Timing]:
    context = Context()
    for text in texts[:20]:
        screen(text, context)
    predictions: list[list[Span]] = []
    # Three passes; the middle one by CPU time is reported.
    passes: list[Timing] = []
    for round_ in range(3):
        wall: list[int] = []
        cpu: list[int] = []
        started = time.perf_counter()
        for text in texts:
            t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
            result = screen(text, context)
            cpu.append(time.thread_time_ns() - c0)
            wall.append(time.perf_counter_ns() - t0)
            if round_ == 0:
                predictions.append(
                    [(f.start, f.end, f.type) for f in result.findings if f.is_identifier]
                )
        passes.append(Timing(wall, cpu, time.perf_counter() - started))
    passes.sort(key=lambda p: sum(p.cpu_ns))
    return predictions, passes[1]


def run_presidio() -> tuple[list[list[Span]] | None, Timing | None, str]:
    if not PRESIDIO_PYTHON.exists():
        return None, None, "not installed (run: bash benchmarks/presidio_setup.sh)"
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "presidio.json"
        proc = subprocess.run(
            [str(PRESIDIO_PYTHON), str(HERE / "presidio_run.py"), str(DATASET), str(out)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if proc.returncode != 0 or not out.exists():
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            return None, None, f"failed to run: {last}"
        data = json.loads(out.read_text())
    predictions = [
        [
            (int(s[0]), int(s[1]), PRESIDIO_TYPES.get(str(s[2]), "ID"))
            for s in spans
            if s[2] not in PRESIDIO_IGNORED
        ]
        for spans in data["spans"]
    ]
    timing = Timing(data["latencies_ns"], data["cpu_ns"], float(data["seconds"]))
    return predictions, timing, "presidio-analyzer 2.2.366 + spaCy 3.8 en_core_web_sm 3.8.0"


def _percentiles(values_ns: list[int]) -> tuple[float, float]:
    ms = sorted(v / 1e6 for v in values_ns)
    return statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.95))]


def _speed(timing: Timing) -> tuple[float, str]:
    """(posts per CPU second, the printed line)."""
    rate = len(timing.cpu_ns) / (sum(timing.cpu_ns) / 1e9)
    p50, p95 = _percentiles(timing.cpu_ns)
    w50, w95 = _percentiles(timing.wall_ns)
    wall_rate = len(timing.wall_ns) / timing.wall_seconds
    line = (
        f"{rate:,.0f} posts/s, p50 {p50:.2f} ms, p95 {p95:.2f} ms on one core (CPU time); "
        f"wall clock {wall_rate:,.0f} posts/s, p50 {w50:.2f} ms, p95 {w95:.2f} ms"
    )
    return rate, line


def _line(s: dict[str, object]) -> str:
    return (
        f"recall {s['recall']:.3f} / precision {s['precision']:.3f} over {s['spans']} spans; "
        f"per post recall {s['post_recall']:.3f} / precision {s['post_precision']:.3f}"
    )


def main() -> dict[str, str]:
    items = json.loads(DATASET.read_text(encoding="utf-8"))
    texts = [item["full_text"] for item in items]
    golds = [gold_spans(item) for item in items]
    everyone = list(range(len(items)))
    dev = [i for i in everyone if i % 5]
    held_out = [i for i in everyone if i % 5 == 0]

    ours, timing = run_ours(texts)
    rate, speed_line = _speed(timing)
    full = score(golds, ours, everyone)
    figures: dict[str, str] = {
        "data": f"{len(items)} texts, {full['spans']} scored identifier spans",
        "ours: any identifier": _line(full),
        "ours: held-out fifth": _line(score(golds, ours, held_out)),
        "ours: development 4/5": _line(score(golds, ours, dev)),
        "ours: every span counted": _line(score(golds, ours, everyone, strict=True)),
        "ours: speed": speed_line,
    }
    presidio, p_timing, label = run_presidio()
    p_full = score(golds, presidio, everyone) if presidio else None
    for kind, (found, same, n) in full["per_type"].items():  # type: ignore[attr-defined]
        line = f"ours {found:.3f} (same type {same:.3f})"
        if p_full:
            p_found, p_same, _n = p_full["per_type"][kind]  # type: ignore[index]
            line += f" | Presidio {p_found:.3f} (same type {p_same:.3f})"
        figures[f"recall {kind} ({n})"] = line
    if presidio and p_full and p_timing:
        p_rate, p_speed_line = _speed(p_timing)
        figures["Presidio"] = label
        figures["Presidio: any identifier"] = _line(p_full)
        figures["Presidio: held-out fifth"] = _line(score(golds, presidio, held_out))
        figures["Presidio: every span counted"] = _line(
            score(golds, presidio, everyone, strict=True)
        )
        figures["Presidio: speed"] = p_speed_line
        figures["speed ratio (ours / Presidio)"] = f"{rate / p_rate:,.1f}x"
    else:
        figures["Presidio"] = label
    return figures


def _by_type_misses() -> None:
    """Development aid: print missed and spurious spans on the development 4/5 only."""
    items = json.loads(DATASET.read_text(encoding="utf-8"))
    misses: dict[str, list[str]] = defaultdict(list)
    spurious: list[str] = []
    for i, item in enumerate(items):
        if i % 5 == 0:
            continue
        text = item["full_text"]
        scored, ignored, _ = gold_spans(item)
        preds = [(f.start, f.end, f.type) for f in screen(text).findings if f.is_identifier]
        for g in scored:
            if not any(_overlaps(p, g) for p in preds):
                misses[g[2]].append(
                    f"{text[g[0] : g[1]]!r} in {text[max(0, g[0] - 40) : g[1] + 20]!r}"
                )
        for p in preds:
            if not any(_overlaps(p, g) for g in scored + ignored):
                spurious.append(
                    f"{p[2]} {text[p[0] : p[1]]!r} in {text[max(0, p[0] - 40) : p[1] + 20]!r}"
                )
    for kind, values in misses.items():
        print(f"== missed {kind}: {len(values)}")
        print("\n".join(values[:40]))
    print(f"== spurious: {len(spurious)}")
    print("\n".join(spurious[:150]))


if __name__ == "__main__":
    if sys.argv[1:] == ["--misses"]:
        _by_type_misses()
    else:
        for key, value in main().items():
            print(f"{key}: {value}")
