"""Issue 13's acceptance run: a report graded, edited and graded again, a file opened, three
questions (a source opened and closed between them) and the history exported, all by keys;
no exception, and every keystroke lands where the screen's focus rule says it will.

Answers come from tests/tui/fakes.py, so the run takes seconds, not minutes.
"""

from __future__ import annotations

import stat
from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from echoassist import history
from echoassist.paths import app_paths
from echoassist.tui.app import EchoAssistApp
from echoassist.tui.chat.sources import SourceScreen
from tests.tui.fakes import use_fake_answers
from tests.tui.helpers import settle

REPORT = "Findings:\nLVEF is estimated at 35%.\nSevere aortic stenosis, peak velocity 4.6 m/s.\n"


async def test_a_clinician_session_by_keys_alone(monkeypatch, tmp_path: Path) -> None:
    asked = use_fake_answers(monkeypatch)
    report_file = tmp_path / "echo.txt"
    report_file.write_text("Moderate mitral regurgitation.\nLVEF 45%.\n")
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        area = app.screen.query_one("#report-text", TextArea)
        assert app.focused is area
        app.post_message(events.Paste(REPORT))
        await pilot.pause()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#findings")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.focused is area
        await pilot.press("end", *" Trace tricuspid regurgitation.")
        for _ in range(3):
            await pilot.press("ctrl+r")
            await settle(pilot)
        assert "Trace tricuspid regurgitation." in area.text
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press(*str(report_file), "enter")
        await settle(pilot)
        assert area.text == report_file.read_text()
        assert app.focused is app.screen.query_one("#findings")

        await pilot.press("f1")
        await settle(pilot)
        box = app.screen.query_one("#question", Input)
        for question in ("What is a normal LVEF?", "How is aortic stenosis graded?"):
            assert app.focused is box
            await pilot.press(*question, "enter")
            await settle(pilot)
        await pilot.press("ctrl+o", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*"What is TAPSE?", "enter")
        await settle(pilot)
        assert asked == ["What is a normal LVEF?", "How is aortic stenosis graded?",
                         "What is TAPSE?"]

        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        exported = Path(app.screen.query_one("#prompt", Input).value)
        await pilot.press("enter")
        await settle(pilot)
        assert app.return_code is None  # still running: nothing crashed it
    # Three report texts (as pasted, as edited and graded three times, as opened), each once;
    # three answers.
    kinds = [e.kind for e in history.entries()]
    assert sorted(kinds) == ["question"] * 3 + ["report"] * 3
    assert exported.parent == app_paths().data_dir / "exports"
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    text = exported.read_text()
    assert text.count("\n## ") == 6 and text.count("**Verdict:** Grounded") == 3
