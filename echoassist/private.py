"""Files only the user may read: settings, the model registry, the history and the data folder.

They are created private (files 0600, folders 0700, with no moment in which they are wider) and
put back to private whenever the app finds them wider (`make_private`, run when settings are
loaded; `echoassist doctor` says what it had to fix). Writes replace the file atomically through
a private temporary file that is removed when the write fails; a full disk is one line
(echoassist.diskspace).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from echoassist.diskspace import DiskFullError, disk_full_message, no_room_errno
from echoassist.paths import AppPaths

FILE_MODE = 0o600
DIR_MODE = 0o700
_OTHERS = 0o077  # group and other bits


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def tighten(path: Path) -> int | None:
    """Drop group and other permissions from `path`; the mode it had when that was needed."""
    mode = _mode(path)
    if mode is None or not mode & _OTHERS:
        return None
    os.chmod(path, mode & ~_OTHERS)
    return mode


def ensure_private_dir(path: Path) -> None:
    """Create `path` (and missing parents) for the user alone, or make an existing one private."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tighten(path)


def private_paths(paths: AppPaths) -> list[Path]:
    """What must be the user's alone: the two folders and the files with their choices and
    history. (KB folders and model files live inside the data folder.)"""
    return [paths.config_dir, paths.config_file, paths.data_dir, paths.registry_file,
            paths.history_file]


def wider_than_private(paths: AppPaths) -> list[tuple[Path, int]]:
    """Those of `private_paths` that others may read or enter now, with their modes."""
    found = []
    for path in private_paths(paths):
        mode = _mode(path)
        if mode is not None and mode & _OTHERS:
            found.append((path, mode))
    return found


def make_private(paths: AppPaths) -> list[tuple[Path, int]]:
    """Put every one of `private_paths` back to private; returns what was wider, and how."""
    fixed = []
    for path in private_paths(paths):
        try:
            before = tighten(path)
        except OSError:  # not ours to change (a shared ECHOASSIST_HOME): doctor still says so
            continue
        if before is not None:
            fixed.append((path, before))
    return fixed


def write_private(path: Path, text: str, *, then: str) -> None:
    """Replace `path` with `text` atomically, readable by the user alone.

    A write that runs out of room raises DiskFullError (`then` ends its line) and leaves
    neither a temporary file nor a changed `path`.
    """
    ensure_private_dir(path.parent)
    data = text.encode("utf-8")
    tmp = path.with_name(path.name + ".tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        fd = os.open(tmp, flags, FILE_MODE)
        try:
            if hasattr(os, "fchmod"):  # a stale .tmp from a crash keeps its old mode otherwise
                os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)  # a file system that allocates late reports a full disk only now
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        code = no_room_errno(exc)
        if code is None:
            raise
        raise DiskFullError(
            disk_full_message(path.name, path.parent, len(data), then, code=code)
        ) from exc
