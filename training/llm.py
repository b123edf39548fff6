"""The pipeline's only door to llama.cpp inference (export check, teacher, evaluation).

Kept tiny on purpose: when the app's engine grows what evaluation needs (per-token logits),
this module switches to it without touching its callers.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from echoassist.engine.llama import quiet_stderr  # one place silences llama.cpp's loader
from training.errors import TrainingError


def open_gguf(path: Path, *, n_ctx: int = 2048, threads: int = 0,
              logits_all: bool = False) -> Any:
    from llama_cpp import Llama

    try:
        with quiet_stderr():
            return Llama(str(path), n_ctx=n_ctx, n_threads=threads or None,
                         n_threads_batch=threads or None, logits_all=logits_all, verbose=False)
    except (ValueError, RuntimeError) as exc:
        raise TrainingError(f"llama.cpp cannot load {path}: {exc}") from exc


def chat(llm: Any, messages: list[dict[str, str]], *, max_tokens: int,
         temperature: float = 0.0, **extra: Any) -> str:
    """Greedy by default so evaluation numbers repeat run to run."""
    out = llm.create_chat_completion(messages=messages, max_tokens=max_tokens,
                                     temperature=temperature, seed=0, **extra)
    return out["choices"][0]["message"]["content"] or ""


def perplexity(llm: Any, texts: list[str], *, window: int = 512) -> float:
    """exp(mean negative log-likelihood) over all tokens after the first of each window."""
    import numpy as np

    nll, count = 0.0, 0
    for text in texts:
        tokens = llm.tokenize(text.encode("utf-8"), add_bos=True)
        for start in range(0, len(tokens) - 1, window):
            chunk = tokens[start:start + window]
            if len(chunk) < 2:
                continue
            llm.reset()
            llm.eval(chunk)
            logits = np.asarray(llm.scores[: len(chunk) - 1], dtype=np.float64)
            logits -= logits.max(axis=1, keepdims=True)
            log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
            targets = np.asarray(chunk[1:])
            nll -= float(log_probs[np.arange(len(targets)), targets].sum())
            count += len(targets)
    if count == 0:
        raise TrainingError("no text to measure perplexity on")
    return math.exp(nll / count)
