"""App-wide behaviour: command palette, theme, start-up without blocking on the model."""

from __future__ import annotations

import subprocess
import sys
import threading

from textual.widgets import Input

from echoassist.config import load_settings
from echoassist.models.builtin import DEFAULT_BUILTIN
from echoassist.tui.app import EchoAssistApp
from echoassist.tui.engine_holder import EngineHolder
from tests.conftest import REPO_ROOT
from tests.tui.helpers import settle


async def test_palette_opens_screens() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to Models")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "models"


async def test_theme_toggle_is_remembered() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not app.current_theme.dark
        await settle(pilot)
    assert load_settings().theme == "textual-light"
    again = EchoAssistApp()
    async with again.run_test(size=(80, 24)) as pilot:
        assert not again.current_theme.dark
        await settle(pilot)


async def test_screen_is_interactive_while_the_model_loads(monkeypatch) -> None:
    """The real model load is held back until the user has typed and switched screens."""
    gate = threading.Event()
    real_load = EngineHolder.load

    def held_load(self, settings):
        gate.wait(60)
        return real_load(self, settings)

    monkeypatch.setattr(EngineHolder, "load", held_load)
    app = EchoAssistApp()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            question = app.screen.query_one("#question", Input)
            assert question.has_focus
            assert app.sub_title == "loading default model…"
            await pilot.press(*"LVEF")
            assert question.value == "LVEF"
            await pilot.press("f2")
            await pilot.pause()
            assert app.current_mode == "report"
            gate.set()
            await settle(pilot)
            assert app.sub_title.startswith(DEFAULT_BUILTIN)
    finally:
        gate.set()


def test_first_screen_imports_no_model_kb_or_cli_stack() -> None:
    """What `echoassist` imports before its first frame (benchmarks/tui_start.py times it)."""
    heavy = ["llama_cpp", "gguf", "numpy", "lancedb", "pyarrow", "fastembed", "onnxruntime",
             "pypdf", "kb.knowledge_base", "kb.store", "kb.embed", "kb.search", "typer",
             "echoassist.report", "echoassist.answer.pipeline",
             "echoassist.engine", "echoassist.tui.report.screen", "textual.widgets._markdown"]
    code = ("import sys; import echoassist.cli; from echoassist.tui.app import EchoAssistApp; "
            "EchoAssistApp(); print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True, cwd=REPO_ROOT).stdout.split())
    assert [name for name in heavy if name in loaded] == []


async def test_broken_config_is_a_notification_and_defaults_apply() -> None:
    from echoassist.paths import app_paths

    config = app_paths().config_file
    config.write_text("max_answer_tokens = 'many'\n")
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("max_answer_tokens" in n.message for n in app._notifications)
        assert app.settings.max_answer_tokens == 512


async def test_history_recording_can_be_turned_off_from_the_palette() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.press("ctrl+p")
        await pilot.press(*"History recording")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#history-off").display
    assert load_settings().history is False


async def test_a_terminal_too_small_gets_one_warning_not_a_traceback() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        warnings = [n for n in app._notifications if n.title == "Terminal too small"]
        assert len(warnings) == 1
        assert "60×18" in warnings[0].message and "80×24" in warnings[0].message
        await pilot.resize_terminal(100, 30)  # big enough: no new warning
        await settle(pilot)
        await pilot.resize_terminal(70, 30)  # too narrow again: warned again
        await settle(pilot)
        warnings = [n for n in app._notifications if n.title == "Terminal too small"]
        assert [w.message.split(";")[0] for w in warnings][-1] == "The terminal is 70×30"
        assert app.screen.query_one("#question").has_focus  # still usable


async def test_the_too_small_warning_follows_the_size_and_goes_when_it_is_big_enough() -> None:
    """Issue 13: back at 80x24 the warning stayed, still naming the old size."""

    def shown() -> list[str]:
        return [n.message.split(";")[0] for n in app._notifications
                if n.title == "Terminal too small"]

    app = EchoAssistApp()
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        assert shown() == ["The terminal is 60×18"]
        await pilot.resize_terminal(72, 20)  # still too small: one warning, the new size
        await settle(pilot)
        assert shown() == ["The terminal is 72×20"]
        await pilot.resize_terminal(80, 24)  # big enough: the warning goes at once
        await settle(pilot)
        assert shown() == []
        assert not app.screen.query("Toast")
