"""Synthetic-QA throughput (pairs/min) with the default local model as the teacher.

`echoassist-train synth-qa`'s own code (training.synth_qa with a GGUFTeacher: JSON-schema
grammar, parsing, the four filters, a resumable JSONL) against bare llama-cpp-python making the
same constrained completions of the same prompts on the same loaded model. The ratio is what
the pipeline adds; the pairs kept per minute is what a user waits for.

--served adds the served-teacher path: the same model behind llama.cpp's OpenAI-compatible
server (training.teacher_server) on loopback, synth-qa at concurrency 1, 2 and 4, each from an
empty output file, with pairs/min, the ratio to the in-process engine, and a check that every
chunk was answered exactly once. llama.cpp's server decodes one request at a time, so on a
small CPU concurrency buys little; a vLLM server batches what is in flight.

    .venv/bin/python benchmarks/synth_qa.py [--chunks 8] [--model NAME|PATH] [--threads N]
                                            [--served] [--no-bare] [--concurrency 1 2 4]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from itertools import islice
from pathlib import Path

from rich.console import Console
from rich.table import Table

from echoassist.config import Settings
from echoassist.models.registry import resolve_model
from echoassist.offline import set_offline_env
from training.synth_qa import (
    PROMPT_FILE,
    GGUFTeacher,
    HTTPTeacher,
    SynthStats,
    Teacher,
    TextChunk,
    document_chunks,
    synth_qa,
)

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "kb" / "corpus"


def main() -> None:
    set_offline_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=8)
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--served", action="store_true",
                        help="also time llama.cpp's server at each --concurrency")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the bare llama-cpp-python timing")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    settings = Settings()
    entry = resolve_model(args.model, settings.model)
    threads = args.threads or settings.threads
    chunks = list(islice(document_chunks([STARTER]), args.chunks))
    teacher = GGUFTeacher(Path(entry.path), threads=threads)
    template = PROMPT_FILE.read_text(encoding="utf-8")

    # Bare: the same prompts, grammar, sampling and token cap, straight into llama-cpp-python.
    # Neither path resets between chunks: llama.cpp reuses the prompt's shared head in both.
    bare_tokens = 0
    teacher.engine.llm.reset()
    started = time.perf_counter()
    for chunk in [] if args.no_bare else chunks:
        prompt = template.format(n_qa=2, n_mcq=1, doc=chunk.doc, page=chunk.page or "-",
                                 text=chunk.text)
        reply = teacher.engine.llm.create_chat_completion(
            messages=[{"role": "user", "content": prompt}], max_tokens=teacher.max_tokens,
            temperature=0.0, seed=0, grammar=teacher.grammar)
        bare_tokens += reply["usage"]["completion_tokens"]
    bare_s = max(time.perf_counter() - started, 1e-9)

    with tempfile.TemporaryDirectory() as tmp:
        teacher.engine.llm.reset()
        started = time.perf_counter()
        stats = _run_quietly(chunks, teacher, Path(tmp) / "qa.jsonl", 1)
        ours_s = time.perf_counter() - started
    teacher.close()

    produced = stats.kept + sum(stats.rejected.values())
    table = Table(title=f"synth-qa: {entry.name} ({entry.quantization}) as teacher, {threads} "
                  f"thread(s), {len(chunks)} starter-KB chunks, 2 QA + 1 MCQ asked per chunk")
    for column in ("path", "seconds", "s/chunk", "gen tok/s", "items/min", "kept/min"):
        table.add_column(column, justify="right")
    if not args.no_bare:
        table.add_row("bare llama-cpp-python", f"{bare_s:.1f}", f"{bare_s / len(chunks):.1f}",
                      f"{bare_tokens / bare_s:.1f}", "", "")
    table.add_row("synth-qa pipeline", f"{ours_s:.1f}", f"{ours_s / len(chunks):.1f}", "",
                  f"{produced / ours_s * 60:.1f}", f"{stats.kept / ours_s * 60:.1f}")
    if not args.no_bare:
        table.add_row("ratio pipeline/bare", f"{ours_s / bare_s:.3f}", "", "", "", "")
    Console().print(table)
    reasons = ", ".join(f"{reason} {count}" for reason, count in stats.rejected.most_common())
    print(f"items produced {produced}, kept {stats.kept} "
          f"({stats.kept / max(produced, 1):.0%}); dropped: {reasons or 'none'}")
    if args.served:
        served(Path(entry.path), chunks, threads, args.concurrency, ours_s, teacher.max_tokens)


def served(model: Path, chunks: list[TextChunk], threads: int, levels: list[int],
           in_process_s: float, max_tokens: int) -> None:
    """The same chunks through llama.cpp's server at each concurrency, from empty files."""
    from training.teacher_server import LlamaServer

    table = Table(title=f"synth-qa through llama.cpp's server on loopback ({threads} thread(s), "
                  f"{len(chunks)} chunks); ratio = in-process seconds / served seconds")
    for column in ("concurrency", "seconds", "items/min", "pairs kept/min", "ratio",
                   "chunks once", "duplicate items"):
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory() as tmp, \
            LlamaServer(model, threads=threads, n_ctx=2048, log=Path(tmp) / "server.log") as srv:
        # Greedy, as the in-process teacher is: the same replies, so the times compare.
        teacher = HTTPTeacher(srv.url, "teacher", max_tokens=max_tokens, temperature=0.0)
        teacher.complete("Reply with {}.")  # learn the reply format and warm the server once
        for level in levels:
            out = Path(tmp) / f"qa-c{level}.jsonl"
            started = time.perf_counter()
            stats = _run_quietly(chunks, teacher, out, level)
            took = time.perf_counter() - started
            records = [json.loads(line) for line in out.read_text().splitlines()]
            answered = sorted(r["chunk"] for r in records)
            items = [i["id"] for r in records for i in r["items"]]
            produced = stats.kept + sum(stats.rejected.values())
            table.add_row(str(level), f"{took:.1f}", f"{produced / took * 60:.1f}",
                          f"{stats.kept / took * 60:.1f}", f"{in_process_s / took:.2f}",
                          "yes" if answered == sorted(c.id for c in chunks) else "NO",
                          str(len(items) - len(set(items))))
        teacher.close()
    Console(width=120).print(table)


def _run_quietly(chunks: list[TextChunk], teacher: Teacher, out: Path,
                 level: int) -> SynthStats:
    from training.errors import TrainingError

    try:
        return synth_qa(chunks, teacher, out, concurrency=level)
    except TrainingError as exc:  # a small teacher may keep nothing; the timing still counts
        if "no usable questions" not in str(exc):
            raise
        stats = SynthStats(chunks=len(chunks))
        for line in out.read_text().splitlines():
            stats.rejected.update(json.loads(line)["rejected"])
        return stats


if __name__ == "__main__":
    main()
