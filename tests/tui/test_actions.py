"""The plain functions behind the screens, called without any screen."""

from __future__ import annotations

import pytest

from echoassist.answer.records import Answer, Budget, CheckedSentence, Evidence, Prepared, Source
from echoassist.engine import GenerationStats
from echoassist.report.table import finding_rows, has_prior, report_markdown
from echoassist.tui import actions
from echoassist.tui.actions import AskResult, Grounding
from echoassist.tui.chat.stream import StreamBuffer

SOURCE = Source(n=1, doc="as.md", title="Aortic stenosis", page=2, text="Vmax >= 4 m/s.",
                score=0.9, section="Grading")
EVIDENCE = Evidence(1, "Vmax >= 4 m/s.", 1, "as.md", "Aortic stenosis", 2, "Grading", 0, 14, 0.9)


def result(*, kb: str = "starter", supported: bool = True,
           sentences: list[bool] | None = None, nearest: bool = False) -> AskResult:
    evidence = [EVIDENCE] if supported else []
    budget = Budget(4096, 50, 10, 30, 0, 32)
    prepared = Prepared("q", [], [SOURCE] if supported else [], evidence, budget, supported, kb,
                        "1", 0.8, nearest=[EVIDENCE] if nearest else [])
    checked = [CheckedSentence("Severe AS has Vmax >= 4 m/s.", [1] if ok else [], ok,
                               "" if ok else "not in the evidence: x")
               for ok in (sentences or [])]
    shown = [s for s in checked if s.verified]
    from_evidence = supported and not shown
    text = "Severe AS has Vmax >= 4 m/s. [1]" if shown else "The knowledge base says:"
    answer = Answer("q", text,
                    prepared.sources, [1] if supported else [], supported, {}, checked,
                    evidence, {}, from_evidence)
    return AskResult(prepared, answer, GenerationStats(), recorded=False)


@pytest.mark.parametrize(("kwargs", "state", "words"), [
    ({"kb": ""}, Grounding.NO_KB, "Not grounded"),
    ({"supported": False}, Grounding.NOT_COVERED, "does not cover"),
    ({"supported": False, "nearest": True}, Grounding.UNCONFIRMED, "closest passages"),
    ({"sentences": [False]}, Grounding.EVIDENCE, "1 model sentence(s) not backed"),
    ({"sentences": [True, False]}, Grounding.GROUNDED, "checked against evidence [1]"),
    ({"sentences": [True]}, Grounding.GROUNDED, "checked against evidence [1]."),
])
def test_grounding_is_said_plainly(kwargs, state, words) -> None:
    got_state, sentence = actions.grounding(result(**kwargs))
    assert got_state == state and words in sentence


def test_copied_answer_carries_its_evidence_with_page_and_section() -> None:
    text = actions.answer_as_text(result(sentences=[True]).answer)
    assert text.startswith("Severe AS has Vmax >= 4 m/s. [1]")
    assert "[1] Vmax >= 4 m/s." in text and "Aortic stenosis, p. 2 › Grading" in text


def test_stream_buffer_hands_over_everything_once() -> None:
    buffer = StreamBuffer()
    for piece in ("Sev", "ere ", "AS"):
        buffer.push(piece)
    assert buffer.drain() == "Severe AS"
    assert buffer.drain() == ""


def test_finding_rows_keep_every_evidence_span() -> None:
    report = {"findings": [{
        "category": "av_stenosis", "label": "severe", "flags": ["discordant"],
        "evidence": [{"text": "severe AS", "start": 10, "end": 19, "section": "findings"}],
        "measurements": [
            {"name": "Vmax", "value": 4.2, "unit": "m/s", "grade": "severe",
             "rule": "Vmax >= 4.0 m/s", "start": 30, "end": 37},
            {"name": "AVA", "value": 0.8, "unit": "cm2", "grade": None, "rule": None,
             "start": None, "end": None}],
        "prior_label": "moderate", "change": "worse"}], "warnings": ["sex unknown"]}
    [row] = finding_rows(report)
    assert row.name == "Aortic stenosis"
    assert row.spans == [(10, 19), (30, 37)]
    assert row.measurements == ["Vmax 4.2 m/s (severe)", "AVA 0.8 cm2"]
    assert has_prior(report)
    table = report_markdown(report)
    assert "| Aortic stenosis | severe |" in table and "| moderate | worse |" in table
    assert "- warning: sex unknown" in table
