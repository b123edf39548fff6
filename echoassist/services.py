"""The actions both front ends offer, as plain functions with one set of limits.

The CLI commands (echoassist/commands) and the TUI screens call these and only present what
comes back: neither keeps its own copy of a check, a limit or a message. A problem the user
can fix is a UserError whose text is the whole message, the same in both front ends (the CLI
prints it after "error: ", the TUI in a notification). Nothing here imports typer or Textual.

The report engine, the model registry and the kb library are imported inside the functions
that use them: the TUI's first screen imports this module and must not wait for them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from echoassist import history
from echoassist.config import Settings, update_setting
from echoassist.diskspace import DiskFullError, disk_full_message, no_room_errno
from echoassist.errors import ModelError, UserError, kb_errors
from echoassist.models.builtin import BUILTIN_MODELS, DEFAULT_BUILTIN, builtin_path
from echoassist.paths import app_paths
from echoassist.private import ensure_private_dir

if TYPE_CHECKING:
    from echoassist.answer.model import Retriever
    from echoassist.answer.records import Answer, CheckedSentence, Prepared
    from echoassist.engine import Engine, GenerationStats
    from echoassist.models.registry import ModelEntry
    from echoassist.report import Report
    from echoassist.report_summary import Summary
    from kb import BuildProgress, BuildSummary, DocumentInfo, KBStatus, KnowledgeBase, SearchHit

# --- answers ----------------------------------------------------------------------------

# `retriever` left out: the knowledge base named in the settings, opened for this question.
_KB_IN_SETTINGS: Any = object()


@dataclass
class AskResult:
    prepared: Prepared
    answer: Answer
    stats: GenerationStats
    recorded: bool
    history_problem: str = ""  # why an answer that should have been kept was not (disk full)

    @property
    def cancelled(self) -> bool:
        return self.stats.stopped_by == "cancelled"


def check_question(question: str) -> None:
    """Refuse a question there is nothing to answer in; callers may check before loading a
    model, so the user does not wait for a refusal."""
    if not question.strip():
        raise UserError("the question is empty")


def ask(question: str, engine: Engine, settings: Settings, *,
        retriever: Retriever | None = _KB_IN_SETTINGS,
        max_tokens: int | None = None,
        record: bool = True,
        on_prepared: Callable[[Prepared], None] | None = None,
        on_sentence: Callable[[CheckedSentence], None] | None = None,
        cancel: threading.Event | None = None,
        conversation: list[dict[str, str]] | None = None) -> AskResult:
    """Answer one question, grounded where the knowledge base allows, and keep it in the
    history under the answers' policy (record_answer).

    `on_prepared` gets the evidence before the model starts; `on_sentence` each sentence the
    model writes, once checked (show only the verified ones). Setting `cancel`, or Ctrl-C while
    the model writes, stops the answer: what was written stands, marked cancelled, and is not
    recorded. `conversation` holds earlier questions and answers (oldest first) so follow-ups
    make sense; the oldest turns are dropped first when the context window is short.
    """
    from echoassist.answer import pipeline
    from echoassist.engine import GenerationStats
    from echoassist.retrieval import open_retriever

    check_question(question)
    if retriever is _KB_IN_SETTINGS:
        retriever = open_retriever(settings.kb)
    prepared = pipeline.prepare(question, engine, settings=settings, retriever=retriever,
                                history=conversation, max_tokens=max_tokens)
    if on_prepared is not None:
        on_prepared(prepared)
    stats = GenerationStats()
    checked: list[CheckedSentence] = []
    sentences = pipeline.stream(prepared, engine, settings=settings, stats=stats,
                                max_tokens=max_tokens, cancel=cancel)
    try:
        for sentence in sentences:
            checked.append(sentence)
            if on_sentence is not None:
                on_sentence(sentence)
    except KeyboardInterrupt:
        sentences.close()  # ends llama.cpp's generation now and stamps the timing
        stats.stopped_by = "cancelled"
    answer = pipeline.finish(prepared, checked, engine, stats)
    recorded, problem = record_answer(answer, stats.stopped_by, settings, record=record)
    return AskResult(prepared, answer, stats, recorded, problem)


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


# --- history ----------------------------------------------------------------------------

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


def history_entries(search: str = "", limit: int = 500) -> list[history.HistoryEntry]:
    """The newest entries, or the best matches of a search (stems and prefixes match)."""
    return history.entries(search, limit)


def purge_history() -> bool:
    """Delete the whole history; False when there was none."""
    return history.purge()


def set_history(on: bool) -> Settings:
    """Turn recording on or off (the `history` setting); entries already kept stay."""
    return update_setting("history", on)


# --- models -----------------------------------------------------------------------------
# The registry pulls in numpy and gguf, which `echoassist --help` and the TUI's first screen
# should not wait for: it is imported inside each function.

def active_model_name(settings: Settings) -> str:
    return settings.model or DEFAULT_BUILTIN


def list_models() -> list[ModelEntry]:
    """Registered models and every installed built-in one (registered on first sight), the
    built-ins first."""
    from echoassist.models.registry import Registry

    registry = Registry()
    entries = {entry.name: entry for entry in registry.list()}
    for builtin in BUILTIN_MODELS:
        if builtin.name not in entries and builtin_path(builtin) is not None:
            # A registry that cannot be written (a full disk) does not hide the model.
            entries[builtin.name] = registry.register_builtin(builtin.name, must_save=False)
    return sorted(entries.values(), key=lambda e: (e.source != "builtin", e.name))


def add_model(path: str | Path, name: str = "") -> ModelEntry:
    """Register a GGUF file (its header checked, its sha256 recorded); a missing, foreign or
    truncated file, or a name already taken, is a ModelError."""
    from echoassist.models.registry import Registry

    if not str(path).strip():
        raise ModelError("give the path of a .gguf file")
    return Registry().add(Path(str(path).strip()).expanduser(), name.strip() or None)


def no_chat_template_warning(entry: ModelEntry) -> str:
    """Why an added model cannot chat, or ''."""
    if entry.has_chat_template:
        return ""
    return f"'{entry.name}' has no chat template, so it cannot be used for chat"


def use_model(name: str) -> ModelEntry:
    """Make `name` the model the app uses, once its file is still there and whole; the TUI
    then reloads its engine, the CLI loads it on the next question."""
    from echoassist.models.registry import Registry

    entry = Registry().check(name)
    update_setting("model", entry.name)
    return entry


def remove_model(name: str, settings: Settings) -> ModelEntry:
    """Forget a model (its file stays). The model in use is refused, in both front ends:
    removing it would leave the app answering with another model the user did not choose."""
    from echoassist.models.registry import Registry

    if name == active_model_name(settings):
        raise ModelError(f"'{name}' is in use; switch to another model first")
    return Registry().remove(name)


@dataclass(frozen=True)
class ModelCheck:
    entry: ModelEntry
    ok: bool  # the file's sha256 still matches the one recorded when it was added


def verify_models(name: str | None = None) -> list[ModelCheck]:
    """Re-hash the file of `name`, or of every registered model (seconds per GB)."""
    from echoassist.models.registry import Registry

    registry = Registry()
    names = [name] if name else [entry.name for entry in registry.list()]
    return [ModelCheck(*registry.verify(model_name)) for model_name in names]


# --- knowledge bases --------------------------------------------------------------------
# `kb` is a KB's name (under the data folder) or its folder; both front ends pass the `kb`
# setting unless told otherwise. LanceDB and pyarrow are imported inside the functions.

def open_kb(kb: str) -> KnowledgeBase:
    from echoassist.retrieval import kb_location
    from kb import KnowledgeBase

    return KnowledgeBase(kb_location(kb))


def kb_documents(kb: str, *, unbuilt_is_empty: bool = False) -> list[DocumentInfo]:
    """The KB's documents; a KB never built is an error naming the command that builds it,
    or [] with `unbuilt_is_empty` (the TUI's screen says "empty" in its own words)."""
    knowledge = open_kb(kb)
    if unbuilt_is_empty and not knowledge.exists():
        return []
    with kb_errors():
        return knowledge.documents()


def kb_status(kb: str) -> tuple[KBStatus, list[DocumentInfo]]:
    with kb_errors():
        knowledge = open_kb(kb)
        return knowledge.status(), knowledge.documents()


def build_kb(kb: str, paths: Sequence[str | Path], *, extractor: str = "pypdf",
             rebuild: bool = False, progress: Callable[[BuildProgress], None] | None = None,
             cancel: threading.Event | None = None) -> BuildSummary:
    """Add new and changed files under `paths` to the KB (see kb.build: incremental, and a
    cancelled or killed build leaves the last published KB).

    A path that does not exist is refused before any work (a typo is not a build with one
    failed file). A KB under the data folder may be the first thing written there, so the
    folder is made private first, as settings and history make it. Setting `cancel` stops the
    build between files or embedding batches (summary.cancelled).
    """
    sources = [Path(str(p).strip()).expanduser() for p in paths if str(p).strip()]
    if not sources:
        raise UserError("give a folder or file to build from")
    for source in sources:
        if not source.exists():
            raise UserError(f"no such folder or file: {source}")
    knowledge = open_kb(kb)
    data_dir = app_paths().data_dir
    if knowledge.root.resolve().is_relative_to(data_dir.resolve()):
        ensure_private_dir(data_dir)
    with kb_errors():
        return knowledge.build(sources, extractor=extractor, rebuild=rebuild,
                               progress=progress, cancel=cancel)


def remove_kb_document(kb: str, ref: str) -> tuple[DocumentInfo, list[str]]:
    """Remove a document by doc id (or a 6+ character prefix), file name or path: (what was
    removed, warnings about clean-up that failed after the removal was published)."""
    warnings: list[str] = []
    with kb_errors():
        return open_kb(kb).remove(ref, warnings), warnings


def search_kb(kb: str, queries: Sequence[str], k: int = 5) -> list[list[SearchHit]]:
    """Hybrid (vector + full-text) search, best first, for each query in turn (the embedder
    is loaded once for all of them); [] for an empty KB."""
    knowledge = open_kb(kb)
    with kb_errors():
        return [knowledge.search(query, k) for query in queries]
