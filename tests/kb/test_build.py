from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from kb import BuildProgress, KnowledgeBase
from kb.errors import (
    DocumentNotFoundError,
    EmbedderMismatchError,
    KBBusyError,
    KBError,
    KBNotFoundError,
)
from kb.store import build_lock, open_published
from tests.kb.fakes import HashEmbedder, paper_pages, write_pdf


def rows(kb: KnowledgeBase) -> int:
    _, table = open_published(kb.root, kb.embedder.identity)
    return table.count_rows()


def test_build_then_search_returns_doc_page_section(kb: KnowledgeBase, docs: Path) -> None:
    summary = kb.build([docs])
    assert {o.status for o in summary.outcomes} == {"added"}
    hits = kb.search("pericardial effusion cohort charlie", k=3)
    assert hits[0].doc == "effusion.pdf" and hits[0].page == 3
    assert hits[0].title == "Effusion study" and hits[0].section.endswith(
        "Results on pericardial effusion"
    )
    md = kb.search("vena contracta mitral regurgitation", k=1)[0]
    assert (md.doc, md.page, md.section) == ("notes.md", None, "Regurgitation")
    assert -1 <= md.similarity <= 1
    assert rows(kb) == sum(d.chunks for d in kb.documents())


def test_unchanged_files_cost_no_embedding(
    kb: KnowledgeBase, docs: Path, embedder: HashEmbedder
) -> None:
    kb.build([docs])
    before = embedder.calls
    summary = kb.build([docs])
    assert {o.status for o in summary.outcomes} == {"unchanged"}
    assert embedder.calls == before


def test_changed_file_replaces_its_chunks(
    kb: KnowledgeBase, docs: Path, embedder: HashEmbedder
) -> None:
    kb.build([docs])
    write_pdf(docs / "stenosis.pdf", paper_pages("bicuspid valve", 2), title="Bicuspid study")
    embedder.embedded = 0
    summary = kb.build([docs])
    assert [o.status for o in summary.outcomes if o.status != "unchanged"] == ["updated"]
    assert embedder.embedded == summary.chunks  # only the changed file was embedded
    titles = {d.title for d in kb.documents()}
    assert "Bicuspid study" in titles and "Aortic stenosis study" not in titles
    assert all("aortic stenosis" not in h.text for h in kb.search("aortic stenosis", k=10))
    assert rows(kb) == sum(d.chunks for d in kb.documents())


def test_remove_by_name_id_prefix_or_path(kb: KnowledgeBase, docs: Path) -> None:
    kb.build([docs])
    removed = kb.remove("stenosis.pdf")
    assert removed.name == "stenosis.pdf"
    doc_id = next(d.doc_id for d in kb.documents() if d.name == "notes.md")
    kb.remove(doc_id[:8])
    kb.remove(str(docs / "effusion.pdf"))
    assert kb.documents() == [] and kb.search("anything") == []
    with pytest.raises(DocumentNotFoundError, match="kb list"):
        kb.remove("nope.pdf")


def test_checkpoints_publish_whole_documents(kb: KnowledgeBase, docs: Path) -> None:
    summary = kb.build([docs], checkpoint_chunks=1)
    assert len(summary.with_status("added")) == 3
    assert rows(kb) == sum(d.chunks for d in kb.documents())


def test_progress_reports_files_pages_chunks(kb: KnowledgeBase, docs: Path) -> None:
    seen = []
    kb.build([docs], progress=seen.append)
    assert seen[-1].phase == "done" and seen[-1].files_total == 3
    assert seen[-1].chunks_done == seen[-1].chunks_total > 0 and seen[-1].pages_done == 7
    assert {"scan", "extract", "embed", "publish"} <= {p.phase for p in seen}


def test_other_embedder_is_a_clear_error(kb: KnowledgeBase, docs: Path, tmp_path: Path) -> None:
    kb.build([docs])
    other = KnowledgeBase(kb.root, embedder=HashEmbedder(name="other-model"))
    with pytest.raises(EmbedderMismatchError, match="built with embedder fake-hash.*--rebuild"):
        other.search("x")
    with pytest.raises(EmbedderMismatchError):
        other.build([docs])
    summary = other.build([docs], rebuild=True)
    assert len(summary.with_status("added")) == 3 and other.search("aortic stenosis")


