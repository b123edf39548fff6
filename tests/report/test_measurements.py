"""Numbers, units, conversions, derived values and guideline rules."""

from __future__ import annotations

import pytest

from echoassist.report import analyze


def measurement(text: str, category: str, name: str, **kw: str):
    f = analyze(text, **kw).finding(category)
    assert f is not None, text
    found = [m for m in f.measurements if m.name == name]
    assert found, (text, [m.name for m in f.measurements])
    return f, found[0]


@pytest.mark.parametrize(
    ("text", "category", "name", "value", "grade"),
    [
        ("EF 55-60%.", "lv_systolic", "LVEF", 57.5, "normal"),
        ("LVEF of 35 %.", "lv_systolic", "LVEF", 35, "moderate"),
        ("Ejection fraction estimated at 20%.", "lv_systolic", "LVEF", 20, "severe"),
        ("Peak velocity 4.2 m/s.", "av_stenosis", "Peak velocity", 4.2, "severe"),
        ("AV Vmax 320 cm/s.", "av_stenosis", "Peak velocity", 3.2, "moderate"),
        ("Mean gradient 42 mmHg.", "av_stenosis", "Mean gradient", 42, "severe"),
        ("AVA 0.8 cm2.", "av_stenosis", "AVA", 0.8, "severe"),
        ("Aortic valve area 1.2 cm².", "av_stenosis", "AVA", 1.2, "moderate"),
        ("TAPSE 14 mm.", "rv_systolic", "TAPSE", 14, "abnormal"),
        ("TAPSE 2.1 cm.", "rv_systolic", "TAPSE", 21, "normal"),
        ("LAVI 45 mL/m2.", "la_cavity", "LAVI", 45, "moderate"),
        ("RVSP 48 mmHg.", "pulmonary_hypertension", "PASP", 48, "mild"),
        ("Estimated PA systolic pressure 72 mmHg.", "pulmonary_hypertension", "PASP", 72, "severe"),
        ("LVIDd 62 mm.", "lv_cavity", "LVIDd", 6.2, "mild"),
        ("IVSd 1.5 cm, LVPWd 1.4 cm.", "lv_wall", "IVSd", 1.5, "moderate"),
        ("MR EROA 0.45 cm2.", "mv_regurgitation", "EROA", 0.45, "severe"),
        ("MVA 0.9 cm2 by planimetry.", "mv_stenosis", "MVA", 0.9, "severe"),
        (
            "A 1.4 cm pericardial effusion.",
            "pericardial_effusion",
            "Effusion depth",
            1.4,
            "moderate",
        ),
        ("RV basal diameter 4.6 cm.", "rv_cavity", "RV basal diameter", 4.6, "abnormal"),
    ],
)
def test_values_units_and_grades(
    text: str, category: str, name: str, value: float, grade: str
) -> None:
    _, m = measurement(text, category, name, sex="m")
    assert m.value == pytest.approx(value)
    assert m.grade == grade
    assert m.rule and "[" in m.rule and "20" in m.rule  # names guideline and year


def test_wall_pair_in_one_sentence() -> None:
    f = analyze("Septal and posterior wall thickness 12 and 11 mm.", sex="f").finding("lv_wall")
    values = sorted(m.value for m in f.measurements)
    assert values == [1.1, 1.2]
    assert f.label == "mild"


def test_pasp_from_tr_velocity_and_ra_pressure() -> None:
    f = analyze("TR velocity 3.1 m/s with RA pressure 8.").finding("pulmonary_hypertension")
    pasp = next(m for m in f.measurements if m.name == "PASP")
    assert pasp.value == pytest.approx(46.4)
    assert pasp.grade == "mild" and "4 x TRV^2 + RAP" in pasp.rule


def test_rap_estimated_from_ivc_feeds_pasp() -> None:
    text = "IVC 2.5 cm, collapses <50% with sniff. Peak TR velocity 3.5 m/s."
    report = analyze(text)
    rap = next(m for m in report.finding("ra_pressure").measurements if m.name == "RA pressure")
    assert rap.value == 15
    pasp = next(
        m for m in report.finding("pulmonary_hypertension").measurements if m.name == "PASP"
    )
    assert pasp.value == pytest.approx(4 * 3.5**2 + 15)
    assert pasp.grade == "moderate"


def test_small_collapsing_ivc_gives_normal_rap() -> None:
    f = analyze("The IVC is normal in size (1.6 cm) and collapses >50%.").finding("ra_pressure")
    assert f.label == "normal"


def test_stated_pasp_wins_over_computed() -> None:
    f = analyze("TR Vmax 3.0 m/s, RAP 3 mmHg, PASP 40 mmHg.").finding("pulmonary_hypertension")
    pasps = [m for m in f.measurements if m.name == "PASP"]
    assert len(pasps) == 1 and pasps[0].value == 40


