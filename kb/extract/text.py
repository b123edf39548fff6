"""Markdown and plain-text files: one 'page' each, headings kept as section markers."""

from __future__ import annotations

import html
import re
from pathlib import Path

from kb.extract import ExtractionFailed
from kb.records import ExtractedDocument, ExtractionReport, Page

_CELL_END = re.compile(r"\s*</t[dh]>\s*", re.I)
_ROW_END = re.compile(r"\s*</tr>\s*", re.I)
_TAG = re.compile(r"<[^>\n]{1,200}>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def html_to_text(text: str) -> str:
    """Markdown notes often embed HTML tables: keep each table row as one 'a | b | c' line."""
    text = _COMMENT.sub("", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = _CELL_END.sub(" | ", text)
    text = _ROW_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line.rstrip(" |") for line in lines)


class TextExtractor:
    name = "text"

    def extract(self, path: Path) -> ExtractedDocument:
        data = path.read_bytes()
        if not data.strip():
            raise ExtractionFailed("empty file" if not data else "file holds only whitespace")
        if b"\x00" in data[:4096]:
            raise ExtractionFailed("binary content in a text/Markdown file")
        text = data.decode("utf-8", errors="replace")
        if path.suffix.lower() in (".md", ".markdown"):
            text = html_to_text(text)
        title = path.stem.replace("-", " ").replace("_", " ")
        first_h1 = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
        if first_h1:
            title = first_h1.group(1)
        report = ExtractionReport(extractor=self.name, pages=1)
        if text.count("\ufffd") > len(text) * 0.01:
            report.notes.append("not valid UTF-8; undecodable bytes replaced")
        return ExtractedDocument(str(path), title, [Page(None, text)], report)
