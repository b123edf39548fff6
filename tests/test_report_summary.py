"""The model-written report summary may only restate the severity table."""

from echoassist.engine import load_engine
from echoassist.report import analyze
from echoassist.report_summary import SUMMARY_LABEL, check_sentence, summarize
from tests.helpers import builtin_gguf

REPORT = """FINDINGS
The left ventricle is normal in size with normal systolic function. LVEF 60%.
There is moderate mitral regurgitation. No aortic stenosis.
IMPRESSION
Moderate mitral regurgitation."""


def test_sentences_that_change_a_grade_or_add_facts_are_rejected():
    report = analyze(REPORT)
    assert report.labels()["mv_regurgitation"] == "moderate"
    assert check_sentence("There is moderate mitral regurgitation.", report) is None
    assert "does not match" in check_sentence("There is severe mitral regurgitation.", report)
    assert "not in the table" in check_sentence("The LVEF is 35%.", report)
    assert "not in the table" in check_sentence("Moderate tricuspid regurgitation.", report)


def test_summary_is_labelled_and_keeps_only_checked_sentences():
    report = analyze(REPORT)
    engine = load_engine(builtin_gguf(), threads=1, n_ctx=1024)
    summary = summarize(report, engine, max_tokens=80)
    assert summary.label == SUMMARY_LABEL
    assert summary.model["name"] == "SmolLM2-135M-Instruct.Q4_1"
    for sentence, reason in summary.dropped:
        assert sentence not in summary.text and reason
    for sentence in summary.text.split(". "):
        assert check_sentence(sentence, report) is None or sentence.startswith("The model")


def test_an_empty_report_needs_no_model():
    summary = summarize(analyze(""), engine=None)
    assert summary.text == "No findings to summarize."


def test_report_summary_json_validates_and_is_labelled():
    import json
    import subprocess
    import sys
    from pathlib import Path

    import jsonschema

    schema = json.loads((Path(__file__).parent.parent / "schemas" / "report.schema.json")
                        .read_text())
    result = subprocess.run([sys.executable, "-m", "echoassist.cli", "report", "--summary",
                             "--json"], input=REPORT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, schema)
    assert payload["summary"]["label"] == SUMMARY_LABEL
    assert payload["summary"]["text"]
