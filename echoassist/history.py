"""Private history of questions and reports: SQLite, readable by the user alone (mode 0600)."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from echoassist.paths import AppPaths, app_paths

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    kind TEXT NOT NULL,            -- 'question' or 'report'
    title TEXT NOT NULL,           -- the question, or the report's first line
    body TEXT NOT NULL,            -- the answer or the severity table as text
    payload TEXT NOT NULL          -- the full JSON record (sources, model, provenance)
);
"""


@dataclass
class HistoryEntry:
    id: int
    created: float
    kind: str
    title: str
    body: str
    payload: dict[str, Any]


def _create_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Create with 0600 from the start: no window in which other users could open the file.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


@contextmanager
def _connect(paths: AppPaths | None = None) -> Iterator[sqlite3.Connection]:
    file = (paths or app_paths()).history_file
    if not file.exists():
        _create_private(file)
    connection = sqlite3.connect(file)
    try:
        connection.executescript(_SCHEMA)
        yield connection
        connection.commit()
    finally:
        connection.close()
    for suffix in ("-wal", "-shm", "-journal"):
        side = file.with_name(file.name + suffix)
        if side.exists():
            os.chmod(side, 0o600)


def record(
    kind: str, title: str, body: str, payload: dict[str, Any], paths: AppPaths | None = None
) -> int:
    with _connect(paths) as db:
        cursor = db.execute(
            "INSERT INTO entries (created, kind, title, body, payload) VALUES (?, ?, ?, ?, ?)",
            (time.time(), kind, title, body, json.dumps(payload)),
        )
        return int(cursor.lastrowid or 0)


def record_question(answer: Any, paths: AppPaths | None = None) -> int:
    return record("question", answer.question, answer.answer, answer.to_dict(), paths)


def entries(
    search: str = "", limit: int = 100, paths: AppPaths | None = None
) -> list[HistoryEntry]:
    if not (paths or app_paths()).history_file.exists():
        return []
    with _connect(paths) as db:
        rows = db.execute(
            "SELECT id, created, kind, title, body, payload FROM entries "
            "WHERE title LIKE ? OR body LIKE ? ORDER BY created DESC, id DESC LIMIT ?",
            (f"%{search}%", f"%{search}%", limit),
        ).fetchall()
    return [HistoryEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def purge(paths: AppPaths | None = None) -> bool:
    """Delete the history file (and SQLite's side files); True when there was one."""
    file = (paths or app_paths()).history_file
    existed = file.exists()
    for candidate in (file, *(file.with_name(file.name + s) for s in ("-wal", "-shm", "-journal"))):
        candidate.unlink(missing_ok=True)
    return existed


def to_markdown(items: list[HistoryEntry]) -> str:
    parts = ["# EchoAssist history", ""]
    for item in items:
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.created))
        parts += [f"## {stamp} · {item.kind}: {item.title}", "", item.body, ""]
        for source in item.payload.get("sources", []):
            page = f", page {source['page']}" if source.get("page") else ""
            parts.append(f"- [{source['n']}] {source.get('title') or source['doc']}{page}")
        model = item.payload.get("model")
        if model:
            parts += [
                "",
                f"_model: {model.get('name')} ({model.get('quantization')}, "
                f"sha256 {str(model.get('sha256'))[:12]}…)_",
            ]
        parts.append("")
    return "\n".join(parts)
