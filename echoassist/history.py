"""Private history of questions and reports: SQLite, readable by the user alone (mode 0600).

Search uses an FTS5 index of titles and answers/tables (porter stemming: "grading" finds
"graded"), kept in step with the entries by triggers and ranked by BM25 with the title counting
more. `PRAGMA user_version` records the schema; older files are migrated when first opened.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from echoassist.diskspace import DiskFullError, disk_full_message, no_room_errno
from echoassist.errors import UserError
from echoassist.paths import AppPaths, app_paths
from echoassist.private import ensure_private_dir, tighten

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

# The graded text of a report entry (NULL when the payload has none or is not JSON); the same
# expression serves the index and the lookup, so the lookup uses the index.
_REPORT_TEXT = "CASE WHEN json_valid(payload) THEN json_extract(payload, '$.text') END"

# Statements that bring a file at schema version i to i + 1 (version 0: entries alone).
_MIGRATIONS: list[list[str]] = [
    [
        """CREATE VIRTUAL TABLE entries_fts USING fts5(
            title, body, content='entries', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
            INSERT INTO entries_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
        """CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
            INSERT INTO entries_fts(entries_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        END""",
        """CREATE TRIGGER entries_fts_update AFTER UPDATE ON entries BEGIN
            INSERT INTO entries_fts(entries_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
            INSERT INTO entries_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
        "INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')",  # index what is there
    ],
    [  # a report is found by its text, to update its entry when it is graded again
        f"CREATE INDEX entries_report_text ON entries({_REPORT_TEXT}) WHERE kind = 'report'",
    ],
]
SCHEMA_VERSION = len(_MIGRATIONS)
# BM25 column weights (title, body): a word in the question outranks one in a long answer.
_RANK = "bm25(entries_fts, 4.0, 1.0)"
_QUOTED_OR_BARE = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps as a token


@dataclass
class HistoryEntry:
    id: int
    created: float
    kind: str
    title: str
    body: str
    payload: dict[str, Any]


def _create_private(path: Path) -> None:
    ensure_private_dir(path.parent)
    # Create with 0600 from the start: no window in which other users could open the file.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the file to SCHEMA_VERSION; one transaction, so a second process waits its turn."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for statements in _MIGRATIONS[version:]:
            for statement in statements:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


@contextmanager
def _connect(paths: AppPaths | None = None) -> Iterator[sqlite3.Connection]:
    file = (paths or app_paths()).history_file
    if not file.exists():
        _create_private(file)
    else:  # a file from before this rule, or one copied in: the user's alone again
        tighten(file)
    connection = sqlite3.connect(file)
    try:
        connection.executescript(_SCHEMA)
        _migrate(connection)
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
    """Add an entry; returns its id.

    A report is kept once per distinct text (`payload["text"]`): grading the same text again
    updates its entry (title, table, payload) and makes it the newest instead of adding a copy;
    copies recorded before this rule are folded into that one entry.
    """
    created, data = time.time(), json.dumps(payload)
    text = payload.get("text") if kind == "report" else None
    try:
        return _record(kind, title, body, data, created, text, paths)
    except (sqlite3.Error, OSError) as exc:
        file = (paths or app_paths()).history_file
        # The row, its search index and SQLite's journal, a few pages for a new file's tables.
        needed = 3 * (len(title) + len(body) + len(data)) + (8 << 10 if _size(file) else 64 << 10)
        code = no_room_errno(exc, file.parent, needed)
        if code is None:
            raise
        raise DiskFullError(disk_full_message(
            file.name, file.parent, needed, "later entries are kept again (this one was not)",
            code=code)) from exc


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _record(kind: str, title: str, body: str, data: str, created: float, text: object,
            paths: AppPaths | None) -> int:
    with _connect(paths) as db:
        if isinstance(text, str):
            db.execute("BEGIN IMMEDIATE")  # two processes grading one text: one entry still
            same = f"SELECT id FROM entries WHERE kind = 'report' AND {_REPORT_TEXT} = ?"
            ids = [row[0] for row in db.execute(same + " ORDER BY id DESC", (text,))]
            if ids:
                db.execute(
                    "UPDATE entries SET created = ?, title = ?, body = ?, payload = ? WHERE id = ?",
                    (created, title, body, data, ids[0]),
                )
                db.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in ids[1:]])
                return int(ids[0])
        cursor = db.execute(
            "INSERT INTO entries (created, kind, title, body, payload) VALUES (?, ?, ?, ?, ?)",
            (created, kind, title, body, data),
        )
        return int(cursor.lastrowid or 0)


def record_question(answer: Any, paths: AppPaths | None = None) -> int:
    return record("question", answer.question, answer.answer, answer.to_dict(), paths)


def try_record_question(answer: Any, paths: AppPaths | None = None) -> str:
    """Record an answer that is already on screen; see try_record."""
    return try_record("question", answer.question, answer.answer, answer.to_dict(), paths)


def try_record(
    kind: str, title: str, body: str, payload: dict[str, Any], paths: AppPaths | None = None
) -> str:
    """Record an answer or a graded report that is already shown: '' when it was saved,
    otherwise the one line that says why not (a full disk, a damaged file), to show instead of
    failing what was shown."""
    try:
        record(kind, title, body, payload, paths)
    except (UserError, sqlite3.Error, OSError) as exc:
        file = (paths or app_paths()).history_file
        detail = str(exc) if isinstance(exc, UserError) else f"{file}: {exc}"
        return f"history could not be saved: {' '.join(detail.split())}"
    return ""


def match_query(search: str) -> str:
    """A user's search as an FTS5 query in which nothing they type is an operator.

    Every word must occur (as a prefix, so a search typed letter by letter finds as it goes);
    "quoted words" must occur together, as must the parts of a word like mild-to-moderate.
    Quotes, *, -, :, ^, parentheses, AND/OR/NOT/NEAR are text, not syntax.
    """
    terms = []
    for quoted, bare in _QUOTED_OR_BARE.findall(search):
        words = _WORD.findall(quoted or bare)
        if not words:
            continue
        phrase = '"' + " ".join(words) + '"'
        terms.append(phrase + "*" if bare and len(words) == 1 else phrase)
    return " ".join(terms)


def entries(
    search: str = "", limit: int = 100, paths: AppPaths | None = None
) -> list[HistoryEntry]:
    """Newest first; with `search`, the entries that match it, best match first."""
    if not (paths or app_paths()).history_file.exists():
        return []
    columns = "e.id, e.created, e.kind, e.title, e.body, e.payload"
    with _connect(paths) as db:
        if not search.strip():
            rows = db.execute(
                f"SELECT {columns} FROM entries e ORDER BY e.created DESC, e.id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        else:
            query = match_query(search)
            if not query:  # only punctuation: there is no word to look for
                return []
            rows = db.execute(
                f"SELECT {columns} FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid "
                f"WHERE entries_fts MATCH ? ORDER BY {_RANK}, e.created DESC, e.id DESC LIMIT ?",
                (query, limit),
            ).fetchall()
    return [HistoryEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def purge(paths: AppPaths | None = None) -> bool:
    """Delete the history file (and SQLite's side files); True when there was one."""
    file = (paths or app_paths()).history_file
    existed = file.exists()
    for candidate in (file, *(file.with_name(file.name + s) for s in ("-wal", "-shm", "-journal"))):
        candidate.unlink(missing_ok=True)
    return existed


def answer_verdict(payload: dict[str, Any]) -> str:
    """How grounded a recorded answer was, in the words the chat used under it ('' for an
    entry recorded before answers were checked against evidence)."""
    if "evidence" not in payload or "supported" not in payload:
        return ""
    if not payload.get("provenance", {}).get("kb", "?"):
        return ("Not grounded: no knowledge base was available, so this answer came from the "
                "model alone and nothing in it was checked.")
    if not payload["supported"]:
        return "The knowledge base did not cover this question."
    hidden = sum(1 for s in payload.get("sentences", []) if not s.get("verified"))
    held_back = f" {hidden} model sentence(s) not backed by it were left out." if hidden else ""
    if payload.get("from_evidence"):
        return "Answered by the evidence quoted from the knowledge base." + held_back
    cited = ", ".join(f"[{n}]" for n in payload.get("cited", []))
    return f"Grounded: every sentence was checked against evidence {cited}.{held_back}"


def _where(evidence: dict[str, Any]) -> str:
    page = f", p. {evidence['page']}" if evidence.get("page") is not None else ""
    section = f" › {evidence['section']}" if evidence.get("section") else ""
    label = f" › {evidence['label']}" if evidence.get("label") else ""
    return f"{evidence.get('title') or evidence.get('doc', '')}{page}{section}{label}"


def _answer_record(payload: dict[str, Any]) -> list[str]:
    """What backs a recorded answer: its verdict, the evidence quoted (* where the answer rests
    on it), the model sentences left out, the model and the full provenance."""
    parts: list[str] = []
    verdict = answer_verdict(payload)
    if verdict:
        parts += [f"**Verdict:** {verdict}", ""]
    evidence = payload.get("evidence")
    if evidence:
        cited = set(payload.get("cited", []))
        parts += ["**Evidence** (quoted from the knowledge base; * = the answer rests on it):", ""]
        parts += [f'- {"*" if e.get("n") in cited else ""}[{e.get("n")}] "{e.get("text", "")}" '
                  f"({_where(e)})" for e in evidence]
        parts.append("")
    elif evidence is None:  # recorded before evidence: the chunks the answer was given
        for source in payload.get("sources", []):
            page = f", page {source['page']}" if source.get("page") else ""
            parts.append(f"- [{source['n']}] {source.get('title') or source['doc']}{page}")
        if payload.get("sources"):
            parts.append("")
    left_out = [s for s in payload.get("sentences", []) if not s.get("verified")]
    if left_out and payload.get("provenance", {}).get("kb"):
        parts += ["**Left out** (model sentences the evidence does not back):", ""]
        parts += [f"- {s.get('text', '')} ({s.get('reason') or 'not backed'})" for s in left_out]
        parts.append("")
    model = payload.get("model")
    if model:
        parts += [f"_model: {model.get('name')} ({model.get('quantization')}, "
                  f"sha256 {str(model.get('sha256'))[:12]}…)_", ""]
    provenance = payload.get("provenance")
    if provenance:
        parts += ["**Provenance:**", "", "```json", json.dumps(provenance, indent=2,
                                                               ensure_ascii=False), "```", ""]
    return parts


def to_markdown(items: list[HistoryEntry]) -> str:
    """Entries as Markdown; an answer keeps its verdict, evidence, citations and provenance."""
    parts = ["# EchoAssist history", ""]
    for item in items:
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.created))
        parts += [f"## {stamp} · {item.kind}: {item.title}", "", item.body, ""]
        if item.kind == "question":
            parts += _answer_record(item.payload)
        else:
            model = item.payload.get("model")
            if model:
                parts += [f"_model: {model.get('name')} ({model.get('quantization')}, "
                          f"sha256 {str(model.get('sha256'))[:12]}…)_", ""]
    return "\n".join(parts)


def write_export(items: list[HistoryEntry], dest: Path) -> Path:
    """Write `items` as Markdown to `dest`, readable by the user alone (0600), its folder made
    0700 when this creates it; a file already there is replaced whole, never half written."""
    dest = Path(dest).expanduser()
    if not dest.parent.exists():
        dest.parent.mkdir(parents=True, mode=0o700)
    text = to_markdown(items)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: 0600 from the start
            handle.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, dest)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return dest
