"""Markdown and plain-text files: one 'page' each, headings kept as section markers."""

from __future__ import annotations

import re
from pathlib import Path

from kb.extract import ExtractionFailed
from kb.records import ExtractedDocument, ExtractionReport, Page


class TextExtractor:
    name = "text"

    def extract(self, path: Path) -> ExtractedDocument:
        data = path.read_bytes()
        if not data.strip():
            raise ExtractionFailed("empty file" if not data else "file holds only whitespace")
        if b"\x00" in data[:4096]:
            raise ExtractionFailed("binary content in a text/Markdown file")
        text = data.decode("utf-8", errors="replace")
        title = path.stem.replace("-", " ").replace("_", " ")
        first_h1 = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
        if first_h1:
            title = first_h1.group(1)
        report = ExtractionReport(extractor=self.name, pages=1)
        if text.count("\ufffd") > len(text) * 0.01:
            report.notes.append("not valid UTF-8; undecodable bytes replaced")
        return ExtractedDocument(str(path), title, [Page(None, text)], report)
