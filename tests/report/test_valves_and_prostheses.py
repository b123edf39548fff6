"""All valves at once, and prosthetic valves (issue 15). Our own wording."""

from __future__ import annotations

import pytest

from echoassist.report import analyze

VALVE_LESIONS = (
    "av_stenosis",
    "av_regurgitation",
    "mv_stenosis",
    "mv_regurgitation",
    "tv_stenosis",
    "tv_regurgitation",
    "pv_regurgitation",
)


def labels(text: str) -> dict[str, str]:
    return analyze(text).labels()


# --- "no significant valvular disease" ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No significant valvular disease.",
        "No haemodynamically significant valve disease.",
        "Valves: no significant stenosis or regurgitation.",
        "There is no valvular abnormality.",
    ],
)
def test_a_statement_about_all_valves_is_normal_for_each(text: str) -> None:
    got = labels(text)
    assert {cat: got.get(cat) for cat in VALVE_LESIONS} == dict.fromkeys(VALVE_LESIONS, "normal")


def test_a_lesion_named_elsewhere_keeps_its_own_grade() -> None:
    got = labels("Moderate MR. Severe TR. Otherwise no significant valvular disease.")
    assert got["mv_regurgitation"] == "moderate" and got["tv_regurgitation"] == "severe"
    assert got["av_stenosis"] == got["mv_stenosis"] == "normal"
    # Spreading never adds a conflict to a lesion that is graded.
    assert (
        analyze("Severe TR. No other significant valve disease.").finding("tv_regurgitation").flags
        == []
    )  # type: ignore[union-attr]


def test_regurgitation_alone_spreads_only_to_regurgitation() -> None:
    got = labels("No significant valvular regurgitation.")
    assert set(got) == {c for c in VALVE_LESIONS if c.endswith("regurgitation")}


def test_valve_disease_without_a_valve_grades_nothing() -> None:
    assert labels("Degenerative valve disease.") == {}
