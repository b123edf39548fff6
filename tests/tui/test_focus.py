"""Where keystrokes land on arrival, after a pop-up and after an action (issue 13).

Each screen states its rule in its docstring; these tests hold it to that sentence.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from echoassist.tui.app import EchoAssistApp
from tests.tui.helpers import settle

REPORT = "Findings:\nLVEF is estimated at 35%.\nSevere aortic stenosis, peak velocity 4.6 m/s.\n"


async def arrive(pilot, key: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


async def paste(pilot, text: str) -> None:
    """As a terminal delivers a bracketed paste: to the app, which hands it to the focus."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


async def test_report_screen_takes_a_paste_on_arrival_and_after_a_grade() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await arrive(pilot, "f2")
        area = app.screen.query_one("#report-text", TextArea)
        assert app.focused is area
        await paste(pilot, REPORT)
        assert area.text == REPORT

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#findings")
        # A paste while the table has focus is not lost: it goes into the report text.
        await paste(pilot, "Moderate mitral regurgitation.\n")
        assert app.focused is area
        assert "Moderate mitral regurgitation." in area.text and "LVEF" in area.text

        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.focused is area

        await pilot.press("ctrl+o", "escape")  # the pop-up, cancelled: focus comes back
        await pilot.pause()
        assert app.focused is area


async def test_knowledge_screen_typing_goes_to_the_folder_field() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await arrive(pilot, "f5")
        folder = app.screen.query_one("#kb-folder")
        assert app.focused is folder
        await pilot.press(*"~/papers")
        assert folder.value == "~/papers"
        await pilot.press("tab", "tab")  # past the Build button to the document table
        assert app.focused is app.screen.query_one("#kb-docs")


async def test_models_screen_tab_moves_from_the_path_to_the_name() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await arrive(pilot, "f3")
        assert app.focused is app.screen.query_one("#models")
        await pilot.press("ctrl+n")
        path, name = app.screen.query_one("#model-path"), app.screen.query_one("#model-name")
        assert app.focused is path
        await pilot.press(*"/models/x.gguf", "tab", *"mine")
        assert (path.value, name.value) == ("/models/x.gguf", "mine")
        assert app.focused is name
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#add-button")


async def test_history_screen_typing_searches() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await arrive(pilot, "f4")
        search = app.screen.query_one("#history-search")
        assert app.focused is search
        await pilot.press(*"lvef")
        assert search.value == "lvef"
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#history")
        await pilot.press("f8", "escape")  # the purge question, declined: focus comes back
        await pilot.pause()
        assert app.focused is app.screen.query_one("#history")
