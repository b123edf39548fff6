"""Incremental, crash-safe KB builds: only new or changed files cost extraction and embedding.

Files are matched to the KB by content hash (the doc id) and path; a file that only moved keeps
its chunks and vectors and just gets its new path. Work is published in checkpoints of whole
documents (see store.Writer.publish), so a build that is killed keeps every checkpoint it
published and the next build picks up the rest; a document is never half in. A rebuild of an
existing KB writes a new table that is published only when complete, so the old KB serves
searches until then and survives a killed or cancelled rebuild.

A build can be cancelled (the `cancel` event), which is checked between files and between
embedding batches: it stops there, publishes nothing more, and the next build resumes (or, for a
rebuild, starts over).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kb.chunk import CHUNKING, MAX_TOKENS, chunk_document
from kb.diskspace import disk_full_message, no_room_errno
from kb.embed import Embedder
from kb.errors import (
    DocumentNotFoundError,
    KBDiskFullError,
    KBNotFoundError,
)
from kb.extract import SUPPORTED_SUFFIXES, ExtractionFailed, Extractor, extract
from kb.hashing import file_sha256
from kb.records import BuildProgress, BuildSummary, Chunk, DocumentInfo, FileOutcome
from kb.store import Writer, build_lock, now, read_manifest

ProgressCallback = Callable[[BuildProgress], None]
CHECKPOINT_CHUNKS = 2048
EMBED_BATCH = 64
log = logging.getLogger(__name__)


def failure_reason(exc: BaseException) -> str:
    """One line for the build summary: the reason itself for ExtractionFailed, otherwise
    `ClassName: message` (an unexpected error in one file's extraction or chunking)."""
    if isinstance(exc, ExtractionFailed):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return " ".join(text.split())


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Files to consider (folders searched recursively for supported types), and paths that fail."""
    files: list[Path] = []
    missing: list[FileOutcome] = []
    for path in paths:
        path = path.expanduser().resolve()
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(FileOutcome(str(path), "failed", "no such file or folder"))
    unique = list(dict.fromkeys(files))
    return unique, missing


@dataclass
class _Ready:
    """An extracted, embedded document waiting for the next checkpoint."""

    outcome: FileOutcome
    replaces: str | None
    chunks: list[Chunk]
    vectors: np.ndarray
    info: DocumentInfo


@dataclass
class _Todo:
    path: Path
    doc_id: str
    replaces: str | None  # the doc id this file's chunks replace, if any


@dataclass
class _Move:
    """A document already in the KB, found at a new path: its chunks stay, its path changes."""

    doc_id: str
    path: Path
    title: str
    outcome: FileOutcome


@dataclass
class _Plan:
    todo: list[_Todo] = field(default_factory=list)
    moves: list[_Move] = field(default_factory=list)
    removals: dict[str, FileOutcome] = field(default_factory=dict)  # by doc id


class _Cancelled(Exception):
    """Raised at a check point once the build's cancel event is set."""


def _check(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise _Cancelled


def build(
    root: Path,
    paths: Iterable[Path],
    embedder: Embedder,
    pdf_extractor: Extractor,
    *,
    rebuild: bool = False,
    progress: ProgressCallback | None = None,
    checkpoint_chunks: int = CHECKPOINT_CHUNKS,
    cancel: threading.Event | None = None,
) -> BuildSummary:
    """Bring the KB at `root` up to date with `paths`.

    Setting `cancel` (from another thread) stops the build at its next check: between files and
    between embedding batches. The summary then has `cancelled` set and lists only what was
    published before the cancel (whole documents at a checkpoint of an incremental build;
    nothing for a rebuild or a build smaller than one checkpoint); the rest is dropped.
    """
    started = time.perf_counter()
    summary = BuildSummary()
    paths = list(paths)
    files, summary.outcomes = discover(paths)
    folders = [p.expanduser().resolve() for p in paths if p.expanduser().is_dir()]
    report = progress or (lambda _p: None)
    cancel = cancel or threading.Event()
    then = "run the build again: the KB keeps everything published before"
    with _no_room_is_one_line(root, then) as writing, build_lock(root):
        writer = writing.writer = Writer(root, embedder.identity, rebuild=rebuild)
        try:
            plan = _scan(files, writer, summary, report, cancel)
            _plan_removals(plan, writer, folders)
            _index(
                plan, writer, embedder, pdf_extractor, summary, report, checkpoint_chunks, cancel
            )
        except _Cancelled:
            writer.discard()
            summary.cancelled = True
            report(BuildProgress("cancelled", 0, 0, 0, 0, 0))
        if writer.tidy_warning:
            summary.warnings.append(writer.tidy_warning)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Writing:
    writer: Writer | None = None


@contextmanager
def _no_room_is_one_line(root: Path, then: str) -> Iterator[_Writing]:
    """A write that runs out of room (Lance, the manifest, the lock) becomes KBDiskFullError,
    one line naming the KB folder and about how much room the unpublished work needs."""
    writing = _Writing()
    try:
        yield writing
    except Exception as exc:
        code = no_room_errno(exc)
        if code is None:
            raise
        pending = writing.writer.unpublished_bytes if writing.writer is not None else 0
        # The rows, their full-text index, Lance's manifests and transaction files.
        needed = 2 * pending + (64 << 10)
        raise KBDiskFullError(
            disk_full_message("the knowledge base", root, needed, then, code=code)
        ) from exc


def _scan(
    files: list[Path],
    writer: Writer,
    summary: BuildSummary,
    report: ProgressCallback,
    cancel: threading.Event,
) -> _Plan:
    """Hash every file and decide: unchanged, duplicate, moved, or to (re)index."""
    by_path = {info.path: doc_id for doc_id, info in writer.docs.items()}
    seen: dict[str, str] = {}
    plan = _Plan()
    for i, path in enumerate(files):
        _check(cancel)
        report(BuildProgress("scan", i, len(files), 0, 0, 0, path.name))
        try:
            doc_id = file_sha256(path)
        except OSError as exc:
            summary.outcomes.append(
                FileOutcome(str(path), "failed", f"cannot read: {exc.strerror}")
            )
            continue
        known = writer.docs.get(doc_id)
        if doc_id in seen:
            summary.outcomes.append(
                FileOutcome(str(path), "duplicate", f"same content as {seen[doc_id]}")
            )
        elif known is not None and known.path != str(path) and _holds(known.path, doc_id):
            summary.outcomes.append(
                FileOutcome(str(path), "duplicate", f"same content as {known.path}")
            )
        elif known is not None and known.chunking != CHUNKING:  # indexed by an older chunker
            plan.todo.append(_Todo(path, doc_id, doc_id))
        elif known is not None and known.path == str(path):
            summary.outcomes.append(FileOutcome(str(path), "unchanged"))
        elif known is not None:  # moved or renamed: same chunks and vectors, new path
            title = _retitled(known.title, Path(known.path), path)
            outcome = FileOutcome(
                str(path), "moved", f"was {known.path}", pages=known.pages, chunks=known.chunks
            )
            plan.moves.append(_Move(doc_id, path, title, outcome))
        else:
            plan.todo.append(_Todo(path, doc_id, by_path.get(str(path))))
        seen.setdefault(doc_id, str(path))
    # A file at a moved document's old path is new content beside it, not its replacement.
    moved = {m.doc_id for m in plan.moves}
    for item in plan.todo:
        if item.replaces in moved:
            item.replaces = None
    return plan


def _plan_removals(plan: _Plan, writer: Writer, folders: list[Path]) -> None:
    """Documents from a folder being built whose file is gone: the folder is the truth.

    Only folders given to this build count (a file given alone says nothing about its
    neighbours), and a document that moved is not gone.
    """
    moved = {m.doc_id for m in plan.moves}
    for doc_id, info in writer.docs.items():
        path = Path(info.path)
        if doc_id in moved or not any(path.is_relative_to(f) for f in folders):
            continue
        if not path.exists():
            plan.removals[doc_id] = FileOutcome(info.path, "removed", "the file is gone",
                                                pages=info.pages, chunks=info.chunks)


def _holds(path: str, doc_id: str) -> bool:
    """Whether `path` still holds the content `doc_id` names (it may have been replaced)."""
    try:
        return file_sha256(Path(path)) == doc_id
    except OSError:
        return False


def _retitled(title: str, old: Path, new: Path) -> str:
    """A title the extractor made from the old file name follows the rename."""
    for from_name in (lambda p: p.stem, lambda p: p.stem.replace("-", " ").replace("_", " ")):
        if title == from_name(old):
            return from_name(new)
    return title


def _index(
    plan: _Plan,
    writer: Writer,
    embedder: Embedder,
    pdf_extractor: Extractor,
    summary: BuildSummary,
    report: ProgressCallback,
    checkpoint_chunks: int,
    cancel: threading.Event,
) -> None:
    """Extract, chunk and embed each file; publish whole documents every checkpoint_chunks."""
    todo = plan.todo
    ready: list[_Ready] = []
    written: list[FileOutcome] = []  # in the table, visible once published
    pages = done = total = 0

    def commit(files_done: int, final: bool) -> None:
        if plan.removals:
            writer.remove_documents(list(plan.removals))
            written.extend(plan.removals.values())
            plan.removals.clear()
        for move in plan.moves:
            writer.move(move.doc_id, str(move.path), move.title)
            written.append(move.outcome)
        plan.moves.clear()
        _write(writer, ready, written)
        # A rebuild of an existing KB stays unpublished until complete: the old KB serves.
        if final or not writer.staged:
            report(BuildProgress("publish", files_done, len(todo), pages, done, total))
            writer.publish()
            summary.outcomes.extend(written)
            written.clear()
        else:
            report(BuildProgress("write", files_done, len(todo), pages, done, total))

    for i, item in enumerate(todo):
        _check(cancel)
        name = item.path.name
        report(BuildProgress("extract", i, len(todo), pages, done, total, name))
        try:
            doc = extract(item.path, pdf_extractor)
            max_tokens = min(MAX_TOKENS, embedder.max_tokens)
            chunks = chunk_document(doc, item.doc_id, embedder.count_tokens, max_tokens=max_tokens)
            if not chunks:
                raise ExtractionFailed("no text to index")
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
            if not isinstance(exc, ExtractionFailed):  # a bug or a library's surprise: keep it
                log.debug("extracting %s failed", item.path, exc_info=True)
            summary.outcomes.append(FileOutcome(str(item.path), "failed", failure_reason(exc)))
            continue
        pages += len(doc.pages)
        total += len(chunks)
        vectors = []
        for start in range(0, len(chunks), EMBED_BATCH):
            _check(cancel)
            batch = chunks[start : start + EMBED_BATCH]
            t0 = time.perf_counter()
            vectors.append(embedder.embed_documents([c.embedding_text() for c in batch]))
            summary.embed_seconds += time.perf_counter() - t0
            done += len(batch)
            report(BuildProgress("embed", i, len(todo), pages, done, total, name))
        info = DocumentInfo(
            item.doc_id,
            str(item.path),
            doc.title,
            doc.report.pages,
            len(chunks),
            doc.report,
            now(),
            CHUNKING,
        )
        status = "updated" if item.replaces else "added"
        outcome = FileOutcome(str(item.path), status, pages=doc.report.pages, chunks=len(chunks))
        ready.append(_Ready(outcome, item.replaces, chunks, np.vstack(vectors), info))
        if sum(len(r.chunks) for r in ready) >= checkpoint_chunks:
            commit(i + 1, final=False)
    _check(cancel)
    commit(len(todo), final=True)
    report(BuildProgress("done", len(todo), len(todo), pages, done, total))


def _write(writer: Writer, ready: list[_Ready], written: list[FileOutcome]) -> None:
    if ready:
        writer.replace(
            [r.replaces for r in ready if r.replaces],
            [c for r in ready for c in r.chunks],
            np.vstack([r.vectors for r in ready]),
            [r.info for r in ready],
        )
    written.extend(r.outcome for r in ready)
    ready.clear()


def remove(root: Path, ref: str, warnings: list[str] | None = None) -> DocumentInfo:
    """Drop one document (by id or id prefix, file name or path) and publish.

    `warnings` gets a line for what failed once the removal was published (no room to compact).
    """
    then = "run the removal again: the KB is unchanged"
    with _no_room_is_one_line(root, then) as writing, build_lock(root):
        manifest = read_manifest(root)
        if manifest is None:
            raise KBNotFoundError(f"no knowledge base at {root}")
        writer = writing.writer = Writer(root, manifest.embedder)
        info = find_document(list(writer.docs.values()), ref)
        writer.remove_documents([info.doc_id])
        writer.publish()
        if writer.tidy_warning and warnings is not None:
            warnings.append(writer.tidy_warning)
        return info


def find_document(docs: list[DocumentInfo], ref: str) -> DocumentInfo:
    resolved = str(Path(ref).expanduser().resolve())
    exact = [d for d in docs if ref in (d.doc_id, d.name, d.path) or d.path == resolved]
    prefix = [d for d in docs if len(ref) >= 6 and d.doc_id.startswith(ref)]
    matches = exact or prefix
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DocumentNotFoundError(
            f"no document '{ref}' in the KB; `echoassist kb list` shows them"
        )
    names = ", ".join(f"{d.doc_id[:12]} ({d.path})" for d in matches[:5])
    raise DocumentNotFoundError(f"'{ref}' matches {len(matches)} documents: {names}; give a doc id")
