"""The models screen: the built-in model listed, bad files refused politely, switching works."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from echoassist.config import load_settings
from echoassist.models.builtin import BUILTIN_MODELS, builtin_path
from echoassist.models.registry import Registry
from echoassist.tui.app import EchoAssistApp
from tests.tui.helpers import notifications, palette, settle, type_into

BUILTIN = BUILTIN_MODELS[0].name


def table_names(app: EchoAssistApp) -> list[str]:
    table = app.screen.query_one("#models", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def open_models(pilot) -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)


async def test_builtin_model_is_listed_as_active() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_models(pilot)
        table = app.screen.query_one("#models", DataTable)
        assert table_names(app) == [BUILTIN]
        row = table.get_row_at(0)
        assert row[0] == "●" and row[2] == "Q4_1" and row[6].endswith(".gguf")


async def test_context_says_which_is_used_and_which_the_model_was_trained_for() -> None:
    """The built-in model was trained for 8,192 tokens; the app gives it max_context (4,096)."""
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_models(pilot)
        table = app.screen.query_one("#models", DataTable)
        assert [str(c.label) for c in table.columns.values()][4] == "Ctx used/trained"
        assert table.get_row_at(0)[4] == "4,096/8,192"
        assert "ctx 4096 of 8192" in app.sub_title
        assert "Ctx: used (max_context)/trained" in str(
            app.screen.query_one(".panel-title").render())


async def test_corrupt_gguf_is_a_notification(tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"this is not a model" * 100)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_models(pilot)
        await type_into(pilot, "#model-path", str(bad))
        await pilot.press("enter")
        await settle(pilot)
        assert any("broken.gguf is not a usable GGUF" in m for m in notifications(app))
        assert table_names(app) == [BUILTIN]


@pytest.mark.slow
async def test_add_switch_and_remove_a_model() -> None:
    path = builtin_path(BUILTIN_MODELS[0])
    assert path is not None
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_models(pilot)
        await type_into(pilot, "#model-path", str(path))
        await type_into(pilot, "#model-name", "second")
        await pilot.press("enter")
        await settle(pilot)
        assert table_names(app) == [BUILTIN, "second"]

        table = app.screen.query_one("#models", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert load_settings().model == "second"
        assert app.sub_title.startswith("second ·")
        assert app.screen.query_one("#models", DataTable).get_row_at(1)[0] == "●"

        await pilot.press("delete")  # the model in use cannot be removed
        await pilot.press("y")
        await settle(pilot)
        assert any("is in use" in m for m in notifications(app))

        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        table.move_cursor(row=1)
        await pilot.press("delete")
        await pilot.press("y")
        await settle(pilot)
        assert table_names(app) == [BUILTIN]
        assert [e.name for e in Registry().list()] == [BUILTIN]
        assert app.screen.query_one("#model-path", Input).value == ""


async def test_a_model_added_elsewhere_is_listed_when_the_screen_is_shown_again() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_models(pilot)
        await pilot.press("f1")
        path = builtin_path(BUILTIN_MODELS[0])
        assert path is not None
        Registry().add(path, "added-by-cli")  # as `echoassist models add` would, meanwhile
        await open_models(pilot)
        assert table_names(app) == [BUILTIN, "added-by-cli"]


async def test_verify_from_the_palette_checks_every_file() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_models(pilot)
        await palette(pilot, "Verify model files")
        assert "All 1 model file(s) match their recorded sha256." in notifications(app)
