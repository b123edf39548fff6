"""Errors the pipeline raises for problems a user can fix; the CLI prints them as one line."""

from __future__ import annotations

from echoassist.errors import UserError


class TrainingError(UserError):
    """A pipeline step cannot go on; the message says what to change."""


class RecipeError(TrainingError):
    """A recipe file is malformed; the message names the file and the field."""
