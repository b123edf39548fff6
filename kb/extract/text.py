"""Markdown and plain-text files: one 'page' each, headings kept as section markers.

Limits keep a file that is not prose from costing minutes and gigabytes (a generated 5 MB
one-line file took 14 minutes and 1.48 GB and became 11,520 junk chunks):
- a text file over MAX_TEXT_BYTES is skipped, with the reason, before it is read;
- a line with more than MAX_SENTENCE_CHARS characters and no sentence end in them (no one
  writes a sentence that long; a base64 image, a dump or a file of bare words does) is left out
  with a note in the extraction report, and the file is skipped with the reason when nothing
  but headings is left;
- everything else, a long line of real sentences included, is chunked in linear time.
Measured (`kb build`, 2 shared cores): that 5 MB file of bare words on one line took 15 min 40 s,
1.62 GB and made 20,435 chunks before; now it is skipped with the reason in 1.5 s, 247 MB (the
process itself). 5 MB of real sentences on one line: chunked in 2-3 s, as before.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from kb.extract import ExtractionFailed
from kb.records import ExtractedDocument, ExtractionReport, Page

_CELL_END = re.compile(r"\s*</t[dh]>\s*", re.I)
_ROW_END = re.compile(r"\s*</tr>\s*", re.I)
_TAG = re.compile(r"<[^>\n]{1,200}>")


def _without_comments(text: str) -> str:
    """HTML comments removed in linear time (a regex retries every unclosed `<!--` to the end
    of the text: minutes on a file full of them); an unclosed one stays, as it did."""
    kept, pos = [], 0
    while (start := text.find("<!--", pos)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        kept.append(text[pos:start])
        pos = end + 3
    kept.append(text[pos:])
    return "".join(kept)


def html_to_text(text: str) -> str:
    """Markdown notes often embed HTML tables: keep each table row as one 'a | b | c' line."""
    text = _without_comments(text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = _CELL_END.sub(" | ", text)
    text = _ROW_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line.rstrip(" |") for line in lines)


MAX_TEXT_BYTES = 20 << 20
MAX_SENTENCE_CHARS = 20_000
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"')\]]*\s")


def _longest_sentence(line: str) -> int:
    """Characters in the longest stretch of `line` with no sentence end (linear time)."""
    longest = last = 0
    for end in _SENTENCE_END.finditer(line):
        longest = max(longest, end.start() - last)
        last = end.end()
    return max(longest, len(line) - last)


def _without_unbroken_lines(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the lines that hold more than MAX_SENTENCE_CHARS characters with no
    sentence end, and those lines as (line number, longest such stretch)."""
    if len(text) <= MAX_SENTENCE_CHARS:
        return text, []
    lines = text.splitlines()
    unbroken = [(i + 1, run) for i, line in enumerate(lines) if len(line) > MAX_SENTENCE_CHARS
                and (run := _longest_sentence(line)) > MAX_SENTENCE_CHARS]
    if not unbroken:
        return text, []
    left_out = {number for number, _ in unbroken}
    return "\n".join(x for i, x in enumerate(lines, 1) if i not in left_out), unbroken


def _lines_text(unbroken: list[tuple[int, int]]) -> str:
    number, run = unbroken[0]
    more = f" (and {len(unbroken) - 1} more lines)" if len(unbroken) > 1 else ""
    return f"line {number}, {run:,} characters with no sentence end{more}"


class TextExtractor:
    name = "text"

    def extract(self, path: Path) -> ExtractedDocument:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ExtractionFailed(
                f"{size / (1 << 20):.0f} MB of text is past the limit of "
                f"{MAX_TEXT_BYTES >> 20} MB for one text file; split it into smaller files"
            )
        data = path.read_bytes()
        if not data.strip():
            raise ExtractionFailed("empty file" if not data else "file holds only whitespace")
        if b"\x00" in data[:4096]:
            raise ExtractionFailed("binary content in a text/Markdown file")
        text, unbroken = _without_unbroken_lines(data.decode("utf-8", errors="replace"))
        limit = f"past the limit of {MAX_SENTENCE_CHARS:,} characters for a sentence (not prose)"
        if unbroken and not any(x.strip() and not x.lstrip().startswith("#")
                                for x in text.splitlines()):  # nothing left but headings
            raise ExtractionFailed(f"nothing to index but {_lines_text(unbroken)}: {limit}")
        if path.suffix.lower() in (".md", ".markdown"):
            text = html_to_text(text)
        title = path.stem.replace("-", " ").replace("_", " ")
        first_h1 = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
        if first_h1:
            title = first_h1.group(1)
        report = ExtractionReport(extractor=self.name, pages=1)
        if unbroken:
            report.notes.append(f"left out {_lines_text(unbroken)}: {limit}")
        if text.count("\ufffd") > len(text) * 0.01:
            report.notes.append("not valid UTF-8; undecodable bytes replaced")
        return ExtractedDocument(str(path), title, [Page(None, text)], report)
