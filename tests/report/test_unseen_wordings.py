"""Wordings from the unseen-style set (issue 15) that were misread before: export layouts,
the shorthand of notes, and a grade given to the wrong finding. Our own wording."""

from __future__ import annotations

import pytest

from echoassist.report import analyze


def labels(text: str) -> dict[str, str]:
    return analyze(text).labels()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dot leaders and a stop after a space keep an export's name with its value.
        (
            "Sex: F\nLVIDd ........ 4.4 cm\nIVSd ......... 1.1 cm\nLA Vol Index . 38 ml/m2\n",
            {"lv_cavity": "normal", "lv_wall": "mild", "la_cavity": "mild"},
        ),
        # A full stop with no space after it still ends the sentence.
        (
            "EF 60%.Mild MR.No pericardial effusion.",
            {"lv_systolic": "normal", "mv_regurgitation": "mild", "pericardial_effusion": "normal"},
        ),
        # "3D" names the method, not a value.
        ("LVEF 3D 49% (was 61% at baseline).", {"lv_systolic": "mild"}),
        ("The ejection fraction is 45 percent.", {"lv_systolic": "mild"}),
    ],
)
def test_export_layouts(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nl LV sz, EF 60%.", {"lv_cavity": "normal", "lv_systolic": "normal"}),
        ("Mod MR. Sev LAE.", {"mv_regurgitation": "moderate", "la_cavity": "severe"}),
        ("LV fn good.", {"lv_systolic": "normal"}),
        ("RV fn ok.", {"rv_systolic": "normal"}),
        (
            "EF 62%. No eff, AS or MS.",
            {
                "lv_systolic": "normal",
                "pericardial_effusion": "normal",
                "av_stenosis": "normal",
                "mv_stenosis": "normal",
            },
        ),
        ("LA mildly enl.", {"la_cavity": "mild"}),
    ],
)
def test_shorthand_of_notes(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A diastolic word does not grade systolic function.
        (
            "EF 70%, impaired relaxation.",
            {"lv_systolic": "normal", "lv_diastolic": "mild"},
        ),
        # A grade written after one finding is not the next finding's.
        ("Conc LVH (mod), EF 70%.", {"lv_wall": "moderate", "lv_systolic": "normal"}),
        ("MR mild, EF 60%.", {"mv_regurgitation": "mild", "lv_systolic": "normal"}),
        # A grade written before a finding is that finding's.
        ("EF 60%, mild MR.", {"lv_systolic": "normal", "mv_regurgitation": "mild"}),
        # Image quality is not LV function.
        ("Poor windows. LV systolic function appears normal.", {"lv_systolic": "normal"}),
        (
            "Low echocardiographic probability of pulmonary hypertension.",
            {"pulmonary_hypertension": "normal"},
        ),
    ],
)
def test_a_grade_goes_to_its_own_finding(text: str, expected: dict[str, str]) -> None:
    assert labels(text) == expected
