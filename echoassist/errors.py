"""Errors a user can act on: the CLI prints their message as one line and exits non-zero."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; str(error) is the whole message, with the fix if known."""

    exit_code = 1


class ModelError(UserError):
    """A model file is missing, corrupt or unusable."""
