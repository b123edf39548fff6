"""The chat model, loaded in a background thread so the app is interactive before it is ready."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from echoassist.config import Settings
from echoassist.errors import ModelError, UserError

if TYPE_CHECKING:
    from echoassist.engine import Engine
    from echoassist.models.registry import ModelEntry


@dataclass
class EngineHolder:
    engine: Engine | None = None
    entry: ModelEntry | None = None
    error: UserError | None = None
    _ready: threading.Event = field(default_factory=threading.Event)

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self.engine is not None

    def load(self, settings: Settings) -> Engine:
        """Resolve and load the configured model; blocking, so call it from a worker thread."""
        # Imported here, in the worker: llama.cpp, gguf and numpy load while the UI is live.
        from echoassist.engine import load_engine
        from echoassist.models.registry import resolve_model
        from echoassist.retrieval import start_warming

        self._ready.clear()
        self.engine, self.entry, self.error = None, None, None
        start_warming(settings.kb)  # the first question then finds the embedder loaded
        try:
            self.entry = resolve_model(None, settings.model)
            self.engine = load_engine(self.entry, threads=settings.threads,
                                      max_context=settings.max_context)
            return self.engine
        except UserError as exc:
            self.error = exc
            raise
        finally:
            self._ready.set()

    def wait(self, timeout: float | None = None) -> Engine:
        """The loaded engine, waiting for a load in progress (a question asked early queues)."""
        if not self._ready.wait(timeout):
            raise ModelError("the model is still loading; try again in a moment")
        if self.error is not None:
            raise self.error
        if self.engine is None:
            raise ModelError("no model is loaded; choose one on the Models screen (F3)")
        return self.engine
