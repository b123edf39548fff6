"""What every EchoAssist screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from echoassist.tui.app import EchoAssistApp


class EchoScreen(Screen[None]):
    @property
    def echo(self) -> EchoAssistApp:
        """The app, typed: its settings and model holder (Screen.app is a plain App)."""
        return cast("EchoAssistApp", self.app)
