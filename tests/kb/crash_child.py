"""Run a build that SIGKILLs itself at a chosen point (used by test_crash.py).

python -m tests.kb.crash_child KB_DIR DOCS_DIR POINT
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from kb import KnowledgeBase
from kb import store as store_mod
from tests.kb.fakes import HashEmbedder


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def kill_on_call(owner: object, name: str, nth: int, after: bool = False) -> None:
    """Make owner.name SIGKILL the process on its nth call (before or after it runs)."""
    original = getattr(owner, name)
    calls = {"n": 0}

    def wrapper(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == nth and not after:
            die()
        result = original(*args, **kwargs)
        if calls["n"] == nth and after:
            die()
        return result

    setattr(owner, name, wrapper)


def main(root: str, docs: str, point: str) -> None:
    embedder = HashEmbedder()
    checkpoint = 10_000
    if point == "mid_embedding":
        kill_on_call(embedder, "embed_documents", 2)
    elif point == "after_rows_written":
        kill_on_call(store_mod.Writer, "replace", 1, after=True)
    elif point == "before_manifest_swap":
        kill_on_call(store_mod.os, "replace", 1)
    elif point == "after_first_publish":
        kill_on_call(store_mod, "write_manifest", 2)
    elif point == "second_checkpoint":
        checkpoint = 1
        kill_on_call(store_mod.Writer, "replace", 2, after=True)
    else:
        raise SystemExit(f"unknown point {point}")
    KnowledgeBase(Path(root), embedder=embedder).build([Path(docs)], checkpoint_chunks=checkpoint)
    raise SystemExit("the build finished without being killed")


if __name__ == "__main__":
    main(*sys.argv[1:])
