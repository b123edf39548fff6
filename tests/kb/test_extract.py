from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from kb.errors import ExtractorUnavailableError
from kb.extract import ExtractionFailed, extract, pdf_extractor
from kb.extract.cleanup import dehyphenate, heading_of, looks_broken, strip_headers_footers
from tests.kb.fakes import paper_pages, write_pdf


def test_pdf_keeps_pages_title_and_drops_running_header(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "a.pdf", paper_pages("aortic stenosis", 4), title="AS study title")
    doc = extract(path, pdf_extractor("pypdf"))
    assert doc.title == "AS study title"
    assert [p.number for p in doc.pages] == [1, 2, 3, 4]
    assert all("Journal of Test Cardiology" not in p.text for p in doc.pages)
    assert "patients with care" in doc.pages[0].text  # "pa-\ntients" re-joined
    assert doc.report.extractor == "pypdf" and doc.report.no_text_pages == []


def test_blank_pages_are_reported_as_no_text_layer(tmp_path: Path) -> None:
    pages = paper_pages("effusion", 2) + [[]]
    doc = extract(write_pdf(tmp_path / "b.pdf", pages), pdf_extractor("pypdf"))
    assert doc.report.no_text_pages == [3]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a PDF"),
        (b"%PDF-1.7\n" + b"garbage " * 50, "corrupt or truncated"),
    ],
)
def test_unreadable_pdfs_fail_with_one_line_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(ExtractionFailed, match=reason) as err:
        extract(path, pdf_extractor("pypdf"))
    assert "\n" not in str(err.value)


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "e.pdf", paper_pages("x"), password="secret")
    with pytest.raises(ExtractionFailed, match="encrypted"):
        extract(path, pdf_extractor("pypdf"))


def test_markdown_title_and_unsupported_suffix(tmp_path: Path) -> None:
    md = tmp_path / "n.md"
    md.write_text("intro line\n# Real Title\n\ntext\n")
    assert extract(md, pdf_extractor("pypdf")).title == "Real Title"
    other = tmp_path / "x.docx"
    other.write_bytes(b"PK")
    with pytest.raises(ExtractionFailed, match="unsupported file type"):
        extract(other, pdf_extractor("pypdf"))


def test_markdown_html_tables_become_rows(tmp_path: Path) -> None:
    md = tmp_path / "t.md"
    md.write_text(
        "# AS\n<table><tr><td>Velocity</td><td><br>4 - 4.9</td></tr>\n"
        "<tr><td>AVA &lt; 1</td><td>severe</td></tr></table>\n"
    )
    text = extract(md, pdf_extractor("pypdf")).pages[0].text
    assert "Velocity | 4 - 4.9" in text and "AVA < 1 | severe" in text and "<td>" not in text


def test_mineru_missing_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda _name: None)
    with pytest.raises(
        ExtractorUnavailableError, match="MinerU is not installed.*--extractor pypdf"
    ):
        pdf_extractor("mineru")


def test_cleanup_helpers() -> None:
    assert (
        dehyphenate("echocardio-\ngraphy and left-\nVentricle")
        == "echocardiography and left-\nVentricle"
    )
    assert heading_of("2.1 Study Population") == "2.1 Study Population"
    assert heading_of("1 | INTRODUCTION") == "1 INTRODUCTION"
    assert heading_of("II. METHODS") == "II. METHODS"
    assert heading_of("12 Cole GD, Dhutia NM, Shun-Shin MJ.") is None
    assert heading_of("3 patients were enrolled in the trial after consent was given") is None
    assert looks_broken("a b c d e f g h i j k l m n o p q r s t u v w x y z " * 5)
    assert not looks_broken("The left ventricle was dilated with reduced ejection fraction. " * 3)
    words = ["alpha", "bravo", "charlie", "delta"]
    pages = [["Header X", f"body {w} text", f"Page {i}"] for i, w in enumerate(words)]
    assert strip_headers_footers(pages) == [[f"body {w} text"] for w in words]
    # A running header whose page number is glued to it on some pages ("581The Journal").
    journal = ["580 The Journal (2021) 37:577-586", "581The Journal (2021) 37:577-586 ",
               "582 The Journal (2021) 37:577-586"]
    pages = [[header, f"body {w} text"] for header, w in zip(journal, words, strict=False)]
    assert strip_headers_footers(pages) == [[f"body {w} text"] for w in words[:3]]


MIDDLE_JSON = {
    "metadata": {"document": {"title": "Metadata title"}},
    "pages": [
        {"page_idx": "0", "blocks": [
            {"type": "header", "content": [{"type": "text", "content": "J Test Cardiol 2021"}]},
            {"type": "doc_title", "level": 1,
             "content": [{"type": "text", "content": "Aortic stenosis review"}]},
            {"type": "paragraph_title", "level": 2,
             "content": [{"type": "text", "content": "Results"}]},
            {"type": "text", "content": [
                {"type": "text", "content": "Severe AS has a Vmax of 4 m/s "},
                {"type": "hyperlink", "url": "x", "content": [{"type": "text", "content": "[1]"}]},
                {"type": "text", "content": "."}]},
            {"type": "page_number", "content": [{"type": "text", "content": "1"}]},
        ]},
        {"page_idx": "1", "blocks": [{"type": "image", "content": [
            {"type": "image_body", "content": ""}]}]},
        {"page_idx": "2", "blocks": [{"type": "table", "content": [
            {"type": "table_caption", "content": [{"type": "text", "content": "Table 1. Grades"}]},
            {"type": "table_body",
             "content": "<table><tr><td>Vmax</td><td>4 &ge; severe</td></tr></table>"},
        ]}]},
    ],
}


def test_mineru_flash_blocks_become_pages_with_headings_and_table_rows() -> None:
    from kb.extract.pdf_mineru import _document

    doc = _document(Path("/x/a.pdf"), MIDDLE_JSON)
    assert doc.title == "Aortic stenosis review"
    assert [p.number for p in doc.pages] == [1, 3] and doc.report.no_text_pages == [2]
    first = doc.pages[0].text
    assert first.startswith("# Aortic stenosis review\n\n## Results")
    assert "Severe AS has a Vmax of 4 m/s [1]." in first
    assert "J Test Cardiol" not in first and not first.rstrip().endswith("1")
    assert doc.pages[1].text == "Table 1. Grades\nVmax | 4 \u2265 severe"


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a shell script")
def test_mineru_backend_runs_mineru_kit_flash_and_reads_its_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A stand-in for mineru-kit that checks the arguments a flash run needs and writes the
    # middle JSON where MinerU 4 puts it (OUT/<stem>.json).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "middle.json").write_text(json.dumps(MIDDLE_JSON))
    fake = bin_dir / "mineru-kit"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *"--tier flash"*"-f middle_json"*) ;; *) echo "bad args: $*" >&2; exit 2;; '
        "esac\n"
        'while [ "$1" != "-o" ]; do shift; done\n'
        f'cp {tmp_path / "middle.json"} "$2/a.json"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    pdf = write_pdf(tmp_path / "a.pdf", [["text"]])
    doc = extract(pdf, pdf_extractor("mineru"))
    assert doc.report.extractor == "mineru-flash" and doc.pages[0].number == 1
