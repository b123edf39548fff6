"""Wordings the unseen-style set showed the analyser missing (issue 15, third round): a grade
in the sentence after its finding, spelling slips, abbreviations in all-lowercase notes.
Our own sentences; the set itself stays the measurement."""

from __future__ import annotations

import pytest

from echoassist.report import analyze


def labels(text: str) -> dict[str, str]:
    return analyze(text).labels()


# --- a pronoun opening a sentence takes the one finding named just before -------------


@pytest.mark.parametrize(
    ("text", "category", "grade"),
    [
        ("Mitral regurgitation is seen. It is moderate.", "mv_regurgitation", "moderate"),
        ("There is aortic insufficiency. This appears severe.", "av_regurgitation", "severe"),
        (
            "Tricuspid regurgitation noted. It is mild, with a central jet.",
            "tv_regurgitation",
            "mild",
        ),
        ("The right ventricle is dilated. It is moderately so.", "rv_cavity", "moderate"),
    ],
)
def test_pronoun_takes_grade_to_previous_finding(text: str, category: str, grade: str) -> None:
    assert labels(text)[category] == grade


def test_pronoun_after_two_findings_grades_neither() -> None:
    # "It" could be either valve: no guess.
    got = labels("Mild mitral and tricuspid regurgitation. It is severe.")
    assert got["mv_regurgitation"] == "mild"
    assert got["tv_regurgitation"] == "mild"


def test_pronoun_grade_does_not_reach_past_a_sentence_without_findings() -> None:
    got = labels("Aortic regurgitation is present. Image quality was poor. It is severe.")
    assert got["av_regurgitation"] != "severe"


def test_negated_finding_is_no_antecedent() -> None:
    got = labels("No aortic regurgitation. It is severe.")
    assert got["av_regurgitation"] == "normal"
