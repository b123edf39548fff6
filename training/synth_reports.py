"""EchoQA-style questions from echo reports, answered by the app's report analysis.

Per report and graded category: "What is the severity of mitral regurgitation?" with the grade
and the evidence sentence. The analysis already applies most-severe-wins; a conflict (the text
states two grades) is kept and said in the answer rather than dropped, as EchoQA does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from training.dataset import QAItem, Source
from training.errors import TrainingError

PROMPT_FILE = Path(__file__).parent / "prompts" / "report_qa_v1.txt"
GRADED = ("normal", "mild", "moderate", "severe")


def read_reports(path: Path) -> Iterator[tuple[str, str]]:
    """(report id, text) from a folder of .txt files or a JSONL of {"id", "text"} lines."""
    if path.is_dir():
        for file in sorted(path.glob("*.txt")):
            yield file.stem, file.read_text(encoding="utf-8", errors="replace")
        return
    if not path.is_file():
        raise TrainingError(f"data.reports: not found: {path}")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                yield str(row["id"]), str(row["text"])
            except (ValueError, KeyError, TypeError) as exc:
                raise TrainingError(
                    f"{path}:{number}: expected a JSON object with id and text ({exc})") from exc


def report_items(report_id: str, text: str) -> list[QAItem]:
    from echoassist.report import CATEGORIES, analyze

    template = PROMPT_FILE.read_text(encoding="utf-8")
    items = []
    for finding in analyze(text).to_dict()["findings"]:
        label = finding["label"]
        if label not in GRADED or not finding["evidence"]:
            continue
        name = CATEGORIES.get(finding["category"], finding["category"].replace("_", " "))
        evidence = " ".join(e["text"] for e in finding["evidence"] if e.get("grade") == label) \
            or finding["evidence"][0]["text"]
        answer = f"{label.capitalize()}. Evidence: \"{evidence}\""
        if "conflict" in finding["flags"]:
            answer += " The report also states a different grade; the most severe is given."
        items.append(QAItem(
            id=f"{report_id}:{finding['category']}",
            kind="report",
            question=template.format(report=text.strip(),
                                     question=f"What is the severity of {_lower(name)}?"),
            answer=answer,
            group=f"report:{report_id}",
            source=Source(doc=report_id, text=evidence),
            category=finding["category"],
            label=label,
            meta={"flags": finding["flags"], "prompt": PROMPT_FILE.name},
        ))
    return items


def synth_reports(paths: list[Path]) -> list[QAItem]:
    items = [item for path in paths for rid, text in read_reports(path)
             for item in report_items(rid, text)]
    if not items:
        raise TrainingError("the reports gave no graded findings; check data.reports")
    return items


def _lower(name: str) -> str:
    """'Mitral regurgitation' -> 'mitral regurgitation', but keep 'LV', 'RA' upper case."""
    first, _, rest = name.partition(" ")
    return (first if first.isupper() else first.lower()) + (f" {rest}" if rest else "")
