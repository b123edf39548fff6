"""The chat screen on the real built-in model: ask, stream, stop, copy, and errors."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from echoassist import history, services
from echoassist.config import update_setting
from echoassist.tui import actions
from echoassist.tui.app import EchoAssistApp
from echoassist.tui.chat.exchange import Exchange
from echoassist.tui.chat.meter import ContextMeter
from echoassist.tui.chat.screen import ChatScreen
from tests.tui.helpers import notifications, settle, type_into

pytestmark = pytest.mark.slow

QUESTION = "What does LVEF mean?"


def slow_model(monkeypatch) -> None:
    """The real model, 50 ms a token: its short answers would end before Esc could land."""
    import time

    from echoassist.engine.llama import Engine

    real = Engine.stream_chat

    def slowly(self, *args, **kwargs):
        for piece in real(self, *args, **kwargs):
            time.sleep(0.05)
            yield piece

    monkeypatch.setattr(Engine, "stream_chat", slowly)


async def ask(pilot, question: str = QUESTION) -> Exchange:
    await type_into(pilot, "#question", question)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query(Exchange).last()


async def test_answer_streams_in_and_is_marked_not_grounded(monkeypatch) -> None:
    appended: list[str] = []
    original = Exchange.append
    monkeypatch.setattr(Exchange, "append",
                        lambda self, text: (appended.append(text), original(self, text))[1])
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "smollm2-135m" in app.sub_title
        exchange = await ask(pilot)
        assert appended, "the answer never streamed: it appeared only at the end"
        assert exchange.result is not None
        assert exchange.text.strip()
        assert exchange.answer_view.source == exchange.text
        note = str(exchange.query_one(".note").render())
        assert note.startswith("Not grounded")
        meter = app.screen.query_one(ContextMeter)
        assert meter.budget.question > 0
        assert "tok/s" in str(meter.render())
        assert "nothing to cite" in str(app.screen.query_one("#sources-note").render())
    [entry] = history.entries()
    assert entry.title == QUESTION and entry.body == exchange.text


async def test_history_off_records_nothing() -> None:
    update_setting("history", False)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        exchange = await ask(pilot)
        assert exchange.result is not None
    assert history.entries() == []


async def test_escape_stops_generation(monkeypatch) -> None:
    update_setting("max_answer_tokens", 2000)
    slow_model(monkeypatch)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#question", "Explain the echocardiographic grading of "
                                            "aortic stenosis in detail.")
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        while not screen.current.text:
            await pilot.pause(0.05)
        await pilot.press("escape")
        await settle(pilot)
        result = screen.current.result
        assert result is not None and result.cancelled
        assert result.stats.completion_tokens < 2000
        assert str(screen.current.query_one(".note").render()).startswith("Stopped")
    assert history.entries() == []  # a stopped fragment is not kept


async def test_copy_answer_puts_answer_and_sources_on_clipboard() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        exchange = await ask(pilot)
        await pilot.press("ctrl+y")
        assert app.clipboard.startswith(exchange.text)
        assert "not grounded" in app.clipboard


async def test_too_long_question_is_a_notification_not_a_traceback() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#question", Input).value = "ventricle " * 6000
        await pilot.click("#question")
        await pilot.press("enter")
        await settle(pilot)
        assert any("too long" in m for m in notifications(app))
        assert not app.screen.generating
    assert history.entries() == []


async def test_unknown_model_is_reported_and_questions_fail_cleanly() -> None:
    update_setting("model", "no-such-model")
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sub_title == "no model"
        assert any("no model named 'no-such-model'" in m for m in notifications(app))
        exchange = await ask(pilot)
        assert exchange.result is None
        assert "no-such-model" in str(exchange.query_one(".note").render())


async def test_quitting_mid_answer_stops_the_model(monkeypatch) -> None:
    update_setting("max_answer_tokens", 2000)
    slow_model(monkeypatch)
    results: list[actions.AskResult] = []
    real_ask = services.ask
    monkeypatch.setattr(services, "ask",
                        lambda *a, **k: (results.append(r := real_ask(*a, **k)), r)[1])
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#question", "Describe every echo view in detail.")
        await pilot.press("enter")
        while not app.screen.current.text:
            await pilot.pause(0.05)
        await pilot.press("ctrl+q")
    for _ in range(100):
        if results:
            break
        await asyncio.sleep(0.05)
    [result] = results
    assert result.stats.stopped_by == "cancelled"


async def test_up_recalls_earlier_questions() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await ask(pilot, "What is TAPSE?")
        await ask(pilot, "What is E/e'?")
        box = app.screen.query_one("#question", Input)
        await pilot.press("up")
        assert box.value == "What is E/e'?"
        await pilot.press("up", "up")
        assert box.value == "What is TAPSE?"
        await pilot.press("down", "down")
        assert box.value == ""


async def test_a_follow_up_question_carries_the_earlier_exchange() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = await ask(pilot, "What is atrial fibrillation?")
        second = await ask(pilot, "How is it treated?")
        assert first.result is not None and second.result is not None
        messages = second.result.prepared.messages
        assert messages[1] == {"role": "user", "content": "What is atrial fibrillation?"}
        assert messages[2]["role"] == "assistant"
        assert messages[2]["content"] == first.result.answer.answer
        assert messages[-1]["content"].endswith("How is it treated?")
