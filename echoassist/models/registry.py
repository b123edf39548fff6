"""The model registry: a JSON file in the data dir naming each usable GGUF and its facts.

Facts come from the GGUF's own header and a sha256 taken when the model is added, so listing is
instant and `verify` can tell when a file changed or rotted on disk.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from echoassist.diskspace import DiskFullError
from echoassist.errors import ModelError
from echoassist.models.builtin import BUILTIN_MODELS, builtin_model, builtin_path
from echoassist.models.gguf_header import GGUFFormatError, read_header
from echoassist.paths import AppPaths, app_paths
from echoassist.private import write_private

_HASH_CHUNK = 8 * 1024 * 1024


@dataclass
class ModelEntry:
    name: str
    path: str
    sha256: str
    size_bytes: int
    architecture: str
    quantization: str
    context_length: int
    has_chat_template: bool
    source: str
    """'builtin', 'user', or 'training:<recipe>'."""
    added_at: float

    @property
    def file(self) -> Path:
        return Path(self.path)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe_gguf(
    path: Path, *, name: str, source: str, sha256: str | None = None, hash_file: bool = True
) -> ModelEntry:
    """Validate a GGUF file and collect its facts; raises ModelError with a one-line reason.

    `hash_file=False` leaves sha256 empty: for a file opened for one job and never registered
    (hashing a 5 GB GGUF takes many seconds)."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    try:
        header = read_header(path)
    except GGUFFormatError as exc:
        raise ModelError(f"{path.name} is not a usable GGUF model: {exc}") from exc
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if header.is_truncated:
        raise ModelError(
            f"{path.name} is truncated ({header.file_size:,} of {header.expected_size:,} bytes);"
            " copy or download it again"
        )
    return ModelEntry(
        name=name,
        path=str(path),
        sha256=sha256 or (sha256_file(path) if hash_file else ""),
        size_bytes=header.file_size,
        architecture=header.architecture,
        quantization=header.quantization,
        context_length=header.context_length,
        has_chat_template=header.chat_template is not None,
        source=source,
        added_at=time.time(),
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or "model"


class Registry:
    def __init__(self, paths: AppPaths | None = None) -> None:
        self.paths = paths or app_paths()

    def _load(self) -> dict[str, ModelEntry]:
        file = self.paths.registry_file
        if not file.exists():
            return {}
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
            return {name: ModelEntry(**entry) for name, entry in raw["models"].items()}
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"the model registry {file} is damaged ({exc}); move it aside and re-add models"
            ) from exc

    def _save(self, models: dict[str, ModelEntry]) -> None:
        payload = {"models": {name: asdict(entry) for name, entry in sorted(models.items())}}
        # Atomic (a crash never leaves half a registry), private, one line on a full disk.
        write_private(self.paths.registry_file, json.dumps(payload, indent=2),
                      then="try again: the model registry is unchanged")

    def list(self) -> list[ModelEntry]:
        return list(self._load().values())

    def get(self, name: str) -> ModelEntry:
        models = self._load()
        builtin = builtin_model(name)
        if name in models:
            entry = models[name]
            if entry.source == "builtin" and builtin is not None:
                # A reinstalled or moved virtual environment puts the package's file elsewhere.
                current = builtin_path(builtin)
                if current is not None and str(current.resolve()) != entry.path:
                    return self.register_builtin(name, must_save=False)
            return entry
        if builtin is not None:
            return self.register_builtin(name, must_save=False)
        known = ", ".join(sorted(models)) or "none"
        raise ModelError(
            f"no model named '{name}' (registered: {known}); see `echoassist models list`"
        )

    def add(
        self, path: Path, name: str | None = None, *, source: str = "user", replace: bool = False
    ) -> ModelEntry:
        models = self._load()
        name = name or _slug(Path(path).stem)
        if name in models and not replace:
            raise ModelError(
                f"a model named '{name}' is already registered; pass --name or remove it"
            )
        entry = describe_gguf(Path(path), name=name, source=source)
        models[name] = entry
        self._save(models)
        return entry

    def register_builtin(self, name: str, *, must_save: bool = True) -> ModelEntry:
        """Record a built-in model's facts. Without `must_save`, a registry that cannot be
        written (a full disk) is no reason to refuse the model: its facts are checked each time
        until they are saved."""
        builtin = builtin_model(name)
        if builtin is None:
            raise ModelError(f"'{name}' is not a built-in model")
        path = builtin_path(builtin)
        if path is None:
            raise ModelError(
                f"the built-in model '{name}' is not installed (PyPI package for "
                f"'{builtin.package}'); run ./install.sh"
            )
        entry = describe_gguf(path, name=name, source="builtin")
        if entry.sha256 != builtin.sha256:
            raise ModelError(
                f"the built-in model file {path} does not match its known sha256; reinstall it"
            )
        models = self._load()
        models[name] = entry
        try:
            self._save(models)
        except DiskFullError:
            if must_save:
                raise
        return entry

    def remove(self, name: str) -> ModelEntry:
        models = self._load()
        if name not in models:
            raise ModelError(f"no model named '{name}'")
        entry = models.pop(name)
        self._save(models)
        return entry

    def check(self, name: str) -> ModelEntry:
        """The entry, once its file is still there, whole and of the size recorded (quick: the
        header and the size; `verify` re-hashes)."""
        entry = self.get(name)
        if not entry.file.is_file():
            raise ModelError(f"model '{name}' points to a missing file: {entry.path}")
        describe_gguf(entry.file, name=name, source=entry.source, hash_file=False)  # truncated?
        size = entry.file.stat().st_size
        if size != entry.size_bytes:
            raise ModelError(
                f"{entry.file.name} has changed since it was added ({size:,} bytes, "
                f"{entry.size_bytes:,} recorded); copy it again, or `echoassist models add` it anew"
            )
        return entry

    def verify(self, name: str) -> tuple[ModelEntry, bool]:
        """Re-hash the file; True when it still matches what was recorded."""
        entry = self.get(name)
        if not entry.file.is_file():
            raise ModelError(f"model '{name}' points to a missing file: {entry.path}")
        return entry, sha256_file(entry.file) == entry.sha256


def resolve_model(
    name_or_path: str | None, default: str = "", paths: AppPaths | None = None
) -> ModelEntry:
    """The model to run: a registered name, a GGUF path, or the configured/built-in default."""
    registry = Registry(paths)
    choice = name_or_path or default or BUILTIN_MODELS[0].name
    candidate = Path(choice).expanduser()
    if candidate.suffix == ".gguf" or candidate.is_file():
        return describe_gguf(candidate, name=candidate.stem, source="path")
    return registry.get(choice)


def add_model(
    path: Path, name: str | None = None, *, source: str = "user", replace: bool = False
) -> ModelEntry:
    """Register a GGUF in the user's registry (used by `models add` and the training pipeline)."""
    return Registry().add(path, name, source=source, replace=replace)


def list_models() -> list[ModelEntry]:
    return Registry().list()


def get_model(name: str) -> ModelEntry:
    return Registry().get(name)
