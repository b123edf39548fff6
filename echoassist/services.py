"""The actions both front ends offer, as plain functions with one set of limits.

The CLI commands (echoassist/commands) and the TUI screens call these and only present what
comes back: neither keeps its own copy of a check, a limit or a message. A problem the user
can fix is a UserError whose text is the whole message, the same in both front ends (the CLI
prints it after "error: ", the TUI in a notification). Nothing here imports typer or Textual.

The report engine is imported inside the functions that grade: the TUI's first screen imports
this module (through tui/actions.py) and must not wait for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from echoassist import history
from echoassist.config import Settings
from echoassist.diskspace import DiskFullError, disk_full_message, no_room_errno
from echoassist.errors import UserError
from echoassist.paths import app_paths

if TYPE_CHECKING:
    from echoassist.answer.records import Answer
    from echoassist.engine import Engine
    from echoassist.report import Report
    from echoassist.report_summary import Summary

# --- answers ----------------------------------------------------------------------------

def record_answer(answer: Answer, stopped_by: str, settings: Settings, *,
                  record: bool = True) -> tuple[bool, str]:
    """The history policy for answers, the same in both front ends: an answer is kept unless
    history is off, the caller passes record=False (`ask --no-history`), it was stopped (a
    fragment the user chose to discard) or it is empty. An answer already on screen stands when
    it cannot be kept: (recorded, the one line saying why not)."""
    if not (record and settings.history) or stopped_by == "cancelled" or not answer.answer:
        return False, ""
    problem = history.try_record_question(answer)
    return not problem, problem


# --- report files -----------------------------------------------------------------------

# Ten times what the analyser reads (its first 100,000 characters); a bigger file is not one
# report, and the TUI's text area would hold all of it.
MAX_REPORT_BYTES = 1_000_000
# A NUL byte this early means a PDF, an image or a word processor's file, not text.
BINARY_PROBE_BYTES = 8192


def report_text(data: bytes, name: str, what: str = "report") -> str:
    """The text of a report read from `name` (a file, or standard input): at most
    MAX_REPORT_BYTES (read one byte more to tell), and text rather than binary data."""
    if len(data) > MAX_REPORT_BYTES:
        raise UserError(f"{what} {name} is larger than {MAX_REPORT_BYTES // 1_000_000} MB: "
                        "is it really one report? Give a single report's text")
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise UserError(f"{what} {name} is not a text file (it holds binary data, like a PDF "
                        "or an image); paste the report's text instead")
    return data.decode("utf-8", errors="replace")


def read_report_file(path: str | Path, what: str = "report") -> str:
    """A report saved as a text file; a missing, unreadable, huge or binary file is a
    UserError naming `what` ("report", "prior report") and the path."""
    file = Path(str(path).strip()).expanduser()
    if not file.exists():
        raise UserError(f"no such {what} file: {file}")
    if not file.is_file():
        raise UserError(f"{what} {file} is not a file")
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise UserError(f"cannot read {what} {file}: {exc.strerror or exc}") from exc
    return report_text(data, str(file), what)


# --- grading ----------------------------------------------------------------------------

@dataclass
class GradedReport:
    """A graded report, and whether it went into the history."""

    report: Report
    recorded: bool = False
    history_problem: str = ""  # why it could not be recorded (a full disk); '' otherwise
    data: dict[str, Any] = field(init=False)  # report.to_dict(), the documented JSON shape

    def __post_init__(self) -> None:
        self.data = self.report.to_dict()


def grade_report(text: str, settings: Settings, *, sex: str | None = None,
                 prior: str | None = None, record: bool = True) -> GradedReport:
    """Grade a report (against a prior one when given) and record it in the history.

    The history policy of both front ends: every graded report is recorded (one entry per
    distinct text) unless the `history` setting is off or the caller passes record=False
    (`echoassist report --no-history`). A report that cannot be recorded is still graded;
    `history_problem` says why it was not kept.
    """
    from echoassist.report import analyze
    from echoassist.report.table import report_markdown

    _require_text(text)
    graded = GradedReport(analyze(text, sex=sex, prior=prior or None))
    if record and settings.history:
        title = next((line.strip() for line in text.splitlines() if line.strip()), "report")
        graded.history_problem = history.try_record(
            "report", title[:120], report_markdown(graded.data), {**graded.data, "text": text})
        graded.recorded = not graded.history_problem
    return graded


def summarize_report(text: str, engine: Engine, *, sex: str | None = None,
                     prior: str | None = None) -> Summary:
    """A model-written paragraph restating the severity table, checked against it."""
    from echoassist.report import analyze
    from echoassist.report_summary import summarize

    _require_text(text)
    return summarize(analyze(text, sex=sex, prior=prior or None), engine)


def _require_text(text: str) -> None:
    if not text.strip():
        raise UserError("the report is empty: give a report's text to grade")


# --- history export ---------------------------------------------------------------------

# One export holds at most this many entries (newest first, or best match first with a
# search): every entry is in memory while the file is written.
MAX_EXPORT_ENTRIES = 100_000


@dataclass(frozen=True)
class HistoryExport:
    path: Path
    count: int
    complete: bool  # False when more entries matched than one export holds

    @property
    def message(self) -> str:
        line = f"exported {self.count:,} {'entry' if self.count == 1 else 'entries'} to {self.path}"
        if not self.complete:
            line += (f"; more matched, and one export holds at most {MAX_EXPORT_ENTRIES:,} "
                     "(the newest, or the best matches of a search): narrow it with a search")
        return line


def default_export_path() -> Path:
    """In the app's own data folder (beside the history itself), not somewhere shared."""
    stamp = time.strftime("%Y%m%d-%H%M")
    return app_paths().data_dir / "exports" / f"echoassist-history-{stamp}.md"


def export_history(dest: str | Path, search: str = "") -> HistoryExport:
    """Write the (filtered) history as Markdown to `dest`, readable by the user alone (0600,
    its folder made 0700 when this creates it, a file there replaced whole): answers keep
    their verdict, evidence, citations and provenance."""
    items = history.entries(search, limit=MAX_EXPORT_ENTRIES + 1)
    complete = len(items) <= MAX_EXPORT_ENTRIES
    items = items[:MAX_EXPORT_ENTRIES]
    target = Path(dest).expanduser()
    try:
        written = history.write_export(items, target)
    except OSError as exc:
        needed = sum(len(i.title) + len(i.body) for i in items) + 1024 * len(items)
        code = no_room_errno(exc, target.parent, needed)
        if code is not None:
            raise DiskFullError(disk_full_message(
                target.name, target.parent, needed, "export again", code=code)) from exc
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return HistoryExport(written, len(items), complete)
