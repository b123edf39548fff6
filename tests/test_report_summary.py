"""The model-written report summary may only restate the severity table.

The filter is tested on scripted model text whose every sentence is known to restate the table
or not (tests/answer/fakes.py); the real model then shows the wiring: its output is kept or
dropped sentence by sentence, labelled, with the model named.
"""

from echoassist.engine import load_engine
from echoassist.report import analyze
from echoassist.report_summary import SUMMARY_LABEL, check_sentence, summarize
from echoassist.text_support import sentence_spans
from tests.answer.fakes import ScriptedModel
from tests.helpers import builtin_gguf

REPORT = """FINDINGS
The left ventricle is normal in size with normal systolic function. LVEF 60%.
There is moderate mitral regurgitation. No aortic stenosis.
IMPRESSION
Moderate mitral regurgitation."""
FALLBACK = "The model's summary did not match the table; see the table."


def test_sentences_that_change_a_grade_or_add_facts_are_rejected():
    report = analyze(REPORT)
    assert report.labels()["mv_regurgitation"] == "moderate"
    assert check_sentence("There is moderate mitral regurgitation.", report) is None
    assert "does not match" in check_sentence("There is severe mitral regurgitation.", report)
    assert "not in the table" in check_sentence("The LVEF is 35%.", report)
    assert "not in the table" in check_sentence("Moderate tricuspid regurgitation.", report)


def test_summary_is_labelled_and_keeps_only_checked_sentences():
    model = ScriptedModel("The LVEF is 60%. There is severe mitral regurgitation. "
                          "Moderate mitral regurgitation is present. The LVEF is 35%.")
    summary = summarize(analyze(REPORT), model)  # type: ignore[arg-type]
    assert summary.label == SUMMARY_LABEL
    assert summary.model["name"] == "scripted"
    assert summary.text == "The LVEF is 60%. Moderate mitral regurgitation is present."
    assert summary.dropped == [
        ("There is severe mitral regurgitation.", "grade 'severe' does not match the table"),
        ("The LVEF is 35%.", "number 35 is not in the table"),
    ]
    assert "- Mitral regurgitation: moderate" in model.calls[0][1]["content"]  # the table


def test_a_summary_with_nothing_checked_says_so_and_lists_every_sentence():
    model = ScriptedModel("Severe mitral regurgitation. The LVEF is 35%.")
    summary = summarize(analyze(REPORT), model)  # type: ignore[arg-type]
    assert summary.text == FALLBACK
    assert [sentence for sentence, _ in summary.dropped] == [
        "Severe mitral regurgitation.", "The LVEF is 35%."]


def test_the_real_model_summary_is_its_own_checked_sentences():
    """Every sentence the built-in model wrote is either shown or listed as dropped (nothing
    added, nothing lost); the fallback only when none was kept."""
    engine = load_engine(builtin_gguf(), threads=1, n_ctx=1024)
    written: list[str] = []
    real_stream = engine.stream_chat

    def recording_stream(*args, **kwargs):
        for piece in real_stream(*args, **kwargs):
            written.append(piece)
            yield piece

    engine.stream_chat = recording_stream  # type: ignore[method-assign]
    summary = summarize(analyze(REPORT), engine, max_tokens=80)
    assert summary.label == SUMMARY_LABEL
    assert summary.model["name"] == "SmolLM2-135M-Instruct.Q4_1"
    text = "".join(written)
    sentences = [text[start:end].strip() for start, end in sentence_spans(text)]
    assert sentences, "the model wrote nothing"
    dropped = [sentence for sentence, _ in summary.dropped]
    kept = [sentence for sentence in sentences if sentence not in dropped]
    assert set(dropped) <= set(sentences)
    assert summary.text == (" ".join(kept) if kept else FALLBACK)


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