def test_missing_kb_and_busy_kb(tmp_path: Path, embedder: HashEmbedder, docs: Path) -> None:
    empty = KnowledgeBase(tmp_path / "none", embedder=embedder)
    with pytest.raises(KBNotFoundError, match="echoassist kb build"):
        empty.search("x")
    with build_lock(empty.root), pytest.raises(KBBusyError, match="another build"):
        empty.build([docs])


def test_moved_copy_is_reported_as_duplicate(kb: KnowledgeBase, docs: Path, tmp_path: Path) -> None:
    kb.build([docs])
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(docs / "notes.md", other / "copy.md")
    summary = kb.build([other])
    assert summary.outcomes[0].status == "duplicate" and "notes.md" in summary.outcomes[0].reason


def test_ctrl_c_mid_build_keeps_kb_and_releases_lock(kb: KnowledgeBase, docs: Path) -> None:
    (docs / "effusion.pdf").rename(docs.parent / "later.pdf")
    kb.build([docs])
    (docs.parent / "later.pdf").rename(docs / "effusion.pdf")

    def interrupt(progress: object) -> None:
        if getattr(progress, "phase", "") == "embed":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kb.build([docs], progress=interrupt)
    assert {d.name for d in kb.documents()} == {"stenosis.pdf", "notes.md"}
    assert kb.search("aortic stenosis cohort alpha")[0].doc == "stenosis.pdf"
    kb.build([docs])  # the lock was released and the build completes
    assert {d.name for d in kb.documents()} == {"stenosis.pdf", "notes.md", "effusion.pdf"}


def test_damaged_kb_is_a_clear_error_and_rebuild_recovers(kb: KnowledgeBase, docs: Path) -> None:
    kb.build([docs])
    shutil.rmtree(kb.root / "lance")
    fresh = KnowledgeBase(kb.root, embedder=kb.embedder)
    with pytest.raises(KBError, match="damaged.*--rebuild"):
        fresh.search("aortic")
    fresh.build([docs], rebuild=True)
    assert fresh.search("aortic stenosis cohort alpha")[0].doc == "stenosis.pdf"


def test_moved_file_follows_its_new_path(
    kb: KnowledgeBase, embedder: HashEmbedder, docs: Path, tmp_path: Path
) -> None:
    kb.build([docs])
    moved = tmp_path / "moved.md"
    (docs / "notes.md").rename(moved)
    embedded = embedder.embedded
    summary = kb.build([moved])
    assert summary.outcomes[0].status == "moved" and "notes.md" in summary.outcomes[0].reason
    assert embedder.embedded == embedded  # vectors kept: no chunk embedded again
    assert str(moved) in {d.path for d in kb.documents()} and rows(kb) == sum(
        d.chunks for d in kb.documents()
    )
    assert kb.search("mitral regurgitation EROA")[0].path == str(moved)


def test_renamed_files_follow_their_content(
    kb: KnowledgeBase, embedder: HashEmbedder, docs: Path
) -> None:
    """Swapped names, a title taken from the file name, and new content at an old path."""
    (docs / "untitled-note.md").write_text("Tamponade shows right atrial collapse in systole.\n")
    kb.build([docs])
    (docs / "stenosis.pdf").rename(docs / "tmp.pdf")
    (docs / "effusion.pdf").rename(docs / "stenosis.pdf")
    (docs / "tmp.pdf").rename(docs / "effusion.pdf")
    (docs / "untitled-note.md").rename(docs / "tamponade_sign.md")
    (docs / "notes.md").rename(docs / "mitral.md")
    (docs / "notes.md").write_text("# New notes\n\nTricuspid annular plane excursion.\n")
    embedded = embedder.embedded

    summary = kb.build([docs])
    status = {Path(o.path).name: o.status for o in summary.outcomes}
    assert status == {
        "stenosis.pdf": "moved",
        "effusion.pdf": "moved",
        "tamponade_sign.md": "moved",
        "mitral.md": "moved",
        "notes.md": "added",
    }
    assert embedder.embedded == embedded + 1  # only the new notes.md (one chunk)
    titles = {d.name: d.title for d in kb.documents()}
    assert titles["tamponade_sign.md"] == "tamponade sign"
    assert titles["stenosis.pdf"] == "Effusion study" and titles["mitral.md"] == "Mitral notes"
    assert kb.search("pericardial effusion cohort charlie")[0].doc == "stenosis.pdf"
    hit = kb.search("right atrial collapse in systole")[0]
    assert hit.doc == "tamponade_sign.md" and hit.title == "tamponade sign"
    assert rows(kb) == sum(d.chunks for d in kb.documents())


