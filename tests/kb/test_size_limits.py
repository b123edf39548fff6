"""Size limits on text inputs (a 5 MB one-line Markdown file took 14 minutes and 1.48 GB and
became 11,520 junk chunks): a file past its limit, or a line with more characters than any
sentence has and no sentence end, is skipped with the reason; the rest, long lines of real
sentences included, is read in linear time."""

from __future__ import annotations

import random
import string
import time
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb.extract import text as text_extractor
from kb.extract.text import MAX_SENTENCE_CHARS, html_to_text


def one_line_words(size: int, seed: int = 0) -> str:
    """`size` characters of made-up words on one line, no sentence ends (as the trial's file)."""
    rng = random.Random(seed)
    words, total = [], 0
    while total < size:
        word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10)))
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


def outcome(kb: KnowledgeBase, folder: Path, name: str):  # type: ignore[no-untyped-def]
    summary = kb.build([folder])
    [found] = [o for o in summary.outcomes if o.path.endswith(name)]
    return found


def test_a_5_mb_one_line_markdown_file_is_skipped_with_its_reason_at_once(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    line = one_line_words(5_000_000)
    (folder / "dump.md").write_text(f"# Dump\n\n{line}\n")
    (folder / "good.md").write_text("# Good\n\nSevere aortic stenosis has a peak velocity of at "
                                    "least 4 m/s.\n")
    started = time.perf_counter()
    dump = outcome(kb, folder, "dump.md")
    seconds = time.perf_counter() - started
    assert dump.status == "failed", dump
    assert dump.reason == (f"nothing to index but line 3, {len(line):,} characters with no "
                           f"sentence end: past the limit of {MAX_SENTENCE_CHARS:,} characters "
                           "for a sentence (not prose)"), dump.reason
    assert seconds < 5, f"{seconds:.1f} s"  # was minutes (the chunker, then the embedder)
    assert [d.name for d in kb.documents()] == ["good.md"]


def test_a_long_line_among_prose_is_left_out_with_a_note(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    blob = "iVBORw0KGgo" + "A" * 60_000  # an image pasted into a note as base64
    (folder / "note.md").write_text(
        "# Effusion\n\nA large effusion is more than 2 cm in diastole.\n\n"
        f"![echo](data:image/png;base64,{blob})\n\nTamponade is a clinical diagnosis.\n"
    )
    note = outcome(kb, folder, "note.md")
    assert note.status == "added", note
    [doc] = kb.documents()
    assert doc.report.notes == [
        "left out line 5, 60,042 characters with no sentence end: past the limit of 20,000 "
        "characters for a sentence (not prose)"]
    texts = " ".join(h.text for h in kb.search("effusion tamponade diastole", k=10))
    assert "Tamponade is a clinical diagnosis." in texts and "AAAAAAAA" not in texts


def test_a_long_line_of_real_sentences_is_kept_and_chunked(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    sentences = " ".join(f"Finding {i}: the mean gradient was {20 + i % 30} mmHg."
                         for i in range(2_000))  # 90,000 characters on one line
    (folder / "paragraph.md").write_text(f"# One paragraph\n\n{sentences}\n")
    paragraph = outcome(kb, folder, "paragraph.md")
    assert paragraph.status == "added" and paragraph.chunks > 50, paragraph
    assert not kb.documents()[0].report.notes


def test_a_text_file_past_the_size_limit_is_skipped_before_it_is_read(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_extractor, "MAX_TEXT_BYTES", 3 << 20)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "book.txt").write_text("Aortic stenosis is common in the elderly.\n" * 100_000)
    book = outcome(kb, folder, "book.txt")
    assert book.status == "failed"
    assert book.reason == ("4 MB of text is past the limit of 3 MB for one text file; "
                           "split it into smaller files"), book.reason


def test_unclosed_html_comments_cost_linear_time() -> None:
    text = "<!-- a " * 30_000  # 210 KB: the old regex retried each opener to the end (~16 s)
    started = time.perf_counter()
    assert html_to_text(text) == text.strip()  # an unclosed comment stays, as it did
    assert time.perf_counter() - started < 1
    assert html_to_text("Mild <!-- a <!-- b --> MR.<!--c-->") == "Mild MR."
