"""Citations by construction: free text + attribution vs JSON-schema grammar, on the same model.

For each question in benchmarks/data/model_questions.jsonl, answer it from the starter knowledge
base in both modes and measure: key facts found, sentences carrying a citation, citation
precision (the cited chunk's embedding is close to the sentence's: cosine >= 0.5 with the KB's
own embedder, a judge independent of the word-overlap attribution), and speed.

    .venv/bin/python benchmarks/citations.py --kb PATH [--limit 8] [--max-tokens 120]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from echoassist import rag
from echoassist.config import Settings
from echoassist.engine import GenerationStats, load_engine
from echoassist.models.registry import resolve_model
from echoassist.retrieval import KBRetriever

QUESTIONS = Path(__file__).parent / "data" / "model_questions.jsonl"


def evaluate(
    mode: str, questions: list[dict], engine, retriever, settings: Settings, max_tokens: int
) -> dict[str, float]:
    settings = replace(settings, citations=mode)
    embedder = retriever.kb.embedder
    facts, cited_share, precision, seconds, speeds = [], [], [], [], []
    for item in questions:
        engine.llm.reset()
        started = time.perf_counter()
        prepared = rag.prepare(item["question"], engine, settings=settings, retriever=retriever)
        stats = GenerationStats()
        text = "".join(
            rag.stream_answer(
                prepared, engine, settings=settings, stats=stats, max_tokens=max_tokens
            )
        )
        answer = rag.finish(prepared, text, engine, stats)
        seconds.append(time.perf_counter() - started)
        speeds.append(stats.decode_tokens_per_s)
        lowered = answer.answer.lower()
        facts.append(sum(f in lowered for f in item["key_facts"]) / len(item["key_facts"]))
        sentences = [s for s in answer.sentences if s.text]
        with_source = [s for s in sentences if s.sources]
        cited_share.append(len(with_source) / len(sentences) if sentences else 0.0)
        by_n = {s.n: s.text for s in answer.sources}
        for sentence in with_source:
            vectors = embedder.embed_documents([sentence.text, by_n[sentence.sources[0]]])
            precision.append(float(np.dot(vectors[0], vectors[1])) >= 0.5)
    return {
        "key facts": statistics.mean(facts),
        "sentences cited": statistics.mean(cited_share),
        "citation precision": statistics.mean(precision) if precision else 0.0,
        "s / answer": statistics.median(seconds),
        "decode tok/s": statistics.median(speeds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", required=True, type=Path, help="Starter knowledge base folder.")
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=120)
    args = parser.parse_args()
    questions = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    questions = questions[: args.limit]
    settings = Settings(temperature=0.0)
    entry = resolve_model(args.model, settings.model)
    engine = load_engine(entry, threads=settings.threads, max_context=settings.max_context)
    retriever = KBRetriever(args.kb)
    results = {
        mode: evaluate(mode, questions, engine, retriever, settings, args.max_tokens)
        for mode in ("attribute", "grammar")
    }
    table = Table(title=f"citations on {len(questions)} questions, {entry.name}")
    table.add_column("metric")
    for mode in results:
        table.add_column(mode, justify="right")
    table.add_column("grammar / attribute", justify="right")
    for metric in results["attribute"]:
        a, g = results["attribute"][metric], results["grammar"][metric]
        table.add_row(metric, f"{a:.2f}", f"{g:.2f}", f"{g / a:.2f}" if a else "-")
    Console().print(table)


if __name__ == "__main__":
    main()
