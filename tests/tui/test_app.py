"""App-wide behaviour: command palette, theme, start-up without blocking on the model."""

from __future__ import annotations

import time

from echoassist.config import load_settings
from echoassist.tui.app import EchoAssistApp
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


async def test_screen_is_interactive_before_the_model_is_loaded() -> None:
    started = time.perf_counter()
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        ready = time.perf_counter() - started
        assert app.screen.query_one("#question").has_focus
        assert ready < 1.0, f"first screen took {ready:.2f} s"
        await settle(pilot)


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
