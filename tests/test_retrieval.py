"""The chat layer's view of a knowledge base: one retriever per KB, current after a rebuild."""

from __future__ import annotations

from pathlib import Path

from echoassist.retrieval import open_retriever
from kb import KnowledgeBase

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
