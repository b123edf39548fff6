"""The TUI's actions that the CLI does not share yet, as plain functions a test can call.

Those both front ends offer (reading, grading and summarizing a report; exporting the history)
live in echoassist/services.py, and the screens call them there. Screens only gather input,
run these (in workers when they block) and show the results.

The model, retrieval and KB stacks are imported inside the functions that use them: they pull
in numpy, gguf and LanceDB, and the first screen must not wait for those.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from echoassist import history, services
from echoassist.config import Settings, update_setting
from echoassist.errors import ModelError, UserError, kb_errors
from echoassist.models.builtin import BUILTIN_MODELS, DEFAULT_BUILTIN, builtin_path

if TYPE_CHECKING:
    from echoassist.answer.records import Answer, CheckedSentence, Prepared
    from echoassist.engine import Engine, GenerationStats
    from echoassist.models.registry import ModelEntry
    from kb import BuildProgress, BuildSummary, DocumentInfo, KnowledgeBase

# --- chat -------------------------------------------------------------------------------

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


def ask(question: str, engine: Engine, settings: Settings, *,
        on_prepared: Callable[[Prepared], None] | None = None,
        on_sentence: Callable[[CheckedSentence], None] | None = None,
        cancel: threading.Event | None = None,
        conversation: list[dict[str, str]] | None = None) -> AskResult:
    """Answer one question, grounded where the KB allows; records it unless history is off.

    `on_prepared` gets the evidence before the model starts; `on_sentence` each sentence the
    model writes, once checked (show only the verified ones). `conversation` holds earlier
    questions and answers (oldest first) so follow-ups make sense; the oldest turns are dropped
    first when the context window is short.
    """
    from echoassist.answer import pipeline
    from echoassist.engine import GenerationStats
    from echoassist.retrieval import open_retriever

    prepared = pipeline.prepare(question, engine, settings=settings,
                                retriever=open_retriever(settings.kb), history=conversation)
    if on_prepared is not None:
        on_prepared(prepared)
    stats = GenerationStats()
    checked: list[CheckedSentence] = []
    for sentence in pipeline.stream(prepared, engine, settings=settings, stats=stats,
                                    cancel=cancel):
        checked.append(sentence)
        if on_sentence is not None:
            on_sentence(sentence)
    answer = pipeline.finish(prepared, checked, engine, stats)
    recorded, problem = services.record_answer(answer, stats.stopped_by, settings)
    return AskResult(prepared, answer, stats, recorded, problem)


class Grounding:
    """How far an answer rests on the knowledge base, in words shown to the user."""

    GROUNDED = "grounded"
    EVIDENCE = "evidence"
    NOT_COVERED = "not_covered"
    NO_KB = "no_kb"


def grounding(result: AskResult) -> tuple[str, str]:
    """(state, plain sentence) for the line under an answer."""
    answer, prepared = result.answer, result.prepared
    if not prepared.kb:
        return Grounding.NO_KB, ("Not grounded: no knowledge base is available, so this answer "
                                 "comes from the model alone and nothing in it was checked.")
    if not prepared.supported:
        return Grounding.NOT_COVERED, "The knowledge base does not cover this question."
    hidden = sum(1 for s in answer.sentences if not s.verified)
    held_back = f" {hidden} model sentence(s) not backed by it were left out." if hidden else ""
    if answer.from_evidence:
        return Grounding.EVIDENCE, ("Answered by the evidence quoted from the knowledge base."
                                    + held_back)
    cited = ", ".join(f"[{n}]" for n in answer.cited)
    return Grounding.GROUNDED, f"Every sentence checked against evidence {cited}.{held_back}"


def answer_as_text(answer: Answer) -> str:
    """The answer with its evidence and pages, as pasted into a note."""
    from echoassist.answer.render import answer_as_text as as_text

    return as_text(answer)


# --- models -----------------------------------------------------------------------------

def active_model_name(settings: Settings) -> str:
    return settings.model or DEFAULT_BUILTIN


def list_models() -> list[ModelEntry]:
    """Registered models, the installed built-ins included (registered on first sight)."""
    from echoassist.models.registry import Registry

    registry = Registry()
    known = {entry.name for entry in registry.list()}
    for builtin in BUILTIN_MODELS:
        if builtin.name not in known and builtin_path(builtin) is not None:
            registry.register_builtin(builtin.name)
    return sorted(registry.list(), key=lambda e: (e.source != "builtin", e.name))


def switch_model(name: str) -> ModelEntry:
    """Make `name` the model the app uses; the caller reloads the engine."""
    from echoassist.models.registry import Registry

    entry = Registry().get(name)
    update_setting("model", entry.name)
    return entry


def add_model(path: str, name: str = "") -> ModelEntry:
    """Register a GGUF file; a missing, foreign or truncated file raises ModelError."""
    from echoassist.models.registry import Registry

    if not path.strip():
        raise ModelError("give the path of a .gguf file")
    return Registry().add(Path(path.strip()).expanduser(), name.strip() or None)


def remove_model(name: str, settings: Settings) -> ModelEntry:
    from echoassist.models.registry import Registry

    if name == active_model_name(settings):
        raise ModelError(f"'{name}' is in use; switch to another model first")
    return Registry().remove(name)


# --- history ----------------------------------------------------------------------------

def history_entries(search: str = "", limit: int = 500) -> list[history.HistoryEntry]:
    return history.entries(search, limit)


def purge_history() -> bool:
    return history.purge()


# --- knowledge base ---------------------------------------------------------------------

def _knowledge_base(settings: Settings) -> KnowledgeBase:
    """The KB the chat searches."""
    from echoassist.retrieval import kb_location
    from kb import KnowledgeBase

    return KnowledgeBase(kb_location(settings.kb))


def kb_documents(settings: Settings) -> list[DocumentInfo]:
    """Documents in the KB the chat searches ([] when it has not been built yet)."""
    knowledge = _knowledge_base(settings)
    if not knowledge.exists():
        return []
    with kb_errors():
        return knowledge.documents()


def build_kb(settings: Settings, folder: str, *, rebuild: bool = False,
             progress: Callable[[BuildProgress], None] | None = None,
             cancel: threading.Event | None = None) -> BuildSummary:
    """Add new and changed files from `folder` to the chat's KB; returns the BuildSummary.

    Setting `cancel` stops the build between files or embedding batches (summary.cancelled).
    """
    source = Path(folder.strip()).expanduser()
    if not folder.strip() or not source.exists():
        raise UserError(f"no such folder or file: {source}")
    with kb_errors():
        return _knowledge_base(settings).build([source], rebuild=rebuild, progress=progress,
                                               cancel=cancel)


def remove_kb_document(settings: Settings, ref: str) -> DocumentInfo:
    with kb_errors():
        return _knowledge_base(settings).remove(ref)
