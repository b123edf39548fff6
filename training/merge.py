"""Fold the LoRA adapter into the base weights and save a plain safetensors checkpoint.

The base is reloaded unquantized (never the 4-bit training copy): merging into NF4 weights would
bake the quantization error into every layer before the GGUF step quantizes again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from training.errors import TrainingError

MERGED_MARKER = ".merged"


def merge_adapter(base: str, adapter_dir: Path, out_dir: Path, dtype: str) -> Path:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if not (adapter_dir / "adapter_config.json").is_file():
        raise TrainingError(f"no LoRA adapter at {adapter_dir}; run the finetune step first")
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=getattr(torch, dtype))
    merged = PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
    merged.save_pretrained(tmp, safe_serialization=True)
    AutoTokenizer.from_pretrained(str(adapter_dir)).save_pretrained(tmp)
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)  # a killed merge leaves only the .tmp folder, never a half checkpoint
    (out_dir / MERGED_MARKER).touch()
    return out_dir
