"""The default PDF backend: pypdf's text layer, page by page."""

from __future__ import annotations

import logging
from pathlib import Path

from kb.extract import ExtractionFailed
from kb.extract.cleanup import MIN_TEXT_CHARS, dehyphenate, looks_broken, strip_headers_footers
from kb.records import ExtractedDocument, ExtractionReport, Page

# Metadata titles that name the authoring tool or file rather than the paper.
_JUNK_TITLE_PARTS = ("untitled", "microsoft word", ".doc", ".pdf", ".tex", "\\")


def check_pdf_header(path: Path) -> None:
    """Reject empty and non-PDF files before pypdf tries hard to 'repair' them."""
    with path.open("rb") as f:
        head = f.read(1024)
    if not head:
        raise ExtractionFailed("empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise ExtractionFailed("not a PDF (no %PDF header; is it another format renamed .pdf?)")


def _title(reader: object, first_page: str, path: Path) -> str:
    meta = getattr(reader, "metadata", None)
    title = (getattr(meta, "title", None) or "").strip() if meta else ""
    if len(title) >= 8 and not any(j in title.lower() for j in _JUNK_TITLE_PARTS):
        return title
    for line in first_page.splitlines():
        line = line.strip()
        if 20 <= len(line) <= 200 and sum(c.isalpha() for c in line) > len(line) * 0.6:
            return line
    return path.stem


class PypdfExtractor:
    name = "pypdf"

    def extract(self, path: Path) -> ExtractedDocument:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

        check_pdf_header(path)
        # pypdf logs every repair it makes to malformed files; the report says what matters.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        try:
            reader = PdfReader(path)
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):  # many PDFs are encrypted with an empty password
                        raise ExtractionFailed("encrypted (a password is needed to read it)")
                except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
                    raise ExtractionFailed(
                        f"encrypted and cannot be decrypted here: {exc}"
                    ) from exc
            raw = []
            for page in reader.pages:
                try:
                    raw.append(page.extract_text() or "")
                except Exception:  # noqa: BLE001 - one bad page must not lose the document
                    raw.append("")
        except ExtractionFailed:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
            raise ExtractionFailed(
                f"corrupt or truncated PDF ({type(exc).__name__}: {exc})"
            ) from exc
        except FileNotDecryptedError as exc:
            raise ExtractionFailed("encrypted (a password is needed to read it)") from exc
        if not raw:
            raise ExtractionFailed("PDF has no pages (corrupt or truncated?)")

        report = ExtractionReport(extractor=self.name, pages=len(raw))
        cleaned = strip_headers_footers([text.splitlines() for text in raw])
        pages = []
        for number, lines in enumerate(cleaned, start=1):
            text = dehyphenate("\n".join(lines)).strip()
            if len("".join(text.split())) < MIN_TEXT_CHARS:
                report.no_text_pages.append(number)
                continue
            if looks_broken(text):
                report.broken_text_pages.append(number)
                continue
            pages.append(Page(number, text))
        if not pages:
            if report.no_text_pages == list(range(1, len(raw) + 1)):
                raise ExtractionFailed(
                    f"no text layer on any of {len(raw)} pages (scanned/image-only; OCR it first)"
                )
            raise ExtractionFailed(
                f"no usable text on any of {len(raw)} pages (text layer looks broken)"
            )
        first_page = pages[0].text if pages[0].number == 1 else ""
        return ExtractedDocument(str(path), _title(reader, first_page, path), pages, report)
