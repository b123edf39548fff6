"""Where the base weights come from: a local checkpoint, a GGUF dequantized once, or a hub id.

A GGUF loaded by transformers is neither trainable nor saveable, so `prepare_base` rebuilds the
model from its config as a plain float32 checkpoint and caches it in the work dir.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from training.errors import TrainingError
from training.recipe import Recipe

PREPARED_MARKER = ".prepared"


def base_gguf_path(spec: str, recipe: Recipe) -> Path:
    """`builtin:NAME` (a GGUF shipped in a PyPI package) or a path."""
    if spec.startswith("builtin:"):
        from echoassist.models.builtin import builtin_model, builtin_path

        name = spec.removeprefix("builtin:")
        model = builtin_model(name)
        path = builtin_path(model) if model else None
        if path is None:
            raise TrainingError(
                f"base.gguf: built-in model '{name}' is not installed; run ./install.sh"
            )
        return path
    path = recipe.resolve(spec)
    if not path.is_file():
        raise TrainingError(f"base.gguf: file not found: {path}")
    return path


def resolve_base(recipe: Recipe, work_dir: Path) -> str:
    """A local folder (or, online only, a hub id) that `from_pretrained` can load."""
    base = recipe.base
    if base.path:
        path = recipe.resolve(base.path)
        if not (path / "config.json").is_file():
            raise TrainingError(
                f"base.path: no transformers checkpoint at {path} (config.json missing); "
                "download the base model there or fix base.path"
            )
        return str(path)
    if base.gguf:
        return str(prepare_base(base_gguf_path(base.gguf, recipe), work_dir / "base"))
    if os.environ.get("HF_HUB_OFFLINE") == "1":
        raise TrainingError(
            f"base model '{base.hub_id}' would need a download, but this machine is offline; "
            "download it on a connected machine and set base.path to the folder"
        )
    return str(base.hub_id)


def prepare_base(gguf_file: Path, out_dir: Path) -> Path:
    """Dequantize a GGUF into a float32 transformers checkpoint (cached)."""
    if (out_dir / PREPARED_MARKER).is_file():
        return out_dir
    import torch
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    transformers.utils.logging.disable_progress_bar()
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        loaded = AutoModelForCausalLM.from_pretrained(
            str(gguf_file.parent), gguf_file=gguf_file.name, dtype=torch.float32
        )
        tokenizer = AutoTokenizer.from_pretrained(str(gguf_file.parent), gguf_file=gguf_file.name)
    except Exception as exc:  # transformers raises many types for an unsupported GGUF
        raise TrainingError(f"base.gguf: transformers cannot read {gguf_file}: {exc}") from exc
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # otherwise the copy is marked unsaveable too
    config.dtype = torch.float32
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.load_state_dict(loaded.state_dict())
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    (out_dir / PREPARED_MARKER).write_text(str(gguf_file), encoding="utf-8")
    return out_dir
