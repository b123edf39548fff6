"""What the answer layer needs from a chat model and a retriever, and nothing more.

echoassist.engine.Engine (llama.cpp) is the real chat model; tests of the budget, evidence and
verification pass a small scripted model instead and run in milliseconds. Acceptance tests use
the real one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from echoassist.answer.records import Source
    from echoassist.engine import GenerationStats


class ModelInfo(Protocol):
    name: str
    sha256: str
    quantization: str
    path: str


class ChatModel(Protocol):
    model: Any  # ModelInfo: name, sha256, quantization, path

    @property
    def context_window(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def count_chat_tokens(self, messages: list[dict[str, str]]) -> int: ...

    def stream_chat(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: list[str] | None = None,
        grammar: Any = None,
        cancel: threading.Event | None = None,
        stats: GenerationStats | None = None,
        seed: int | None = None,
        repeat_penalty: float = 1.0,
        presence_penalty: float = 0.0,
        frequency_penalty: float = 0.0,
    ) -> Iterator[str]: ...


class Retriever(Protocol):
    name: str

    @property
    def version(self) -> str:
        """The knowledge base's published version, recorded with every answer."""

    def retrieve(self, question: str, k: int) -> tuple[list[Source], float]:
        """Top-k chunks (n from 1) and the best one's cosine similarity (0..1)."""

    def embed_texts(self, texts: list[str]) -> np.ndarray | None:
        """Unit-length rows from the KB's embedder, to rank evidence sentences (None: lexical)."""

    def is_common_word(self, word: str) -> bool:
        """True for an everyday English word (see echoassist.answer.evidence._drop_filler)."""
