"""What every EchoAssist screen shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.screen import Screen

if TYPE_CHECKING:
    from echoassist.tui.app import EchoAssistApp


class EchoScreen(Screen[None]):
    @property
    def echo(self) -> EchoAssistApp:
        """The app, typed: its settings and model holder (Screen.app is a plain App)."""
        return cast("EchoAssistApp", self.app)

    def screen_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette (after the app's own)."""
        return ()
