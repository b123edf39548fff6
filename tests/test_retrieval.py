"""The chat layer's view of a knowledge base: one retriever per KB, current after a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from echoassist.retrieval import open_retriever
from kb import KnowledgeBase
from tests.conftest import REPO_ROOT, SHARED_CORPUS

NOTE = """# Brugada pattern

A type 1 Brugada pattern shows coved ST elevation of at least 2 mm in V1 or V2 followed by a
negative T wave. Sodium channel blockers can unmask it; fever can too.
"""

EXTRA = """# Wolff-Parkinson-White pattern

Pre-excitation shortens the PR interval below 120 ms and adds a slurred delta wave at the start
of a widened QRS complex, because an accessory pathway bypasses the atrioventricular node.
"""


def test_no_retriever_for_a_kb_that_was_never_built(tmp_path: Path):
    assert open_retriever(str(tmp_path / "nothing-here")) is None


def test_questions_reuse_one_retriever_which_sees_a_rebuild(tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "brugada.md").write_text(NOTE)
    root = tmp_path / "kb"
    KnowledgeBase(root).build([notes])

    retriever = open_retriever(str(root))
    assert retriever is not None
    retriever.warm()
    assert open_retriever(str(root)) is retriever  # the embedder loads once per process
    version_before = retriever.version
    sources, relevance_before = retriever.retrieve("delta wave accessory pathway", 3)
    assert {s.doc for s in sources} == {"brugada.md"}

    (notes / "wpw.md").write_text(EXTRA)
    KnowledgeBase(root).build([notes])  # a rebuild elsewhere, e.g. the TUI's KB screen

    sources, relevance = retriever.retrieve("delta wave accessory pathway", 3)
    assert sources[0].doc == "wpw.md"
    assert relevance > relevance_before + 0.1
    assert retriever.version != version_before  # answers record the KB version they used


QUESTIONS = REPO_ROOT / "benchmarks" / "data" / "retrieval_heldout.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_CORPUS / "pdfs").is_dir(), reason="shared corpus not present")
def test_held_out_questions_find_their_page_in_the_top_five(tmp_path: Path):
    """The acceptance figure of issue 14 (benchmarks/retrieval_eval.py has the full table): the
    gold page (or, for notes, the gold heading) among the first 5 hits for >= 0.90 of the
    held-out questions, the first hit for >= 0.70. Measured: 0.944 and 0.752."""
    knowledge = KnowledgeBase(tmp_path / "kb")
    corpus = [SHARED_CORPUS / "pdfs", SHARED_CORPUS / "markdown", REPO_ROOT / "kb" / "corpus"]
    knowledge.build(corpus)
    questions = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    held_out = [q for q in questions if q["split"] == "heldout"]

    def at_gold(hit, q) -> bool:
        if hit.doc != q["doc"]:
            return False
        if "section" in q:
            return q["section"].lower() in hit.section.lower()
        return any(hit.page_start <= p <= hit.page_end for p in q["pages"])

    ranks = []
    for q in held_out:
        hits = knowledge.search(q["question"], k=5)
        ranks.append(next((i for i, h in enumerate(hits, 1) if at_gold(h, q)), None))
    top5 = sum(r is not None for r in ranks) / len(ranks)
    top1 = sum(r == 1 for r in ranks) / len(ranks)
    assert top5 >= 0.90 and top1 >= 0.70, (top5, top1)
