"""Bad input gives a message or an empty table, never an exception, always quickly.

Time limits use this process's CPU time, so other work on a shared machine cannot fail them.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echoassist.report import analyze
from echoassist.report.model import FLAGS, LABELS

ALLOWED = set(LABELS)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "Dear colleague, thank you for seeing this patient about his knee.",
        "\x00\x01\x02\xff\xfe" * 200,
        "\ufffd" * 500,
        "💓🫀 " * 100,
        "ＬＶＥＦ ５５％",
        "LVEF 55 furlongs. TAPSE 3 parsecs. AVA -1 cm2.",
        "mild " * 5000,
        "no " * 5000 + "MR",
        "(" * 10000,
        "1." * 20000,
        "EF " + "5" * 5000 + "%",
        "-" * 50000,
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    start = time.process_time()
    report = analyze(text)
    assert time.process_time() - start < 1.0
    assert isinstance(report.to_dict(), dict)


def test_empty_report_warns() -> None:
    assert analyze("").warnings == ["the report is empty"]


def test_non_report_text_warns() -> None:
    report = analyze("The quick brown fox jumps over the lazy dog.")
    assert report.findings == []
    assert any("no echocardiography findings" in w for w in report.warnings)


def test_one_megabyte_is_cut_with_a_message_and_fast() -> None:
    text = "The left ventricle is mildly dilated with moderately reduced function. " * 15000
    start = time.process_time()
    report = analyze(text)
    assert time.process_time() - start < 1.0
    assert any("only the first" in w for w in report.warnings)
    assert report.labels()["lv_systolic"] == "moderate"


_report_words = st.sampled_from(
    "LV RV LA RA AS MR TR AR LVEF EF TAPSE RVSP PASP IVC LAVI no not mild moderate severe "
    "severely mildly to - / ( ) , ; . : normal dilated reduced trace possible prior previously "
    "cannot be excluded with without and 4.2 m/s 35 % 1.2 cm mmHg 0.8 cm2 55-60% grade II 3+ "
    "FINDINGS IMPRESSION\n Comparison: aortic mitral tricuspid stenosis regurgitation effusion "
    "pericardial wall thickness size function".split(" ")
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_report_words, max_size=120).map(" ".join))
def test_property_reportish_text(text: str) -> None:
    start = time.process_time()
    report = analyze(text)
    assert time.process_time() - start < 1.0
    for f in report.findings:
        assert f.label in ALLOWED
        assert set(f.flags) <= set(FLAGS)
        for e in f.evidence:
            assert text[e.start : e.end] == e.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_property_any_unicode(text: str) -> None:
    start = time.process_time()
    report = analyze(text)
    assert time.process_time() - start < 1.0
    for f in report.findings:
        assert f.label in ALLOWED
        for e in f.evidence:
            assert text[e.start : e.end] == e.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            "(",
            "no ",
            "1.",
            "mild ",
            "a-",
            "LV ",
            " ,",
            "5",
            "%",
            "\n",
            "stenosis ",
            "mild MR ",
            "no MR, MR, ",
            "LVEF 55% ",
            "MR, which is mild; ",
            "aortic and ",
        ]
    ),
    st.integers(min_value=1000, max_value=12000),
)
def test_property_repetition_is_linear(unit: str, count: int) -> None:
    start = time.process_time()
    analyze(unit * count)
    assert time.process_time() - start < 1.0
