"""A write that ran out of room, in one line: what could not be written, in which folder, why,
how much it needs and how much is free. The KB's builds and store, the app's write paths
(settings, model registry, history) and training/export.py all word it so:

    disk full: NAME could not be written in FOLDER (CAUSE); it needs about N, M is free there.
    FIX and THEN

It imports nothing but the standard library, so the app can use it before its first frame.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

# A full disk (ENOSPC), a file past the file-size limit or the file system's largest (EFBIG),
# a full quota (EDQUOT): for the user, all mean there is no room for what was being written.
NO_ROOM = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
# A write that failed with less than this free ran into the full disk, whatever it said.
ALMOST_FULL = 64 << 20
_SQLITE_FULL = 13  # "database or disk is full"
_SQLITE_IOERR = 10  # "disk I/O error": SQLite says this when a write fails with EFBIG


def space_text(size: int) -> str:
    """A size as people read it (binary units, as file managers show)."""
    if size >= 1 << 30:
        return f"{size / (1 << 30):.1f} GB"
    if size >= 1 << 20:
        return f"{size / (1 << 20):.0f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):.0f} KB"
    return f"{size} bytes"


def file_size_limit() -> int | None:
    """This process's file-size limit (`ulimit -f`) in bytes, None when there is none."""
    try:
        import resource
    except ImportError:  # Windows has no per-process file-size limit
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else soft


def free_space(folder: Path) -> int:
    """Bytes free for this user on the file system that holds `folder` (or its nearest parent)."""
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return 0


def no_room_errno(exc: BaseException, folder: Path | None = None, needed: int = 0) -> int | None:
    """ENOSPC, EFBIG or EDQUOT when `exc` (or what caused it) is a write that ran out of room.

    OSErrors carry the code; SQLite says "database or disk is full" for ENOSPC but only "disk
    I/O error" for EFBIG, so that one counts when a file-size limit is set or `folder` is
    (almost) full; native libraries' messages end in "(os error N)".
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in NO_ROOM:
            return current.errno
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF == _SQLITE_FULL:
            return errno.ENOSPC
        if isinstance(code, int) and code & 0xFF == _SQLITE_IOERR:
            if file_size_limit() is not None:
                return errno.EFBIG
            if folder is not None and free_space(folder) < max(needed, ALMOST_FULL):
                return errno.ENOSPC
        text = str(current)
        for number in NO_ROOM:
            if f"(os error {number})" in text:
                return number
        current = current.__cause__ or current.__context__
    return None


def evidently_no_room(folder: Path, needed: int, written: int = 0) -> bool:
    """Whether the file-size limit or the free space shows that a file could not fit."""
    limit = file_size_limit()
    if limit is not None and written >= limit:
        return True
    free = free_space(folder)
    return free < max(needed - written, 0) or free < ALMOST_FULL


def disk_full_message(
    name: str, folder: Path, needed: int, then: str, *, code: int | None = None, written: int = 0
) -> str:
    """The one line for `name` that could not be written in `folder`.

    `code` is the errno of the failed write when known; without it the cause is read from the
    file-size limit (`written` bytes already in the file) and the free space.
    """
    free = free_space(folder)
    limit = file_size_limit()
    fix = "Free space"
    if limit is not None and (code == errno.EFBIG or (code is None and written >= limit)):
        cause = f"file too large: the file-size limit (ulimit -f) of {space_text(limit)} was hit"
        fix = "Raise the limit or free space"
    elif code == errno.EFBIG:
        cause = "file too large for the file system"
    elif code == errno.EDQUOT:
        cause = "disk quota exceeded"
    elif code == errno.ENOSPC or free < max(needed - written, 0) or free < ALMOST_FULL:
        cause = "no space left on the device"
    else:
        cause = "the system refused the write"
    return (
        f"disk full: {name} could not be written in {folder} ({cause}); it needs about "
        f"{space_text(int(needed))}, {space_text(free)} is free there. {fix} and {then}"
    )
