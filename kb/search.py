"""Hybrid retrieval: vector and full-text (BM25) candidates, fused by a pluggable reranker
(ScoreFusion by default; RRFReranker and the second stages measured against it in kb.rerank).

Every hit carries `similarity`, the cosine of query and chunk embeddings. Unlike the fused
score it means the same thing for every query, so the chat layer can say "the KB does not cover
this" when the best hit's similarity is below COVERAGE_THRESHOLD.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from kb.records import SearchHit, split_pages
from kb.terms import expand_query, neighbour_pairs, terms

# Best-hit cosine on the shared corpus (benchmarks/retrieval_eval.py, 45 questions): answerable
# questions 0.46-0.82; in-domain questions the corpus does not answer (ECG topics) 0.36-0.48;
# off-topic questions (cooking, sport, routers) 0.08-0.30. 0.42 keeps every answerable question
# and flags 4 of 5 uncovered ones. Calibrated on few questions: a starting point, not a law.
COVERAGE_THRESHOLD = 0.42
CANDIDATES = 50  # per list; 20 found 0.80 recall@5 on the eval set, 50 found 0.85
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kb-fts")
NPROBES = 20
REFINE_FACTOR = 5
_COLUMNS = [
    "chunk_id",
    "doc_id",
    "path",
    "title",
    "section",
    "page_start",
    "page_end",
    "text",
]


@dataclass
class Candidate:
    row: dict[str, Any]
    similarity: float
    score: float = 0.0
    bm25: float = 0.0  # the full-text score; 0 for a chunk only the vector search found


class Reranker(Protocol):
    """Orders candidates from the vector and full-text lists (each best first).

    A reranker may also carry `text_boosts` (weights of the text and section columns in the
    full-text query); kb.rerank holds the second stages measured against RRF.
    """

    def rerank(
        self, query: str, vector_hits: list[Candidate], text_hits: list[Candidate]
    ) -> list[Candidate]: ...


class RRFReranker:
    """Reciprocal-rank fusion: score = sum of 1 / (k + rank) over the lists a chunk is in.

    Rank-based, so it needs no calibration between cosine and BM25 scales; k=60 is the value
    of the original paper (Cormack et al., 2009) and LanceDB's default.
    """

    def __init__(self, k: int = 60) -> None:
        self.k = k

    def rerank(
        self, query: str, vector_hits: list[Candidate], text_hits: list[Candidate]
    ) -> list[Candidate]:
        fused: dict[str, Candidate] = {}
        for hits in (vector_hits, text_hits):
            for rank, hit in enumerate(hits):
                entry = fused.setdefault(hit.row["chunk_id"], hit)
                entry.score += 1.0 / (self.k + rank + 1)
        return sorted(fused.values(), key=lambda c: (-c.score, -c.similarity))


@dataclass
class ScoreFusion:
    """The default: alpha x cosine + (1 - alpha) x BM25, each min-max normalised over the
    candidates of one query.

    Unlike RRF it keeps how far apart two candidates are, not only their order: a chunk that
    holds most of a question's rare words gets a much higher BM25 than the next one, and RRF
    flattened that into one rank step. On benchmarks/retrieval_eval.py (219 questions of our own)
    alpha 0.5 lifts held-out recall@5 (doc + page) from 0.920 to 0.944 and recall@1 from 0.664
    to 0.752 over RRF; 0.3 to 0.7 all beat RRF on the tune split. `score` is then in
    [0, 1 + phrase].
    """

    alpha: float = 0.5
    text_boosts: tuple[float, float] = (1.0, 1.0)  # full-text weights of text and section
    # Plus `phrase` x the rarity-weighted share of the question's neighbouring terms ("right
    # ventricular", "ventricular infarction") found side by side in the chunk or its heading.
    # BM25 scores words apart: chunks on right ventricular hypertrophy outranked the one naming
    # right ventricular infarction. 0.3: held-out R@5 0.920 -> 0.936, tune 0.894 -> 0.915
    # (benchmarks/retrieval_eval.py), at about 50 ms more a query.
    phrase: float = 0.3

    def rerank(
        self, query: str, vector_hits: list[Candidate], text_hits: list[Candidate]
    ) -> list[Candidate]:
        pool: dict[str, Candidate] = {}
        for c in [*vector_hits, *text_hits]:
            pool.setdefault(c.row["chunk_id"], c)
        bm25 = {c.row["chunk_id"]: c.bm25 for c in text_hits}
        cosine = np.array([c.similarity for c in pool.values()])
        text = np.array([bm25.get(chunk_id, 0.0) for chunk_id in pool])
        scores = self.alpha * _normalised(cosine) + (1 - self.alpha) * _normalised(text)
        if self.phrase:
            scores = scores + self.phrase * _phrase_shares(query, list(pool.values()))
        for c, s in zip(pool.values(), scores, strict=True):
            c.score = float(s)
        return sorted(pool.values(), key=lambda c: (-c.score, -c.similarity))


Pair = tuple[str, str]


def pair_rarity(wanted: AbstractSet[Pair], held: Sequence[AbstractSet[Pair]]) -> dict[Pair, float]:
    """Each wanted pair of neighbouring terms weighed by how few of the texts hold it:
    "ventricular infarction" tells more than "right ventricular", which every text on the right
    ventricle holds. Also weighs evidence sentences (echoassist.answer.evidence)."""
    n = len(held)
    return {p: math.log(1 + n / (1 + sum(p in h for h in held))) for p in wanted}


def _phrase_shares(query: str, candidates: list[Candidate]) -> np.ndarray:
    """Per candidate, the rarity-weighted share of the query's neighbouring term pairs it holds
    side by side."""
    wanted = neighbour_pairs(terms(query))
    if not wanted or not candidates:
        return np.zeros(len(candidates))
    held = [neighbour_pairs(terms(f"{c.row['section']}\n{c.row['text']}")) & wanted
            for c in candidates]
    weight = pair_rarity(wanted, held)
    total = sum(weight.values())
    return np.array([sum(weight[p] for p in h) / total for h in held])


def _normalised(x: np.ndarray) -> np.ndarray:
    span = float(x.max() - x.min()) if len(x) else 0.0
    return (x - x.min()) / span if span > 0 else np.zeros_like(x)


def hybrid_search(
    table: Any,
    query: str,
    query_vector: np.ndarray,
    k: int = 5,
    reranker: Reranker | None = None,
    candidates: int = CANDIDATES,
    text_columns: list[str] | None = None,
) -> list[SearchHit]:
    limit = max(k, candidates)
    columns = text_columns or ["text"]
    expanded = expand_query(query)
    text_query: Any = expanded
    if columns != ["text"]:
        from lancedb.query import FullTextOperator, MultiMatchQuery

        boosts = list(getattr(reranker, "text_boosts", ()))[: len(columns)]
        boosts += [1.0] * (len(columns) - len(boosts))
        columns = [c for c, b in zip(columns, boosts, strict=True) if b > 0]
        boosts = [b for b in boosts if b > 0]
        text_query = MultiMatchQuery(expanded, columns, boosts=boosts,
                                     operator=FullTextOperator.OR)
    # The two searches run side by side: lance releases the GIL while it works.
    text_future = _POOL.submit(
        lambda: (
            table.search(text_query, query_type="fts")
            .select([*_COLUMNS, "vector", "_score"])
            .limit(limit)
            .to_arrow()
        )
    )
    by_vector = (
        table.search(query_vector.tolist(), vector_column_name="vector")
        .distance_type("cosine")
        # With an IVF_HNSW_SQ index: probe 20 partitions and re-rank 5x the candidates on exact
        # vectors; recall@10 vs exact search goes from 0.96 to 1.00 (benchmarks/kb_search.py).
        # Without an index both are ignored.
        .nprobes(NPROBES)
        .refine_factor(REFINE_FACTOR)
        .select([*_COLUMNS, "_distance"])  # named, else lance warns on every query
        .limit(limit)
        .to_arrow()
    )
    by_text = text_future.result()
    # Arrow to numpy, not row dicts: converting 384 floats per row to Python was most of the time.
    vector_sims = 1.0 - by_vector.column("_distance").to_numpy()
    text_sims = _vectors(by_text, len(query_vector)) @ query_vector
    vector_hits = [
        Candidate(r, float(s)) for r, s in zip(_rows(by_vector), vector_sims, strict=True)
    ]
    bm25 = by_text.column("_score").to_numpy() if by_text.num_rows else []
    text_hits = [
        Candidate(r, float(s), bm25=float(b))
        for r, s, b in zip(_rows(by_text), text_sims, bm25, strict=True)
    ]
    ranked = (reranker or ScoreFusion()).rerank(query, vector_hits, text_hits)[:k]
    return [_hit(c) for c in ranked]


def _rows(table: Any) -> list[dict[str, Any]]:
    return table.select(_COLUMNS).to_pylist()


def _vectors(table: Any, dim: int) -> np.ndarray:
    if table.num_rows == 0:
        return np.zeros((0, dim), np.float32)
    flat = table.column("vector").combine_chunks().values.to_numpy(zero_copy_only=False)
    return flat.reshape(table.num_rows, dim)


def _hit(c: Candidate) -> SearchHit:
    r = c.row
    text, marks = split_pages(r["text"], r["page_start"])
    return SearchHit(
        doc=r["path"].rsplit("/", 1)[-1],
        path=r["path"],
        title=r["title"],
        page=r["page_start"],
        page_end=r["page_end"],
        section=r["section"],
        text=text,
        score=round(c.score, 6),
        similarity=round(c.similarity, 4),
        doc_id=r["doc_id"],
        chunk_id=r["chunk_id"],
        page_marks=tuple(marks),
    )
