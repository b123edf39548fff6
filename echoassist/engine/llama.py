"""The chat engine: one llama.cpp model, loaded once, streaming tokens with stop and cancel.

Prompts are rendered with the model's own chat template (from the GGUF) and tokenized here, so
the token counts the app shows and budgets with are exactly what llama.cpp then evaluates.
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

    @property
    def context_window(self) -> int:
        return self.n_ctx

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

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


def _open_llama(model: ModelEntry, threads: int, n_ctx: int) -> Engine:
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
    return Engine(model=model, llm=llm, threads=threads, n_ctx=llm.n_ctx(), _formatter=formatter)


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


@atexit.register
def unload_all() -> None:
    """Free loaded models; also run at exit, before llama.cpp's bindings are torn down (freeing
    a model after that prints a TypeError from inside llama-cpp-python)."""
    with _lock:
        for engine in _engines.values():
            close = getattr(engine.llm, "close", None)
            if close is not None:
                close()
        _engines.clear()
