"""Errors a user can act on: the CLI prints their message as one line and exits non-zero."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class UserError(Exception):
    """A problem the user can fix; str(error) is the whole message, with the fix if known."""

    exit_code = 1


class ModelError(UserError):
    """A model file is missing, corrupt or unusable."""


@contextmanager
def kb_errors() -> Iterator[None]:
    """The kb library's errors (it imports nothing from the app) as UserErrors, same words."""
    # Imported on entry: kb pulls in numpy, and the app's first screen imports this module.
    from kb import KBError

    try:
        yield
    except KBError as exc:
        raise UserError(str(exc)) from exc
