"""Negated, uncertain, historical and not-assessable statements."""

from __future__ import annotations

from echoassist.report import analyze


def test_uncertain_grade_is_kept_and_flagged() -> None:
    f = analyze("Possible mild aortic stenosis.").finding("av_stenosis")
    assert f is not None and f.label == "mild"
    assert "uncertain" in f.flags
    assert f.evidence[0].context == "uncertain"


def test_cannot_be_excluded_without_grade_is_not_assessed() -> None:
    f = analyze("Poor windows; a small effusion cannot be excluded.").finding(
        "pericardial_effusion"
    )
    assert f is not None and "uncertain" in f.flags


def test_stenosis_cannot_be_excluded_gives_no_grade() -> None:
    f = analyze("The aortic valve was not well seen and stenosis cannot be excluded.").finding(
        "av_stenosis"
    )
    assert f is None or f.label == "not_assessed"


def test_historical_statement_does_not_set_label() -> None:
    text = "Mild MR. Mitral regurgitation was severe on the previous echocardiogram in 2019."
    f = analyze(text).finding("mv_regurgitation")
    assert f is not None and f.label == "mild"
    assert {e.context for e in f.evidence} == {"current", "historical"}


def test_previously_then_now() -> None:
    f = analyze("LV systolic function, previously severely reduced, is now normal.").finding(
        "lv_systolic"
    )
    assert f is not None and f.label == "normal"


def test_comparison_phrase_keeps_current_statement() -> None:
    f = analyze("Compared with the prior study, there is now moderate TR.").finding(
        "tv_regurgitation"
    )
    assert f is not None and f.label == "moderate"


def test_status_post_is_historical() -> None:
    # The repair is graded as the valve now (issue 15); the MR before it is history.
    got = analyze("Status post mitral valve repair for severe MR. Trace residual MR.").labels()
    assert got["mv_prosthesis"] == "normal"
    assert got["mv_regurgitation"] == "not_assessed"


def test_historical_only_category_is_flagged() -> None:
    f = analyze("Normal LV. Aortic stenosis was moderate on the prior study.").finding(
        "av_stenosis"
    )
    assert f is not None and f.label == "not_assessed"
    assert "historical_only" in f.flags


def test_indeterminate_is_not_assessed() -> None:
    f = analyze("LV diastolic function is indeterminate.").finding("lv_diastolic")
    assert f is not None and f.label == "not_assessed"


def test_negated_only_flag() -> None:
    f = analyze("No pericardial effusion.").finding("pericardial_effusion")
    assert f is not None and f.label == "normal" and "negated_only" in f.flags


def test_no_more_than_mild_is_not_negation() -> None:
    assert analyze("No more than mild MR.").labels()["mv_regurgitation"] == "mild"
