from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import KnowledgeBase
from tests.conftest import REPO_ROOT
from tests.kb.fakes import HashEmbedder, paper_pages, write_pdf

STARTER_CORPUS = REPO_ROOT / "kb" / "corpus"
STARTER_NOTES = sorted(p.name for p in STARTER_CORPUS.glob("0*.md"))


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def kb(tmp_path: Path, embedder: HashEmbedder) -> KnowledgeBase:
    return KnowledgeBase(tmp_path / "kb", embedder=embedder)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder with two small papers and a Markdown note."""
    folder = tmp_path / "docs"
    folder.mkdir()
    write_pdf(
        folder / "stenosis.pdf", paper_pages("aortic stenosis"), title="Aortic stenosis study"
    )
    write_pdf(folder / "effusion.pdf", paper_pages("pericardial effusion"), title="Effusion study")
    (folder / "notes.md").write_text(
        "# Mitral notes\n\n## Regurgitation\n\nSevere mitral regurgitation has an EROA of at least "
        "0.40 cm2. The vena contracta is 0.7 cm or more.\n\n## Stenosis\n\nMitral stenosis is "
        "graded by valve area.\n"
    )
    return folder


@pytest.fixture(scope="session")
def real_embedder():
    """The shipped embedder (all-MiniLM-L6-v2 int8), loaded once for the tests that need it."""
    from kb import default_embedder

    return default_embedder()


@pytest.fixture
def corpus_docs(tmp_path: Path) -> Path:
    """A folder with three of the starter KB's real notes (more are copied in by the tests)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in STARTER_NOTES[:3]:
        shutil.copy(STARTER_CORPUS / name, folder / name)
    return folder
