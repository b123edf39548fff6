from __future__ import annotations

from pathlib import Path

import pytest

from kb import KnowledgeBase
from tests.kb.fakes import HashEmbedder, paper_pages, write_pdf


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
