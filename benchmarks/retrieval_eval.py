"""Retrieval quality on the shared corpus: recall@k and MRR for data/retrieval_questions.jsonl.

A hit counts when a returned chunk is from the expected document and its page range overlaps the
expected pages ("page" columns); the "doc" columns only ask for the right document.

    .venv/bin/python benchmarks/retrieval_eval.py [--kb .cache/kb-eval] [-k 5] [--show-misses]

The KB is built (incrementally, so only the first run pays) from ../shared/corpus/pdfs and the
Markdown notes, and reused.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from kb import COVERAGE_THRESHOLD, KnowledgeBase, SearchHit

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
QUESTIONS = REPO / "benchmarks" / "data" / "retrieval_questions.jsonl"


def first_rank(hits: list[SearchHit], doc: str, pages: list[int] | None) -> int | None:
    for rank, hit in enumerate(hits, 1):
        if hit.doc != doc:
            continue
        if not pages or hit.page is None:
            return rank
        if any(hit.page <= p <= (hit.page_end or hit.page) for p in pages):
            return rank
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=REPO / ".cache" / "kb-eval")
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not args.questions.is_file():
        print(f"no question file at {args.questions}", file=sys.stderr)
        return 2
    questions = [
        json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()
    ]
    knowledge = KnowledgeBase(args.kb)
    summary = knowledge.build([CORPUS / "pdfs", CORPUS / "markdown"])
    print(
        f"KB {args.kb}: {len(knowledge.documents())} documents "
        f"({summary.seconds:.1f} s to bring up to date)"
    )

    page_ranks, doc_ranks, latencies, best_sims, uncovered_sims = [], [], [], [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = knowledge.search(q["question"], args.k)
        latencies.append((time.perf_counter() - t0) * 1000)
        if not q.get("doc"):  # a question the corpus does not answer
            uncovered_sims.append(hits[0].similarity if hits else 0.0)
            continue
        page_ranks.append(first_rank(hits, q["doc"], q.get("pages")))
        doc_ranks.append(first_rank(hits, q["doc"], None))
        best_sims.append(hits[0].similarity if hits else 0.0)
        if args.show_misses and page_ranks[-1] is None:
            got = ", ".join(f"{h.doc[:30]} p{h.page}" for h in hits[:3])
            print(f"  miss {q['id']}: want {q['doc'][:30]} p{q.get('pages')} got {got}")

    def recall(ranks: list[int | None]) -> float:
        return sum(r is not None for r in ranks) / len(ranks)

    def mrr(ranks: list[int | None]) -> float:
        return sum(1 / r for r in ranks if r) / len(ranks)

    latencies.sort()
    print(f"\n{'questions':<22}{len(page_ranks)} answerable, {len(uncovered_sims)} not covered")
    print(f"{f'recall@{args.k} (doc+page)':<22}{recall(page_ranks):.3f}")
    print(f"{'MRR (doc+page)':<22}{mrr(page_ranks):.3f}")
    print(f"{f'recall@{args.k} (doc)':<22}{recall(doc_ranks):.3f}")
    print(f"{'MRR (doc)':<22}{mrr(doc_ranks):.3f}")
    t = COVERAGE_THRESHOLD
    print(
        f"{'best similarity':<22}answerable min {min(best_sims):.3f} median "
        f"{statistics.median(best_sims):.3f}; not covered max "
        f"{max(uncovered_sims, default=0):.3f} "
        f"median {statistics.median(uncovered_sims or [0]):.3f}"
    )
    print(
        f"{f'coverage @ {t}':<22}{sum(s >= t for s in best_sims)}/{len(best_sims)} "
        "answerable kept, "
        f"{sum(s < t for s in uncovered_sims)}/{len(uncovered_sims)} not-covered flagged"
    )
    print(
        f"{'search p50 / p95 ms':<22}{statistics.median(latencies):.1f} / "
        f"{latencies[int(len(latencies) * 0.95) - 1]:.1f} (query embedding included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
