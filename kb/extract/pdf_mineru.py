"""Optional PDF backend: MinerU 4's "flash" tier, when installed (`pip install 'mineru[core]>=4'`).

What runs offline (measured on the shared corpus, docs/mineru.md): `mineru-kit parse PDF -o DIR
--tier flash -f middle_json` reads the PDF's text layer with layout analysis and writes blocks
per page (titles with levels, text, tables as HTML, captions). It needs no model files and opens
no socket (strace: no connect call). Not used here, and why:
- the basic, standard and advanced tiers download OCR and layout models from modelscope.cn or
  Hugging Face on first use, which this machine cannot reach;
- `mineru parse` goes through a local doc-library server whose telemetry to mineru.net is on
  until `mineru telemetry disable`, and which keeps a copy of every parsed file in ~/.mineru;
- `--remote` uploads the PDF to mineru.net.
MinerU 3's `mineru -p PDF -o DIR -b pipeline`, which this backend used to call, is gone in 4.
On the shared corpus flash found the gold page in the top 5 for 0.901 of the held-out questions
against pypdf's 0.934 (0.953 against 0.906 on the tune split), at ten times the extraction
time, so pypdf stays the default.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from kb.errors import ExtractorUnavailableError
from kb.extract import ExtractionFailed
from kb.extract.pdf_pypdf import check_pdf_header
from kb.extract.text import html_to_text
from kb.records import ExtractedDocument, ExtractionReport, Page

HOW_TO_GET = (
    "install it with `pip install 'mineru[core]>=4'` (its flash tier needs no model files), "
    "or use --extractor pypdf"
)
TIMEOUT_S = 1800
# Running headers, page numbers and licence footnotes: on every page, about nothing.
_SKIPPED = {"header", "footer", "page_number", "page_footnote", "equation"}


class MineruExtractor:
    name = "mineru"

    def __init__(self) -> None:
        exe = shutil.which("mineru-kit")
        if exe is None:
            raise ExtractorUnavailableError(f"MinerU is not installed; {HOW_TO_GET}")
        self._exe = exe

    def extract(self, path: Path) -> ExtractedDocument:
        check_pdf_header(path)
        # Belt and braces: flash loads no model, and must never fetch one if that changes.
        env = {**os.environ, "MINERU_MODEL_SOURCE": "local"}
        with tempfile.TemporaryDirectory(prefix="echoassist-mineru-") as out:
            cmd = [self._exe, "parse", str(path), "-o", out, "--tier", "flash",
                   "-f", "middle_json", "-p", "all"]
            try:
                done = subprocess.run(
                    cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise ExtractionFailed(f"MinerU took over {TIMEOUT_S} s") from exc
            found = sorted(Path(out).rglob("*.json"))
            if done.returncode != 0 or not found:
                last = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
                raise ExtractionFailed(f"MinerU failed: {last}")
            middle = json.loads(found[0].read_text(encoding="utf-8"))
        return _document(path, middle)


def _text(content: Any) -> str:
    """The text of a block's content: a string, or spans (text, hyperlink) nested in lists."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(_text(span) for span in content)
    if isinstance(content, dict):
        if content.get("type") in ("image_body", "table_body"):
            return ""
        return _text(content.get("content", ""))
    return ""


def _block_text(block: dict[str, Any]) -> str:
    kind = block.get("type")
    if kind in _SKIPPED:
        return ""
    if kind in ("doc_title", "paragraph_title"):
        text = " ".join(_text(block.get("content")).split())
        level = int(block.get("level") or (1 if kind == "doc_title" else 2))
        return f"{'#' * min(max(level, 1), 6)} {text}" if text else ""
    if kind == "table":
        parts = []
        for part in block.get("content", []):
            if part.get("type") == "table_body":
                parts.append(html_to_text(str(part.get("content", ""))))
            else:
                parts.append(_text(part))
        return "\n".join(p.strip() for p in parts if p.strip())
    return _text(block.get("content", "")).strip()


def _document(path: Path, middle: dict[str, Any]) -> ExtractedDocument:
    """MinerU's middle JSON -> pages; titles become Markdown '#' lines for the chunker."""
    by_page: dict[int, list[str]] = {}
    title = ""
    for page in middle.get("pages", []):
        number = int(page.get("page_idx", 0)) + 1
        for block in page.get("blocks", []):
            text = _block_text(block)
            if text.startswith("# ") and not title:
                title = text[2:].strip()
            if text:
                by_page.setdefault(number, []).append(text)
    if not by_page:
        raise ExtractionFailed("MinerU found no text (an image-only PDF needs OCR models)")
    last = max(len(middle.get("pages", [])), max(by_page))
    report = ExtractionReport(extractor="mineru-flash", pages=last)
    report.no_text_pages = [n for n in range(1, last + 1) if n not in by_page]
    pages = [Page(n, "\n\n".join(by_page[n])) for n in sorted(by_page)]
    meta_title = middle.get("metadata", {}).get("document", {}).get("title") or ""
    return ExtractedDocument(str(path), title or meta_title or path.stem, pages, report)
