"""A fixed, grounded answer in place of the model: chat layouts that a snapshot can hold still.

`fake_result()` builds the AskResult the real pipeline would return for a long answer resting on
five evidence sentences from two documents; `use_fake_answers(monkeypatch)` makes the chat
screen get it (through the same callbacks as the real `services.ask`) for every question.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from echoassist import history, services
from echoassist.answer.records import (
    Answer,
    Budget,
    CheckedSentence,
    Evidence,
    Prepared,
    Source,
)
from echoassist.config import Settings
from echoassist.engine import GenerationStats
from echoassist.tui.actions import AskResult

ECG = "ECG Intervals and Electrical Axis in Adults: A Practical Guide"
CHAMBERS = "Recommendations for Cardiac Chamber Quantification by Echocardiography in Adults"

# (title, doc, section path, page, the quoted sentence)
EVIDENCE = [
    (ECG, "ecg-intervals.pdf", "Intervals › QT interval › Correcting for heart rate", 12,
     "A QTc above 470 ms in men or 480 ms in women is prolonged."),
    (ECG, "ecg-intervals.pdf", "Intervals › PR interval", 9,
     "A PR interval above 200 ms is first-degree atrioventricular block."),
    (ECG, "ecg-intervals.pdf", "Electrical axis › Left axis deviation", 21,
     "Left axis deviation is an axis more negative than -30 degrees."),
    (CHAMBERS, "chamber-quantification.pdf", "Left ventricle › Systolic function", 4,
     "An LVEF below 52% in men or 54% in women is abnormal."),
    (CHAMBERS, "chamber-quantification.pdf", "Right ventricle › Systolic function", 30,
     "A TAPSE below 17 mm indicates right ventricular systolic dysfunction."),
]

# Each model sentence and the evidence it rests on; the last is not backed, so it is left out.
SENTENCES = [
    ("A prolonged QTc is above 470 ms in men and above 480 ms in women.", [1]),
    ("The QT interval is corrected for heart rate before it is judged.", [1]),
    ("A PR interval longer than 200 ms is first-degree atrioventricular block.", [2]),
    ("First-degree block is usually benign but is worth noting on the report.", [2]),
    ("Left axis deviation means an axis more negative than -30 degrees.", [3]),
    ("The axis is read from the limb leads.", [3]),
    ("Left ventricular ejection fraction is abnormal below 52% in men.", [4]),
    ("In women the lower limit of normal LVEF is 54%.", [4]),
    ("Right ventricular systolic dysfunction is suggested by a TAPSE below 17 mm.", [5]),
    ("TAPSE is measured in the apical four-chamber view with M-mode.", [5]),
    ("Each of these thresholds comes from the quoted guidelines.", [1, 4]),
    ("Digoxin always shortens the QT interval.", []),
]

QUESTION = "Which ECG and echo values are abnormal?"


def fake_result(question: str = QUESTION) -> AskResult:
    sources, evidence = [], []
    for n, (title, doc, section, page, sentence) in enumerate(EVIDENCE, 1):
        text = f"{section.rsplit(' › ', 1)[-1]}. {sentence} Further text around the sentence."
        start = text.index(sentence)
        sources.append(Source(n, doc, title, page, text, 0.9 - n / 100, path=f"/kb/{doc}",
                              section=section))
        evidence.append(Evidence(n, sentence, n, doc, title, page, section, start,
                                 start + len(sentence), 0.9 - n / 100, path=f"/kb/{doc}"))
    checked = [CheckedSentence(text, cites, bool(cites), "" if cites else "no evidence backs it")
               for text, cites in SENTENCES]
    shown = [s for s in checked if s.verified]
    budget = Budget(context_window=4096, system=103, question=12, sources=240, history=0,
                    answer_reserve=512)
    prepared = Prepared(question=question, messages=[{"role": "user", "content": question}],
                        sources=sources, evidence=evidence, budget=budget, supported=True,
                        kb="default", kb_version="v1", top_relevance=0.89, coverage=1.0,
                        key_terms=["ecg", "echo"], candidates=24)
    stats = GenerationStats(prompt_tokens=355, completion_tokens=180,
                            time_to_first_token_s=0.5, total_s=6.5, stopped_by="eos")
    provenance: dict[str, Any] = {"prompt_version": "test", "kb": "default", "kb_version": "v1",
                                  "coverage": 1.0, "top_relevance": 0.89}
    answer = Answer(
        question=question,
        answer=" ".join(f"{s.text} " + "".join(f"[{n}]" for n in s.sources) for s in shown),
        sources=sources,
        cited=sorted({n for s in shown for n in s.sources}),
        supported=True,
        model={"name": "fake-model", "sha256": "0" * 64, "quantization": "Q4_1",
               "file": "/models/fake.gguf"},
        sentences=checked,
        evidence=evidence,
        provenance=provenance,
    )
    return AskResult(prepared, answer, stats, recorded=False)


def use_fake_answers(monkeypatch: pytest.MonkeyPatch, pace_s: float = 0.0) -> list[str]:
    """Every question gets `fake_result`, through the chat's callbacks, a sentence every
    `pace_s` seconds (so the screen streams them as it would the model's), and is recorded in
    the history as the real `services.ask` does; returns the questions asked."""
    asked: list[str] = []

    def fake_ask(question: str, engine: object, settings: Settings, *, on_prepared=None,
                 on_sentence=None, cancel=None, conversation=None) -> AskResult:
        asked.append(question)
        result = fake_result(question)
        if on_prepared is not None:
            on_prepared(result.prepared)
        for sentence in result.answer.sentences:
            time.sleep(pace_s)
            if on_sentence is not None:
                on_sentence(sentence)
        if settings.history:
            history.record_question(result.answer)
            result.recorded = True
        return result

    monkeypatch.setattr(services, "ask", fake_ask)
    return asked
