"""Engine overhead: `echoassist ask`'s generation path against bare llama-cpp-python.

Both run on the same loaded model, prompt, threads, sampling and token budget, alternating, with
the KV cache reset before every run so neither profits from the other's prefix. Also prints the
decode rate against the memory-bandwidth limit (every weight is read once per token).

    .venv/bin/python benchmarks/engine.py [--model NAME|PATH] [--threads N] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from rich.console import Console
from rich.table import Table

from echoassist.answer import pipeline
from echoassist.config import Settings
from echoassist.engine import GenerationStats, load_engine
from echoassist.models.registry import resolve_model

QUESTION = "What does a prolonged QT interval indicate?"


def bare_run(llm, messages, max_tokens: int) -> tuple[float, float, int]:
    llm.reset()
    started = time.perf_counter()
    first = 0.0
    tokens = 0
    for chunk in llm.create_chat_completion(
        messages=messages, max_tokens=max_tokens, temperature=0.0, stream=True, seed=1
    ):
        if chunk["choices"][0]["delta"].get("content"):
            tokens += 1
            if tokens == 1:
                first = time.perf_counter() - started
    total = time.perf_counter() - started
    return first, (tokens - 1) / (total - first) if tokens > 1 else 0.0, tokens


def echoassist_run(engine, settings: Settings, max_tokens: int) -> tuple[float, float, int]:
    engine.llm.reset()
    started = time.perf_counter()
    prepared = pipeline.prepare(QUESTION, engine, settings=settings, retriever=None)
    stats = GenerationStats()
    for _ in pipeline.stream(prepared, engine, settings=settings, stats=stats,
                             max_tokens=max_tokens):
        pass
    total = time.perf_counter() - started
    first = total - stats.total_s + stats.time_to_first_token_s
    decode = (stats.completion_tokens - 1) / (total - first) if stats.completion_tokens > 1 else 0
    return first, decode, stats.completion_tokens


def copy_bandwidth_gbs(size_mb: int = 256, repeats: int = 5) -> float:
    source = np.ones(size_mb * 1024 * 1024 // 8)
    target = np.empty_like(source)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        np.copyto(target, source)
        best = min(best, time.perf_counter() - started)
    return 2 * source.nbytes / best / 1e9  # read + write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=64)
    args = parser.parse_args()
    settings = Settings(temperature=0.0)
    threads = args.threads or settings.threads
    entry = resolve_model(args.model, settings.model)
    engine = load_engine(entry, threads=threads, max_context=2048)
    prepared = pipeline.prepare(QUESTION, engine, settings=settings, retriever=None)
    messages = prepared.messages

    bare, ours = [], []
    for _ in range(args.runs):
        bare.append(bare_run(engine.llm, messages, args.max_tokens))
        ours.append(echoassist_run(engine, settings, args.max_tokens))
    med = lambda rows, i: statistics.median(r[i] for r in rows)  # noqa: E731

    table = Table(
        title=f"engine: {entry.name} ({entry.quantization}), {threads} thread(s), "
        f"{args.runs} runs, medians"
    )
    for column in ("path", "time to first token (ms)", "decode tok/s", "tokens"):
        table.add_column(column, justify="right")
    table.add_row(
        "bare llama-cpp-python",
        f"{med(bare, 0) * 1000:.0f}",
        f"{med(bare, 1):.1f}",
        f"{med(bare, 2):.0f}",
    )
    table.add_row(
        "echoassist ask path",
        f"{med(ours, 0) * 1000:.0f}",
        f"{med(ours, 1):.1f}",
        f"{med(ours, 2):.0f}",
    )
    table.add_row(
        "ratio (ours / bare)",
        f"{med(ours, 0) / med(bare, 0):.3f}",
        f"{med(ours, 1) / med(bare, 1):.3f}  (target >= 0.97)",
        "",
    )
    console = Console()
    console.print(table)

    bandwidth = copy_bandwidth_gbs()
    limit = bandwidth * 1e9 / entry.size_bytes
    console.print(
        f"memory copy bandwidth {bandwidth:.1f} GB/s; model {entry.size_bytes / 1e6:.0f} "
        f"MB per token -> bandwidth limit {limit:.0f} tok/s; measured decode "
        f"{med(ours, 1):.1f} tok/s = {med(ours, 1) / limit:.2f} of the limit"
    )


if __name__ == "__main__":
    main()
