"""Section- and sentence-aware chunking, sized in the embedder's own tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.extract.cleanup import heading_of
from kb.records import Chunk, ExtractedDocument

_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
# A sentence ends at . ! ? followed by space and an upper-case letter, digit or bracket;
# the look-behind list keeps common abbreviations of medical papers from splitting.
SENTENCE_END = re.compile(
    r"(?<!\bet al\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bFig\.)(?<!\bFigs\.)(?<!\bRef\.)"
    r"(?<!\bNo\.)(?<!\bDr\.)(?<!\bapprox\.)(?<!\bcf\.)(?<=[.!?])\s+(?=[A-Z0-9(\[])"
)
_ROW_START = re.compile(r"^\s*([|*\-•]|\d+[.)]\s)")
# Reference lists match every query's vocabulary and answer none: they are not indexed.
# Inside one, numbered lines are entries, not headings; a named section ends it.
_SKIPPED_SECTIONS = {"references", "bibliography", "literature cited", "reference list"}

TokenCounter = Callable[[list[str]], list[int]]
# all-MiniLM-L6-v2 was trained on short passages; on the eval set (recall@5, doc+page) chunks of
# 128/24 tokens scored 0.78, 160/32 0.85 and 224/48 0.80.
MAX_TOKENS = 160
OVERLAP_TOKENS = 32
# Change this whenever chunk boundaries or embedded text change: builds then redo every document.
CHUNKING = f"sentences+sections/v5/{MAX_TOKENS}/{OVERLAP_TOKENS}/section-path+text/page-feeds"
# Inside a chunk's text a form feed stands where a new page begins, so the answer layer can cite
# the page a sentence is on; readers turn it back into a line break (kb.records.split_pages).
PAGE_BREAK = "\f"


@dataclass
class _Unit:
    text: str
    page: int | None
    section: str
    newline: bool  # starts a paragraph, row or list item: joined by a line break
    tokens: int = 0


def _paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
    """Rejoin wrapped lines into paragraphs; short lines (table rows, list items) stay rows."""
    widths = sorted(len(x) for x in lines if x.strip())
    wide = widths[int(len(widths) * 0.8)] if widths else 0
    out: list[tuple[str, bool]] = []
    current = ""
    for line in lines:
        line = line.strip()
        if not line:
            if current:
                out.append((current, False))
            current = ""
            continue
        is_item = bool(_ROW_START.match(line)) or " | " in line
        if is_item and current:
            out.append((current, False))
            current = ""
        current = f"{current} {line}" if current else line
        if is_item or len(line) < wide * 0.6:
            out.append((current, True))
            current = ""
    if current:
        out.append((current, False))
    return out


def _sentences(lines: list[str], page: int | None, section: str) -> list[_Unit]:
    units = []
    # Rows and items already come one per paragraph: every paragraph starts a line.
    for text, _row in _paragraphs(lines):
        for i, sentence in enumerate(SENTENCE_END.split(text)):
            if sentence.strip():
                units.append(_Unit(sentence.strip(), page, section, i == 0))
    return units


def _units(doc: ExtractedDocument) -> list[_Unit]:
    units: list[_Unit] = []
    section = ""
    skipping = False
    # Markdown headings by level: a chunk under "### Regular rhythm" is about heart rate only
    # because its parent says "## Measuring heart rate", so the section is the path of both.
    # The level-1 heading is the document's title and stays out of the path.
    path: dict[int, str] = {}
    for page in doc.pages:
        block: list[str] = []
        for line in page.text.splitlines():
            match = _MD_HEADING.match(line.strip())
            heading = match.group(1) if match else heading_of(line)
            if heading and skipping and not match and heading[0].isdigit():
                heading = None
            if heading:
                units += _sentences(block, page.number, section)
                block = []
                skipping = heading.strip().lower() in _SKIPPED_SECTIONS
                if match:
                    level = len(line.strip()) - len(line.strip().lstrip("#"))
                    path = {lv: h for lv, h in path.items() if lv < level}
                    path[level] = heading
                    section = " › ".join(h for lv, h in sorted(path.items()) if lv > 1) or heading
                else:
                    section = heading
            elif not skipping:
                block.append(line)
        units += _sentences(block, page.number, section)
    return units


def _joiner(units: list[_Unit], i: int) -> str:
    if i == 0:
        return ""
    before, unit = units[i - 1], units[i]
    if unit.page is not None and before.page is not None and unit.page > before.page:
        return PAGE_BREAK * (unit.page - before.page)  # one feed per page, empty ones too
    return "\n" if unit.newline else " "


def _split_long(unit: _Unit, budget: int, count: TokenCounter) -> list[_Unit]:
    """A sentence over budget (a table flattened to one line, a reference list) in word windows."""
    words = unit.text.split()
    pieces: list[_Unit] = []
    start = 0
    step = max(8, len(words) * budget // max(unit.tokens, 1))
    while start < len(words):
        end = min(len(words), start + step)
        text = " ".join(words[start:end])
        while end - start > 1 and count([text])[0] > budget:
            end = start + max(1, (end - start) * 3 // 4)
            text = " ".join(words[start:end])
        pieces.append(_Unit(text, unit.page, unit.section, False, count([text])[0]))
        start = end
    return pieces


def chunk_document(
    doc: ExtractedDocument,
    doc_id: str,
    count_tokens: TokenCounter,
    max_tokens: int = MAX_TOKENS,
    overlap_tokens: int = OVERLAP_TOKENS,
) -> list[Chunk]:
    """Pack sentences into chunks of at most `max_tokens` (title and section header included).

    A new section always starts a new chunk; within a section consecutive chunks share up to
    `overlap_tokens` of trailing sentences so a fact split across the boundary is still found.
    """
    units = _units(doc)
    if not units:
        return []
    for unit, n in zip(units, count_tokens([u.text for u in units]), strict=True):
        unit.tokens = n
    header_cost: dict[str, int] = {}

    def budget(section: str) -> int:
        if section not in header_cost:
            probe = Chunk(doc_id, 0, doc.path, doc.title, section, None, None, "", 0)
            header_cost[section] = count_tokens([probe.embedding_text()])[0]
        return max(32, max_tokens - header_cost[section] - 2)  # 2: [CLS] and [SEP]

    chunks: list[Chunk] = []
    current: list[_Unit] = []

    def emit() -> None:
        pages = [u.page for u in current if u.page is not None]
        text = "".join(_joiner(current, i) + u.text for i, u in enumerate(current))
        chunks.append(
            Chunk(
                doc_id=doc_id,
                seq=len(chunks),
                path=doc.path,
                title=doc.title,
                section=current[0].section,
                page_start=min(pages) if pages else None,
                page_end=max(pages) if pages else None,
                text=text,
                tokens=sum(u.tokens for u in current),
            )
        )

    for unit in units:
        limit = budget(unit.section)
        pieces = _split_long(unit, limit, count_tokens) if unit.tokens > limit else [unit]
        for piece in pieces:
            used = sum(u.tokens for u in current)
            if current and (piece.section != current[0].section or used + piece.tokens > limit):
                emit()
                carry: list[_Unit] = []
                if piece.section == current[0].section:
                    for prev in reversed(current):
                        if sum(u.tokens for u in carry) + prev.tokens > overlap_tokens:
                            break
                        carry.insert(0, prev)
                    while carry and sum(u.tokens for u in carry) + piece.tokens > limit:
                        carry.pop(0)
                current = carry
            current.append(piece)
    if current:
        emit()
    return chunks
