"""Text grading on our own report wording: US and UK styles, prose, bullets, abbreviations."""

from __future__ import annotations

import pytest

from echoassist.report import analyze


def labels(text: str, **kw: str) -> dict[str, str]:
    return analyze(text, **kw).labels()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LV systolic function is severely reduced.", {"lv_systolic": "severe"}),
        ("Preserved left ventricular systolic function.", {"lv_systolic": "normal"}),
        ("The left ventricle is hyperdynamic.", {"lv_systolic": "abnormal"}),
        ("Mildly impaired LV function.", {"lv_systolic": "mild"}),
        ("Overall LV contractility appears moderately depressed.", {"lv_systolic": "moderate"}),
        ("Moderate-to-severe MR.", {"mv_regurgitation": "severe"}),
        ("Mild to moderate aortic insufficiency.", {"av_regurgitation": "moderate"}),
        ("Trace TR.", {"tv_regurgitation": "normal"}),
        ("Trivial mitral regurgitation.", {"mv_regurgitation": "normal"}),
        ("Physiological pulmonic regurgitation.", {"pv_regurgitation": "normal"}),
        ("Mild PR.", {"pv_regurgitation": "mild"}),
        ("Severe AS.", {"av_stenosis": "severe"}),
        ("Critical aortic stenosis.", {"av_stenosis": "severe"}),
        ("Moderately dilated left atrium.", {"la_cavity": "moderate"}),
        ("The LA is severely enlarged.", {"la_cavity": "severe"}),
        ("Mild biatrial enlargement.", {"la_cavity": "mild", "ra_cavity": "mild"}),
        ("RA size is normal.", {"ra_cavity": "normal"}),
        ("The right ventricle is dilated.", {"rv_cavity": "abnormal"}),
        ("Mildly reduced RV systolic function.", {"rv_systolic": "mild"}),
        ("Normal RV size and function.", {"rv_cavity": "normal", "rv_systolic": "normal"}),
        ("Moderate concentric LVH.", {"lv_wall": "moderate"}),
        ("Left ventricular wall thickness is normal.", {"lv_wall": "normal"}),
        ("Grade II diastolic dysfunction.", {"lv_diastolic": "moderate"}),
        ("Impaired LV relaxation (grade 1 diastolic dysfunction).", {"lv_diastolic": "mild"}),
        ("Restrictive filling pattern.", {"lv_diastolic": "severe"}),
        ("Normal diastolic function for age.", {"lv_diastolic": "normal"}),
        ("Small circumferential pericardial effusion.", {"pericardial_effusion": "mild"}),
        ("Large pericardial effusion.", {"pericardial_effusion": "severe"}),
        (
            "Moderate sized pericardial effusion without tamponade physiology.",
            {"pericardial_effusion": "moderate"},
        ),
        ("Severe pulmonary hypertension.", {"pulmonary_hypertension": "severe"}),
        ("The aortic root is mildly dilated.", {"aortic_root": "mild"}),
        ("Moderate TS.", {"tv_stenosis": "moderate"}),
        ("Mild rheumatic mitral stenosis.", {"mv_stenosis": "mild"}),
        (
            "Flattened septum in systole consistent with RV pressure overload.",
            {"rv_pressure_overload": "abnormal"},
        ),
        (
            "Paradoxical septal motion suggests RV volume overload.",
            {"rv_volume_overload": "abnormal"},
        ),
        ("Moderately severe (3+) MR.", {"mv_regurgitation": "severe"}),
        ("2+ aortic regurgitation.", {"av_regurgitation": "moderate"}),
    ],
)
def test_single_statements(text: str, expected: dict[str, str]) -> None:
    got = labels(text)
    for cat, label in expected.items():
        assert got.get(cat) == label, (text, got)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("No aortic stenosis.", {"av_stenosis": "normal"}, ()),
        ("There is no pericardial effusion.", {"pericardial_effusion": "normal"}, ()),
        ("Normal LV size without hypertrophy.", {"lv_cavity": "normal", "lv_wall": "normal"}, ()),
        (
            "No significant valvular stenosis or regurgitation of the mitral valve.",
            {"mv_stenosis": "normal", "mv_regurgitation": "normal"},
            (),
        ),
        ("The RV is not dilated.", {"rv_cavity": "normal"}, ()),
        ("No AS, mild AR.", {"av_stenosis": "normal", "av_regurgitation": "mild"}, ()),
        ("Pericardial effusion: none.", {"pericardial_effusion": "normal"}, ()),
        ("Mitral regurgitation is absent.", {"mv_regurgitation": "normal"}, ()),
        # Look-alikes.
        ("Small right pleural effusion.", {}, ("pericardial_effusion",)),
        ("Dilated main pulmonary artery.", {}, ("pulmonary_hypertension",)),
        ("Mild aortic valve sclerosis without stenosis.", {"av_stenosis": "normal"}, ()),
        ("Mild mitral annular calcification.", {}, ("mv_stenosis",)),
        ("Mild pulmonic regurgitation.", {"pv_regurgitation": "mild"}, ("tv_regurgitation",)),
        ("Peak TR velocity 2.4 m/s.", {}, ("tv_regurgitation",)),
        ("The MR jet is eccentric.", {}, ("mv_regurgitation",)),
        ("Septal hypokinesis.", {}, ("lv_wall", "lv_cavity")),
    ],
)
def test_negation_and_lookalikes(
    text: str, expected: dict[str, str], absent: tuple[str, ...]
) -> None:
    got = labels(text)
    for cat, label in expected.items():
        assert got.get(cat) == label, (text, got)
    for cat in absent:
        assert cat not in got, (text, got)


