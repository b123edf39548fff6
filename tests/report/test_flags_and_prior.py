"""One label per category and its flags; prior-study comparison; evidence offsets."""

from __future__ import annotations

from echoassist.report import CATEGORIES, analyze, with_all_categories


def test_most_severe_grade_wins_and_conflict_keeps_both_spans() -> None:
    text = (
        "Findings: Normal LV systolic function.\nConclusion: Severely reduced LV systolic function."
    )
    f = analyze(text).finding("lv_systolic")
    assert f.label == "severe"
    assert "conflict" in f.flags
    assert {e.grade for e in f.evidence} == {"normal", "severe"}


def test_one_step_apart_is_not_a_conflict() -> None:
    f = analyze("Mild MR. Moderate mitral regurgitation.").finding("mv_regurgitation")
    assert f.label == "moderate" and "conflict" not in f.flags


def test_discordant_text_and_measurement() -> None:
    f = analyze("Mild aortic stenosis. Peak velocity 4.3 m/s.").finding("av_stenosis")
    assert f.label == "severe"
    assert "discordant" in f.flags


def test_agreeing_text_and_measurement_is_not_discordant() -> None:
    f = analyze("Moderately reduced LV systolic function, LVEF 35%.").finding("lv_systolic")
    assert f.label == "moderate" and f.flags == []


def test_ungraded_abnormal_measure_agrees_with_graded_text() -> None:
    f = analyze("Moderately reduced RV function (TAPSE 12 mm).").finding("rv_systolic")
    assert f.label == "moderate" and "discordant" not in f.flags


def test_evidence_offsets_are_exact() -> None:
    text = (
        "  FINDINGS\n- Mild MR.\n- LVEF 45 %; LV mildly dilated.\r\n"
        "IMPRESSION: mild LV dysfunction."
    )
    report = analyze(text)
    assert report.findings
    for f in report.findings:
        for e in f.evidence:
            assert text[e.start : e.end] == e.text
        for m in f.measurements:
            if m.start is not None:
                assert text[m.start : m.end] == m.text


def test_offsets_survive_odd_unicode() -> None:
    text = "LVEF\u00a055\u201360\u2009%. Moderate\u2013severe TR. AVA 0.9\u00a0cm\u00b2."
    report = analyze(text)
    assert report.labels()["tv_regurgitation"] == "severe"
    assert report.labels()["av_stenosis"] == "severe"
    for f in report.findings:
        for e in f.evidence:
            assert text[e.start : e.end] == e.text


def test_prior_comparison() -> None:
    prior = "Moderate MR. Normal LV systolic function. Mild AS."
    current = "Severe MR. Normal LV systolic function. No pericardial effusion."
    report = analyze(current, prior=prior)
    by_cat = {f.category: f for f in report.findings}
    assert (by_cat["mv_regurgitation"].prior_label, by_cat["mv_regurgitation"].change) == (
        "moderate",
        "worse",
    )
    assert by_cat["lv_systolic"].change == "unchanged"
    assert by_cat["av_stenosis"].label == "not_assessed"
    assert by_cat["av_stenosis"].prior_label == "mild"
    assert by_cat["pericardial_effusion"].change is None
    d = report.to_dict()
    assert d["findings"][0]["prior_label"] is not None or "change" in d["findings"][0]


def test_improvement_is_better() -> None:
    report = analyze("LVEF 60%.", prior="LVEF 30%.", sex="f")
    assert report.finding("lv_systolic").change == "better"


def test_all_categories() -> None:
    report = with_all_categories(analyze("Mild MR."))
    assert [f.category for f in report.findings] == list(CATEGORIES)
    assert sum(f.label != "not_assessed" for f in report.findings) == 1


def test_unspoken_categories_are_absent() -> None:
    assert set(analyze("Mild MR.").labels()) == {"mv_regurgitation"}
