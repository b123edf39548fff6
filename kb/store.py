"""A KB on disk: a LanceDB folder plus manifest.json, the one pointer readers trust.

Layout of a KB folder:
    manifest.json   written last, with os.replace: embedder, table name + version, documents
    lance/          LanceDB database; table `chunks_<generation>` holds chunks and vectors
    build.lock      held (flock) by the one build allowed at a time

Readers check out exactly the table version the manifest names, so whatever a build that was
killed (or interrupted) left behind in newer table versions is invisible to them. The next build
restores the table to the published version before it writes again. A rebuild writes a new
table `chunks_<generation + 1>` that no manifest names until the rebuild is complete; the next
build drops such a table if the rebuild was killed or cancelled. Lance versions are
immutable, so a published version stays readable until a later build prunes it (only versions
older than a week, and never before a newer manifest is on disk).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from kb.diskspace import disk_full_message, no_room_errno
from kb.embed import EmbedderIdentity
from kb.errors import (
    EmbedderMismatchError,
    KBBusyError,
    KBError,
    KBNotFoundError,
)
from kb.records import Chunk, DocumentInfo

MANIFEST = "manifest.json"
# Columns with a full-text index. The section headings are searched too: "de Winter T waves" is
# answered by a chunk under "de Winter pattern" whose text never says "de Winter".
TEXT_COLUMNS = ["text", "section"]
FORMAT = 1
# Below this many chunks an exact (flat) vector scan is fast enough and exact; above it an
# IVF_HNSW_SQ index keeps hybrid search in the tens of milliseconds (benchmarks/kb_search.py).
ANN_MIN_ROWS = 10_000
KEEP_VERSIONS_FOR = timedelta(days=7)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Manifest:
    embedder: EmbedderIdentity
    table: str
    version: int
    docs: dict[str, DocumentInfo] = field(default_factory=dict)
    updated_at: str = ""
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "embedder": asdict(self.embedder),
            "table": self.table,
            "version": self.version,
            "updated_at": self.updated_at,
            "docs": {k: v.to_dict() for k, v in self.docs.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            embedder=EmbedderIdentity(**data["embedder"]),
            table=data["table"],
            version=int(data["version"]),
            docs={k: DocumentInfo.from_dict(v) for k, v in data["docs"].items()},
            updated_at=data.get("updated_at", ""),
            format=int(data.get("format", FORMAT)),
        )


def schema(dim: int) -> pa.Schema:
    return pa.schema(
        [
            ("chunk_id", pa.string()),
            ("doc_id", pa.string()),
            ("path", pa.string()),
            ("title", pa.string()),
            ("section", pa.string()),
            ("page_start", pa.int32()),
            ("page_end", pa.int32()),
            ("text", pa.string()),
            ("vector", pa.list_(pa.float32(), dim)),
        ]
    )


def read_manifest(root: Path) -> Manifest | None:
    try:
        data = json.loads((root / MANIFEST).read_text())
    except FileNotFoundError:
        return None
    return Manifest.from_json(data)


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Atomic publish: a reader sees the old manifest or the new one, never half of one."""
    manifest.updated_at = now()
    tmp = root / f".{MANIFEST}.tmp"
    try:
        with tmp.open("w") as f:
            json.dump(manifest.to_json(), f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, root / MANIFEST)
    except BaseException:  # a full disk: the published manifest stays, no half-written copy
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def check_embedder(root: Path, manifest: Manifest, identity: EmbedderIdentity) -> None:
    if manifest.embedder != identity:
        built = manifest.embedder
        raise EmbedderMismatchError(
            f"the KB at {root} was built with embedder {built.name} ({built.dim}-d, "
            f"sha256 {built.sha256[:12]}) but this EchoAssist uses {identity.name} "
            f"({identity.dim}-d, sha256 {identity.sha256[:12]}); rebuild it with "
            f"`echoassist kb build --rebuild PATH...`"
        )


