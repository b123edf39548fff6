"""A build SIGKILLed at any point leaves the last published KB usable; the next build finishes."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb.store import open_published
from tests.conftest import REPO_ROOT
from tests.kb.fakes import HashEmbedder, paper_pages, write_pdf


def consistent(kb: KnowledgeBase) -> set[str]:
    """The published documents, after checking the table holds exactly their chunks."""
    manifest, table = open_published(kb.root, kb.embedder.identity)
    doc_ids = table.to_arrow().column("doc_id").to_pylist()
    assert sorted(set(doc_ids)) == sorted(manifest.docs)
    for doc_id, info in manifest.docs.items():
        assert doc_ids.count(doc_id) == info.chunks
    return {info.title for info in manifest.docs.values()}


@pytest.mark.slow
@pytest.mark.parametrize(
    "point",
    [
        "mid_embedding",
        "after_rows_written",
        "before_manifest_swap",
        "after_first_publish",
        "second_checkpoint",
    ],
)
def test_sigkill_keeps_last_good_kb(point: str, tmp_path: Path, docs: Path) -> None:
    kb = KnowledgeBase(tmp_path / "kb", embedder=HashEmbedder())
    (docs / "effusion.pdf").unlink()
    kb.build([docs])
    before = consistent(kb)
    assert before == {"Aortic stenosis study", "Mitral notes"}

    # Next build: one changed file, one new file.
    write_pdf(docs / "stenosis.pdf", paper_pages("bicuspid valve", 2), title="Bicuspid study")
    write_pdf(docs / "effusion.pdf", paper_pages("pericardial effusion"), title="Effusion study")
    child = subprocess.run(
        [sys.executable, "-m", "tests.kb.crash_child", str(kb.root), str(docs), point],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]

    reopened = KnowledgeBase(kb.root, embedder=HashEmbedder())
    after_kill = consistent(reopened)
    if point == "second_checkpoint":  # the first checkpoint was published: kept
        assert len(after_kill & {"Bicuspid study", "Effusion study"}) == 1
    elif point == "after_first_publish":  # published, only the tidy-up was lost
        assert after_kill == {"Bicuspid study", "Effusion study", "Mitral notes"}
    else:
        assert after_kill == before
        assert reopened.search("aortic stenosis cohort alpha")[0].title == "Aortic stenosis study"

    summary = reopened.build([docs])
    assert not summary.with_status("failed")
    assert consistent(reopened) == {"Bicuspid study", "Effusion study", "Mitral notes"}
    assert reopened.search("bicuspid valve cohort bravo")[0].title == "Bicuspid study"
