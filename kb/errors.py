"""Errors the kb library raises; str(error) is one line a user can act on."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path


class KBError(Exception):
    """Base class: a knowledge-base problem with a message that says what to do."""


class KBNotFoundError(KBError):
    """The folder holds no published knowledge base yet."""


class EmbedderMismatchError(KBError):
    """The KB was built with another embedding model than the one given to open it."""


class KBBusyError(KBError):
    """Another build holds the KB's lock."""


class ExtractorUnavailableError(KBError):
    """The requested extractor backend is not installed or lacks its models."""


class DocumentNotFoundError(KBError):
    """No document in the KB matches what the user named."""


class KBDiskFullError(KBError):
    """A write of the KB ran out of room; what was published before is intact."""


# The app words a full disk the same way (echoassist/diskspace.py); kb imports nothing from it.
_NO_ROOM = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def no_room_errno(exc: BaseException) -> int | None:
    """ENOSPC, EFBIG or EDQUOT when `exc` or its cause is a write that ran out of room (Lance
    reports them as RuntimeError text ending in "(os error N)")."""
    current: BaseException | None = exc
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _NO_ROOM:
            return current.errno
        for number in _NO_ROOM:
            if f"(os error {number})" in str(current):
                return number
        current = current.__cause__ or current.__context__
    return None


def space_text(size: int) -> str:
    for unit, shift in (("GB", 30), ("MB", 20), ("KB", 10)):
        if size >= 1 << shift:
            return f"{size / (1 << shift):.{1 if unit == 'GB' else 0}f} {unit}"
    return f"{size} bytes"


def disk_full_message(name: str, folder: Path, needed: int, then: str, code: int) -> str:
    """`disk full: NAME could not be written in FOLDER (CAUSE); it needs about N, M is free
    there. FIX and THEN`: one line, the folder and the space named."""
    free = 0
    for candidate in (folder, *folder.parents):
        try:
            free = shutil.disk_usage(candidate).free
            break
        except OSError:
            continue
    limit = None
    if code == errno.EFBIG:
        try:
            import resource

            soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
            limit = None if soft == resource.RLIM_INFINITY else soft
        except ImportError:  # Windows: no per-process file-size limit
            pass
    fix = "Free space"
    if limit is not None:
        cause = f"file too large: the file-size limit (ulimit -f) of {space_text(limit)} was hit"
        fix = "Raise the limit or free space"
    elif code == errno.EFBIG:
        cause = "file too large for the file system"
    elif code == errno.EDQUOT:
        cause = "disk quota exceeded"
    else:
        cause = "no space left on the device"
    return (
        f"disk full: {name} could not be written in {folder} ({cause}); it needs about "
        f"{space_text(needed)}, {space_text(free)} is free there. {fix} and {then}"
    )
