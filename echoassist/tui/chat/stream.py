"""A hand-off between the generation thread and the screen."""

from __future__ import annotations

import threading


class StreamBuffer:
    """Pieces pushed by the generation thread and drained by a UI timer.

    The model never waits for the screen, and the screen re-renders a few times a second
    instead of once per token, which keeps long answers smooth.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pieces: list[str] = []

    def push(self, piece: str) -> None:
        with self._lock:
            self._pieces.append(piece)

    def drain(self) -> str:
        with self._lock:
            text = "".join(self._pieces)
            self._pieces.clear()
        return text
