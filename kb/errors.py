"""Errors the kb library raises; str(error) is one line a user can act on."""

from __future__ import annotations


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
