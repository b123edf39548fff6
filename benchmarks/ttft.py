"""Time to first token through `ask` with a 10k-chunk KB, against bare llama.cpp prefill.

The KB is the starter corpus (embedded for real) plus filler chunks up to --chunks, so search
runs over a 10k-row table with its FTS and IVF_HNSW_SQ indexes, as a grown KB would. Filler
text reuses the starter corpus's words in random order and filler vectors are random unit
vectors: search cost depends on the row count and the indexes, not on what the rows say, and
the relevant starter chunks still win, so prompts look like real ones.

For each question, alternating:
  ask path: question -> embed query -> hybrid search -> budget (tokenizer counts) -> prefill ->
            first token; the functions `echoassist ask` calls (answer.pipeline.prepare, stream).
  bare:     llama-cpp-python evaluating the very prompt the ask path built, to its first token.
The KV cache is reset before every run so neither reuses the other's prefix.

    .venv/bin/python benchmarks/ttft.py [--chunks 10000] [--threads N] [--questions 10]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from echoassist.answer import pipeline
from echoassist.answer.records import Prepared
from echoassist.config import Settings
from echoassist.engine import GenerationStats, load_engine
from echoassist.models.registry import resolve_model
from echoassist.retrieval import KBRetriever
from kb import KnowledgeBase
from kb.records import Chunk, DocumentInfo, ExtractionReport
from kb.store import Writer, build_lock, now

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "kb" / "corpus"
QUESTIONS = REPO / "benchmarks" / "data" / "model_questions.jsonl"
TARGET_MS = 150.0
FILLER_DOC_CHUNKS = 40


def add_filler(kb: KnowledgeBase, total_chunks: int, rng: np.random.Generator) -> int:
    """Grow the KB to `total_chunks` rows with filler documents; returns rows added."""
    have = kb.status().chunks
    missing = max(0, total_chunks - have)
    if not missing:
        return 0
    words = np.array(" ".join(c.read_text() for c in sorted(STARTER.glob("*.md"))).split())
    identity = kb.embedder.identity
    vectors = rng.normal(size=(missing, identity.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chunks: list[Chunk] = []
    infos: dict[str, DocumentInfo] = {}
    for i in range(missing):
        doc = i // FILLER_DOC_CHUNKS
        doc_id = hashlib.sha256(f"filler-{doc}".encode()).hexdigest()
        path = f"/filler/paper-{doc:04d}.pdf"
        length = int(rng.integers(80, 160))
        chunks.append(Chunk(doc_id, i % FILLER_DOC_CHUNKS, path, f"Filler paper {doc}",
                            "Results", 1 + i % 12, 1 + i % 12,
                            " ".join(rng.choice(words, length)), length))
        infos[doc_id] = DocumentInfo(doc_id, path, f"Filler paper {doc}", 12,
                                     FILLER_DOC_CHUNKS, ExtractionReport("synthetic"), now())
    with build_lock(kb.root):
        writer = Writer(kb.root, identity)
        writer.replace([], chunks, vectors, list(infos.values()))
        writer.publish()
    return missing


def bare_first_token(llm, prompt: list[int]) -> float:
    llm.reset()
    started = time.perf_counter()
    for _ in llm.create_completion(prompt=prompt, max_tokens=1, temperature=0.0, stream=True):
        break
    return time.perf_counter() - started


def ask_first_token(question: str, engine, settings: Settings, retriever: KBRetriever
                    ) -> tuple[float, float, Prepared]:
    """(time to first token, of which retrieval + budgeting) through the ask path."""
    engine.llm.reset()
    started = time.perf_counter()
    prepared = pipeline.prepare(question, engine, settings=settings, retriever=retriever)
    prepared_s = time.perf_counter() - started
    stats = GenerationStats()
    for _ in pipeline.stream(prepared, engine, settings=settings, stats=stats, max_tokens=1):
        pass
    return prepared_s + stats.time_to_first_token_s, prepared_s, prepared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args()
    console = Console()
    settings = Settings(temperature=0.0)
    threads = args.threads or settings.threads
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines()
                 if line.strip()][: args.questions]

    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(Path(tmp) / "kb")
        started = time.perf_counter()
        kb.build([STARTER])
        added = add_filler(kb, args.chunks, np.random.default_rng(0))
        status = kb.status()
        console.print(f"KB: {status.chunks} chunks ({status.chunks - added} starter, {added} "
                      f"filler), {status.documents} documents, built in "
                      f"{time.perf_counter() - started:.0f} s")

        entry = resolve_model(args.model, settings.model)
        engine = load_engine(entry, threads=threads, max_context=settings.max_context)
        retriever = KBRetriever(kb.root)

        # The first question pays for opening the table and loading the embedder.
        cold_s, cold_prepare_s, _ = ask_first_token(questions[0], engine, settings, retriever)
        ours, prep, bare, tokens, supported = [], [], [], [], 0
        for question in questions:
            total_s, prepare_s, prepared = ask_first_token(question, engine, settings, retriever)
            prompt = engine.render_chat(prepared.messages)
            ours.append(total_s)
            prep.append(prepare_s)
            bare.append(bare_first_token(engine.llm, prompt))
            tokens.append(len(prompt))
            supported += prepared.supported

    median = statistics.median
    # Paired differences: both runs of a pair see the same machine load, so they cancel it.
    overhead_ms = [(o - b) * 1000 for o, b in zip(ours, bare, strict=True)]
    table = Table(title=f"time to first token: {entry.name} ({entry.quantization}), {threads} "
                  f"thread(s), {status.chunks}-chunk KB, {len(questions)} questions, medians")
    for column in ("path", "first token ms", "retrieve+budget ms", "prompt tokens"):
        table.add_column(column, justify="right")
    table.add_row("bare prefill", f"{median(bare) * 1000:.0f}", "", f"{median(tokens):.0f}")
    table.add_row("ask path", f"{median(ours) * 1000:.0f}", f"{median(prep) * 1000:.0f}",
                  f"{median(tokens):.0f}")
    table.add_row("ratio ask/bare", f"{median(ours) / median(bare):.3f}", "", "")
    table.add_row("ask - bare", f"{median(overhead_ms):.0f}", "", "")
    table.add_row("cold first ask", f"{cold_s * 1000:.0f}", f"{cold_prepare_s * 1000:.0f}", "")
    console.print(table)
    console.print(f"ask - bare, paired: median {median(overhead_ms):.0f} ms (target <= "
                  f"{TARGET_MS:.0f} ms), range {min(overhead_ms):.0f} .. "
                  f"{max(overhead_ms):.0f} ms; cold = the first question, which opens the "
                  "table and loads the embedder")
    console.print(f"{supported}/{len(questions)} questions supported by the KB")


if __name__ == "__main__":
    main()
