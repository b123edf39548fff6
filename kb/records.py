"""Plain records passed between the stages and returned to callers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """One page of extracted text. `number` is 1-based; None for formats without pages."""

    number: int | None
    text: str


@dataclass
class ExtractionReport:
    """What went wrong or looked odd while extracting one document."""

    extractor: str
    pages: int = 0
    no_text_pages: list[int] = field(default_factory=list)
    broken_text_pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ExtractedDocument:
    path: str
    title: str
    pages: list[Page]
    report: ExtractionReport


@dataclass(frozen=True)
class Chunk:
    """A piece of a document sized for the embedder, with where it came from."""

    doc_id: str
    seq: int
    path: str
    title: str
    section: str
    page_start: int | None
    page_end: int | None
    text: str
    tokens: int

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id[:16]}-{self.seq:05d}"

    def embedding_text(self) -> str:
        """The section rides along so a chunk that never names its topic still matches it.

        Not the title: repeated in every chunk it makes a document's chunks look alike and the
        vector search then finds the right paper but the wrong page (benchmarks/retrieval_eval.py).
        """
        return f"{self.section}\n{self.text}" if self.section else self.text


@dataclass
class DocumentInfo:
    """One document as the KB's manifest records it."""

    doc_id: str
    path: str
    title: str
    pages: int
    chunks: int
    report: ExtractionReport
    added_at: str
    chunking: str = ""  # kb.chunk.CHUNKING when built; another value means re-chunk and re-embed

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentInfo:
        return cls(**{**data, "report": ExtractionReport(**data["report"])})


def split_pages(text: str, first_page: int | None) -> tuple[str, list[tuple[int, int]]]:
    """A stored chunk's text -> (text with line breaks for page feeds, [(offset, page), ...]).

    The chunker puts a form feed where a new page begins (kb.chunk.PAGE_BREAK); the offsets say
    where each later page starts in the returned text, which has the same length.
    """
    if "\f" not in text or first_page is None:
        return text.replace("\f", "\n"), []
    marks = []
    page = first_page
    for i, char in enumerate(text):
        if char == "\f":
            page += 1
            marks.append((i + 1, page))
    return text.replace("\f", "\n"), marks


@dataclass(frozen=True)
class SearchHit:
    """One retrieved chunk.

    score: the fused score of the second stage (kb.search.ScoreFusion: in [0, 1], higher is
    better; only comparable within one result list).
    similarity: cosine similarity of the query and chunk embeddings, in [-1, 1]; comparable
    across queries, so the chat layer can threshold the best hit's value to decide that the KB
    does not cover a question (see kb.search.COVERAGE_THRESHOLD).
    """

    doc: str
    path: str
    title: str
    page: int | None
    page_end: int | None
    section: str
    text: str
    score: float
    similarity: float
    doc_id: str
    chunk_id: str
    page_marks: tuple[tuple[int, int], ...] = ()  # (offset in text, page) where a page begins

    @property
    def page_start(self) -> int | None:
        """The first page the chunk is on (the same as `page`)."""
        return self.page

    def page_at(self, offset: int) -> int | None:
        """The page that the character at `offset` in `text` is on."""
        page = self.page
        for start, number in self.page_marks:
            if offset < start:
                break
            page = number
        return page

    def page_of(self, passage: str) -> int | None:
        """The page a passage quoted from `text` (a sentence to cite) begins on; the chunk's
        first page when the passage is not found in it."""
        offset = self.text.find(passage.strip())
        return self.page if offset < 0 else self.page_at(offset)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["page_start"] = self.page
        return data


@dataclass(frozen=True)
class FileOutcome:
    """What a build did with one input file; `reason` is one line for skipped/failed."""

    path: str
    status: str  # added | updated | moved | removed | unchanged | duplicate | failed
    reason: str = ""
    pages: int = 0
    chunks: int = 0


@dataclass
class BuildSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0
    cancelled: bool = False  # stopped on request; outcomes list only what was published
    # One line each: what went wrong after the documents were published (e.g. no room to compact
    # the KB); the build still succeeded.
    warnings: list[str] = field(default_factory=list)

    def with_status(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status in ("added", "updated"))

    @property
    def chunks(self) -> int:
        return sum(o.chunks for o in self.outcomes if o.status in ("added", "updated"))


@dataclass(frozen=True)
class BuildProgress:
    """A snapshot handed to the build's progress callback (the CLI bar and the TUI draw it).

    Totals grow as files are read: chunks_total is known for every file extracted so far.
    """

    # scan | extract | embed | write (a rebuild's unpublished checkpoint) | publish | done,
    # or cancelled (then the counts are 0)
    phase: str
    files_done: int
    files_total: int
    pages_done: int
    chunks_done: int
    chunks_total: int
    current: str = ""


@dataclass(frozen=True)
class KBStatus:
    path: str
    embedder: str
    dim: int
    documents: int
    chunks: int
    version: int
    vector_index: bool
    updated_at: str
