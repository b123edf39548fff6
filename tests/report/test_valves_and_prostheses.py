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


# --- prosthetic valves -----------------------------------------------------------------


def test_history_stays_history_and_the_prosthesis_is_graded() -> None:
    report = analyze(
        "Status post SAVR with a 23 mm bioprosthesis for severe aortic stenosis. The "
        "bioprosthetic aortic valve is well seated; mean gradient 11 mmHg, peak velocity "
        "2.2 m/s. No paravalvular leak."
    )
    got = report.labels()
    assert got["av_prosthesis"] == "normal"
    assert got.get("av_stenosis") in (None, "not_assessed")  # the pre-operative AS
    f = report.finding("av_prosthesis")
    assert f is not None and f.prosthesis == {
        "device": "bioprosthetic",
        "stenosis": "normal",
        "regurgitation": None,
        "paravalvular_leak": "normal",
    }
    assert all("ASE 2009 prosthetic valves" in (m.rule or "") for m in f.measurements)


@pytest.mark.parametrize(
    ("text", "category", "label", "device", "field", "grade"),
    [
        (
            "TAVR 30 days ago. Mean gradient 9 mmHg. Mild paravalvular AR.",
            "av_prosthesis",
            "mild",
            "transcatheter",
            "paravalvular_leak",
            "mild",
        ),
        (
            "Bioprosthetic aortic valve with restricted cusps; peak velocity 4.5 m/s, mean "
            "gradient 50 mmHg.",
            "av_prosthesis",
            "severe",
            "bioprosthetic",
            "stenosis",
            "severe",
        ),
        (
            "Mechanical mitral prosthesis, mean gradient 8 mmHg at HR 70.",
            "mv_prosthesis",
            "abnormal",
            "mechanical",
            "stenosis",
            "abnormal",
        ),
        (
            "S/p MitraClip. Moderate residual MR.",
            "mv_prosthesis",
            "moderate",
            "clip",
            "regurgitation",
            "moderate",
        ),
        (
            "Mitral annuloplasty ring in place. Trace MR. Mean gradient 3 mmHg.",
            "mv_prosthesis",
            "normal",
            "repair",
            "regurgitation",
            "normal",
        ),
        (
            "Valve-in-valve TAVI in a failed surgical bioprosthesis. DVI 0.22.",
            "av_prosthesis",
            "severe",
            "valve-in-valve",
            "stenosis",
            "severe",
        ),
    ],
)
def test_each_kind_of_prosthesis_and_way_of_failing(
    text: str, category: str, label: str, device: str, field: str, grade: str
) -> None:
    f = analyze(text).finding(category)
    assert f is not None and f.label == label
    assert f.prosthesis is not None
    assert f.prosthesis["device"] == device and f.prosthesis[field] == grade


def test_a_prosthesis_named_only_in_the_history_section_is_in_place() -> None:
    got = analyze("PMH: AVR 2015 (mechanical).\nFindings: Mean gradient 10 mmHg. Mild MR.")
    assert got.labels() == {"av_prosthesis": "normal", "mv_regurgitation": "mild"}


def test_a_planned_or_denied_device_is_not_in_place() -> None:
    got = analyze("Indication: TAVI work-up.\nSevere AS, Vmax 4.4 m/s.").labels()
    assert got == {"av_stenosis": "severe"}
    assert analyze("No prosthetic valves. Mild AS.").labels() == {"av_stenosis": "mild"}


def test_the_other_valves_stay_native() -> None:
    got = analyze("AVR (bioprosthetic) functioning normally. Native mitral valve: moderate MR.")
    assert got.labels() == {"av_prosthesis": "normal", "mv_regurgitation": "moderate"}


def test_no_valvular_disease_does_not_speak_for_a_prosthesis() -> None:
    got = analyze("Well functioning mitral bioprosthesis. No other valvular disease.").labels()
    assert got["mv_prosthesis"] == "normal"
    assert "mv_stenosis" not in got and got["av_stenosis"] == "normal"