def test_bsa_from_height_and_weight_indexes_la_volume() -> None:
    report = analyze("Height 180 cm, weight 81 kg. LA volume 90 mL.")
    assert report.bsa_m2 == pytest.approx(2.01, abs=0.01)
    lavi = next(m for m in report.finding("la_cavity").measurements if m.name == "LAVI")
    assert lavi.value == pytest.approx(44.8, abs=0.2)
    assert lavi.grade == "moderate"


def test_sex_from_report_header() -> None:
    report = analyze("Patient: 70-year-old woman.\nLVIDd 5.5 cm.")
    assert report.sex == "f" and report.sex_source == "report"
    assert report.labels()["lv_cavity"] == "mild"


def test_sex_dependent_flag_when_sex_unknown() -> None:
    f = analyze("LVIDd 5.5 cm.").finding("lv_cavity")
    assert "sex_dependent" in f.flags
    assert analyze("LVIDd 5.5 cm.", sex="m").finding("lv_cavity").flags == []


def test_sex_argument_overrides_report() -> None:
    report = analyze("Sex: F\nLVEF 53%.", sex="m")
    assert report.sex == "m" and report.labels()["lv_systolic"] == "normal"
    assert any("differs" in w for w in report.warnings)


def test_diastolic_function_from_ase_2016_algorithm() -> None:
    text = (
        "LVEF 60%. E/A 1.4. Average E/e' 16. Septal e' 5 cm/s. TR velocity 3.0 m/s. LAVI 40 mL/m2."
    )
    f = analyze(text).finding("lv_diastolic")
    assert f.label == "moderate"
    assert any("ASE/EACVI 2016" in (m.rule or "") for m in f.measurements)


def test_implausible_value_is_reported_not_graded() -> None:
    report = analyze("LVEF 550%.")
    assert "lv_systolic" not in report.labels() or report.labels()["lv_systolic"] == "not_assessed"
    assert any("550" in w for w in report.warnings)


def test_historical_numbers_are_ignored() -> None:
    f = analyze("LVEF 60%. LVEF was 35% on the previous study.").finding("lv_systolic")
    assert [m.value for m in f.measurements] == [60]


def test_value_in_brackets_marked_previous_is_ignored() -> None:
    f = analyze("LVEF 35-40% (previously 55%).").finding("lv_systolic")
    assert [m.value for m in f.measurements] == [37.5]


def test_from_to_takes_the_current_value() -> None:
    f = analyze("LVEF has improved from 35% to 55%.", sex="m").finding("lv_systolic")
    assert [m.value for m in f.measurements] == [55]
    assert f.label == "normal"


def test_uk_rvsp_plus_rap_is_a_gradient() -> None:
    f = analyze("RVSP 30 mmHg + RAP.").finding("pulmonary_hypertension")
    assert all(m.name != "PASP" for m in f.measurements)
    assert f.label == "not_assessed"


def test_approx_abbreviation_does_not_split_the_sentence() -> None:
    f = analyze("EF approx. 45%.", sex="m").finding("lv_systolic")
    assert f.label == "mild"


def test_table_of_measurements() -> None:
    text = (
        "Sex: M\n"
        "Measurement        Value      Normal range\n"
        "LVIDd              5.9 cm     4.2-5.8\n"
        "LVEF (Simpson)     48 %\n"
        "LA vol index       44 ml/m2\n"
        "AV Vmax            2.8 m/s\n"
        "TR Vmax            3.2 m/s\n"
        "RAP                8 mmHg\n"
    )
    got = analyze(text).labels()
    assert got["lv_cavity"] == "mild"
    assert got["lv_systolic"] == "mild"
    assert got["la_cavity"] == "moderate"
    assert got["av_stenosis"] == "mild"
    assert got["pulmonary_hypertension"] == "mild"  # 4 x 3.2^2 + 8 = 49


def test_lvot_gradient_is_not_valve_stenosis() -> None:
    got = analyze("SAM with LVOT obstruction, peak gradient 80 mmHg.").labels()
    assert "mv_stenosis" not in got and "av_stenosis" not in got


@pytest.mark.parametrize(
    ("text", "category", "label"),
    [
        ("RV: 4.5 cm", "rv_cavity", "abnormal"),
        ("LV 5.2 cm", "lv_cavity", "normal"),
        ("AV peak gradient 64 mmHg, mean 38 mmHg.", "av_stenosis", "moderate"),
        ("Vmax 4.6 m/s, MG 52 mmHg.", "av_stenosis", "severe"),
        ("TAPSE 1.8.", "rv_systolic", "normal"),
        ("Mean RA pressure 10 mmHg.", "ra_pressure", "abnormal"),
    ],
)
def test_terse_measurement_lines(text: str, category: str, label: str) -> None:
    assert analyze(text, sex="m").labels()[category] == label
