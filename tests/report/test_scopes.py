"""How far a word reaches (issue 15): a negation over a list, a severity written after its
finding, a finding written once for two chambers, and a measurement named for its valve.
Our own wording; each case below was read wrongly before the scope rules it tests."""

from __future__ import annotations

import pytest

from echoassist.report import analyze


def labels(text: str) -> dict[str, str]:
    return analyze(text).labels()


# --- a negation reaches every item of its list ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "No evidence of pericardial effusion, aortic stenosis or significant mitral "
            "regurgitation.",
            {
                "pericardial_effusion": "normal",
                "av_stenosis": "normal",
                "mv_regurgitation": "normal",
            },
        ),
        (
            "There is no mitral stenosis, aortic regurgitation, or significant tricuspid "
            "regurgitation.",
            {"mv_stenosis": "normal", "av_regurgitation": "normal", "tv_regurgitation": "normal"},
        ),
        (
            "No AS, AR, MS or hemodynamically significant MR.",
            {
                "av_stenosis": "normal",
                "av_regurgitation": "normal",
                "mv_stenosis": "normal",
                "mv_regurgitation": "normal",
            },
        ),
        (
            "Aortic stenosis, aortic regurgitation and mitral stenosis are not seen.",
            {"av_stenosis": "normal", "av_regurgitation": "normal", "mv_stenosis": "normal"},
        ),
        (
            "AS, AR and MS absent.",
            {"av_stenosis": "normal", "av_regurgitation": "normal", "mv_stenosis": "normal"},
        ),
    ],
)
def test_negation_reaches_every_item_of_a_list(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A stated grade after the list starts a new, positive finding.
        ("No MR, mild TR.", {"mv_regurgitation": "normal", "tv_regurgitation": "mild"}),
        (
            "No pericardial effusion, moderate aortic regurgitation.",
            {"pericardial_effusion": "normal", "av_regurgitation": "moderate"},
        ),
        ("Mild MR, AS absent.", {"mv_regurgitation": "mild", "av_stenosis": "normal"}),
        # A clause boundary ends the negation, so "significant" is a finding again.
        (
            "No aortic stenosis, but significant mitral regurgitation.",
            {"av_stenosis": "normal", "mv_regurgitation": "abnormal"},
        ),
        ("No AS; significant MR.", {"av_stenosis": "normal", "mv_regurgitation": "abnormal"}),
        ("Significant mitral regurgitation.", {"mv_regurgitation": "abnormal"}),
        (
            "The LA is dilated, AS and AR are not seen.",
            {"la_cavity": "abnormal", "av_stenosis": "normal", "av_regurgitation": "normal"},
        ),
    ],
)
def test_negation_stops_where_the_list_ends(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


# --- a severity written after its finding ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Biatrial enlargement, severe.", {"la_cavity": "severe", "ra_cavity": "severe"}),
        ("Left atrial enlargement, moderate.", {"la_cavity": "moderate"}),
        ("RV dilatation: mild.", {"rv_cavity": "mild"}),
        ("LV systolic function reduced, severely.", {"lv_systolic": "severe"}),
        ("Aortic root dilated - moderate.", {"aortic_root": "moderate"}),
    ],
)
def test_severity_after_the_finding(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The degree word grades what follows it, not the word before the comma.
        ("LA dilated, moderate MR.", {"la_cavity": "abnormal", "mv_regurgitation": "moderate"}),
        (
            "LV dilated, severely reduced systolic function.",
            {"lv_cavity": "abnormal", "lv_systolic": "severe"},
        ),
        (
            "RA enlarged, mild tricuspid regurgitation.",
            {"ra_cavity": "abnormal", "tv_regurgitation": "mild"},
        ),
    ],
)
def test_a_degree_before_the_next_finding_stays_with_it(
    text: str, expected: dict[str, str]
) -> None:
    assert labels(text) == expected


# --- a finding written once for two chambers --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Right and left ventricles are mildly dilated.",
            {"lv_cavity": "mild", "rv_cavity": "mild"},
        ),
        (
            "The right and left atria are moderately enlarged.",
            {"la_cavity": "moderate", "ra_cavity": "moderate"},
        ),
        ("LA/RA severely dilated.", {"la_cavity": "severe", "ra_cavity": "severe"}),
        ("LV & RV: normal size.", {"lv_cavity": "normal", "rv_cavity": "normal"}),
        ("Both atria are dilated.", {"la_cavity": "abnormal", "ra_cavity": "abnormal"}),
    ],
)
def test_a_shared_finding_goes_to_each_chamber(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


# --- a measurement belongs to the valve its words name ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Transmitral mean gradient 8 mmHg.", {"mv_stenosis": "moderate"}),
        ("Mitral mean gradient 7 mmHg.", {"mv_stenosis": "moderate"}),
        ("MV mean gradient 3 mmHg.", {"mv_stenosis": "mild"}),
        (
            "Aortic valve: trileaflet, Vmax 1.4 m/s. Mean transmitral gradient 11 mmHg.",
            {"av_stenosis": "normal", "mv_stenosis": "severe"},
        ),
        ("Transaortic mean gradient 44 mmHg.", {"av_stenosis": "severe"}),
        ("Mean AV gradient 25 mmHg.", {"av_stenosis": "moderate"}),
    ],
)
def test_a_gradient_grades_the_valve_it_names(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Transpulmonic peak velocity 3.1 m/s.",
        "Transtricuspid mean gradient 6 mmHg.",
        "Pulmonic valve peak velocity 2.9 m/s.",
    ],
)
def test_right_heart_valve_numbers_are_not_aortic_stenosis(text: str) -> None:
    assert "av_stenosis" not in labels(text)
