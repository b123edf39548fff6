"""Search latency at 1k/10k/100k synthetic chunks, and ANN recall@10 against exact search.

    .venv/bin/python benchmarks/kb_search.py [--quick] [--sizes 1000 10000 100000]

Chunks get clustered random unit vectors (topics) and Zipf-distributed words, written through
the same store.Writer a real build uses, so the KB gets the FTS index and, from
store.ANN_MIN_ROWS chunks on, the IVF_HNSW_SQ index. Timings exclude query embedding.

"hybrid" is the whole search with the default second stage (kb.search.ScoreFusion); "rerank" is
that second stage alone (its share of "hybrid"); "rrf" is the whole search with the old rank
fusion instead, for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from kb.embed import EmbedderIdentity
from kb.records import Chunk
from kb.search import NPROBES, REFINE_FACTOR, Candidate, RRFReranker, ScoreFusion, hybrid_search
from kb.store import ANN_MIN_ROWS, Writer, build_lock, open_published

DIM = 384
IDENTITY = EmbedderIdentity("synthetic", DIM, "0" * 64)


def synthetic(n: int, rng: np.random.Generator) -> tuple[list[Chunk], np.ndarray, np.ndarray]:
    centers = rng.normal(size=(max(10, n // 200), DIM)).astype(np.float32)
    topic = rng.integers(0, len(centers), n)
    vectors = centers[topic] + 0.6 * rng.normal(size=(n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vocab = np.array([f"w{i}" for i in range(20_000)])
    words = vocab[np.minimum(rng.zipf(1.3, size=(n, 60)), len(vocab)) - 1]
    chunks = [
        Chunk(
            hashlib.sha256(str(i // 50).encode()).hexdigest(),
            i % 50,
            f"/docs/{i // 50}.pdf",
            "Synthetic",
            "Results",
            1 + i % 12,
            1 + i % 12,
            " ".join(words[i]),
            60,
        )
        for i in range(n)
    ]
    return chunks, vectors, centers


class Timed:
    """A reranker that records how long the wrapped one takes."""

    def __init__(self, inner: ScoreFusion) -> None:
        self.inner = inner
        self.text_boosts = inner.text_boosts
        self.millis: list[float] = []

    def rerank(
        self, query: str, vector_hits: list[Candidate], text_hits: list[Candidate]
    ) -> list[Candidate]:
        t = time.perf_counter()
        ranked = self.inner.rerank(query, vector_hits, text_hits)
        self.millis.append((time.perf_counter() - t) * 1000)
        return ranked


def percentile(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * q))]


def run(n: int, n_queries: int, rng: np.random.Generator) -> dict[str, float]:
    chunks, vectors, centers = synthetic(n, rng)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        with build_lock(root):
            writer = Writer(root, IDENTITY)
            writer.replace([], chunks, vectors, [])
            writer.publish()
        write_s = time.perf_counter() - t0
        _, table = open_published(root, IDENTITY)
        queries = centers[rng.integers(0, len(centers), n_queries)]
        queries += 0.6 * rng.normal(size=queries.shape).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        # Query words from a random chunk, skipping the 50 most frequent synthetic words: real
        # text has stop words, which the FTS index drops; "w0" is not one, so it would make every
        # query match nearly every chunk.
        texts = [
            " ".join([w for w in chunks[int(rng.integers(n))].text.split() if int(w[1:]) >= 50][:3])
            for _ in range(n_queries)
        ]

        hybrid_search(table, texts[0], queries[0])  # warm caches
        hybrid_ms, rrf_ms, fts_ms, ann_ms, flat_ms, recall = [], [], [], [], [], []
        timed = Timed(ScoreFusion())
        for q, text in zip(queries, texts, strict=True):
            hybrid_search(table, text, q, k=5)  # untimed: both timed runs below find it cached
            t = time.perf_counter()
            hybrid_search(table, text, q, k=5, reranker=timed)
            hybrid_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            hybrid_search(table, text, q, k=5, reranker=RRFReranker())
            rrf_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            table.search(text, query_type="fts").select(["chunk_id", "_score"]).limit(50).to_list()
            fts_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            got = (
                table.search(q.tolist())
                .distance_type("cosine")
                .nprobes(NPROBES)
                .refine_factor(REFINE_FACTOR)
                .select(["chunk_id", "_distance"])
                .limit(10)
                .to_list()
            )
            ann_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            table.search(q.tolist()).distance_type("cosine").bypass_vector_index().select(
                ["chunk_id", "_distance"]
            ).limit(10).to_list()
            flat_ms.append((time.perf_counter() - t) * 1000)
            exact = {chunks[i].chunk_id for i in np.argsort(-(vectors @ q))[:10]}
            recall.append(len(exact & {r["chunk_id"] for r in got}) / 10)
    return {
        "write_s": write_s,
        "hybrid_p50": statistics.median(hybrid_ms),
        "hybrid_p95": percentile(hybrid_ms, 0.95),
        "rerank_p50": statistics.median(timed.millis),
        "rrf_p50": statistics.median(rrf_ms),
        "fts_p50": statistics.median(fts_ms),
        "vector_p50": statistics.median(ann_ms),
        "flat_p50": statistics.median(flat_ms),
        "recall10": statistics.mean(recall),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="1k and 10k chunks, 20 queries")
    args = parser.parse_args()
    sizes, n_queries = ([1_000, 10_000], 20) if args.quick else (args.sizes, args.queries)
    rng = np.random.default_rng(0)
    print(f"ANN index from {ANN_MIN_ROWS} chunks; times in ms, query embedding excluded\n")
    print(
        f"{'chunks':>8} {'index':>12} {'write s':>8} {'hybrid p50':>11} {'hybrid p95':>11} "
        f"{'rerank p50':>11} {'rrf p50':>8} "
        f"{'fts p50':>8} {'vector p50':>11} {'flat p50':>9} {'recall@10':>10}"
    )
    for n in sizes:
        r = run(n, n_queries, rng)
        index = "IVF_HNSW_SQ" if n >= ANN_MIN_ROWS else "exact"
        print(
            f"{n:>8} {index:>12} {r['write_s']:>8.1f} "
            f"{r['hybrid_p50']:>11.1f} {r['hybrid_p95']:>11.1f} "
            f"{r['rerank_p50']:>11.2f} {r['rrf_p50']:>8.1f} "
            f"{r['fts_p50']:>8.1f} {r['vector_p50']:>11.1f} {r['flat_p50']:>9.1f} "
            f"{r['recall10']:>10.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
