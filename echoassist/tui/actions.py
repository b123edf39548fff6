"""The chat's actions, as plain functions a test can call: ask, and say how grounded an answer is.

Every other action (reports, history, models, knowledge bases) lives in echoassist/services.py,
shared with the CLI, and the screens call it there. Screens only gather input, run these (in
workers when they block) and show the results.

The model and retrieval stacks are imported inside the functions that use them: they pull in
numpy, gguf and LanceDB, and the first screen must not wait for those.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from echoassist import services
from echoassist.config import Settings

if TYPE_CHECKING:
    from echoassist.answer.records import Answer, CheckedSentence, Prepared
    from echoassist.engine import Engine, GenerationStats

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
