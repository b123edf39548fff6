"""The grades issue 15 adds: LV mass index by sex, indexed AVA, aortic root and ascending
aorta dilatation (absolute by sex, indexed by BSA), and the ESC/ERS 2022 echo probability
of pulmonary hypertension. Our own wording."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from echoassist.report import analyze
from echoassist.report.model import Measurement

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text()
)


def measured(text: str, category: str, name: str) -> Measurement:
    f = analyze(text).finding(category)
    assert f is not None, text
    found = [m for m in f.measurements if m.name == name]
    assert len(found) == 1, [(m.name, m.value) for m in f.measurements]
    return found[0]


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Sex: female. LV mass index 100 g/m2.", "mild"),
        ("Sex: female. LV mass index 115 g/m2.", "moderate"),
        ("Sex: male. LV mass index 115 g/m2.", "normal"),
        ("Sex: male. LV mass index 150 g/m2.", "severe"),
        # A mass in grams is indexed by BSA: 320 / 2.0 = 160.
        ("Sex: male. BSA 2.0 m2. LV mass 320 g.", "severe"),
    ],
)
def test_lv_mass_index_by_sex(text: str, grade: str) -> None:
    m = measured(text, "lv_wall", "LV mass index")
    assert m.grade == grade and "ASE/EACVI 2015" in (m.rule or "")


def test_lv_mass_without_bsa_is_shown_not_graded() -> None:
    m = measured("Sex: male. LV mass 320 g.", "lv_wall", "LV mass")
    assert m.grade is None and "indexed to BSA" in (m.rule or "")


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("AVA index 0.45 cm2/m2.", "severe"),
        ("Indexed AVA 0.7 cm2/m2.", "moderate"),
        ("BSA 2.0 m2. AVA 1.0 cm2.", "severe"),  # 1.0 / 2.0 = 0.5
    ],
)
def test_indexed_ava(text: str, grade: str) -> None:
    assert measured(text, "av_stenosis", "AVA index").grade == grade


@pytest.mark.parametrize(
    ("text", "category", "name", "grade"),
    [
        ("Sex: female. Aortic root 3.8 cm.", "aortic_root", "Aortic root diameter", "abnormal"),
        ("Sex: male. Aortic root 3.8 cm.", "aortic_root", "Aortic root diameter", "normal"),
        (
            "Sex: female. Ascending aorta 3.7 cm.",
            "ascending_aorta",
            "Ascending aorta diameter",
            "abnormal",
        ),
        # Normal in absolute terms, dilated for a small patient: 3.7 / 1.6 = 2.31 cm/m2.
        ("Male. BSA 1.6 m2. Aortic root 3.7 cm.", "aortic_root", "Aortic root index", "abnormal"),
    ],
)
def test_aortic_dimensions(text: str, category: str, name: str, grade: str) -> None:
    assert measured(text, category, name).grade == grade


def test_a_worded_grade_of_aortic_dilatation_is_kept() -> None:
    got = analyze("Sex: male. Aortic root moderately dilated at 4.7 cm.").labels()
    assert got["aortic_root"] == "moderate"


@pytest.mark.parametrize(
    ("text", "level", "sign_categories"),
    [
        ("TR Vmax 2.5 m/s, RAP 3 mmHg.", "low", []),
        ("TR Vmax 3.1 m/s, RAP 3 mmHg.", "intermediate", []),
        ("TR Vmax 3.6 m/s, RAP 3 mmHg.", "high", []),
        (
            "TR Vmax 3.1 m/s. Systolic septal flattening. IVC 2.5 cm with <50% collapse.",
            "high",
            ["A", "C"],
        ),
        (
            "TR Vmax 2.6 m/s. D-shaped septum. IVC dilated with poor collapse.",
            "intermediate",
            ["A", "C"],
        ),
        # One category of signs is not enough to raise the band.
        ("TR Vmax 3.1 m/s, RAP 3 mmHg. Systolic septal flattening.", "intermediate", ["A"]),
    ],
)
def test_ph_probability(text: str, level: str, sign_categories: list[str]) -> None:
    report = analyze(text)
    f = report.finding("pulmonary_hypertension")
    assert f is not None and f.ph_probability is not None
    assert f.ph_probability["level"] == level
    assert sorted(f.ph_probability["signs"]) == sign_categories
    assert "ESC/ERS 2022" in f.ph_probability["rule"]
    jsonschema.validate(report.to_dict(), SCHEMA)


def test_ph_probability_does_not_set_the_label() -> None:
    # PASP 4 x 3.6^2 + 3 = 54.8: moderate, whatever the probability.
    assert analyze("TR Vmax 3.6 m/s, RAP 3 mmHg.").labels()["pulmonary_hypertension"] == (
        "moderate"
    )


def test_prosthesis_block_validates_against_the_schema() -> None:
    report = analyze("TAVR. Mean gradient 9 mmHg. Mild paravalvular AR.")
    jsonschema.validate(report.to_dict(), SCHEMA)
    assert report.to_dict()["findings"][0]["prosthesis"]["paravalvular_leak"] == "mild"
