"""Second stages measured against each other behind kb.search.Reranker (docs/retrieval.md).

The first stage finds the right document for nearly every question but ranked the right page
badly: with RRF the gold page was in the top 20 for 0.976 of the held-out questions and in the
top 5 for 0.920. Each option here was measured on the tune split, and the promising ones on the
held-out split (R@5 doc + page, benchmarks/retrieval_eval.py):

- default / fusion-*: kb.search.ScoreFusion, min-max normalised cosine and BM25 mixed by alpha
  (kept, alpha 0.5: held-out R@5 0.944, R@1 0.752), plus 0.3 x the share of the question's
  neighbouring term pairs a chunk holds side by side (kept: held-out R@5 0.920 -> 0.936 against
  no-phrase on the same KB, tune 0.894 -> 0.915);
- rrf: reciprocal-rank fusion, the previous default (0.920);
- fusion-sentence: fusion plus the share of the question's rarity-weighted terms held by the
  chunk's best sentence (best on tune, 0.947; held-out 0.944 at 25-30 ms a query: not kept);
- sentence-lex: RRF plus a third list ordered by that best sentence (held-out 0.880);
- sentence-emb: the third list from the cosine of the question and each sentence of the top
  candidates, embedded at query time (tune 0.862, 2-3 s a query on two cores);
- section-*, no-section: the full-text weight of the heading index (no-section held-out 0.888).

`best_sentence` is also what the benchmark uses to say which page a citation of a hit names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kb.chunk import SENTENCE_END
from kb.embed import Embedder
from kb.search import Candidate, Reranker, RRFReranker, ScoreFusion
from kb.terms import terms

_SPLIT = re.compile(rf"{SENTENCE_END.pattern}|\n+|\f")
_MIN_SENTENCE = 12  # characters: a lone number or heading fragment says nothing by itself


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence or line of a chunk's text."""
    out, start = [], 0
    for match in _SPLIT.finditer(text):
        piece = text[start:match.start()]
        if len(piece.strip()) >= _MIN_SENTENCE:
            out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start = match.end()
    piece = text[start:]
    if len(piece.strip()) >= _MIN_SENTENCE:
        out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
    return out or [(0, text.strip())]


def _weights(query_terms: set[str], texts: list[str]) -> dict[str, float]:
    """Rarer among the candidates -> heavier: 'TAPSE' tells more than 'echo' in an echo KB."""
    bags = [set(terms(t)) for t in texts]
    n = max(len(bags), 1)
    return {q: math.log(1 + n / (1 + sum(q in b for b in bags))) for q in query_terms}


def best_sentence(query: str, text: str,
                  weights: dict[str, float] | None = None) -> tuple[int, float]:
    """(offset, score) of the sentence holding the largest weighted share of the query terms."""
    query_terms = set(terms(query))
    if not query_terms:
        return 0, 0.0
    weights = weights or dict.fromkeys(query_terms, 1.0)
    total = sum(weights.values()) or 1.0
    best = (0, 0.0)
    for offset, sentence in sentences(text):
        found = query_terms & set(terms(sentence))
        score = sum(weights[t] for t in found) / total
        if score > best[1]:
            best = (offset, score)
    return best


def _fuse(lists: list[tuple[float, list[Candidate]]], k: int = 60) -> list[Candidate]:
    """Weighted reciprocal-rank fusion: score = sum of weight / (k + rank)."""
    fused: dict[str, Candidate] = {}
    for weight, hits in lists:
        for rank, hit in enumerate(hits):
            entry = fused.setdefault(hit.row["chunk_id"], hit)
            entry.score += weight / (k + rank + 1)
    return sorted(fused.values(), key=lambda c: (-c.score, -c.similarity))


def _first_stage(vector_hits: list[Candidate], text_hits: list[Candidate]) -> list[Candidate]:
    ranked = RRFReranker().rerank("", vector_hits, text_hits)
    for c in ranked:
        c.score = 0.0  # the second stage fuses again from the ranks
    return ranked


