"""One question and its answer in the conversation column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from echoassist.tui.actions import AskResult, grounding

if TYPE_CHECKING:
    from textual.widgets import Markdown


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
        yield Static("Waiting for the model…", classes="note -working")

    @property
    def answer_view(self) -> Markdown:
        from textual.widgets import Markdown

        return self.query_one(".answer", Markdown)

    def _note(self, text: str, state: str) -> None:
        note = self.query_one(".note", Static)
        note.update(text)
        note.set_classes(f"note -{state}")

    def working(self) -> None:
        self._note("Writing… (Esc stops)", "working")

    def append(self, text: str) -> None:
        self.text += text
        self.answer_view.append(text)

    def finish(self, result: AskResult) -> None:
        """Show the cleaned answer and say plainly how grounded it is."""
        self.result = result
        self.text = result.answer.answer
        self.answer_view.update(self.text or "_(no answer)_")
        state, sentence = grounding(result)
        if result.cancelled:
            sentence = f"Stopped. {sentence}"
        self._note(sentence, state)

    def fail(self, message: str) -> None:
        self._note(message, "error")