def test_cancelled_first_build_leaves_no_kb(kb: KnowledgeBase, docs: Path) -> None:
    cancel = threading.Event()
    summary = kb.build(
        [docs], cancel=cancel, progress=lambda p: p.phase == "embed" and cancel.set()
    )
    assert summary.cancelled and summary.outcomes == []
    assert not kb.exists()
    assert len(kb.build([docs]).with_status("added")) == 3


def test_cancel_after_a_checkpoint_keeps_its_whole_documents(kb: KnowledgeBase, docs: Path) -> None:
    cancel = threading.Event()

    def progress(p: BuildProgress) -> None:
        if p.phase == "publish":
            cancel.set()

    summary = kb.build([docs], checkpoint_chunks=1, cancel=cancel, progress=progress)
    assert summary.cancelled and len(summary.with_status("added")) == 1
    assert [d.path for d in kb.documents()] == [summary.outcomes[0].path]
    assert rows(kb) == kb.documents()[0].chunks
    assert len(kb.build([docs]).with_status("added")) == 2


def test_a_file_deleted_from_a_built_folder_leaves_the_kb(
    kb: KnowledgeBase, embedder: HashEmbedder, docs: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "tamponade.md").write_text("# Tamponade\n\nRight atrial collapse in systole.\n")
    kb.build([docs, elsewhere])
    (docs / "stenosis.pdf").unlink()
    (elsewhere / "tamponade.md").unlink()
    embedded = embedder.embedded

    # A single file given says nothing about its neighbours: nothing is removed.
    summary = kb.build([docs / "notes.md"])
    assert {o.status for o in summary.outcomes} == {"unchanged"}
    assert "stenosis.pdf" in {d.name for d in kb.documents()}

    summary = kb.build([docs])  # the folder is the truth for what was built from it
    changed = [(Path(o.path).name, o.status) for o in summary.outcomes if o.status != "unchanged"]
    assert changed == [("stenosis.pdf", "removed")]
    assert embedder.embedded == embedded
    names = {d.name for d in kb.documents()}
    assert "stenosis.pdf" not in names
    assert "tamponade.md" in names  # from another folder, which this build was not given
    assert all(h.doc != "stenosis.pdf" for h in kb.search("aortic stenosis", k=10))
    assert rows(kb) == sum(d.chunks for d in kb.documents())


def test_full_text_search_reads_section_headings_too(tmp_path, real_embedder) -> None:
    """A chunk whose heading names the topic and whose text does not is still found by name."""
    from kb import KnowledgeBase

    note = tmp_path / "notes" / "ischemia.md"
    note.parent.mkdir()
    filler = " ".join(f"Filler sentence {i} about ST segments and T waves." for i in range(30))
    note.write_text(f"# Ischemia\n\n## Other patterns\n\n{filler}\n\n## de Winter pattern\n\n"
                    "Upsloping ST depression at the J point with tall symmetrical T waves.\n")
    knowledge = KnowledgeBase(tmp_path / "kb", embedder=real_embedder)
    knowledge.build([note.parent])

    class FullTextOnly:  # the vector list alone would find it: judge the full-text list
        def rerank(self, query, vector_hits, text_hits):
            return text_hits

    hits = knowledge.search("de Winter", k=1, reranker=FullTextOnly())
    assert hits and hits[0].section == "de Winter pattern"
