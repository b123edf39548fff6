"""The chat screen around a fixed, grounded answer (tests/tui/fakes.py), so these stay fast:
where keystrokes land, the verdict kept in view, the evidence panel readable at a glance."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.cells import cell_len
from textual.errors import NoWidget
from textual.widgets import Input, OptionList
from textual.widgets._footer import FooterKey

from echoassist.tui.app import EchoAssistApp
from echoassist.tui.chat.exchange import Exchange
from echoassist.tui.chat.screen import ChatScreen
from echoassist.tui.chat.sources import (
    SourceScreen,
    SourcesPanel,
    distinctive_titles,
    evidence_label,
)
from tests.tui import fakes
from tests.tui.fakes import QUESTION, use_fake_answers
from tests.tui.helpers import settle


async def ask(pilot, question: str = QUESTION) -> Exchange:
    """Typed as a user would: no click first, the keys go wherever focus is."""
    await pilot.press(*question, "enter")
    await settle(pilot)
    return pilot.app.screen.query(Exchange).last()


def visible(pilot, widget) -> bool:
    """On screen in full: not scrolled (even in part) out of the conversation column."""
    try:
        geometry = pilot.app.screen.find_widget(widget)
    except NoWidget:
        return False
    return geometry.clip.contains_region(geometry.region)


async def test_typing_after_viewing_a_source_goes_to_the_question_box(monkeypatch) -> None:
    asked = use_fake_answers(monkeypatch)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#question", Input)
        assert app.focused is box  # on arrival
        await ask(pilot)
        assert app.focused is box  # after an answer
        await pilot.press("ctrl+o")
        assert app.focused is app.screen.query_one("#source-list", OptionList)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.focused is box  # after the pop-up closes
        await pilot.press(*"What is TAPSE?")
        assert box.value == "What is TAPSE?"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen), "Enter reopened the source pop-up"
        assert asked == [QUESTION, "What is TAPSE?"]


async def test_typing_in_the_evidence_list_goes_to_the_question_box(monkeypatch) -> None:
    use_fake_answers(monkeypatch)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await ask(pilot)
        await pilot.press("ctrl+o", "down")
        await pilot.press(*"Why?")
        box = app.screen.query_one("#question", Input)
        assert app.focused is box and box.value == "Why?"


@pytest.mark.parametrize("pace_s", [0.0, 0.05], ids=["at-once", "streamed"])
async def test_a_long_answer_is_followed_to_its_verdict(monkeypatch, pace_s: float) -> None:
    use_fake_answers(monkeypatch, pace_s)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = await ask(pilot)
        note = first.query_one(".note")
        assert str(note.render()).startswith("Every sentence checked against evidence")
        assert visible(pilot, note), "the verdict scrolled out of view"
        second = await ask(pilot, "And in children?")
        assert visible(pilot, second.query_one(".note"))


def list_lines(pilot) -> list[str]:
    options = pilot.app.screen.query_one("#source-list", OptionList)
    return [options.render_line(y).text.rstrip() for y in range(options.size.height)]


async def test_sources_tell_apart_at_a_glance_within_the_panel_width(monkeypatch) -> None:
    use_fake_answers(monkeypatch)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await ask(pilot)
        panel = app.screen.query_one(SourcesPanel)
        width = app.screen.query_one("#source-list", OptionList).scrollable_content_region.width
        lines = list_lines(pilot)
        # Number, page and innermost section on one line, cut to the width, never wrapped.
        assert lines[:3] == ["*[1] p.12 Correcting fo…", "ECG Intervals and Elect…",
                             "A QTc above 470 ms in m…"]
        assert all(cell_len(line) <= width for line in lines)
        assert "*[2] p.9 PR interval" in lines
        assert "*[4] p.4 Systolic funct…" in lines and "Recommendations for Car…" in lines

        # The full title, section path and page of the highlighted one.
        await pilot.press("ctrl+o")
        detail = str(panel.query_one("#source-detail").render())
        assert f"[1] {fakes.ECG}" in detail
        assert "Intervals › QT interval › Correcting for heart rate · page 12" in detail
        await pilot.press("down")
        assert "Intervals › PR interval · page 9" in str(
            panel.query_one("#source-detail").render())
        keys = {k.description: k.key_display for k in app.screen.query(FooterKey)}
        assert keys["Sources"] == "^o" and keys["Open source"] == "⏎"

        await pilot.resize_terminal(120, 30)  # more room: the labels use it
        await settle(pilot)
        assert "*[1] p.12 Correcting for heart rate" in list_lines(pilot)


async def test_the_key_that_opens_a_source_is_in_the_footer(monkeypatch) -> None:
    use_fake_answers(monkeypatch)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await ask(pilot)
        keys = {k.description: k.key_display for k in app.screen.query(FooterKey)}
        assert keys.get("Sources") == "^o"


def test_labels_keep_what_differs() -> None:
    result = fakes.fake_result()
    evidence = result.prepared.evidence
    assert distinctive_titles(evidence) == {fakes.ECG: fakes.ECG,
                                            fakes.CHAMBERS: fakes.CHAMBERS}
    assert distinctive_titles(evidence[:3]) == {fakes.ECG: ""}  # one document: the section
    same_start = [replace(evidence[0], title="ECG Intervals: PR, QRS"),
                  replace(evidence[1], title="ECG Intervals: QT and QTc")]
    assert distinctive_titles(same_start) == {"ECG Intervals: PR, QRS": "PR, QRS",
                                              "ECG Intervals: QT and QTc": "QT and QTc"}
    for width in (16, 23, 40):
        label = evidence_label(evidence[0], True, width, "ECG Intervals")
        assert all(cell_len(line) <= width for line in str(label).splitlines())
        assert str(label).startswith("*[1] p.12 ")
    untitled = replace(evidence[0], section="", page=None)
    assert str(evidence_label(untitled, False, 40)).splitlines()[0] == f"[1] {fakes.ECG[:35]}…"


async def test_an_answer_history_could_not_keep_says_so(monkeypatch) -> None:
    """A full disk: the answer stays on screen and a warning says it was not saved."""
    from echoassist import services
    from tests.tui.helpers import notifications

    def full_disk_ask(question, engine, settings, **callbacks):
        result = fakes.fake_result(question)
        callbacks["on_prepared"](result.prepared)
        return replace(result, history_problem="history could not be saved: disk full")

    monkeypatch.setattr(services, "ask", full_disk_ask)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        exchange = await ask(pilot)
        assert exchange.result is not None
        assert "history could not be saved: disk full" in notifications(app)
