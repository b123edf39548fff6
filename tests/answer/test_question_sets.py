"""The answer benchmark's question sets are well formed: a key fact that is not verbatim in its
note can never be found, and the set would report a recall the code did not earn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SETS = sorted((REPO / "benchmarks" / "data").glob("answer_questions*.jsonl"))
FIELDS = {"id", "split", "question", "answerable", "gold_answer", "key_facts", "doc", "page",
          "section"}


def _questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_each_question_has_the_fields_and_a_unique_id(path: Path) -> None:
    questions = _questions(path)
    assert questions
    assert all(FIELDS <= set(q) for q in questions)
    assert len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        # Near misses have nothing to find; answerable ones name what must be shown.
        assert bool(q["key_facts"]) == q["answerable"], q["id"]


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_key_facts_of_the_notes_are_verbatim_in_the_named_note(path: Path) -> None:
    for q in _questions(path):
        if not (q["answerable"] and str(q["doc"]).endswith(".md")):
            continue
        note = (REPO / "kb" / "corpus" / q["doc"]).read_text().lower()
        for fact in q["key_facts"]:
            assert any(phrase.lower() in note for phrase in fact), (q["id"], fact)
