"""Document extraction: one interface, a backend per way of reading a file.

`extract(path, pdf_extractor)` picks the backend from the file's suffix: Markdown and text have
their own reader; PDFs go to the chosen PDF backend (pypdf by default, MinerU when installed).
A file that cannot be read raises ExtractionFailed with a one-line reason for the build summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kb.records import ExtractedDocument

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES
PDF_EXTRACTORS = ("pypdf", "mineru")


class ExtractionFailed(Exception):
    """The file yields no usable text; str(error) is the one-line reason."""


class Extractor(Protocol):
    name: str

    def extract(self, path: Path) -> ExtractedDocument: ...


def pdf_extractor(name: str) -> Extractor:
    """The PDF backend called `name`; raises ExtractorUnavailableError if it cannot run here."""
    if name == "pypdf":
        from kb.extract.pdf_pypdf import PypdfExtractor

        return PypdfExtractor()
    if name == "mineru":
        from kb.extract.pdf_mineru import MineruExtractor

        return MineruExtractor()
    raise ValueError(f"unknown extractor {name!r}; choose one of {', '.join(PDF_EXTRACTORS)}")


def extract(path: Path, pdf: Extractor) -> ExtractedDocument:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from kb.extract.text import TextExtractor

        return TextExtractor().extract(path)
    if suffix in PDF_SUFFIXES:
        return pdf.extract(path)
    raise ExtractionFailed(f"unsupported file type '{suffix}' (PDF, Markdown or text only)")
