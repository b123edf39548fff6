"""Short statements in many house styles, each with the labels a cardiologist would give."""

from __future__ import annotations

import pytest

from echoassist.report import analyze

CASES = [
    (
        "The left ventricle is normal in size and function.",
        {"lv_cavity": "normal", "lv_systolic": "normal"},
    ),
    ("LV: normal.", {"lv_cavity": "normal", "lv_systolic": "normal"}),
    # Issue 15: a statement about all valves is normal for each valve lesion.
    (
        "Valves: no significant stenosis or regurgitation.",
        {
            "av_stenosis": "normal",
            "av_regurgitation": "normal",
            "mv_stenosis": "normal",
            "mv_regurgitation": "normal",
            "tv_stenosis": "normal",
            "tv_regurgitation": "normal",
            "pv_regurgitation": "normal",
        },
    ),
    (
        "Aortic valve: no stenosis or regurgitation.",
        {"av_stenosis": "normal", "av_regurgitation": "normal"},
    ),
    ("Mitral valve: Structurally normal. Trivial MR.", {"mv_regurgitation": "normal"}),
    ("There is moderate LVH with preserved EF.", {"lv_wall": "moderate", "lv_systolic": "normal"}),
    ("Estimated LVEF 25% with severe global hypokinesis.", {"lv_systolic": "severe"}),
    ("No evidence of pulmonary hypertension.", {"pulmonary_hypertension": "normal"}),
    ("PA pressure could not be estimated.", {"pulmonary_hypertension": "not_assessed"}),
    ("RVSP is elevated at 55 mmHg.", {"pulmonary_hypertension": "moderate"}),
    ("Normal right ventricular systolic pressure.", {"pulmonary_hypertension": "normal"}),
    ("Small to moderate pericardial effusion.", {"pericardial_effusion": "moderate"}),
    ("Trivial pericardial effusion.", {"pericardial_effusion": "normal"}),
    # Issue 15: the ascending aorta is graded (dilated above 3.8 cm in men, 3.5 cm in women).
    ("The ascending aorta is dilated at 4.6 cm.", {"ascending_aorta": "abnormal"}),
    ("Aortic root 4.2 cm, mildly dilated.", {"aortic_root": "mild"}),
    ("Sinuses of Valsalva 3.4 cm (normal).", {"aortic_root": "normal"}),
    (
        "Moderate aortic regurgitation, vena contracta 0.5 cm, PHT 350 ms.",
        {"av_regurgitation": "moderate"},
    ),
    ("Severe MR (EROA 0.5 cm2, regurgitant volume 70 mL).", {"mv_regurgitation": "severe"}),
    ("MS: mean gradient 12 mmHg, MVA 0.9 cm2.", {"mv_stenosis": "severe"}),
    ("The aortic valve is bicuspid with moderate stenosis.", {"av_stenosis": "moderate"}),
    ("Mild AR and moderate AS.", {"av_regurgitation": "mild", "av_stenosis": "moderate"}),
    ("LA is normal. RA is mildly dilated.", {"la_cavity": "normal", "ra_cavity": "mild"}),
    ("Right heart: normal sized RV and RA.", {"rv_cavity": "normal", "ra_cavity": "normal"}),
    (
        "Normal biventricular size and function.",
        {
            "lv_cavity": "normal",
            "rv_cavity": "normal",
            "lv_systolic": "normal",
            "rv_systolic": "normal",
        },
    ),
    ("Global LV function is mildly reduced.", {"lv_systolic": "mild"}),
    ("LV systolic function is at the lower limit of normal.", {"lv_systolic": "normal"}),
    ("Possible small pericardial effusion.", {"pericardial_effusion": "mild"}),
    ("Cannot exclude mild AS.", {"av_stenosis": "mild"}),
    ("No definite vegetations.", {}),
    ("LVEF: 45 %", {"lv_systolic": "mild"}),
    ("Ejection fraction (biplane) = 38%.", {"lv_systolic": "moderate"}),
    ("E/e' ratio 16, suggestive of elevated filling pressures.", {"lv_diastolic": "abnormal"}),
    (
        "TR jet velocity 2.5 m/s; estimated RA pressure 3 mmHg; estimated PASP 28 mmHg.",
        {"pulmonary_hypertension": "normal", "ra_pressure": "normal"},
    ),
    ("Mild RV dilatation, RV basal diameter 4.5 cm.", {"rv_cavity": "mild"}),
    ("Moderate-severe TR.", {"tv_regurgitation": "severe"}),
    ("Tricuspid regurgitation: mild to moderate.", {"tv_regurgitation": "moderate"}),
    ("Mild mitral valve prolapse with mild MR.", {"mv_regurgitation": "mild"}),
    ("Aortic stenosis, severe, with Vmax 4.5 m/s.", {"av_stenosis": "severe"}),
    ("Pericardial effusion: small (0.8 cm).", {"pericardial_effusion": "mild"}),
    ("IVC plethoric.", {"ra_pressure": "abnormal"}),
    (
        "Normal LV wall thickness. Normal LA and RA size.",
        {"lv_wall": "normal", "la_cavity": "normal", "ra_cavity": "normal"},
    ),
    (
        "LV cavity is small with hyperdynamic function.",
        {"lv_cavity": "normal", "lv_systolic": "abnormal"},
    ),
    (
        "There is severe left atrial enlargement and mild right atrial enlargement.",
        {"la_cavity": "severe", "ra_cavity": "mild"},
    ),
    ("No LV thrombus. No pericardial effusion.", {"pericardial_effusion": "normal"}),
    ("The right ventricle is mildly hypokinetic.", {"rv_systolic": "mild"}),
    ("Dilated LV (LVEDD 6.9 cm) with EF 15%.", {"lv_cavity": "severe", "lv_systolic": "severe"}),
    ("LV diastolic function: grade 3 (restrictive).", {"lv_diastolic": "severe"}),
    (
        "AV: sclerotic, no AS. MV: MAC, mild MS, mean gradient 4 mmHg.",
        {"av_stenosis": "normal", "mv_stenosis": "mild"},
    ),
    (
        "Aortic valve mean gradient 35 mmHg and peak velocity 3.7 m/s, "
        "consistent with moderate aortic stenosis.",
        {"av_stenosis": "moderate"},
    ),
    ("Mildly thickened mitral leaflets. Moderate MR.", {"mv_regurgitation": "moderate"}),
    (
        "No hemodynamically significant valvular abnormality. Trace MR and TR.",
        {"mv_regurgitation": "normal", "tv_regurgitation": "normal"},
    ),
    (
        "The RV is normal in size but systolic function is moderately reduced.",
        {"rv_cavity": "normal", "rv_systolic": "moderate"},
    ),
    ("The left atrium is severely dilated (LAVI 60 ml/m2).", {"la_cavity": "severe"}),
    (
        "Inferior vena cava measures 1.5 cm and collapses more than 50% with inspiration.",
        {"ra_pressure": "normal"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_statement(text: str, expected: dict[str, str]) -> None:
    got = analyze(text).labels()
    assert {k: got.get(k) for k in expected} == expected, got
    if not expected:
        assert got == {}
