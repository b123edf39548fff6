"""A document that moved keeps its vectors: the real embedder is not asked to embed it again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb import KnowledgeBase
from kb.store import open_published

pytestmark = pytest.mark.slow


class CountingEmbedder:
    """The real embedder, recording every text it is asked to embed for the KB."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.identity = inner.identity
        self.max_tokens = inner.max_tokens
        self.embedded: list[str] = []

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def test_moved_and_renamed_notes_keep_their_vectors(
    corpus_docs: Path, tmp_path: Path, real_embedder
) -> None:
    embedder = CountingEmbedder(real_embedder)
    kb = KnowledgeBase(tmp_path / "kb", embedder=embedder)
    elsewhere = tmp_path / "archive"
    elsewhere.mkdir()
    kb.build([corpus_docs, elsewhere])
    assert embedder.embedded
    question = "How is the QT interval corrected for heart rate?"
    before = kb.search(question, k=5)
    assert before[0].doc == "02_intervals_axis.md"

    (corpus_docs / "02_intervals_axis.md").rename(elsewhere / "intervals.md")
    (corpus_docs / "01_ecg_basics.md").rename(corpus_docs / "ecg-basics.md")
    embedder.embedded.clear()
    summary = kb.build([corpus_docs, elsewhere])

    status = {Path(o.path).name: o.status for o in summary.outcomes}
    assert status == {
        "intervals.md": "moved",
        "ecg-basics.md": "moved",
        "03_arrhythmias.md": "unchanged",
    }
    assert embedder.embedded == []
    after = kb.search(question, k=5)
    assert [(h.chunk_id, round(h.similarity, 5)) for h in after] == [
        (h.chunk_id, round(h.similarity, 5)) for h in before
    ]
    assert after[0].doc == "intervals.md" and after[0].path == str(elsewhere / "intervals.md")
    manifest, table = open_published(kb.root, embedder.identity)
    paths = set(table.to_arrow().column("path").to_pylist())
    assert (
        paths
        == {d.path for d in manifest.docs.values()}
        == {
            str(elsewhere / "intervals.md"),
            str(corpus_docs / "ecg-basics.md"),
            str(corpus_docs / "03_arrhythmias.md"),
        }
    )
