"""Layout snapshots at 80x24 (regenerate with `pytest tests/tui --snapshot-update` and review).

Only deterministic states are captured: no generated answers (the long answer is a fixed one,
tests/tui/fakes.py) and no timestamps.
"""

from __future__ import annotations

from textual.pilot import Pilot

from echoassist.tui.app import EchoAssistApp
from echoassist.tui.chat.screen import ChatScreen
from tests.tui.fakes import fake_result
from tests.tui.helpers import settle

REPORT = """Findings:
The left ventricle is mildly dilated. LVEF is estimated at 38%.
Moderate mitral regurgitation. Severe tricuspid regurgitation.
No pericardial effusion.
"""


def _evidence(text: str, category: str, label: str, flags: list[str] | None = None,
              measurements: list[dict] | None = None) -> dict:
    start = REPORT.index(text)
    return {"category": category, "label": label, "flags": flags or [],
            "measurements": measurements or [],
            "evidence": [{"text": text, "start": start, "end": start + len(text),
                          "section": "findings"}]}


ANALYSIS = {"findings": [
    _evidence("LVEF is estimated at 38%.", "lv_systolic", "moderate", measurements=[
        {"name": "LVEF", "value": 38.0, "unit": "%", "grade": "moderate",
         "rule": "LVEF 30-40 % = moderate", "start": None, "end": None}]),
    _evidence("The left ventricle is mildly dilated.", "lv_cavity", "mild", ["sex_dependent"]),
    _evidence("Moderate mitral regurgitation.", "mv_regurgitation", "moderate"),
    _evidence("Severe tricuspid regurgitation.", "tv_regurgitation", "severe", ["conflict"]),
    _evidence("No pericardial effusion.", "pericardial_effusion", "normal"),
], "warnings": []}


async def steady(pilot: Pilot) -> None:
    """Background work done and the input cursor held still, so the picture is repeatable."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


async def model_loaded(pilot: Pilot) -> None:
    await steady(pilot)


def test_chat_dark(snap_compare) -> None:
    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=model_loaded)


def test_chat_light(snap_compare) -> None:
    async def light(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await steady(pilot)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=light)


async def long_answer(pilot: Pilot) -> None:
    """A fixed grounded answer, longer than the column, shown as a real one is: the chat
    follows it to its end, where the verdict is."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChatScreen)
    result = fake_result()
    exchange = await screen.add_exchange(result.prepared.question)
    screen.prepared(result.prepared)
    screen.finished(exchange, result)
    await steady(pilot)


def test_chat_long_answer_dark(snap_compare) -> None:
    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=long_answer)


def test_chat_long_answer_light(snap_compare) -> None:
    async def light(pilot: Pilot) -> None:
        await pilot.press("ctrl+t")
        await long_answer(pilot)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=light)


def test_models(snap_compare) -> None:
    async def models(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await steady(pilot)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=models)


def test_report_table(snap_compare) -> None:
    """The screen's layout for a fixed analysis (the grading itself is tested elsewhere)."""

    async def report(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.app.screen.show(REPORT, ANALYSIS)
        await steady(pilot)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=report)


async def _on_screen(pilot: Pilot, key: str, light: bool) -> None:
    await settle(pilot)
    await pilot.press(key)
    if light:
        await pilot.press("ctrl+t")
    await steady(pilot)


def test_models_light(snap_compare) -> None:
    async def models(pilot: Pilot) -> None:
        await _on_screen(pilot, "f3", light=True)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=models)


def test_report_table_light(snap_compare) -> None:
    async def report(pilot: Pilot) -> None:
        await _on_screen(pilot, "f2", light=True)
        await pilot.app.screen.show(REPORT, ANALYSIS)
        await steady(pilot)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=report)


def test_history_dark(snap_compare) -> None:
    async def empty_history(pilot: Pilot) -> None:
        await _on_screen(pilot, "f4", light=False)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=empty_history)


def test_history_light(snap_compare) -> None:
    async def empty_history(pilot: Pilot) -> None:
        await _on_screen(pilot, "f4", light=True)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=empty_history)


def test_knowledge_base_dark(snap_compare) -> None:
    async def no_kb_yet(pilot: Pilot) -> None:
        await _on_screen(pilot, "f5", light=False)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=no_kb_yet)


def test_knowledge_base_light(snap_compare) -> None:
    async def no_kb_yet(pilot: Pilot) -> None:
        await _on_screen(pilot, "f5", light=True)

    assert snap_compare(EchoAssistApp(), terminal_size=(80, 24), run_before=no_kb_yet)
