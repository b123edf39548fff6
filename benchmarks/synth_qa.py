"""Synthetic-QA throughput (pairs/min) with the default local model as the teacher.

`echoassist-train synth-qa`'s own code (training.synth_qa with a GGUFTeacher: JSON-schema
grammar, parsing, the four filters, a resumable JSONL) against bare llama-cpp-python making the
same constrained completions of the same prompts on the same loaded model. The ratio is what
the pipeline adds; the pairs kept per minute is what a user waits for.

    .venv/bin/python benchmarks/synth_qa.py [--chunks 8] [--model NAME|PATH] [--threads N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from itertools import islice
from pathlib import Path

from rich.console import Console
from rich.table import Table

from echoassist.config import Settings
from echoassist.models.registry import resolve_model
from echoassist.offline import set_offline_env
from training.synth_qa import PROMPT_FILE, GGUFTeacher, document_chunks, synth_qa

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "kb" / "corpus"


def main() -> None:
    set_offline_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=8)
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=int, default=None)
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
    for chunk in chunks:
        prompt = template.format(n_qa=2, n_mcq=1, doc=chunk.doc, page=chunk.page or "-",
                                 text=chunk.text)
        reply = teacher.engine.llm.create_chat_completion(
            messages=[{"role": "user", "content": prompt}], max_tokens=teacher.max_tokens,
            temperature=0.0, seed=0, grammar=teacher.grammar)
        bare_tokens += reply["usage"]["completion_tokens"]
    bare_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        teacher.engine.llm.reset()
        started = time.perf_counter()
        stats = synth_qa(chunks, teacher, Path(tmp) / "qa.jsonl")
        ours_s = time.perf_counter() - started
    teacher.close()

    produced = stats.kept + sum(stats.rejected.values())
    table = Table(title=f"synth-qa: {entry.name} ({entry.quantization}) as teacher, {threads} "
                  f"thread(s), {len(chunks)} starter-KB chunks, 2 QA + 1 MCQ asked per chunk")
    for column in ("path", "seconds", "s/chunk", "gen tok/s", "items/min", "kept/min"):
        table.add_column(column, justify="right")
    table.add_row("bare llama-cpp-python", f"{bare_s:.1f}", f"{bare_s / len(chunks):.1f}",
                  f"{bare_tokens / bare_s:.1f}", "", "")
    table.add_row("synth-qa pipeline", f"{ours_s:.1f}", f"{ours_s / len(chunks):.1f}", "",
                  f"{produced / ours_s * 60:.1f}", f"{stats.kept / ours_s * 60:.1f}")
    table.add_row("ratio pipeline/bare", f"{ours_s / bare_s:.3f}", "", "", "", "")
    Console().print(table)
    reasons = ", ".join(f"{reason} {count}" for reason, count in stats.rejected.most_common())
    print(f"items produced {produced}, kept {stats.kept} "
          f"({stats.kept / max(produced, 1):.0%}); dropped: {reasons or 'none'}")


if __name__ == "__main__":
    main()
