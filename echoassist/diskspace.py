"""The app's full disk: the one-line wording is kb.diskspace's (the KB words its own alike);
here it becomes a UserError, which the CLI and the TUI show as that line."""

from __future__ import annotations

from echoassist.errors import UserError
from kb.diskspace import (
    ALMOST_FULL,
    NO_ROOM,
    disk_full_message,
    evidently_no_room,
    file_size_limit,
    free_space,
    no_room_errno,
    space_text,
)

__all__ = [
    "ALMOST_FULL",
    "NO_ROOM",
    "DiskFullError",
    "disk_full_message",
    "evidently_no_room",
    "file_size_limit",
    "free_space",
    "no_room_errno",
    "space_text",
]


class DiskFullError(UserError):
    """There was no room for a file; str(error) is the one line that says so."""
