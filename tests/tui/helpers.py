"""Driving the app as a user would: type, press keys, wait for background work."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from echoassist.tui.app import EchoAssistApp


async def settle(pilot: Pilot) -> None:
    """Wait until background workers are done and their results are on screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    await pilot.click(selector)
    pilot.app.screen.query_one(selector, Input).value = ""
    await pilot.press(*text)


async def palette(pilot: Pilot, command: str) -> None:
    """Run a command from the palette, as typed there, and wait for what it starts."""
    await pilot.press("ctrl+p")
    await pilot.press(*command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


def notifications(app: EchoAssistApp) -> list[str]:
    return [n.message for n in app._notifications]
