"""Every kind of bad file gets a one-line reason; the build goes on and the KB loses nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import KnowledgeBase
from tests.kb.fakes import paper_pages, write_pdf

WORDS = ["mitral", "aortic", "tricuspid", "pulmonic", "septal", "apical", "basal", "lateral"]


def long_manual(n_pages: int) -> list[list[str]]:
    return [
        [
            f"Manual section {WORDS[p % 8]} {WORDS[(p // 8) % 8]} {WORDS[(p // 64) % 8]} describes",
            f"the {WORDS[(p // 3) % 8]} wall in view {WORDS[(p // 5) % 8]} with care and detail.",
        ]
        for p in range(n_pages)
    ]


@pytest.mark.slow
def test_bad_inputs_are_reported_and_nothing_is_lost(
    kb: KnowledgeBase, docs: Path, tmp_path: Path
) -> None:
    kb.build([docs])
    before = {d.doc_id: d.chunks for d in kb.documents()}

    bad = tmp_path / "bad"
    bad.mkdir()
    good = (docs / "stenosis.pdf").read_bytes()
    (bad / "zero.pdf").write_bytes(b"")
    (bad / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (bad / "picture.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 500)
    write_pdf(bad / "locked.pdf", paper_pages("secret"), password="pw")
    write_pdf(bad / "scanned.pdf", [[], [], []])
    shutil.copy(docs / "effusion.pdf", bad / "duplicate.pdf")
    write_pdf(bad / "manual.pdf", long_manual(2000), title="A 2000 page manual")
    # A changed version of a file already in the KB that is now broken keeps the old version.
    (docs / "stenosis.pdf").write_bytes(good[: len(good) // 2])

    summary = kb.build([docs, bad])
    by_name = {Path(o.path).name: o for o in summary.outcomes}
    expected = {
        "zero.pdf": ("failed", "empty file"),
        "truncated.pdf": ("failed", ""),
        "corrupt.pdf": ("failed", "corrupt"),
        "picture.pdf": ("failed", "not a PDF"),
        "locked.pdf": ("failed", "encrypted"),
        "scanned.pdf": ("failed", "no text layer on any of 3 pages"),
        "duplicate.pdf": ("duplicate", "effusion.pdf"),
        "stenosis.pdf": ("failed", ""),
        "manual.pdf": ("added", ""),
    }
    for name, (status, reason) in expected.items():
        outcome = by_name[name]
        assert outcome.status == status, outcome
        assert reason in outcome.reason and "\n" not in outcome.reason
        if status == "failed":
            assert outcome.reason
    assert by_name["manual.pdf"].pages == 2000

    after = {d.doc_id: d.chunks for d in kb.documents()}
    assert {k: v for k, v in after.items() if k in before} == before  # nothing lost
    assert kb.search("aortic stenosis cohort alpha")[0].title == "Aortic stenosis study"
