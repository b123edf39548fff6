"""The chat engine: one llama.cpp model, loaded once, streaming tokens with stop and cancel.

Prompts are rendered with the model's own chat template (from the GGUF) and tokenized here, so
the token counts the app shows and budgets with are exactly what llama.cpp then evaluates.
The one door to llama.cpp inference: the training pipeline's export check, teacher and
evaluation use it too, through `open_engine` (uncached; `scoring=True` adds per-token logits).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from echoassist.errors import ModelError
from echoassist.models.registry import ModelEntry, describe_gguf

Message = dict[str, str]


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    time_to_first_token_s: float = 0.0
    total_s: float = 0.0
    stopped_by: str = ""
    """'eos', 'length', 'cancelled' or 'stop'."""

    @property
    def decode_tokens_per_s(self) -> float:
        decode_time = self.total_s - self.time_to_first_token_s
        if self.completion_tokens <= 1 or decode_time <= 0:
            return 0.0
        return (self.completion_tokens - 1) / decode_time


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """llama.cpp prints loader chatter straight to fd 2; keep the user's terminal clean."""
    if os.environ.get("ECHOASSIST_DEBUG"):
        yield
        return
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stderr.flush()
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@dataclass
class Engine:
    model: ModelEntry
    llm: Any
    threads: int
    n_ctx: int
    _formatter: Any = field(default=None, repr=False)
    scoring: bool = False
    """Keeps the logits of every position (token_logprobs); never for the shared chat engine:
    they cost n_ctx x vocabulary floats (2 GB for a 128k vocabulary at 4k context)."""

    @property
    def context_window(self) -> int:
        return self.n_ctx

    def tokenize(self, text: str, *, add_bos: bool = False) -> list[int]:
        """Plain text (special-token markup is not parsed) -> token ids."""
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=False))

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))

    def token_logprobs(self, tokens: list[int]) -> list[float]:
        """log p(tokens[i] | tokens[:i]) for every i >= 1, in one forward pass: perplexity and
        quantization-loss measurements are built from these."""
        import numpy as np

        if not self.scoring:
            raise ModelError("token_logprobs needs an engine opened with open_engine(scoring=True)")
        if not 2 <= len(tokens) <= self.n_ctx:
            raise ModelError(f"token_logprobs takes 2 to {self.n_ctx} tokens, got {len(tokens)}")
        self.llm.reset()
        self.llm.eval(tokens)
        logits = np.asarray(self.llm.scores[: len(tokens) - 1], dtype=np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        picked = log_probs[np.arange(len(tokens) - 1), np.asarray(tokens[1:])]
        return [float(p) for p in picked]

    def close(self) -> None:
        """Free the model now (engines from open_engine; load_engine's are freed at exit)."""
        close = getattr(self.llm, "close", None)
        if close is not None:
            close()

    def render_chat(self, messages: list[Message]) -> list[int]:
        """Chat messages -> prompt tokens through the model's own chat template."""
        if self._formatter is None:
            raise ModelError(
                f"model '{self.model.name}' has no chat template in its GGUF; it is not a chat "
                "model. Register an instruction-tuned GGUF instead."
            )
        rendered = self._formatter(messages=messages)
        return self.llm.tokenize(
            rendered.prompt.encode("utf-8"), add_bos=not rendered.added_special, special=True
        )

    def count_chat_tokens(self, messages: list[Message]) -> int:
        return len(self.render_chat(messages))

    def stream_chat(
        self,
        messages: list[Message],
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
    ) -> Iterator[str]:
        """Yield the answer's text pieces as llama.cpp produces them."""
        stats = stats if stats is not None else GenerationStats()
        prompt = self.render_chat(messages)
        stats.prompt_tokens = len(prompt)
        if len(prompt) + 1 > self.n_ctx:
            raise ModelError(
                f"the prompt needs {len(prompt)} tokens but the context window is {self.n_ctx}"
            )
        max_tokens = min(max_tokens, self.n_ctx - len(prompt))
        started = time.perf_counter()
        kwargs: dict[str, Any] = {}
        if seed is not None:
            kwargs["seed"] = seed
        pieces = self.llm.create_completion(
            prompt=prompt,
            max_tokens=max_tokens,
            temperature=temperature,
            stop=stop or [],
            grammar=grammar,
            stream=True,
            repeat_penalty=repeat_penalty,
            presence_penalty=presence_penalty,
            frequency_penalty=frequency_penalty,
            **kwargs,
        )
        stats.stopped_by = "eos"
        try:
            for piece in pieces:
                if cancel is not None and cancel.is_set():
                    stats.stopped_by = "cancelled"
                    break
                choice = piece["choices"][0]
                text = choice.get("text", "")
                if stats.completion_tokens == 0:
                    stats.time_to_first_token_s = time.perf_counter() - started
                stats.completion_tokens += 1
                if choice.get("finish_reason") == "length":
                    stats.stopped_by = "length"
                elif choice.get("finish_reason") == "stop" and text == "":
                    continue
                if text:
                    yield text
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()
            stats.total_s = time.perf_counter() - started

    def chat(self, messages: list[Message], *, max_tokens: int = 512, temperature: float = 0.2,
             stream: bool = False, **kwargs: Any) -> str | Iterator[str]:
        pieces = self.stream_chat(messages, max_tokens=max_tokens, temperature=temperature,
                                  **kwargs)
        return pieces if stream else "".join(pieces)


def _open_llama(model: ModelEntry, threads: int, n_ctx: int, *, logits_all: bool = False) -> Engine:
    try:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter
    except ImportError as exc:  # pragma: no cover - install.sh builds it
        raise ModelError(
            f"llama-cpp-python is not installed ({exc}); run ./install.sh"
        ) from exc
    try:
        with quiet_stderr():
            llm = Llama(
                model_path=model.path,
                n_ctx=n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                logits_all=logits_all,
                verbose=False,
            )
    except (ValueError, RuntimeError, OSError) as exc:
        raise ModelError(f"llama.cpp could not load {Path(model.path).name}: {exc}") from exc
    formatter = None
    template = llm.metadata.get("tokenizer.chat_template")
    if template:
        eos_id, bos_id = llm.token_eos(), llm.token_bos()
        formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=llm._model.token_get_text(eos_id) if eos_id != -1 else "",
            bos_token=llm._model.token_get_text(bos_id) if bos_id != -1 else "",
            stop_token_ids=[eos_id],
        )
    # llama.cpp pads its context (128 -> 256), but llama-cpp-python's token buffers hold exactly
    # the n_ctx asked for: a prompt longer than that fails inside eval(), so budget with it.
    return Engine(
        model=model,
        llm=llm,
        threads=threads,
        n_ctx=min(llm.n_ctx(), n_ctx),
        _formatter=formatter,
        scoring=logits_all,
    )


