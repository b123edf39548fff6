"""Ask a question; the answer streams in as Markdown beside the sources it rests on."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, OptionList, Static

from echoassist import services
from echoassist.errors import UserError
from echoassist.tui import actions
from echoassist.tui.actions import AskResult
from echoassist.tui.base import EchoScreen
from echoassist.tui.chat.exchange import Exchange
from echoassist.tui.chat.meter import ContextMeter
from echoassist.tui.chat.sources import SourcesPanel
from echoassist.tui.chat.stream import StreamBuffer
from echoassist.tui.errors import describe

if TYPE_CHECKING:
    from echoassist.answer.records import CheckedSentence, Prepared

FLUSH_INTERVAL_S = 1 / 12

WELCOME = (
    "Ask about ECG or echocardiography. Each answer quotes its evidence from the knowledge base "
    "(document, section, page), and the model's short answer shows only sentences that the "
    "evidence backs; where the knowledge base does not cover a question, you are told."
)


class ChatScreen(EchoScreen):
    """Focus: the question box on arrival, after an answer and when a pop-up closes, and
    whatever is typed elsewhere on the screen lands there too; Ctrl+O moves to the evidence
    list, where Enter opens the highlighted sentence in its source.

    The conversation follows the answer being written to its end (the grounding verdict
    included) until the user scrolls up; the next question follows again.
    """

    TITLE = "EchoAssist · Chat"
    CSS_PATH = "chat.tcss"
    BINDINGS = [
        Binding("escape", "stop", "Stop"),
        Binding("ctrl+y", "copy_answer", "Copy answer"),
        Binding("ctrl+o", "focus_sources", "Sources"),
        Binding("ctrl+l", "clear", "Clear", show=False),
        Binding("up", "recall(-1)", "Previous question", show=False),
        Binding("down", "recall(1)", "Next question", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cancel: threading.Event | None = None
        self.buffer = StreamBuffer()
        self.current: Exchange | None = None
        self.asked: list[str] = []
        self.recall_at = 0
        self.grounded = True  # the current question has a knowledge base to check against

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="chat-body"):
            with VerticalScroll(id="conversation"), Vertical(id="exchanges"):
                yield Static(WELCOME, id="welcome")
            yield SourcesPanel()
        yield ContextMeter()
        # Not selected on focus: a question half typed before a pop-up must survive the next key.
        yield Input(placeholder="Ask a question and press Enter", id="question",
                    select_on_focus=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.flush_timer = self.set_interval(FLUSH_INTERVAL_S, self.flush, pause=True)
        # Anchored: kept scrolled to its end as the answer grows, until the user scrolls up.
        self.query_one("#conversation", VerticalScroll).anchor()
        self.focus_question()

    def focus_question(self) -> None:
        self.query_one("#question", Input).focus()

    def on_screen_resume(self) -> None:
        """A pop-up closed (or the user came back from another screen): ready to type."""
        self.focus_question()

    def on_key(self, event: events.Key) -> None:
        """A key typed while the evidence list (or the conversation) has focus starts a
        question instead of going nowhere."""
        box = self.query_one("#question", Input)
        if self.focused is box or not event.is_printable or not event.character:
            return
        event.stop()
        event.prevent_default()
        box.focus()
        box.insert_text_at_cursor(event.character)

    def screen_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Copy answer", "Copy the last answer and its sources",
                            self.action_copy_answer)
        yield SystemCommand("Clear conversation", "Remove the questions and answers shown",
                            self.action_clear)

    @property
    def generating(self) -> bool:
        return self.cancel is not None

    @property
    def last_result(self) -> AskResult | None:
        results = [e.result for e in self.query(Exchange) if e.result is not None]
        return results[-1] if results else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.generating
        if action == "copy_answer":
            return self.last_result is not None or None
        if action == "recall":
            return self.query_one("#question", Input).has_focus and bool(self.asked)
        return True

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question:
            return
        if self.generating:
            self.notify("An answer is still being written; press Esc to stop it.",
                        severity="warning")
            return
        event.input.clear()
        conversation = [
            turn
            for result in (e.result for e in self.query(Exchange))
            if result is not None and not result.cancelled
            for turn in ({"role": "user", "content": result.prepared.question},
                         {"role": "assistant", "content": result.answer.answer})
        ]
        self.asked.append(question)
        self.recall_at = len(self.asked)
        exchange = await self.add_exchange(question)
        self.cancel = threading.Event()
        self.buffer.drain()
        self.flush_timer.resume()
        self.refresh_bindings()
        self.answer(question, exchange, self.cancel, conversation)

    async def add_exchange(self, question: str) -> Exchange:
        """A new exchange at the end of the conversation, which follows it from now on."""
        self.query("#welcome").remove()
        exchange = Exchange(question)
        await self.query_one("#exchanges").mount(exchange)
        # Follow this answer again, should the user have scrolled up to an earlier one.
        self.query_one("#conversation", VerticalScroll).scroll_end(animate=False)
        self.current = exchange
        return exchange

    @work(thread=True, exclusive=True, group="answer")
    def answer(self, question: str, exchange: Exchange, cancel: threading.Event,
               conversation: list[dict[str, str]]) -> None:
        app = self.echo
        try:
            engine = app.engine_holder.wait()
            result = services.ask(question, engine, app.settings,
                                 on_prepared=lambda p: app.call_from_thread(self.prepared, p),
                                 on_sentence=self.sentence_checked, cancel=cancel,
                                 conversation=conversation)
        except Exception as exc:  # noqa: BLE001 - shown as a notification, never a traceback
            result, error = None, exc
        if not self.is_attached:  # the app closed while the answer was being written
            return
        if result is None:
            app.call_from_thread(self.failed, exchange, error)
        else:
            app.call_from_thread(self.finished, exchange, result)

    def sentence_checked(self, sentence: CheckedSentence) -> None:
        """From the generation thread: a sentence is shown only once the evidence backs it, so
        nothing on screen is ever taken back."""
        from echoassist.answer.render import format_sentence

        # Without a knowledge base there is nothing to check against; the note says so.
        if sentence.verified or not self.grounded:
            self.buffer.push(format_sentence(sentence) + " ")

    def prepared(self, prepared: Prepared) -> None:
        self.grounded = bool(prepared.kb)
        self.query_one(ContextMeter).show(prepared.budget)
        self.query_one(SourcesPanel).show_prepared(prepared)
        if self.current is not None:
            self.current.working(prepared.evidence)

    def flush(self) -> None:
        text = self.buffer.drain()
        if text and self.current is not None:
            self.current.append(text)

    def _done(self) -> None:
        self.flush_timer.pause()
        self.cancel = None
        self.refresh_bindings()

    def finished(self, exchange: Exchange, result: AskResult) -> None:
        self.buffer.drain()
        self._done()
        exchange.finish(result)
        self.query_one(ContextMeter).show(result.prepared.budget, result.stats)
        self.query_one(SourcesPanel).show_result(result)
        if result.history_problem:  # the answer stands; the user learns it was not kept
            self.notify(result.history_problem, title="Not saved to history",
                        severity="warning", timeout=10)
        self.focus_question()

    def failed(self, exchange: Exchange, exc: Exception) -> None:
        self._done()
        message = describe(exc)
        exchange.fail(message)
        self.notify(message, title="Question not answered", severity="error",
                    timeout=8 if isinstance(exc, UserError) else 15)

    def on_unmount(self) -> None:
        # Quitting mid-answer: stop llama.cpp, or the process waits for the whole answer.
        if self.cancel is not None:
            self.cancel.set()

    def action_stop(self) -> None:
        if self.cancel is not None:
            self.cancel.set()
            self.notify("Stopping…")

    def action_copy_answer(self) -> None:
        result = self.last_result
        if result is None:
            self.notify("No answer to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(actions.answer_as_text(result.answer))
        self.notify("Answer and sources copied to the clipboard.")

    def action_recall(self, step: int) -> None:
        """Up/Down in the question box walk through the questions asked, like a shell."""
        self.recall_at = max(0, min(len(self.asked), self.recall_at + step))
        question = self.query_one("#question", Input)
        question.value = self.asked[self.recall_at] if self.recall_at < len(self.asked) else ""
        question.cursor_position = len(question.value)

    def action_focus_sources(self) -> None:
        options = self.query_one("#source-list", OptionList)
        if options.option_count and options.highlighted is None:
            options.highlighted = 0  # so that Enter opens a source at once
        options.focus()

    async def action_clear(self) -> None:
        if self.generating:
            return
        await self.query(Exchange).remove()
