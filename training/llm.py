"""The pipeline's llama.cpp inference goes through the app's engine (echoassist.engine).

The export check, the GGUF teacher and evaluation chat the way the app does (the GGUF's own chat
template, the same tokenizer calls), so the numbers describe what users run; perplexity uses
the engine's per-token log-probabilities. Engines here are private to one job and closed after.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from echoassist.engine import Engine, GenerationStats, open_engine
from training.errors import TrainingError

PERPLEXITY_WINDOW = 512
"""Tokens scored per forward pass; also the scoring engine's context (its logits take
window x vocabulary floats)."""


@contextmanager
def opened(path: Path, *, n_ctx: int = 2048, threads: int = 0,
           scoring: bool = False) -> Iterator[Engine]:
    """An engine on `path` for the length of a `with` block; threads 0 = all cores."""
    engine = open_engine(path, threads=threads or None, n_ctx=n_ctx, scoring=scoring)
    try:
        yield engine
    finally:
        engine.close()


def chat(engine: Engine, messages: list[dict[str, str]], *, max_tokens: int,
         temperature: float = 0.0, grammar: Any = None,
         stats: GenerationStats | None = None) -> str:
    """Greedy by default so evaluation numbers repeat run to run."""
    return "".join(engine.stream_chat(messages, max_tokens=max_tokens, temperature=temperature,
                                      grammar=grammar, stats=stats, seed=0))


def perplexity(engine: Engine, texts: list[str], *, window: int = PERPLEXITY_WINDOW) -> float:
    """exp(mean negative log-likelihood) over all tokens after the first of each window."""
    nll, count = 0.0, 0
    for text in texts:
        tokens = engine.tokenize(text, add_bos=True)
        for start in range(0, len(tokens) - 1, window):
            chunk = tokens[start:start + window]
            if len(chunk) < 2:
                continue
            log_probs = engine.token_logprobs(chunk)
            nll -= sum(log_probs)
            count += len(log_probs)
    if count == 0:
        raise TrainingError("no text to measure perplexity on")
    return math.exp(nll / count)
