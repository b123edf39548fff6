"""Retrieval quality on the shared corpus and the starter notes, tune and held-out sets apart.

    .venv/bin/python benchmarks/retrieval_eval.py [--split tune] [--ranker rrf] [--show-misses]

Questions (data/retrieval_heldout.jsonl, written in our own words before any retrieval run) name
a gold document and either pages (PDFs; a chunk counts when its page range overlaps them, so a
two-page answer is found through either page) or a section (Markdown, which has no pages: the
hit's heading path must contain it). Tune on `--split tune` only; the held-out set is for
confirming a choice, not for making it.

Columns: R@1 and R@5 (doc + page or section), MRR over the top 20, doc R@5 (right document
anywhere in the top 5), top-20 (gold page anywhere in the 20 candidates the ranker returns; the
ceiling a second stage could reach), and cite@5: the gold page is the page of the hit's best
matching sentence (kb.rerank.best_sentence, then SearchHit.page_at): what a citation names.

The KB (.cache/kb-eval-v2) is built incrementally from ../shared/corpus/pdfs, its Markdown and
kb/corpus, so only the first run pays. The legacy 45-question file (tuned on) still runs with
--questions benchmarks/data/retrieval_questions.jsonl; its five "not covered" ECG questions are
covered by the starter notes in this KB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from kb import KnowledgeBase, Reranker, SearchHit
from kb.rerank import RANKERS, best_sentence, make_ranker

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
STARTER = REPO / "kb" / "corpus"
QUESTIONS = REPO / "benchmarks" / "data" / "retrieval_heldout.jsonl"
DEPTH = 20


def matches(hit: SearchHit, q: dict[str, Any], cited: bool = False) -> bool:
    """The hit is from the gold document and at the gold place (any place, without one)."""
    if hit.doc != q["doc"]:
        return False
    if q.get("section"):
        return q["section"].lower() in hit.section.lower()
    pages = q.get("pages")
    if not pages or hit.page is None:
        return True
    if cited:
        return hit.page_at(best_sentence(q["question"], hit.text)[0]) in pages
    return any(hit.page <= p <= (hit.page_end or hit.page) for p in pages)


def first_rank(hits: list[SearchHit], q: dict[str, Any], *, doc_only: bool = False,
               cited: bool = False) -> int | None:
    for rank, hit in enumerate(hits, 1):
        if (hit.doc == q["doc"]) if doc_only else matches(hit, q, cited):
            return rank
    return None


def recall(ranks: list[int | None], k: int) -> float:
    return sum(r is not None and r <= k for r in ranks) / max(len(ranks), 1)


def mrr(ranks: list[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / max(len(ranks), 1)


def evaluate(questions: list[dict[str, Any]],
             search: Callable[[str], list[SearchHit]], show_misses: bool) -> dict[str, float]:
    page, doc, cite, millis = [], [], [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = search(q["question"])
        millis.append((time.perf_counter() - t0) * 1000)
        page.append(first_rank(hits, q))
        doc.append(first_rank(hits[:5], q, doc_only=True))
        cite.append(first_rank(hits[:5], q, cited=True))
        if show_misses and (page[-1] is None or page[-1] > 5):
            got = ", ".join(f"{h.doc[:22]} p{h.page}-{h.page_end} {h.section[:20]}"
                            for h in hits[:3])
            where = q.get("pages") or q.get("section")
            print(f"  miss {q['id']} ({q['kind']}, rank {page[-1]}): want {q['doc'][:22]} "
                  f"{where}; got {got}")
    return {
        "n": len(questions),
        "R@1": recall(page, 1),
        "R@5": recall(page, 5),
        "MRR": mrr(page),
        "doc R@5": recall(doc, 5),
        f"top-{DEPTH}": recall(page, DEPTH),
        "cite@5": recall(cite, 5),
        "p50 ms": statistics.median(millis) if millis else 0.0,
    }


def _search(knowledge: KnowledgeBase, ranker: Reranker, text: str) -> list[SearchHit]:
    return knowledge.search(text, DEPTH, ranker)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=REPO / ".cache" / "kb-eval-v2")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--split", choices=["tune", "heldout", "all"], default="all")
    parser.add_argument("--ranker", choices=sorted(RANKERS), action="append",
                        help="ranker to measure (repeatable; default: the default one)")
    parser.add_argument("--by-kind", action="store_true", help="R@5 per question kind")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not args.questions.is_file():
        print(f"no question file at {args.questions}", file=sys.stderr)
        return 2
    if not (CORPUS / "pdfs").is_dir():
        print(f"no shared corpus at {CORPUS}", file=sys.stderr)
        return 2
    questions = [json.loads(line) for line in args.questions.read_text().splitlines()
                 if line.strip()]
    questions = [q for q in questions if q.get("doc")]  # "not covered" ones: coverage, not rank
    knowledge = KnowledgeBase(args.kb)
    summary = knowledge.build([CORPUS / "pdfs", CORPUS / "markdown", STARTER])
    print(f"KB {args.kb}: {len(knowledge.documents())} documents "
          f"({summary.seconds:.1f} s to bring up to date)\n")
    splits = ["tune", "heldout"] if args.split == "all" else [args.split]
    header = f"{'ranker':<16}{'split':<9}{'n':>4}"
    columns = ["R@1", "R@5", "MRR", "doc R@5", f"top-{DEPTH}", "cite@5", "p50 ms"]
    print(header + "".join(f"{c:>9}" for c in columns))
    for name in args.ranker or ["default"]:
        search = partial(_search, knowledge, make_ranker(name, knowledge.embedder))
        for split in splits:
            subset = [q for q in questions if q.get("split", "tune") == split]
            if not subset:
                continue
            result = evaluate(subset, search, args.show_misses)
            print(f"{name:<16}{split:<9}{result['n']:>4}"
                  + "".join(f"{result[c]:>9.3f}" if c != "p50 ms" else f"{result[c]:>9.1f}"
                            for c in columns), flush=True)
            if args.by_kind:
                for kind in sorted({q["kind"] for q in subset}):
                    part = evaluate([q for q in subset if q["kind"] == kind], search, False)
                    print(f"{'':<16}{'  ' + kind:<13}{part['n']:>4}  R@5 {part['R@5']:.3f} "
                          f"top-{DEPTH} {part[f'top-{DEPTH}']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
