"""Add the exported GGUF to the app's model registry under the recipe's name."""

from __future__ import annotations

from pathlib import Path

from training.errors import TrainingError
from training.export import read_manifest


def register_export(export_dir: Path, name: str) -> dict[str, object]:
    """Only a complete export is registered, and only if the file is the one the manifest hashed."""
    from echoassist.models.registry import Registry

    manifest = read_manifest(export_dir)
    if manifest is None:
        raise TrainingError(
            f"no complete export in {export_dir} (manifest missing or files changed); "
            "rerun the export step"
        )
    primary = str(manifest["primary"])
    expected = next(f for f in manifest["files"] if f["file"] == primary)
    entry = Registry().add(export_dir / primary, name, source=f"training:{name}", replace=True)
    if entry.sha256 != expected["sha256"]:
        Registry().remove(name)
        raise TrainingError(f"{primary} changed after export (sha256 differs); rerun the export")
    return {"name": entry.name, "path": entry.path, "sha256": entry.sha256,
            "quantization": entry.quantization, "size_bytes": entry.size_bytes}
