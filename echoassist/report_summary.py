"""An optional model-written paragraph that restates a report's severity table, and nothing more.

The model sees only the table. Every sentence it writes is then checked against the table: a
sentence that names a grade the table does not give its category, a number that is not in the
table, or a category the table does not hold is dropped and listed, never shown as fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from echoassist.report import CATEGORIES, Report
from echoassist.report.phrases import SUMMARY_CATEGORY_NAMES, SUMMARY_GRADE_WORDS
from echoassist.text_support import sentence_spans

if TYPE_CHECKING:  # the engine pulls in llama.cpp; grading and the TUI import this cheaply
    from echoassist.engine import Engine

SUMMARY_LABEL = "Model-generated summary: it restates the table above; the table is the record."
SYSTEM = """Rewrite the echocardiography findings table below as one short paragraph for a clinician.
Use only the facts in the table, with the same grades and numbers. Do not add findings, causes, diagnoses or recommendations."""

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"[a-z]+")


@dataclass
class Summary:
    text: str
    dropped: list[tuple[str, str]] = field(default_factory=list)
    model: dict[str, Any] = field(default_factory=dict)
    label: str = SUMMARY_LABEL

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "model": self.model,
                "dropped": [{"sentence": s, "reason": r} for s, r in self.dropped]}


def table_lines(report: Report) -> list[str]:
    lines = []
    for finding in report.findings:
        values = ", ".join(f"{m.name} {m.value:g} {m.unit}".strip() for m in finding.measurements)
        flags = f" [{', '.join(finding.flags)}]" if finding.flags else ""
        lines.append(f"- {CATEGORIES[finding.category]}: {finding.label}"
                     + (f" ({values})" if values else "") + flags)
    return lines


def _names(category: str) -> tuple[str, ...]:
    return (CATEGORIES[category].lower(), *SUMMARY_CATEGORY_NAMES.get(category, ()))


def check_sentence(sentence: str, report: Report) -> str | None:
    """Why the sentence goes beyond the table, or None when it only restates it."""
    lowered = sentence.lower()
    labels = report.labels()
    allowed_numbers = {f"{m.value:g}" for f in report.findings for m in f.measurements}
    for number in _NUMBER.findall(sentence):
        if f"{float(number):g}" not in allowed_numbers:
            return f"number {number} is not in the table"
    mentioned = [c for c in CATEGORIES if any(name in lowered for name in _names(c))]
    for category in mentioned:
        if category not in labels:
            return f"{CATEGORIES[category]} is not in the table"
    grades = {SUMMARY_GRADE_WORDS[w] for w in _WORD.findall(lowered) if w in SUMMARY_GRADE_WORDS}
    if grades and mentioned:
        expected = {labels[c] for c in mentioned}
        unexpected = grades - expected
        if unexpected:
            return f"grade '{sorted(unexpected)[0]}' does not match the table"
    if grades and not mentioned:
        return "a grade with no finding named"
    return None


def summarize(report: Report, engine: Engine | None, max_tokens: int = 160) -> Summary:
    """Restate the table in prose; the engine is only needed when there is something to say."""
    if not report.findings or engine is None:
        return Summary("No findings to summarize.")
    model = {"name": engine.model.name, "sha256": engine.model.sha256,
             "quantization": engine.model.quantization}
    messages = [{"role": "system", "content": SYSTEM},
                {"role": "user", "content": "\n".join(table_lines(report))}]
    text = "".join(engine.stream_chat(messages, max_tokens=max_tokens, temperature=0.0))
    kept, dropped = [], []
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        reason = check_sentence(sentence, report)
        if reason is None:
            kept.append(sentence)
        else:
            dropped.append((sentence, reason))
    return Summary(" ".join(kept) or "The model's summary did not match the table; see the table.",
                   dropped, model)
