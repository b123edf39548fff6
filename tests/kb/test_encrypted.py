"""Encrypted PDFs and unexpected errors stay with their own file: the rest of a build goes on.

The AES files are real: pypdf's writer encrypts them (AES-128 and AES-256, with an empty user
password as many journal PDFs have, and with a real one). Reading AES needs `cryptography`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter

from echoassist.cli import main
from kb import KnowledgeBase
from kb.extract.pdf_pypdf import PypdfExtractor
from tests.kb.fakes import HashEmbedder, paper_pages, write_pdf

NEEDS_PASSWORD = "encrypted (a password is needed to read it)"


def encrypted_pdf(path: Path, topic: str, algorithm: str, user_password: str = "") -> Path:
    """A PDF about `topic` with a text layer, encrypted by pypdf with `algorithm`."""
    plain = write_pdf(path.with_suffix(".plain"), paper_pages(topic), title=f"{topic} study")
    writer = PdfWriter(clone_from=plain)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    with path.open("wb") as f:
        writer.write(f)
    plain.unlink()
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A good PDF, AES-128 and AES-256 PDFs with an empty password, and two locked ones."""
    folder = tmp_path / "papers"
    folder.mkdir()
    write_pdf(folder / "good.pdf", paper_pages("aortic stenosis"), title="Aortic stenosis study")
    encrypted_pdf(folder / "aes128.pdf", "mitral regurgitation", "AES-128")
    encrypted_pdf(folder / "aes256.pdf", "pericardial effusion", "AES-256")
    encrypted_pdf(folder / "locked128.pdf", "tricuspid annulus", "AES-128", "secret")
    encrypted_pdf(folder / "locked256.pdf", "pulmonary hypertension", "AES-256", "secret")
    return folder


def test_cryptography_is_installed() -> None:
    """pypdf reads AES only with it; pyproject.toml lists it so install.sh installs it."""
    import cryptography  # noqa: F401


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_pdf_with_empty_password_is_read(tmp_path: Path, algorithm: str) -> None:
    path = encrypted_pdf(tmp_path / "paper.pdf", "mitral regurgitation", algorithm)
    doc = PypdfExtractor().extract(path)
    assert len(doc.pages) == 3
    assert doc.title == "mitral regurgitation study"
    assert "mitral regurgitation was measured" in doc.pages[0].text


def test_aes_build_publishes_readable_files_and_names_locked_ones(folder: Path, tmp_path: Path):
    kb = KnowledgeBase(tmp_path / "kb", embedder=HashEmbedder())
    summary = kb.build([folder])
    by_name = {Path(o.path).name: o for o in summary.outcomes}
    assert {n: o.status for n, o in by_name.items()} == {
        "good.pdf": "added",
        "aes128.pdf": "added",
        "aes256.pdf": "added",
        "locked128.pdf": "failed",
        "locked256.pdf": "failed",
    }
    assert by_name["locked128.pdf"].reason == NEEDS_PASSWORD
    assert by_name["locked256.pdf"].reason == NEEDS_PASSWORD

    assert {Path(d.path).name for d in kb.documents()} == {"good.pdf", "aes128.pdf", "aes256.pdf"}
    for query, name in [
        ("aortic stenosis cohort alpha", "good.pdf"),
        ("mitral regurgitation cohort alpha", "aes128.pdf"),
        ("pericardial effusion cohort alpha", "aes256.pdf"),
    ]:
        assert kb.search(query, 1)[0].doc == name


def test_cli_build_of_aes_folder_succeeds(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command a user runs: rc 0, the good files in, one line per locked file."""
    monkeypatch.setattr("kb.knowledge_base.default_embedder", HashEmbedder)
    try:
        main(["kb", "build", str(folder)])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 0, text
    assert "3 added" in text and "2 failed" in text
    assert f"locked128.pdf: {NEEDS_PASSWORD}" in text
    assert "Traceback" not in text and "DependencyError" not in text


def test_unexpected_error_in_one_file_fails_that_file_only(
    docs: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_extract = PypdfExtractor.extract

    def flaky(self: PypdfExtractor, path: Path):
        if path.name == "effusion.pdf":
            raise RuntimeError("decoder state lost\nat object 12")
        return real_extract(self, path)

    monkeypatch.setattr(PypdfExtractor, "extract", flaky)
    summary = kb.build([docs])
    by_name = {Path(o.path).name: o for o in summary.outcomes}
    assert by_name["effusion.pdf"].status == "failed"
    assert by_name["effusion.pdf"].reason == "RuntimeError: decoder state lost at object 12"
    assert by_name["stenosis.pdf"].status == "added"
    assert by_name["notes.md"].status == "added"
    assert {Path(d.path).name for d in kb.documents()} == {"stenosis.pdf", "notes.md"}
    assert kb.search("aortic stenosis cohort alpha", 1)[0].doc == "stenosis.pdf"

    # The next build retries the file that failed (it was never recorded as done).
    monkeypatch.setattr(PypdfExtractor, "extract", real_extract)
    again = {Path(o.path).name: o.status for o in kb.build([docs]).outcomes}
    assert again["effusion.pdf"] == "added"


def test_an_error_without_a_message_is_named(
    docs: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: PypdfExtractor, path: Path):
        raise MemoryError

    monkeypatch.setattr(PypdfExtractor, "extract", broken)
    summary = kb.build([docs])
    reasons = {Path(o.path).name: (o.status, o.reason) for o in summary.outcomes}
    assert reasons["stenosis.pdf"] == ("failed", "MemoryError")
    assert reasons["notes.md"][0] == "added"
