"""The chat's wording of an answer, as plain functions a test can call: how grounded it is, and
the text copied to the clipboard.

Every action (ask, reports, history, models, knowledge bases) lives in echoassist/services.py,
shared with the CLI, and the screens call it there. Screens only gather input, run those (in
workers when they block) and show the results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from echoassist.services import AskResult

if TYPE_CHECKING:
    from echoassist.answer.records import Answer

__all__ = ["AskResult", "Grounding", "answer_as_text", "grounding"]

# --- chat -------------------------------------------------------------------------------
# Asking itself is services.ask, shared with the CLI; what is here is how the chat words it.

class Grounding:
    """How far an answer rests on the knowledge base, in words shown to the user."""

    GROUNDED = "grounded"
    EVIDENCE = "evidence"
    NOT_COVERED = "not_covered"
    UNCONFIRMED = "unconfirmed"
    NO_KB = "no_kb"


def grounding(result: AskResult) -> tuple[str, str]:
    """(state, plain sentence) for the line under an answer."""
    answer, prepared = result.answer, result.prepared
    if not prepared.kb:
        return Grounding.NO_KB, ("Not grounded: no knowledge base is available, so this answer "
                                 "comes from the model alone and nothing in it was checked.")
    if prepared.unconfirmed:
        return Grounding.UNCONFIRMED, ("Not confirmed: the closest passages are quoted; the "
                                       "knowledge base may not answer this as asked.")
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
