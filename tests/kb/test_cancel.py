"""Stopping a build (Cancel, Ctrl-C): the real embedder over the starter KB's notes, midway."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb import BuildProgress, KnowledgeBase
from tests.conftest import REPO_ROOT
from tests.helpers import default_sigint
from tests.kb.conftest import STARTER_CORPUS, STARTER_NOTES

pytestmark = pytest.mark.slow

QUERIES = [
    "How is the QT interval corrected for heart rate?",
    "What is the normal frontal plane QRS axis?",
    "How is atrial fibrillation recognised on the ECG?",
    "Which echo signs suggest cardiac tamponade?",
    "How is pulmonary artery systolic pressure estimated?",
]


def results(kb: KnowledgeBase) -> dict[str, list[tuple[str, str, float]]]:
    return {
        q: [(h.chunk_id, h.path, round(h.similarity, 5)) for h in kb.search(q, k=5)]
        for q in QUERIES
    }


@dataclass
class Published:
    """What a reader of the KB sees: its manifest, documents and search results."""

    manifest: bytes
    documents: list
    results: dict


def published(kb: KnowledgeBase, embedder) -> Published:
    """Read afresh from disk (a new KnowledgeBase), as the next process would."""
    reopened = KnowledgeBase(kb.root, embedder=embedder)
    return Published((kb.root / "manifest.json").read_bytes(), reopened.documents(),
                     results(reopened))


def built_kb(folder: Path, tmp_path: Path, embedder) -> tuple[KnowledgeBase, Published]:
    kb = KnowledgeBase(tmp_path / "kb", embedder=embedder)
    kb.build([folder])
    return kb, published(kb, embedder)


def add_notes(folder: Path, names: list[str]) -> None:
    for name in names:
        shutil.copy(STARTER_CORPUS / name, folder / name)


def cancel_after(cancel: threading.Event, embeds: int, seen: list[BuildProgress]):
    """A progress callback that records every report and cancels after `embeds` batches."""

    def progress(p: BuildProgress) -> None:
        seen.append(p)
        if sum(1 for s in seen if s.phase == "embed") == embeds:
            cancel.set()

    return progress


def test_cancelled_build_publishes_nothing_and_the_next_build_resumes(
    corpus_docs: Path, tmp_path: Path, real_embedder
) -> None:
    kb, before = built_kb(corpus_docs, tmp_path, real_embedder)

    add_notes(corpus_docs, STARTER_NOTES[3:6])  # three new notes, an embedding batch or more each
    cancel, seen = threading.Event(), []
    summary = kb.build([corpus_docs], cancel=cancel, progress=cancel_after(cancel, 2, seen))

    assert summary.cancelled
    assert not summary.with_status("added") and not summary.with_status("updated")
    phases = [p.phase for p in seen]
    assert phases[-1] == "cancelled" and "publish" not in phases
    assert len({p.current for p in seen if p.phase == "extract"}) < 3  # stopped midway
    assert published(kb, real_embedder) == before
    reopened = KnowledgeBase(kb.root, embedder=real_embedder)

    summary = reopened.build([corpus_docs])  # the lock is free and nothing is left half done
    assert not summary.cancelled and len(summary.with_status("added")) == 3
    assert len(reopened.documents()) == 6
    hit = reopened.search("How are LV volumes and ejection fraction measured?", k=1)[0]
    assert hit.doc == "05_echo_chamber_quantification.md"


def test_cancelled_rebuild_keeps_the_old_kb_though_it_wrote_checkpoints(
    corpus_docs: Path, tmp_path: Path, real_embedder
) -> None:
    kb, before = built_kb(corpus_docs, tmp_path, real_embedder)

    cancel, seen = threading.Event(), []
    summary = kb.build(
        [corpus_docs],
        rebuild=True,
        checkpoint_chunks=1,  # every document a checkpoint: rows reach the new table
        cancel=cancel,
        progress=cancel_after(cancel, 2, seen),
    )

    assert summary.cancelled and not summary.with_status("added")
    assert "write" in [p.phase for p in seen] and "publish" not in [p.phase for p in seen]
    assert published(kb, real_embedder) == before
    reopened = KnowledgeBase(kb.root, embedder=real_embedder)
    import lancedb

    assert lancedb.connect(kb.root / "lance").list_tables().tables == ["chunks_1"]

    summary = reopened.build([corpus_docs], rebuild=True)  # starts over cleanly
    assert len(summary.with_status("added")) == 3
    assert {d.name for d in reopened.documents()} == {d.name for d in before.documents}
    # The same notes and embedder: the same answers.
    assert results(reopened) == before.results


def test_ctrl_c_in_kb_build_keeps_the_last_good_kb(
    corpus_docs: Path, tmp_path: Path, real_embedder
) -> None:
    """A real SIGINT to `echoassist kb build`, sent once the build holds its lock."""
    kb, before = built_kb(corpus_docs, tmp_path, real_embedder)
    add_notes(corpus_docs, STARTER_NOTES[3:6])

    lock = kb.root / "build.lock"
    lock.unlink()  # the build creates it as it takes the lock: the moment to interrupt
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "echoassist.cli",
            "kb",
            "build",
            "--kb",
            str(kb.root),
            str(corpus_docs),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_sigint,
    )
    while not lock.exists() and child.poll() is None:
        time.sleep(0.01)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)

    assert child.returncode == 130, err[-2000:]
    assert "interrupted: the KB keeps everything published before now" in err
    assert published(kb, real_embedder) == before
    reopened = KnowledgeBase(kb.root, embedder=real_embedder)
    assert len(reopened.build([corpus_docs]).with_status("added")) == 3