@dataclass
class SentenceLexical:
    """First-stage RRF plus a third list: candidates by their best sentence's term share."""

    weight: float = 1.0
    depth: int = 40

    def rerank(self, query: str, vector_hits: list[Candidate],
               text_hits: list[Candidate]) -> list[Candidate]:
        pool = _first_stage(vector_hits, text_hits)[: self.depth]
        texts = [c.row["text"] for c in pool]
        weights = _weights(set(terms(query)), texts)
        scored = [(best_sentence(query, t, weights)[1], c) for t, c in zip(texts, pool,
                                                                           strict=True)]
        by_sentence = [c for s, c in sorted(scored, key=lambda x: -x[0])]
        keep = {c.row["chunk_id"] for c in pool}
        return _fuse([(1.0, [c for c in vector_hits if c.row["chunk_id"] in keep]),
                      (1.0, [c for c in text_hits if c.row["chunk_id"] in keep]),
                      (self.weight, by_sentence)])


@dataclass
class SentenceEmbedding:
    """First-stage RRF plus a third list: candidates by their best sentence's cosine."""

    embedder: Embedder
    weight: float = 1.0
    depth: int = 20

    def rerank(self, query: str, vector_hits: list[Candidate],
               text_hits: list[Candidate]) -> list[Candidate]:
        ranked = _first_stage(vector_hits, text_hits)
        pool, rest = ranked[: self.depth], ranked[self.depth:]
        spans = [[s for _, s in sentences(c.row["text"])] for c in pool]
        flat = [s for group in spans for s in group]
        if not flat:
            return ranked
        vectors = self.embedder.embed_documents([query, *flat])
        sims = vectors[1:] @ vectors[0]
        best, i = [], 0
        for group in spans:
            best.append(float(np.max(sims[i:i + len(group)])))
            i += len(group)
        by_sentence = [c for _, c in sorted(zip(best, pool, strict=True), key=lambda x: -x[0])]
        keep = {c.row["chunk_id"] for c in pool}
        fused = _fuse([(1.0, [c for c in vector_hits if c.row["chunk_id"] in keep]),
                       (1.0, [c for c in text_hits if c.row["chunk_id"] in keep]),
                       (self.weight, by_sentence)])
        return fused + rest


@dataclass
class FusionWithSentences(ScoreFusion):
    """ScoreFusion plus `sentence` x the best sentence's weighted term share, for the top
    `depth` candidates."""

    sentence: float = 0.6
    depth: int = 40

    def rerank(self, query: str, vector_hits: list[Candidate],
               text_hits: list[Candidate]) -> list[Candidate]:
        ranked = super().rerank(query, vector_hits, text_hits)
        top = ranked[: self.depth]
        texts = [c.row["text"] for c in top]
        weights = _weights(set(terms(query)), texts)
        for c, t in zip(top, texts, strict=True):
            c.score += self.sentence * best_sentence(query, t, weights)[1]
        return sorted(top, key=lambda c: (-c.score, -c.similarity)) + ranked[self.depth:]


class FieldWeights(RRFReranker):
    """RRF with other full-text field weights: (text, section) boosts for the BM25 query."""

    def __init__(self, text_boosts: tuple[float, float]) -> None:
        super().__init__()
        self.text_boosts = text_boosts


RANKERS: dict[str, Callable[[Embedder], Reranker]] = {
    "default": lambda e: ScoreFusion(),
    "rrf": lambda e: RRFReranker(),
    "fusion-0.3": lambda e: ScoreFusion(0.3),
    "fusion-0.5": lambda e: ScoreFusion(0.5),
    "fusion-0.7": lambda e: ScoreFusion(0.7),
    "no-phrase": lambda e: ScoreFusion(0.5, phrase=0.0),
    "fusion-sentence": lambda e: FusionWithSentences(0.5, sentence=0.6),
    "sentence-lex": lambda e: SentenceLexical(),
    "sentence-lex-2": lambda e: SentenceLexical(weight=2.0),
    "sentence-emb": lambda e: SentenceEmbedding(e),
    "sentence-emb-2": lambda e: SentenceEmbedding(e, weight=2.0),
    "section-boost": lambda e: FieldWeights(text_boosts=(1.0, 2.0)),
    "section-half": lambda e: FieldWeights(text_boosts=(1.0, 0.5)),
    "no-section": lambda e: FieldWeights(text_boosts=(1.0, 0.0)),
}


def make_ranker(name: str, embedder: Embedder) -> Reranker:
    """A second stage by name (RANKERS); `embedder` is the KB's, for the ones that embed."""
    try:
        return RANKERS[name](embedder)
    except KeyError:
        raise ValueError(f"unknown ranker {name!r}; known: {', '.join(sorted(RANKERS))}") from None
