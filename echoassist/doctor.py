"""What is installed, where files live, and what is missing, with the command that fixes it."""

from __future__ import annotations

import importlib.metadata
import platform
from dataclasses import dataclass
from pathlib import Path

from echoassist.config import ConfigError, load_settings
from echoassist.errors import ModelError
from echoassist.models.builtin import DEFAULT_BUILTIN
from echoassist.models.registry import resolve_model
from echoassist.paths import AppPaths, app_paths
from echoassist.private import make_private, wider_than_private


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _modes(found: list[tuple[Path, int]], paths: AppPaths) -> str:
    names = {paths.config_dir: "config folder", paths.data_dir: "data folder"}
    return ", ".join(f"{names.get(path, path.name)} ({mode:04o})" for path, mode in found)


def check_private(paths: AppPaths) -> Check:
    """Settings, registry, history and data folder must be the user's alone; wider ones are
    made private now, and said (others may have read them until now)."""
    found = wider_than_private(paths)
    if not found:
        return Check("private files", True, "settings, models.json, history and data folder: "
                     "yours alone (files 0600, folders 0700)")
    make_private(paths)
    left = wider_than_private(paths)
    if left:
        return Check("private files", False,
                     f"readable by other users: {_modes(left, paths)}",
                     "chmod 600 the files and 700 the folders (they are not yours to change?)")
    return Check("private files", False,
                 f"were readable by other users until now: {_modes(found, paths)}; "
                 "made private now (files 0600, folders 0700)")


def run_checks() -> list[Check]:
    paths = app_paths()
    checks = [Check("python", True, platform.python_version())]
    for package in ("llama-cpp-python", "lancedb", "fastembed", "textual", "pypdf"):
        version = _version(package)
        checks.append(Check(package, version is not None, version or "not installed",
                            "" if version else "run ./install.sh"))
    # Before the settings are loaded: loading them makes these files private without a word.
    checks.append(check_private(paths))
    try:
        settings = load_settings(paths)
        checks.append(Check("config", True, str(paths.config_file)))
    except ConfigError as exc:
        checks.append(Check("config", False, str(exc), f"fix or delete {paths.config_file}"))
        return checks
    try:
        model = resolve_model(None, settings.model)
        checks.append(Check("model", True, f"{model.name}: {model.path}"))
    except ModelError as exc:
        checks.append(Check("model", False, str(exc),
                            f"echoassist models use {DEFAULT_BUILTIN}"))
    from echoassist.retrieval import describe_kb

    kb_ok, kb_detail = describe_kb(settings.kb)
    checks.append(Check("knowledge base", kb_ok, kb_detail,
                        "" if kb_ok else "echoassist kb build kb/corpus --kb starter"))
    checks.append(Check("data dir", True, str(paths.data_dir)))
    history_state = "on" if settings.history else "off"
    checks.append(Check("history", True, f"{history_state}: {paths.history_file}"))
    return checks
