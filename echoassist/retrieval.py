"""Adapter from the kb library to the chat layer's Retriever protocol."""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

import numpy as np

from echoassist.answer.records import Source
from echoassist.errors import kb_errors
from echoassist.paths import app_paths


def kb_location(kb: str) -> Path:
    """A knowledge base given by name (under the data dir) or by path."""
    candidate = Path(kb).expanduser()
    if "/" in kb or kb.startswith((".", "~")) or candidate.is_dir():
        return candidate.resolve()
    return app_paths().kb_dir(kb)


class KBRetriever:
    """Hybrid search of one knowledge base; relevance is the best hit's cosine similarity."""

    def __init__(self, root: Path) -> None:
        from kb import KnowledgeBase

        self.kb = KnowledgeBase(root)
        self.name = root.name
        self._version: tuple[int | None, str] | None = None
        self._lock = threading.Lock()  # a warm-up thread and a question may overlap

    @property
    def version(self) -> str:
        """The published version; re-read when a rebuild has published since (provenance)."""
        stamp = self.kb.manifest_stamp()
        if self._version is None or self._version[0] != stamp:
            status = self.kb.status()
            self._version = (stamp, f"{status.version} ({status.updated_at})")
        return self._version[1]

    def warm(self) -> None:
        """Load the embedder and open the table now, e.g. while the chat model loads."""
        with self._lock:
            try:
                self.kb.embedder.embed_query("warm up")
                self.kb.search(" ")  # opens the published table; a blank query embeds nothing
            except Exception:  # noqa: BLE001 - a background thread must not print a traceback
                pass  # the question's own search meets the same problem and reports it

    def retrieve(self, question: str, k: int) -> tuple[list[Source], float]:
        with kb_errors(), self._lock:
            hits = self.kb.search(question, k=k)
        sources = [
            Source(n=i, doc=hit.doc, title=hit.title, page=hit.page, text=hit.text,
                   score=hit.score, path=hit.path, section=hit.section, page_end=hit.page_end,
                   page_marks=list(hit.page_marks), chunk_id=hit.chunk_id)
            for i, hit in enumerate(hits, start=1)
        ]
        relevance = max((hit.similarity for hit in hits), default=0.0)
        return sources, relevance


    def embed_texts(self, texts: list[str]) -> np.ndarray:
        """The KB's own embedder, for ranking evidence sentences against the question."""
        with self._lock:
            return self.kb.embedder.embed_documents(texts)


    def is_common_word(self, word: str) -> bool:
        """An everyday word: one piece in the embedder's vocabulary ('dose' yes, 'amiodarone'
        no). Questions carry such words ("someone", "quick") that no source needs to hold."""
        return self.kb.embedder.count_tokens([word])[0] == 1


# One retriever per KB folder for the whole process: the embedder (about 250 ms to load) and the
# open table are reused by every question of a chat; KnowledgeBase re-opens after a rebuild.
_retrievers: dict[Path, KBRetriever] = {}
_retrievers_lock = threading.Lock()


def open_retriever(kb: str) -> KBRetriever | None:
    """The named or given knowledge base, or None when none has been built there yet."""
    from kb import KnowledgeBase

    root = kb_location(kb)
    if not KnowledgeBase(root).exists():
        return None
    with _retrievers_lock:
        if root not in _retrievers:
            _retrievers[root] = KBRetriever(root)
        return _retrievers[root]


def start_warming(kb: str) -> KBRetriever | None:
    """open_retriever, plus a daemon thread that loads its embedder and table right away.

    Meant to overlap with the chat model's load (both release the GIL); a question that comes
    first waits on the retriever's lock instead of loading everything a second time.
    """
    retriever = open_retriever(kb)
    if retriever is not None:
        thread = threading.Thread(target=retriever.warm, name="kb-warm", daemon=True)
        thread.start()
        _warming.append(thread)
    return retriever


_warming: list[threading.Thread] = []


@atexit.register
def _finish_warming() -> None:
    """An error right after start-up (an empty question) must not end the process while the
    warm-up thread is inside onnxruntime: that aborts with 'terminate called without an active
    exception' instead of printing the one-line error."""
    for thread in _warming:
        thread.join(timeout=10)


def default_min_relevance() -> float:
    from kb import COVERAGE_THRESHOLD

    return COVERAGE_THRESHOLD


def describe_kb(kb: str) -> tuple[bool, str]:
    """(usable, one line) for `echoassist doctor`."""
    from kb import KBError, KnowledgeBase

    root = kb_location(kb)
    knowledge_base = KnowledgeBase(root)
    if not knowledge_base.exists():
        return False, f"knowledge base '{kb}' not built ({root})"
    try:
        status = knowledge_base.status()
    except KBError as exc:
        return False, str(exc)
    return True, (f"'{kb}': {status.documents} documents, {status.chunks} chunks, "
                  f"embedder {status.embedder} ({root})")