_engines: dict[tuple[str, int, int], Engine] = {}
_lock = threading.Lock()


def load_engine(
    model: ModelEntry | Path | str,
    *,
    threads: int | None = None,
    n_ctx: int | None = None,
    max_context: int = 4096,
) -> Engine:
    """Load a model once per process (later calls with the same settings reuse it)."""
    if not isinstance(model, ModelEntry):
        path = Path(model)
        model = describe_gguf(path, name=path.stem, source="path")
    threads = threads or os.cpu_count() or 1
    if n_ctx is None:
        n_ctx = min(model.context_length or max_context, max_context)
    key = (model.path, threads, n_ctx)
    with _lock:
        if key not in _engines:
            _engines[key] = _open_llama(model, threads, n_ctx)
        loaded = _engines[key]
    if loaded.model.name == model.name:
        return loaded
    # The same file under another registered name: share the weights, keep this name's record.
    return replace(loaded, model=model)


def open_engine(
    path: Path, *, threads: int | None = None, n_ctx: int = 2048, scoring: bool = False
) -> Engine:
    """A private engine for one job (evaluating a GGUF, a teacher model): not cached or shared
    with the app's, not hashed; the caller closes it. `scoring` keeps every position's logits."""
    model = describe_gguf(Path(path), name=Path(path).stem, source="path", hash_file=False)
    return _open_llama(model, threads or os.cpu_count() or 1, n_ctx, logits_all=scoring)


@atexit.register
def unload_all() -> None:
    """Free loaded models; also run at exit, before llama.cpp's bindings are torn down (freeing
    a model after that prints a TypeError from inside llama-cpp-python)."""
    with _lock:
        for engine in _engines.values():
            engine.close()
        _engines.clear()
