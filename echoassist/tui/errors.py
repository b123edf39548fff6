"""Errors from background work become notifications: the user never sees a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App

from echoassist.config import ConfigError
from echoassist.errors import UserError

# Problems a user can act on: their message is the whole story.
EXPECTED = (UserError, ConfigError, OSError)


def describe(exc: BaseException) -> str:
    if isinstance(exc, EXPECTED):
        return str(exc)
    return f"unexpected error ({type(exc).__name__}): {exc}"


@contextmanager
def notify_errors(app: App, title: str = "", *, from_thread: bool = True) -> Iterator[None]:
    """Turn any exception in the block into an error notification (and swallow it)."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the boundary between work and screen
        if from_thread:
            app.call_from_thread(app.notify, describe(exc), title=title, severity="error")
        else:
            app.notify(describe(exc), title=title, severity="error")
