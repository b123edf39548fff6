"""Optional PDF backend: MinerU (layout-aware; keeps headings and tables), when installed.

MinerU runs as its own command (`mineru -p PDF -o DIR`) with MINERU_MODEL_SOURCE=local so it
never downloads; its `*_content_list.json` gives text blocks with page numbers and heading
levels. Its models must already be on disk (fetched on a connected machine).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kb.errors import ExtractorUnavailableError
from kb.extract import ExtractionFailed
from kb.extract.pdf_pypdf import check_pdf_header
from kb.records import ExtractedDocument, ExtractionReport, Page

HOW_TO_GET = (
    "on a connected machine run `pip install 'mineru[core]>=4'` and "
    "`mineru-models-download -s huggingface -m pipeline`, then copy ~/mineru.json and the "
    "models folder it names to this machine; or use --extractor pypdf"
)
TIMEOUT_S = 1800


def _models_configured() -> bool:
    config = Path(os.environ.get("MINERU_TOOLS_CONFIG_JSON", Path.home() / "mineru.json"))
    try:
        dirs = json.loads(config.read_text()).get("models-dir", {})
    except (OSError, ValueError):
        return False
    return any(Path(p).is_dir() for p in dirs.values() if isinstance(p, str))


class MineruExtractor:
    name = "mineru"

    def __init__(self) -> None:
        exe = shutil.which("mineru")
        if exe is None:
            raise ExtractorUnavailableError(f"MinerU is not installed; {HOW_TO_GET}")
        self._exe = exe
        if not _models_configured():
            raise ExtractorUnavailableError(
                f"MinerU's models are not on this machine; {HOW_TO_GET}"
            )

    def extract(self, path: Path) -> ExtractedDocument:
        check_pdf_header(path)
        env = {**os.environ, "MINERU_MODEL_SOURCE": "local"}
        with tempfile.TemporaryDirectory(prefix="echoassist-mineru-") as out:
            cmd = [self._exe, "-p", str(path), "-o", out, "-b", "pipeline"]
            try:
                done = subprocess.run(
                    cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise ExtractionFailed(f"MinerU took over {TIMEOUT_S} s") from exc
            found = sorted(Path(out).rglob("*_content_list.json"))
            if done.returncode != 0 or not found:
                last = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
                raise ExtractionFailed(f"MinerU failed: {last}")
            blocks = json.loads(found[0].read_text())
        return _document(path, blocks)


def _document(path: Path, blocks: list[dict]) -> ExtractedDocument:
    """Turn MinerU's block list into pages; headings become Markdown '#' lines for the chunker."""
    by_page: dict[int, list[str]] = {}
    title = ""
    for block in blocks:
        page = int(block.get("page_idx", 0)) + 1
        kind = block.get("type")
        if kind == "text":
            text = block.get("text", "").strip()
            level = int(block.get("text_level", 0) or 0)
            if level and text:
                title = title or text
                text = f"{'#' * min(level + 1, 6)} {text}"
        elif kind == "table":
            text = "\n".join(
                filter(None, [*block.get("table_caption", []), block.get("table_body", "")])
            )
        elif kind == "equation":
            text = block.get("text", "")
        else:
            continue
        if text:
            by_page.setdefault(page, []).append(text)
    if not by_page:
        raise ExtractionFailed("MinerU found no text (image-only PDF without OCR models?)")
    last = max(by_page)
    report = ExtractionReport(extractor="mineru", pages=last)
    report.no_text_pages = [n for n in range(1, last + 1) if n not in by_page]
    pages = [Page(n, "\n\n".join(by_page[n])) for n in sorted(by_page)]
    return ExtractedDocument(str(path), title or path.stem, pages, report)
