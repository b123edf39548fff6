"""User settings, stored as TOML in the config dir. Every field documents itself.

The file holds only what the user set: a default is never written into it, so a later version's
or another machine's default (threads) applies wherever the user chose nothing. It is private to
the user (0600, in a 0700 folder; see echoassist.private).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import tomli_w

from echoassist.paths import AppPaths, app_paths
from echoassist.private import make_private, write_private


class ConfigError(ValueError):
    """The config file exists but cannot be used; the message says which field and why."""


def default_threads() -> int:
    """Half the logical CPUs we may run on (about the physical cores), at least one.

    llama.cpp's threads spin while they wait for each other: measured on a 2-CPU machine with
    other work running, 2 threads decoded 4.7 tok/s where 1 thread decoded 36. Leaving CPUs
    free for the UI and the OS costs little when idle and saves the worst case.
    """
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        available = os.cpu_count() or 1
    return max(1, available // 2)


@dataclass
class Settings:
    model: str = ""
    """Name of the registered chat model to use ('' = the built-in default)."""
    threads: int = field(default_factory=default_threads)
    """CPU threads for llama.cpp generation."""
    max_context: int = 4096
    """Upper bound on the context window, whatever the model supports (memory grows with it)."""
    max_answer_tokens: int = 512
    """Longest answer the model may write."""
    temperature: float = 0.2
    """Sampling temperature; low keeps answers close to the sources."""
    kb: str = "starter"
    """Knowledge base to search: a name under the data dir, or a path."""
    top_k: int = 5
    """Sources given to the model per question."""
    min_relevance: float = 0.0
    """Retrieval score below which a source does not count as support (0 = the KB's default)."""
    citations: str = "attribute"
    """How answers get citations: 'attribute' (free text, each sentence matched to the source
    that supports it) or 'grammar' (JSON output constrained so every sentence names a source)."""
    history: bool = True
    """Keep a private history of questions and reports (file mode 0600)."""
    theme: str = "textual-dark"
    """TUI theme."""


def _coerce(name: str, value: object, expected: type) -> object:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(f"setting '{name}' must be {expected.__name__}, got {value!r}")
    return value


def _stored(paths: AppPaths) -> dict[str, object]:
    """What the settings file holds (an empty dict when there is none)."""
    if not paths.config_file.exists():
        return {}
    try:
        return tomllib.loads(paths.config_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{paths.config_file} is not valid TOML: {exc}") from exc


def load_settings(paths: AppPaths | None = None) -> Settings:
    paths = paths or app_paths()
    # Settings are read on every start (CLI and app): the moment to find files others can read.
    make_private(paths)
    settings = Settings()
    if not paths.config_file.exists():
        return settings
    raw = _stored(paths)
    known = {f.name: f for f in fields(Settings)}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{paths.config_file}: unknown setting '{key}'")
        default = getattr(settings, key)
        setattr(settings, key, _coerce(key, value, type(default)))
    try:
        validate(settings)
    except ConfigError as exc:
        raise ConfigError(f"{paths.config_file}: {exc}") from exc
    return settings


CITATION_MODES = ("attribute", "grammar")


def validate(settings: Settings) -> None:
    if settings.citations not in CITATION_MODES:
        raise ConfigError(f"setting 'citations' must be one of {', '.join(CITATION_MODES)}")
    if settings.threads < 1 or settings.top_k < 1 or settings.max_answer_tokens < 1:
        raise ConfigError("settings 'threads', 'top_k' and 'max_answer_tokens' must be >= 1")


_UNCHANGED = "try again: the settings are unchanged"


def _write(stored: dict[str, object], paths: AppPaths) -> Path:
    write_private(paths.config_file, tomli_w.dumps(stored), then=_UNCHANGED)
    return paths.config_file


def save_settings(settings: Settings, paths: AppPaths | None = None) -> Path:
    """Write the settings that differ from the defaults (and nothing else)."""
    defaults = asdict(Settings())
    return _write({k: v for k, v in asdict(settings).items() if v != defaults[k]},
                  paths or app_paths())


def update_setting(key: str, value: object, paths: AppPaths | None = None) -> Settings:
    """Change one setting; the file keeps what the user set before, and drops a setting put back
    to its default."""
    paths = paths or app_paths()
    settings = load_settings(paths)
    known = {f.name for f in fields(Settings)}
    if key not in known:
        raise ConfigError(f"unknown setting '{key}'")
    new = _coerce(key, value, type(getattr(settings, key)))
    setattr(settings, key, new)
    validate(settings)
    stored = _stored(paths)
    if new == getattr(Settings(), key):
        stored.pop(key, None)
    else:
        stored[key] = new
    _write(stored, paths)
    return settings
