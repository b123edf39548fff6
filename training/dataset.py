"""QA records: the one shape every data step writes and every later step reads (JSONL).

A record keeps its source (document and page, or report and evidence sentence) and a `group`
(the document or report id) so that splits never put one source on both sides.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from training.errors import TrainingError

Kind = Literal["qa", "mcq", "report"]
LETTERS = "ABCD"


@dataclass
class Source:
    doc: str
    page: int | None = None
    text: str = ""
    """The chunk or evidence sentence the answer must come from."""


@dataclass
class QAItem:
    id: str
    kind: Kind
    question: str
    answer: str
    group: str
    source: Source
    options: list[str] = field(default_factory=list)
    """MCQ only: four options; `answer` is the correct option's text."""
    answer_index: int | None = None
    category: str | None = None
    """Report QA only: the finding category; `answer` starts with the grade."""
    label: str | None = None
    """Report QA only: the graded severity (normal / mild / moderate / severe)."""
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> QAItem:
        data = dict(raw)
        data["source"] = Source(**data["source"])
        return cls(**data)

    def user_prompt(self) -> str:
        if self.kind != "mcq":
            return self.question
        lines = [self.question, ""]
        lines += [f"{LETTERS[i]}) {opt}" for i, opt in enumerate(self.options)]
        lines += ["", "Answer with the letter of the correct option."]
        return "\n".join(lines)

    def target(self) -> str:
        if self.kind == "mcq" and self.answer_index is not None:
            return f"{LETTERS[self.answer_index]}) {self.options[self.answer_index]}"
        return self.answer


def to_chat_example(item: QAItem, system_prompt: str) -> dict[str, Any]:
    """TRL's prompt/completion form: the loss covers only the assistant's answer."""
    return {
        "prompt": [
            {"role": "system", "content": system_prompt},
            {"role": "user", "content": item.user_prompt()},
        ],
        "completion": [{"role": "assistant", "content": item.target()}],
    }


def read_items(path: Path) -> list[QAItem]:
    items = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                items.append(QAItem.from_dict(json.loads(line)))
            except (ValueError, TypeError, KeyError) as exc:
                raise TrainingError(f"{path}:{number}: not a QA record ({exc})") from exc
    return items


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Lines of a JSONL file; a torn last line (a killed writer) is skipped."""
    if not Path(path).exists():
        return
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            try:
                yield json.loads(line)
            except ValueError:
                continue


def write_items(path: Path, items: Iterable[QAItem]) -> int:
    """Write atomically: readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
            count += 1
    os.replace(tmp, path)
    return count


def append_record(handle: Any, record: dict[str, Any]) -> None:
    """One line per record, flushed and synced so a killed run loses at most the current one."""
    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    handle.flush()
    os.fsync(handle.fileno())