def test_other_structure_in_same_sentence_keeps_its_own_grade() -> None:
    got = labels("Severely dilated LA with a normal-sized RA and mild TR.")
    assert got["la_cavity"] == "severe"
    assert got["ra_cavity"] == "normal"
    assert got["tv_regurgitation"] == "mild"


def test_shared_grade_across_coordinated_structures() -> None:
    got = labels("Mild mitral and tricuspid regurgitation.")
    assert got["mv_regurgitation"] == "mild"
    assert got["tv_regurgitation"] == "mild"


def test_uk_style_report_with_headings() -> None:
    text = (
        "ECHOCARDIOGRAM REPORT\n"
        "Clinical details: breathlessness; ?severe AS\n\n"
        "Left ventricle: Non-dilated, with moderately impaired systolic function.\n"
        "Aortic valve: Heavily calcified, severe stenosis.\n"
        "Mitral valve: Mild regurgitation.\n"
        "Pericardium: Normal.\n\n"
        "Summary\n"
        "Severe aortic stenosis with moderate LV systolic impairment.\n"
    )
    got = labels(text)
    assert got["lv_cavity"] == "normal"
    assert got["lv_systolic"] == "moderate"
    assert got["av_stenosis"] == "severe"
    assert got["mv_regurgitation"] == "mild"
    assert got["pericardial_effusion"] == "normal"


def test_bulleted_us_report() -> None:
    text = (
        "Findings:\n"
        "* Left ventricle: mildly dilated. EF estimated at 30-35%.\n"
        "* Right ventricle: normal size; TAPSE 19 mm.\n"
        "* Mitral valve: moderate (2+) central MR.\n"
        "* IVC: 2.4 cm with <50% inspiratory collapse.\n"
        "Impression:\n"
        "1. Moderately reduced LV systolic function.\n"
    )
    got = labels(text, sex="m")
    assert got["lv_cavity"] == "mild"
    assert got["lv_systolic"] == "moderate"
    assert got["rv_cavity"] == "normal"
    assert got["rv_systolic"] == "normal"
    assert got["mv_regurgitation"] == "moderate"
    assert got["ra_pressure"] == "abnormal"


def test_indication_does_not_give_findings() -> None:
    got = labels("Indication: evaluate for severe mitral regurgitation.\n\nTrivial MR.")
    assert got["mv_regurgitation"] == "normal"


def test_report_pasted_on_one_line_keeps_sections() -> None:
    text = "FINDINGS: Normal LV size. IMPRESSION: Moderate MR. History: prior severe AS."
    report = analyze(text)
    mr = report.finding("mv_regurgitation")
    assert mr is not None and mr.evidence[0].section == "impression"
    assert report.finding("lv_cavity").evidence[0].section == "findings"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The aortic root is normal; ascending aorta mildly dilated at 4.1 cm.",
            {"aortic_root": "normal", "ascending_aorta": "mild"},
        ),
        ("Mildly dilated right heart.", {"rv_cavity": "mild", "ra_cavity": "mild"}),
        (
            "Normal cardiac chamber sizes.",
            {
                "lv_cavity": "normal",
                "rv_cavity": "normal",
                "la_cavity": "normal",
                "ra_cavity": "normal",
            },
        ),
        ("Aortic valve: Heavily calcified, severe stenosis.", {"av_stenosis": "severe"}),
        ("No pleural or pericardial effusion.", {"pericardial_effusion": "normal"}),
        ("Severe MR is unlikely.", {"mv_regurgitation": "not_assessed"}),
        ("The mitral inflow pattern shows E/A reversal.", {"lv_diastolic": "mild"}),
    ],
)
def test_subjects_and_groups(text: str, expected: dict[str, str]) -> None:
    assert analyze(text).labels() == expected