def require_manifest(root: Path) -> Manifest:
    manifest = read_manifest(root)
    if manifest is None:
        raise KBNotFoundError(
            f"no knowledge base at {root} yet; build one with `echoassist kb build PATH...`"
        )
    return manifest


def published_table(root: Path, manifest: Manifest) -> Any:
    """The manifest's table, checked out read-only at the published version."""
    import lancedb

    try:
        table = lancedb.connect(root / "lance").open_table(manifest.table)
        table.checkout(manifest.version)
    except (ValueError, OSError, RuntimeError) as exc:  # lance reports missing data this way
        raise KBError(
            f"the KB at {root} is damaged (table {manifest.table} version {manifest.version} "
            f"cannot be read: {str(exc).splitlines()[0][:120]}); rebuild it with "
            f"`echoassist kb build --rebuild PATH...`"
        ) from exc
    return table


def open_published(root: Path, identity: EmbedderIdentity) -> tuple[Manifest, Any]:
    manifest = require_manifest(root)
    check_embedder(root, manifest, identity)
    return manifest, published_table(root, manifest)


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time; the kernel drops the lock when a build dies, even by SIGKILL."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "build.lock").open("a") as f:
        try:
            _lock(f.fileno())
        except OSError as exc:
            raise KBBusyError(f"another build is running on the KB at {root}; wait for it") from exc
        try:
            yield
        finally:
            _unlock(f.fileno())


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class Writer:
    """Changes a KB's table and publishes them; used only while holding build_lock."""

    def __init__(self, root: Path, identity: EmbedderIdentity, rebuild: bool = False) -> None:
        import lancedb

        self.root = root
        self.identity = identity
        self._db = lancedb.connect(root / "lance")
        published = read_manifest(root)
        # Tables no manifest names: left by a rebuild that was killed or cancelled.
        for name in self._db.list_tables().tables:
            if name.startswith("chunks_") and (published is None or name != published.table):
                self._db.drop_table(name)
        if published is not None and not rebuild:
            check_embedder(root, published, identity)
            self.manifest = published
            self.table = published_table(root, published)
            self.table.checkout_latest()
            if self.table.version != published.version:
                # A build died after writing; drop its unpublished versions.
                self.table.restore(published.version)
            self._old_table = None
        else:
            generation = 1 + (int(published.table.rsplit("_", 1)[1]) if published else 0)
            name = f"chunks_{generation}"
            self.table = self._db.create_table(name, schema=schema(identity.dim))
            self._old_table = published.table if published else None
            self.manifest = Manifest(identity, name, self.table.version)
        # A rebuild of a published KB: nothing is published until all of it is written.
        self.staged = self._old_table is not None
        self._new_table = self.table.name if published is None or rebuild else None
        self.dirty = False
        self.unpublished_bytes = 0  # rows written since the last publish, for a disk-full line
        # Set when the tidy-up after the last publish ran out of room (the data is published).
        self.tidy_warning = ""

    @property
    def docs(self) -> dict[str, DocumentInfo]:
        return self.manifest.docs

    def replace(
        self,
        remove_doc_ids: list[str],
        chunks: list[Chunk],
        vectors: np.ndarray,
        infos: list[DocumentInfo],
    ) -> None:
        """Delete old documents' chunks and add new ones; visible to readers only on publish()."""
        if remove_doc_ids:
            quoted = ", ".join(f"'{d}'" for d in remove_doc_ids)  # hex digests: nothing to escape
            self.table.delete(f"doc_id IN ({quoted})")
        if chunks:
            rows = _rows(chunks, vectors, self.identity.dim)
            self.unpublished_bytes += rows.nbytes
            self.table.add(rows)
        for doc_id in remove_doc_ids:
            self.docs.pop(doc_id, None)
        for info in infos:
            self.docs[info.doc_id] = info
        self.dirty = True

    def move(self, doc_id: str, path: str, title: str) -> None:
        """Give a document its new path (and title) without touching its text or vectors."""
        self.table.update(where=f"doc_id = '{doc_id}'", values={"path": path, "title": title})
        info = self.docs[doc_id]
        info.path, info.title = path, title
        self.dirty = True

    def discard(self) -> None:
        """Drop a new table no manifest names yet (a cancelled rebuild or first build).

        Readers never see it either way; this only frees the disk now rather than at the next
        build. Rows added to a published table are always published with them (build._index).
        """
        if self._new_table is not None:
            self._db.drop_table(self._new_table)
            self._new_table = None
        self.dirty = False

    def remove_documents(self, doc_ids: list[str]) -> None:
        """Delete these documents' chunks; visible to readers only on publish()."""
        self.replace(doc_ids, [], np.zeros((0, self.identity.dim), np.float32), [])

    def publish(self) -> None:
        """Index what was written, then point the manifest at it; then tidy old versions."""
        if not self.dirty:
            return
        indexed = {tuple(i.columns) for i in self.table.list_indices()}
        for column in TEXT_COLUMNS:
            if (column,) not in indexed and self.table.count_rows() > 0:
                from lancedb.index import FTS

                self.table.create_index(column, config=FTS(with_position=False), replace=True)
        self._publish_version()
        self.unpublished_bytes = 0
        # Published: what follows only makes searches faster, so running out of room here is a
        # warning (the next build tries again), not a failed build.
        try:
            self._tidy(indexed)
            self.tidy_warning = ""
        except Exception as exc:
            code = no_room_errno(exc)
            if code is None:
                raise
            self.tidy_warning = disk_full_message(
                "the knowledge base's compaction", self.root, _folder_size(self._table_dir()),
                "build again to finish it: the changes are in and searchable", code=code)
        if self._old_table is not None:
            if self._old_table in self._db.list_tables().tables:
                self._db.drop_table(self._old_table)
            self._old_table = None
        self._new_table = None
        self.staged = False
        self.dirty = False

    def _tidy(self, indexed: set[tuple[str, ...]]) -> None:
        rows = self.table.count_rows()
        if ("vector",) not in indexed and rows >= ANN_MIN_ROWS:
            create_vector_index(self.table, rows)
        # Folds new rows into the indexes and compacts; prunes only week-old versions, which
        # the manifest no longer names (it was just written above).
        self.table.optimize(cleanup_older_than=KEEP_VERSIONS_FOR)
        self._publish_version()

    def _table_dir(self) -> Path:
        return self.root / "lance" / f"{self.table.name}.lance"

    def _publish_version(self) -> None:
        self.manifest.version = self.table.version
        write_manifest(self.root, self.manifest)


def _folder_size(folder: Path) -> int:
    """Bytes in the files under `folder` (what a compaction may write again)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.stat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue
    return total


def create_vector_index(table: Any, rows: int) -> None:
    """IVF_HNSW_SQ with cosine distance; partitions ~ sqrt(rows) as LanceDB advises."""
    table.create_index(
        metric="cosine",
        vector_column_name="vector",
        index_type="IVF_HNSW_SQ",
        num_partitions=max(1, int(rows**0.5) // 4),
        replace=True,
    )


def _rows(chunks: list[Chunk], vectors: np.ndarray, dim: int) -> pa.Table:
    flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1))
    return pa.table(
        {
            "chunk_id": [c.chunk_id for c in chunks],
            "doc_id": [c.doc_id for c in chunks],
            "path": [c.path for c in chunks],
            "title": [c.title for c in chunks],
            "section": [c.section for c in chunks],
            "page_start": pa.array([c.page_start for c in chunks], pa.int32()),
            "page_end": pa.array([c.page_end for c in chunks], pa.int32()),
            "text": [c.text for c in chunks],
            "vector": pa.FixedSizeListArray.from_arrays(flat, dim),
        },
        schema=schema(dim),
    )
