"""The history screen: list, search, export to Markdown, purge after confirming."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import DataTable, Input

from echoassist import history
from echoassist.config import update_setting
from echoassist.paths import app_paths
from echoassist.tui.app import EchoAssistApp
from tests.tui.helpers import settle, type_into


def seed() -> None:
    history.record("question", "What is a normal LVEF?", "About 52-72 % in men.", {})
    history.record("question", "How is AS graded?", "By peak velocity and mean gradient.", {})


def rows(app: EchoAssistApp) -> list[str]:
    table = app.screen.query_one("#history", DataTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def open_history(pilot) -> None:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)


async def test_lists_and_searches() -> None:
    seed()
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        assert rows(app) == ["How is AS graded?", "What is a normal LVEF?"]
        assert "peak velocity" in app.screen.query_one("#history-entry").source
        await type_into(pilot, "#history-search", "LVEF")
        assert rows(app) == ["What is a normal LVEF?"]
        assert not app.screen.query_one("#history-off").display


async def test_search_finds_word_forms_and_takes_any_typing() -> None:
    seed()
    history.record("report", "Echo 2024-03-01", "| MR | moderate |\nMitral regurgitation.", {})
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await type_into(pilot, "#history-search", "grading")
        assert rows(app) == ["How is AS graded?"]
        await type_into(pilot, "#history-search", '"mitral regurgitation"')
        assert rows(app) == ["Echo 2024-03-01"]
        for typed in ['"LVEF', "AND -velocity*", "title:", "NEAR(", "*"]:
            await type_into(pilot, "#history-search", typed)
            await pilot.pause()
        assert not any(n.severity == "error" for n in app._notifications)
        assert rows(app) == []
        assert "Nothing matches" in app.screen.query_one("#history-entry").source
        await type_into(pilot, "#history-search", "")
        await pilot.pause()
        assert len(rows(app)) == 3


async def test_export_writes_markdown(tmp_path: Path) -> None:
    seed()
    dest = tmp_path / "out" / "history.md"
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#prompt", Input).value = str(dest)
        await pilot.press("enter")
        await settle(pilot)
    text = dest.read_text()
    assert text.startswith("# EchoAssist history")
    assert "How is AS graded?" in text and "About 52-72 % in men." in text


async def test_export_by_default_is_private_in_the_data_folder() -> None:
    from tests.tui.fakes import fake_result

    history.record_question(fake_result().answer)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        proposed = Path(app.screen.query_one("#prompt", Input).value)
        assert proposed.parent == app_paths().data_dir / "exports"
        await pilot.press("enter")
        await settle(pilot)
    assert stat.S_IMODE(proposed.stat().st_mode) == 0o600
    text = proposed.read_text()
    assert "**Verdict:** Grounded" in text and '- *[1] "A QTc above 470 ms' in text


async def test_purge_needs_confirmation() -> None:
    seed()
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("f8")
        await pilot.press("escape")  # changed my mind
        await settle(pilot)
        assert len(history.entries()) == 2
        await pilot.press("f8")
        await pilot.press("y")
        await settle(pilot)
        assert history.entries() == []
        assert rows(app) == []


async def test_says_when_history_is_off() -> None:
    update_setting("history", False)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        assert app.screen.query_one("#history-off").display


async def test_entries_made_elsewhere_are_listed_when_the_screen_is_shown_again() -> None:
    seed()
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("f1")
        history.record("report", "Echo 2024-05-02", "| AS | severe |", {})  # the CLI, meanwhile
        await open_history(pilot)
        assert rows(app)[0] == "Echo 2024-05-02" and len(rows(app)) == 3
