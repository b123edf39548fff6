"""Where EchoAssist keeps its files on a user's machine.

Everything lives under the platform's user directories; ECHOASSIST_HOME moves all of it to one
folder (tests use this so that they never touch the real home directory).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "echoassist"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def registry_file(self) -> Path:
        return self.data_dir / "models.json"

    @property
    def kb_root(self) -> Path:
        return self.data_dir / "kb"

    @property
    def history_file(self) -> Path:
        return self.data_dir / "history.sqlite3"

    def kb_dir(self, name: str) -> Path:
        return self.kb_root / name


def app_paths() -> AppPaths:
    home = os.environ.get("ECHOASSIST_HOME")
    if home:
        root = Path(home).expanduser()
        return AppPaths(root / "config", root / "data", root / "cache")
    return AppPaths(
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
