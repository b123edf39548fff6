"""What the footer and the command palette offer at 80x24 (issue 13): every key readable, and
the palette doing what the screens do (use a model, grade a report, build the KB)."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from echoassist.config import load_settings
from echoassist.models.builtin import BUILTIN_MODELS, builtin_path
from echoassist.models.registry import Registry
from echoassist.tui.app import EchoAssistApp
from tests.tui.helpers import notifications, palette, settle
from tests.tui.test_snapshots import ANALYSIS, REPORT


def footer_entries(app: EchoAssistApp) -> list[str]:
    """The footer's entries as shown ("^r Analyze"), each checked to be on screen in full and
    clear of the palette key docked on the right."""
    keys = list(app.screen.query(FooterKey))
    palette = next(k for k in keys if k.has_class("-command-palette"))
    right = app.screen.find_widget(palette).region.x
    shown = []
    for key in keys:
        if key is palette:
            continue
        geometry = app.screen.find_widget(key)
        entry = f"{key.key_display} {key.description}".strip()
        assert geometry.clip.contains_region(geometry.region), f"{entry!r} is cut off"
        assert geometry.region.right <= right, f"{entry!r} runs under the palette key"
        shown.append(entry)
    return shown


async def test_every_footer_key_is_readable_at_80x24() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, screen_keys in (("f1", ["^y Copy answer", "^o Sources"]),
                                 ("f3", ["^n Add GGUF", "del Remove"]),
                                 ("f4", ["^s Export", "f8 Purge"]),
                                 ("f5", ["^b Build"]),
                                 ("f2", ["^r Analyze", "^o Open file"])):
            await pilot.press(key)
            await settle(pilot)
            assert footer_entries(app) == [*screen_keys, "f1-f5 Screens"], key
        # The report screen's footer at its fullest: after a grade.
        await app.screen.show(REPORT, ANALYSIS)
        await settle(pilot)
        assert footer_entries(app) == ["^r Analyze", "^o Open file", "^e Edit text",
                                       "^g Model summary", "f1-f5 Screens"]
        screens = next(k for k in app.screen.query(FooterKey) if k.description == "Screens")
        assert str(screens.tooltip) == ("F1 Chat · F2 Report · F3 Models · F4 History · "
                                        "F5 Knowledge base")


async def test_palette_grades_the_report() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await palette(pilot, "Grade report")
        assert app.current_mode == "report"
        assert any("the report is empty" in m for m in notifications(app))


async def test_palette_builds_the_knowledge_base() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await palette(pilot, "Build knowledge base")
        assert app.current_mode == "kb"
        assert app.focused is app.screen.query_one("#kb-folder")
        assert any("Type the folder to build from" in m for m in notifications(app))


def in_use_marks(app: EchoAssistApp) -> dict[str, str]:
    table = app.screen.query_one("#models", DataTable)
    return {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0])
            for i in range(table.row_count)}


async def test_palette_uses_another_model() -> None:
    """On the Models screen, which follows the setting by itself: the app does not refresh it."""
    path = builtin_path(BUILTIN_MODELS[0])
    assert path is not None
    Registry().add(path, "second")
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert in_use_marks(app) == {BUILTIN_MODELS[0].name: "●", "second": ""}
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Use model second" in titles
        assert f"Use model {BUILTIN_MODELS[0].name}" not in titles  # the one in use
        await palette(pilot, "Use model second")
        assert load_settings().model == "second"
        assert app.sub_title.startswith("second ·")
        assert in_use_marks(app) == {BUILTIN_MODELS[0].name: "", "second": "●"}
