"""A served teacher: any OpenAI-compatible endpoint (vLLM, llama.cpp's server, ...).

The `openai` client does the HTTP: a pooled connection per thread-safe client, a per-request
timeout, and retries with exponential backoff and jitter on connection errors, timeouts, 408,
409, 429 and 5xx (honouring Retry-After). What is left here is the request shape and turning
the client's errors into one line a user can act on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from training.errors import TrainingError

if TYPE_CHECKING:
    from openai import OpenAI

API_KEY_ENV = "ECHOASSIST_TEACHER_API_KEY"
"""A server started with --api-key wants it; a dedicated name so a user's OPENAI_API_KEY is
never sent to whatever `data.teacher_url` points at."""


@dataclass(frozen=True)
class ServedSettings:
    url: str
    """The endpoint's base, e.g. http://127.0.0.1:8080/v1."""
    model: str
    """The served model name (vLLM's --served-model-name; llama.cpp's server takes any)."""
    timeout: float = 300.0
    """Seconds per request, each try."""
    retries: int = 5
    """Tries after the first on connection errors, timeouts, 429 and 5xx (backoff 0.5 s to 8 s)."""
    max_tokens: int = 1024
    temperature: float = 0.2


class ServedTeacher:
    """Chat completions constrained to a JSON schema; safe to call from several threads."""

    def __init__(self, settings: ServedSettings, schema: dict[str, Any]) -> None:
        from openai import OpenAI

        self.settings = settings
        self.schema = schema
        self.client: OpenAI = OpenAI(
            base_url=settings.url, api_key=os.environ.get(API_KEY_ENV) or "not-needed",
            timeout=settings.timeout, max_retries=settings.retries)
        # vLLM and llama.cpp's C++ server take OpenAI's `json_schema`; llama-cpp-python's server
        # refuses it (a 500 naming response_format) and takes `json_object` with a `schema`.
        # Until one request has gone through, the style is a guess tried without retries.
        # Threads may race to learn it; they learn the same thing (a plain attribute write).
        self._schema_style = "json_schema"
        self._learned = False

    def complete(self, prompt: str) -> str:
        import openai

        try:
            if self._learned:
                return self._ask(prompt, self._schema_style)
            try:
                reply = self._ask(prompt, self._schema_style, retries=0)
            except openai.APIStatusError as exc:
                if _refuses_json_schema(exc):
                    self._schema_style = "json_object"
                    reply = self._ask(prompt, "json_object")
                else:  # a 429 or 503 that says nothing of the format: now with the retries
                    reply = self._ask(prompt, self._schema_style)
            except openai.APIConnectionError:
                reply = self._ask(prompt, self._schema_style)
            self._learned = True
            return reply
        except openai.APIConnectionError as exc:  # APITimeoutError is one too
            raise self._unreachable(exc) from exc
        except openai.APIStatusError as exc:
            raise self._refused(exc) from exc

    def _ask(self, prompt: str, style: str, retries: int | None = None) -> str:
        if style == "json_schema":
            response_format: Any = {"type": "json_schema",
                                    "json_schema": {"name": "qa", "schema": self.schema}}
        else:
            response_format = {"type": "json_object", "schema": self.schema}
        client = self.client if retries is None else self.client.with_options(
            max_retries=retries)
        reply = client.chat.completions.create(
            model=self.settings.model, messages=[{"role": "user", "content": prompt}],
            temperature=self.settings.temperature, max_tokens=self.settings.max_tokens,
            response_format=response_format)
        try:
            return reply.choices[0].message.content or ""
        except (AttributeError, IndexError, TypeError) as exc:
            raise TrainingError(
                f"the teacher at {self.settings.url} sent a malformed reply: {exc}") from exc

    def _unreachable(self, exc: Exception) -> TrainingError:
        what = "timed out" if "timed out" in str(exc).lower() else "is not reachable"
        return TrainingError(
            f"the teacher at {self.settings.url} {what} after {self.settings.retries + 1} tries "
            f"({type(exc).__name__}); start it (or check data.teacher_url) and rerun: finished "
            "chunks are kept")

    def _refused(self, exc: Exception) -> TrainingError:
        status = getattr(exc, "status_code", "?")
        detail = str(getattr(exc, "message", exc))
        detail = detail if len(detail) <= 200 else detail[:197] + "..."
        return TrainingError(f"the teacher at {self.settings.url} answered {status}: {detail}")

    def close(self) -> None:
        self.client.close()


def _refuses_json_schema(exc: Exception) -> bool:
    text = str(exc)
    return getattr(exc, "status_code", 0) in (400, 422, 500) and (
        "response_format" in text or "json_schema" in text)
