from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_main

# The CLI end to end, as a user runs it: the shipped embedder (local, about a second to load),
# so the search results below are the real ranking, not a test double's.


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """Run the real entry point (it turns UserError into one line and exit code 1)."""

    def invoke(*args: str) -> tuple[int, str]:
        code, out, err = run_main(capsys, *args)
        return code, out + err

    return invoke


def test_build_list_status_search_remove(
    run, docs: Path, echoassist_home: Path, tmp_path: Path
) -> None:
    (docs / "empty.pdf").write_bytes(b"")
    code, out = run("kb", "build", str(docs))
    assert code == 0
    assert "3 added" in out and "1 failed" in out and "empty.pdf: empty file" in out
    assert (echoassist_home / "data" / "kb" / "starter" / "manifest.json").is_file()

    code, out = run("kb", "list")
    assert code == 0 and "stenosis.pdf" in out and "notes.md" in out

    code, out = run("kb", "status")
    assert code == 0 and "3 documents" in out and "stenosis.pdf: 3 pages" in out
    assert "embedder all-MiniLM-L6-v2" in out

    # No word in common with any document: only the embedding's meaning can find the effusion.
    code, out = run("kb", "search", "fluid collecting around the heart", "-k", "2", "--json")
    assert code == 0 and [hit["doc"] for hit in json.loads(out)] == ["effusion.pdf"] * 2

    code, out = run("kb", "search", "pericardial effusion cohort charlie", "-k", "2", "--json")
    hits = json.loads(out)
    assert len(hits) == 2
    assert set(hits[0]) >= {"doc", "path", "title", "page", "page_start", "page_end", "section",
                            "text", "score"}
    assert hits[0]["doc"] == "effusion.pdf" and hits[0]["page"] == 3

    queries = tmp_path / "q.txt"
    queries.write_text("aortic stenosis\n\nmitral regurgitation EROA\n")
    code, out = run("kb", "search", "--queries", str(queries), "-k", "3", "--json")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2 and all(len(json.loads(x)) == 3 for x in lines)

    code, out = run("kb", "remove", "notes.md")
    assert code == 0 and "removed notes.md" in out


def test_kb_path_option_and_errors_are_one_line(run, tmp_path: Path, docs: Path) -> None:
    target = tmp_path / "my-kb"
    code, _ = run("kb", "build", str(docs / "notes.md"), "--kb", str(target))
    assert code == 0 and (target / "manifest.json").is_file()
    code, out = run("kb", "search", "x", "--kb", str(tmp_path / "nowhere"))
    assert code == 1 and out.count("\n") == 1 and "echoassist kb build" in out
    code, out = run("kb", "remove", "missing.pdf", "--kb", str(target))
    assert code == 1 and "no document 'missing.pdf'" in out


def test_mineru_unavailable_is_one_line(run, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda _name: None)
    code, out = run("kb", "build", str(docs), "--extractor", "mineru")
    assert code == 1 and out.count("\n") == 1 and "MinerU is not installed" in out
