"""The shipped embedder, end to end on a few real files, with non-loopback sockets refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import COVERAGE_THRESHOLD, KnowledgeBase, default_embedder

CASE_REPORT = "echo_medhora2020_ClinCaseRep_FICE-cardiac-angiosarcoma.pdf"


@pytest.mark.slow
def test_real_build_and_search_offline(shared_corpus: Path, tmp_path: Path) -> None:
    embedder = default_embedder()
    assert embedder.identity.dim == 384 and len(embedder.identity.sha256) == 64
    kb = KnowledgeBase(tmp_path / "kb", embedder=embedder)
    notes = shared_corpus / "markdown" / "echo-protocols"
    summary = kb.build(
        [
            shared_corpus / "pdfs" / CASE_REPORT,
            notes / "aortic-stenosis.md",
            notes / "diastology.md",
        ]
    )
    assert len(summary.with_status("added")) == 3, summary.outcomes

    hit = kb.search("Which programme trains intensive care doctors in focused echo?", k=3)[0]
    assert hit.doc == CASE_REPORT and hit.page in (1, 2)
    assert hit.similarity >= COVERAGE_THRESHOLD

    rows = kb.search("mean gradient in severe aortic stenosis", k=3)
    assert any(
        h.doc == "aortic-stenosis.md" and "Mean Gradient | 10* - 20 | 40 - 59" in h.text
        for h in rows
    )

    off_topic = kb.search("How long should pizza dough rise before baking?", k=3)
    assert off_topic[0].similarity < COVERAGE_THRESHOLD
