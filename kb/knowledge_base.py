"""The kb library's front door: one object per KB folder for the CLI, the TUI and the chat code.

kb = KnowledgeBase(path)                      # nothing is loaded yet
summary = kb.build([folder], progress=cb)     # incremental; cb gets BuildProgress snapshots
kb.build([folder], cancel=event)              # event.set() from another thread stops it
hits = kb.search("normal LVEF in women", k=5) # list[SearchHit]; hits[0].similarity
kb.documents(); kb.status(); kb.remove("file.pdf")
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from kb import build as build_mod
from kb.embed import Embedder, default_embedder
from kb.extract import pdf_extractor
from kb.records import BuildSummary, DocumentInfo, KBStatus, SearchHit
from kb.search import Reranker, hybrid_search
from kb.store import (
    MANIFEST,
    TEXT_COLUMNS,
    Manifest,
    open_published,
    published_table,
    require_manifest,
)
from kb.terms import spell_out

# The embedder reads the question with its abbreviations spelt out (kb.terms.spell_out).
SPELL_OUT = True


class KnowledgeBase:
    def __init__(self, root: Path, embedder: Embedder | None = None) -> None:
        self.root = Path(root).expanduser()
        self._embedder = embedder
        self._table: object | None = None
        self._text_columns: list[str] = ["text"]
        self._manifest: Manifest | None = None
        self._manifest_stamp: int | None = None

    @property
    def embedder(self) -> Embedder:
        """Loaded on first use: listing or removing documents needs no model."""
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def exists(self) -> bool:
        return (self.root / MANIFEST).is_file()

    def build(
        self,
        paths: Iterable[Path | str],
        *,
        extractor: str = "pypdf",
        rebuild: bool = False,
        progress: build_mod.ProgressCallback | None = None,
        checkpoint_chunks: int = build_mod.CHECKPOINT_CHUNKS,
        cancel: threading.Event | None = None,
    ) -> BuildSummary:
        """Add new and changed files under `paths`; see BuildSummary for what happened to each.

        Set `cancel` from another thread to stop the build early (see kb.build.build).
        """
        pdf = pdf_extractor(extractor)  # fails before any work if the backend cannot run
        return build_mod.build(
            self.root,
            [Path(p) for p in paths],
            self.embedder,
            pdf,
            rebuild=rebuild,
            progress=progress,
            checkpoint_chunks=checkpoint_chunks,
            cancel=cancel,
        )

    def search(self, query: str, k: int = 5, reranker: Reranker | None = None) -> list[SearchHit]:
        """Hybrid search of the published KB; best first. Empty list for an empty KB."""
        table = self._published_table()
        if not query.strip() or self._manifest is None or not self._manifest.docs:
            return []
        vector = self.embedder.embed_query(spell_out(query) if SPELL_OUT else query)
        return hybrid_search(table, query, vector, k, reranker,
                             text_columns=self._text_columns)

    def search_many(self, queries: list[str], k: int = 5) -> list[list[SearchHit]]:
        return [self.search(q, k) for q in queries]

    def documents(self) -> list[DocumentInfo]:
        return sorted(require_manifest(self.root).docs.values(), key=lambda d: d.path)

    def remove(self, ref: str, warnings: list[str] | None = None) -> DocumentInfo:
        """Remove the document named by doc id (or a 6+ character prefix), file name or path.

        `warnings` gets a line for what failed after the removal was published."""
        return build_mod.remove(self.root, ref, warnings)

    def status(self) -> KBStatus:
        manifest = require_manifest(self.root)
        table = published_table(self.root, manifest)
        return KBStatus(
            path=str(self.root),
            embedder=manifest.embedder.name,
            dim=manifest.embedder.dim,
            documents=len(manifest.docs),
            chunks=sum(d.chunks for d in manifest.docs.values()),
            version=manifest.version,
            vector_index=any(i.columns == ["vector"] for i in table.list_indices()),
            updated_at=manifest.updated_at,
        )

    def manifest_stamp(self) -> int | None:
        """Changes whenever a build publishes (the manifest's mtime); None before the first."""
        try:
            return (self.root / MANIFEST).stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def _published_table(self) -> object:
        """Re-open only when a build has published since: searches stay fast in a long chat."""
        stamp = self.manifest_stamp()
        if self._table is None or stamp != self._manifest_stamp:
            self._manifest, table = open_published(self.root, self.embedder.identity)
            self._table, self._manifest_stamp = table, stamp
            # KBs published before the section index existed search their text alone.
            indexed = {tuple(i.columns) for i in table.list_indices()}
            self._text_columns = [c for c in TEXT_COLUMNS if (c,) in indexed] or ["text"]
        return self._table
