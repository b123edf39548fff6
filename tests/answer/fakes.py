"""A scripted chat model and a fixed retriever: the answer layer's logic without llama.cpp.

The scripted model answers with the text it is given, piece by piece, and counts tokens as words;
acceptance tests use the real built-in model (tests/answer/test_real_model.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from echoassist.answer.records import Source


@dataclass
class ModelInfo:
    name: str = "scripted"
    sha256: str = "0" * 64
    quantization: str = "none"
    path: str = "scripted.gguf"


@dataclass
class ScriptedModel:
    reply: str = ""
    context_window: int = 2048
    model: ModelInfo = field(default_factory=ModelInfo)
    calls: list[list[dict[str, str]]] = field(default_factory=list)
    pieces_sent: int = 0

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def count_chat_tokens(self, messages: list[dict[str, str]]) -> int:
        return sum(self.count_tokens(m["content"]) + 4 for m in messages)

    def stream_chat(self, messages: list[dict[str, str]], **kwargs: Any) -> Iterator[str]:
        self.calls.append(messages)
        stats = kwargs.get("stats")
        if stats is not None:
            stats.stopped_by = "eos"
        for word in self.reply.split(" "):
            self.pieces_sent += 1
            yield word + " "


class FixedRetriever:
    """Returns the given chunks; lexical evidence ranking (no embedder)."""

    name, version = "fixture", "1"

    def __init__(self, sources: list[Source], relevance: float = 0.9) -> None:
        self.sources, self.relevance = sources, relevance

    def retrieve(self, question: str, k: int) -> tuple[list[Source], float]:
        return self.sources[:k], self.relevance

    def embed_texts(self, texts: list[str]) -> None:
        return None

    def is_common_word(self, word: str) -> bool:
        return word in {"quick", "someone", "dose", "many"}


def make_sources(*chunks: tuple[str, str]) -> list[Source]:
    """(section, text) pairs -> numbered sources of one note."""
    return [Source(n=i, doc="note.md", title="Test note", page=None, text=text, score=1.0 / i,
                   section=section)
            for i, (section, text) in enumerate(chunks, start=1)]
