"""One question and its answer in the conversation column: the checked answer, then the
evidence it rests on, quoted with document, section and page, then a line saying how grounded
it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from echoassist.tui.actions import AskResult, grounding

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from echoassist.answer.records import Evidence

ANSWER_IS_EVIDENCE = "_The evidence below is the answer: no sentence the model wrote could be \
checked against it._"


def evidence_content(evidence: list[Evidence]) -> Content:
    """The quoted sentences, each with where it stands; Content, so a document's own brackets
    are never read as markup."""
    lines = []
    for e in evidence:
        lines.append(Content.assemble((f"[{e.n}] ", "bold"), e.text))
        lines.append(Content.assemble(("    " + e.where(), "italic dim")))
    return Content("\n").join(lines)


class Exchange(Vertical):
    def __init__(self, question: str) -> None:
        super().__init__(classes="exchange")
        self.question = question
        self.result: AskResult | None = None
        self.text = ""

    def compose(self) -> ComposeResult:
        # Here, not at the top: the Markdown widget pulls in markdown-it and pygments (25 ms)
        # and the first screen shows no answer yet.
        from textual.widgets import Markdown

        yield Static(self.question, classes="question", markup=False)
        yield Markdown("", classes="answer")
        yield Static("", classes="evidence")
        yield Static("Waiting for the model…", classes="note -working")

    @property
    def answer_view(self) -> Markdown:
        from textual.widgets import Markdown

        return self.query_one(".answer", Markdown)

    def _note(self, text: str, state: str) -> None:
        note = self.query_one(".note", Static)
        note.update(text)
        note.set_classes(f"note -{state}")

    def working(self, evidence: list[Evidence]) -> None:
        """The evidence is known before the model writes: show it at once."""
        view = self.query_one(".evidence", Static)
        view.update(evidence_content(evidence))
        view.display = bool(evidence)
        self._note("Writing a short answer from the evidence… (Esc stops)" if evidence
                   else "Writing… (Esc stops)", "working")

    def append(self, text: str) -> None:
        self.text += text
        self.answer_view.append(text)

    def finish(self, result: AskResult) -> None:
        """Show the checked answer and say plainly how grounded it is."""
        self.result = result
        answer = result.answer
        self.text = ANSWER_IS_EVIDENCE if answer.from_evidence else answer.answer
        self.answer_view.update(self.text or "_(no answer)_")
        state, sentence = grounding(result)
        if result.cancelled:
            sentence = f"Stopped. {sentence}"
        self._note(sentence, state)

    def fail(self, message: str) -> None:
        self._note(message, "error")
