"""Adapter from the kb library to the chat layer's Retriever protocol."""

from __future__ import annotations

from echoassist.rag import Retriever


def open_retriever(kb: str) -> Retriever | None:
    """The named or given knowledge base, or None when none has been built yet."""
    return None


def describe_kb(kb: str) -> tuple[bool, str]:
    """(usable, one line) for `echoassist doctor`."""
    return False, f"knowledge base '{kb}' not built"
