"""Splits keep sources apart; metrics score answers the way the report says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.dataset import QAItem, Source, read_items
from training.errors import TrainingError
from training.metrics import balanced_accuracy, grade_in, mcq_choice, score, token_f1
from training.splits import split_by_group, write_split


def _item(n: int, group: str, **kw) -> QAItem:
    return QAItem(id=f"i{n}", kind=kw.pop("kind", "qa"), question=f"Question {n}?",
                  answer=kw.pop("answer", f"answer {n}"), group=group,
                  source=Source(doc=group, page=1), **kw)


def test_split_by_group_has_no_leakage_and_is_deterministic(tmp_path: Path) -> None:
    items = [_item(n, f"doc{n % 7}") for n in range(70)]
    split = split_by_group(items, 0.3, seed=1)
    train_groups = {i.group for i in split.train}
    test_groups = {i.group for i in split.test}
    assert train_groups and test_groups and not train_groups & test_groups
    assert len(split.train) + len(split.test) == 70
    assert split_by_group(items, 0.3, seed=1).test == split.test
    card = write_split(split, tmp_path)
    assert card["leakage"] == []
    assert json.loads((tmp_path / "dataset_card.json").read_text())["test"]["sources"] == 2
    assert "Dataset card" in (tmp_path / "DATASET_CARD.md").read_text()
    assert len(read_items(tmp_path / "train.jsonl")) == len(split.train)


def test_split_needs_two_sources() -> None:
    with pytest.raises(TrainingError, match="at least 2"):
        split_by_group([_item(1, "only")], 0.2, seed=1)


def test_token_f1_and_grade_and_choice() -> None:
    assert token_f1("Severe mitral regurgitation.", "severe mitral regurgitation") == 1.0
    assert token_f1("nothing alike", "severe mitral regurgitation") == 0.0
    assert grade_in("Moderate to severe, per the report") == "moderate"
    assert grade_in("Trace TR") == "normal"
    assert grade_in("unclear") is None
    options = ["3 mmHg", "8 mmHg", "15 mmHg", "20 mmHg"]
    assert mcq_choice("B) 8 mmHg", options) == 1
    assert mcq_choice("The answer is (C).", options) == 2
    assert mcq_choice("It is 20 mmHg", options) == 3
    assert mcq_choice("no idea", options) is None


def test_balanced_accuracy_weights_rare_grades_equally() -> None:
    gold = ["normal"] * 9 + ["severe"]
    always_normal = ["normal"] * 10
    assert balanced_accuracy(gold, always_normal) == pytest.approx(0.5)


def test_score_reports_every_metric_by_item_kind() -> None:
    items = [
        _item(1, "a", answer="Severe. Evidence: severe MR.", kind="report", label="severe",
              category="mv_regurgitation"),
        _item(2, "b", kind="mcq", options=["w", "x", "y", "z"], answer_index=2, answer="y"),
    ]
    scores = score(items, ["Severe. Evidence: severe MR.", "C) y"])
    assert scores["mcq_accuracy"] == 1.0
    assert scores["severity_balanced_accuracy"] == 1.0
    assert scores["token_f1"] == 1.0 and scores["rouge_l"] == pytest.approx(1.0)
    assert scores["bleu"] > 99
