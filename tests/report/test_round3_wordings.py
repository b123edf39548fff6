"""Wordings the unseen-style set showed the analyser missing (issue 15, third round): a grade
in the sentence after its finding, spelling slips, abbreviations in all-lowercase notes.
Our own sentences; the set itself stays the measurement."""

from __future__ import annotations

import pytest

from echoassist.report import analyze
from echoassist.report.phrases import LEXICON
from echoassist.report.spelled_numbers import spelled_numbers
from echoassist.report.spelling import corrected


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


# --- a spelling slip in a long lexicon word is read as that word ------------------------


@pytest.mark.parametrize(
    ("slip", "word"),
    [
        ("tricsupid", "tricuspid"),  # neighbours swapped
        ("pericardal", "pericardial"),  # a letter left out
        ("severly", "severely"),
        ("dilatted", "dilated"),  # a letter doubled
        ("hypertrophyy", "hypertrophy"),
    ],
)
def test_slip_is_read_as_the_lexicon_word(slip: str, word: str) -> None:
    # "dilatted" may be "dilated" or "dilatated": either reading means the same.
    assert LEXICON[corrected(slip)] == LEXICON[word]


def test_slip_with_two_readings_is_left_alone() -> None:
    # "exclued" is one slip from "exclude" and from "excluded", words of different phrases.
    assert corrected("exclued") == "exclued"


@pytest.mark.parametrize(
    "word",
    [
        "values",  # a changed letter makes another real word: "valves"
        "light",  # the first letter differs: "slight"
        "raises",  # a changed ending: "raised"
        "sight",  # a real word with a letter left out of "slight", listed
        "indeed",  # likewise "indexed"
        "trivia",  # the last letter left out is an ending, not a slip
        "mid",  # too short to judge
        "severe",  # known words stay as written
    ],
)
def test_real_words_and_short_words_stay(word: str) -> None:
    assert corrected(word) == word


def test_slips_grade_like_the_words_they_stand_for() -> None:
    got = labels(
        "Severly dilated rigth ventricle. Moderate tricsupid regurgitaion. "
        "Small pericardal effusion."
    )
    assert got["tv_regurgitation"] == "moderate"
    assert got["pericardial_effusion"] == "mild"


def test_real_word_near_a_grade_word_grades_nothing() -> None:
    # "sight" is not "slight", "values" are not "valves".
    got = labels("Aortic valve values were reviewed in sight of the prior images.")
    assert "av_regurgitation" not in got
    assert "av_stenosis" not in got


# --- abbreviations in a note written all in lowercase -----------------------------------


def test_lowercase_note_reads_its_abbreviations() -> None:
    got = labels("la mildly dilated. moderate mr. massive tr, rv severely enlarged.")
    assert got["la_cavity"] == "mild"
    assert got["mv_regurgitation"] == "moderate"
    assert got["tv_regurgitation"] == "severe"
    assert got["rv_cavity"] == "severe"


def test_lowercase_note_keeps_ordinary_words_and_units() -> None:
    # "as" is a word and "ms" a unit here, not aortic or mitral stenosis.
    got = labels("lv function as before. mitral e decel time 180 ms. mild ar.")
    assert "av_stenosis" not in got
    assert "mv_stenosis" not in got
    assert got["av_regurgitation"] == "mild"


def test_capitals_still_needed_in_a_report_with_capitals() -> None:
    # Mixed case: the writer uses capitals for abbreviations, so "as" stays a word.
    got = labels("The LV is the same as before. Mild AR.")
    assert "av_stenosis" not in got
    assert got["av_regurgitation"] == "mild"


# --- numbers written as words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("EF of sixty-five percent", "65"),
        ("a gradient of thirty eight mm", "38"),
        ("peak velocity four point one metres per second", "4.1"),
        ("an effusion of twelve millimetres", "12"),
        ("a rim of seven mm", "7"),
    ],
)
def test_spelled_number_becomes_digits_same_length(text: str, digits: str) -> None:
    out = spelled_numbers(text)
    assert len(out) == len(text)
    assert digits in out.split()


@pytest.mark.parametrize(
    "text", ["one of the cusps is thickened", "grade two diastolic dysfunction", "none seen"]
)
def test_lone_digit_word_without_unit_stays_a_word(text: str) -> None:
    assert spelled_numbers(text) == text


def test_spelled_numbers_are_graded_and_quoted_from_the_original() -> None:
    text = "Ejection fraction twenty-five percent. RVSP estimated at seventy-two mmHg."
    report = analyze(text)
    got = report.labels()
    assert got["lv_systolic"] == "severe"
    assert got["pulmonary_hypertension"] == "severe"
    ef = report.finding("lv_systolic")
    assert ef is not None
    m = ef.measurements[0]
    assert m.value == 25
    assert m.start is not None and m.end is not None
    assert text[m.start : m.end].startswith("twenty-five")


# --- a finding from an earlier study that has gone ----------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The effusion described on the prior study has resolved.", "pericardial_effusion"),
        ("Mitral regurgitation seen previously is no longer present.", "mv_regurgitation"),
        ("Earlier moderate tricuspid regurgitation is no longer seen.", "tv_regurgitation"),
    ],
)
def test_resolved_finding_is_normal_now(text: str, category: str) -> None:
    report = analyze(text)
    assert report.labels()[category] == "normal"


def test_history_without_resolution_stays_history() -> None:
    got = labels("A moderate pericardial effusion was seen previously.")
    assert got.get("pericardial_effusion", "not_assessed") == "not_assessed"


# --- an earlier study written as its own labelled line -------------------------------------


def test_dated_line_is_the_earlier_study_when_another_line_is_today() -> None:
    text = "TTE 08/2022: severe mitral regurgitation, EF 35%.\nTTE today: mild MR, EF 50%.\n"
    got = labels(text)
    assert got["mv_regurgitation"] == "mild"
    assert got["lv_systolic"] == "mild"


def test_dated_line_alone_is_this_study() -> None:
    # Without a line for today, the date may be this study's own.
    assert labels("Echo 14/03/2024: moderate aortic stenosis.")["av_stenosis"] == "moderate"
