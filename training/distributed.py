"""Fine-tuning on several devices: the `accelerate launch` command, its plan, and running it.

`distributed.processes: 1` trains in the calling process, as before. More processes go through
accelerate's launcher (torchrun underneath), one per GPU, running training.finetune_worker:

- ddp: every GPU holds the whole (NF4) model and takes its share of each batch; gradients are
  averaged. LoRA and QLoRA up to ~13B on 24-80 GB cards.
- fsdp: weights, gradients and optimizer state are sharded across the GPUs (FSDP1 with the
  settings QLoRA needs: bf16 quant storage, use_orig_params false, RAM-efficient loading,
  module states synced from rank 0), for a model that does not fit one GPU.
- On a machine without CUDA the same launcher starts CPU processes on gloo over loopback, which
  is how CI exercises this path.

Every rank runs the same finetune(); rank 0 alone writes the adapter and finetune.json.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from training.base_models import FAMILIES, lora_params, training_memory_gb
from training.errors import TrainingError
from training.recipe import Recipe

ERROR_FILE = "launch_error.txt"
"""Where a failing rank leaves its one-line message (out of memory, bad data) for the parent."""
WORKER = "training.finetune_worker"


@dataclass(frozen=True)
class LaunchPlan:
    processes: int
    strategy: str
    """"single" (no launcher), "ddp" or "fsdp"."""
    device: str
    """"cuda" or "cpu"."""
    backend: str
    mixed_precision: str
    per_device_batch: int
    grad_accum: int
    effective_batch: int
    memory_per_device_gb: float | None
    """GPU memory per GPU on cuda, RAM per process on cpu; None without a known model shape."""
    command: list[str] = field(default_factory=list)
    """Empty for a single process (fine-tuning runs inside `echoassist-train`)."""
    env: dict[str, str] = field(default_factory=dict)
    """Set on top of the caller's environment."""
    notes: list[str] = field(default_factory=list)

    def shell(self) -> str:
        """The command as one line a person can paste (environment first)."""
        assignments = [f"{k}={shlex.quote(v)}" for k, v in self.env.items()]
        return " ".join([*assignments, shlex.join(self.command)])


def rank() -> int:
    return int(os.environ.get("RANK", "0"))


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def local_rank() -> int:
    return int(os.environ.get("LOCAL_RANK", "0"))


def is_main_process() -> bool:
    return rank() == 0


def target_device(recipe: Recipe) -> str:
    """cuda when this machine has it; for a dry run on a laptop, a GPU recipe (nf4) is planned
    for the GPU node it is meant for."""
    try:
        import torch

        if torch.cuda.is_available():
            return "cuda"
    except ImportError:
        pass
    return "cuda" if recipe.train.quantization == "nf4" else "cpu"


def launch_plan(recipe: Recipe, root: Path, *, device: str | None = None) -> LaunchPlan:
    """How `finetune` will run for the run in `root` (the work dir): the launch command, the
    batch arithmetic and the memory per device."""
    device = device or target_device(recipe)
    dist, cfg = recipe.distributed, recipe.train
    processes = dist.processes
    strategy = "single" if processes == 1 else dist.strategy
    cuda = device == "cuda"
    precision = dist.mixed_precision if cuda else "no"
    notes: list[str] = []
    if not cuda and strategy == "fsdp":
        strategy = "ddp"
        notes.append("fsdp needs GPUs; CPU processes run ddp on gloo")
    plan_memory = _memory_per_device(recipe, cuda=cuda, shards=processes if strategy == "fsdp"
                                     else 1)
    command: list[str] = []
    env: dict[str, str] = {}
    if processes > 1:
        command, env = _launch_command(recipe, root, strategy=strategy, cuda=cuda,
                                       precision=precision)
        if cuda:
            notes.append(f"needs {processes} CUDA GPUs on this node (one process each)")
        else:
            notes.append("accelerate's --multi_gpu is its torchrun launcher; ACCELERATE_USE_CPU "
                         "puts each process on the CPU with gloo over loopback")
        if strategy == "fsdp" and cfg.quantization == "nf4":
            notes.append("QLoRA under FSDP: NF4 stored as bf16, plain AdamW (paged 8-bit AdamW "
                         "fails to save FSDP checkpoints), reentrant gradient checkpointing")
    return LaunchPlan(
        processes=processes, strategy=strategy, device=device,
        backend=("nccl" if cuda else "gloo") if processes > 1 else "-",
        mixed_precision=precision, per_device_batch=cfg.batch_size, grad_accum=cfg.grad_accum,
        effective_batch=cfg.batch_size * cfg.grad_accum * processes,
        memory_per_device_gb=plan_memory, command=command, env=env, notes=notes)


def launch(plan: LaunchPlan, work_dir: Path) -> None:
    """Run the plan's command (`work_dir`: the finetune step's folder); a failing rank's
    one-line message becomes this TrainingError."""
    if not plan.command:
        raise ValueError("a single-process plan has nothing to launch")
    if plan.device == "cuda":
        import torch

        have = torch.cuda.device_count()
        if have < plan.processes:
            raise TrainingError(
                f"distributed.processes is {plan.processes} but this machine has {have} CUDA "
                "GPU(s); lower distributed.processes or run on a node with enough GPUs")
    work_dir.mkdir(parents=True, exist_ok=True)
    error_file = work_dir / ERROR_FILE
    error_file.unlink(missing_ok=True)
    done = subprocess.run(plan.command, env={**os.environ, **plan.env}, check=False)
    if done.returncode == 0:
        return
    if error_file.is_file():
        message = error_file.read_text(encoding="utf-8").strip()
        error_file.unlink()
        raise TrainingError(message)
    raise TrainingError(
        f"the {plan.processes}-process fine-tuning failed (exit {done.returncode}); its output "
        f"is above. Launched as: {plan.shell()}")


def report_failure(work_dir: Path, message: str) -> None:
    """The first failing rank's message, for the parent (O_EXCL: later ones do not overwrite)."""
    try:
        fd = os.open(work_dir / ERROR_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(message + "\n")


def _launch_command(recipe: Recipe, root: Path, *, strategy: str, cuda: bool,
                    precision: str) -> tuple[list[str], dict[str, str]]:
    dist = recipe.distributed
    accelerate = Path(sys.executable).with_name("accelerate")
    launcher = ([str(accelerate), "launch"] if accelerate.is_file()
                else [sys.executable, "-m", "accelerate.commands.launch"])
    cmd = [*launcher, "--num_processes", str(dist.processes), "--num_machines", "1",
           "--main_process_ip", "127.0.0.1", "--main_process_port", "0",
           "--mixed_precision", precision, "--dynamo_backend", "no"]
    env: dict[str, str] = {}
    if strategy == "fsdp":
        cmd += ["--use_fsdp", "--fsdp_version", "1",
                "--fsdp_sharding_strategy", "FULL_SHARD",
                "--fsdp_auto_wrap_policy", "TRANSFORMER_BASED_WRAP",
                "--fsdp_backward_prefetch", "BACKWARD_PRE",
                "--fsdp_state_dict_type", "SHARDED_STATE_DICT",
                "--fsdp_cpu_ram_efficient_loading", "true",
                "--fsdp_sync_module_states", "true",
                "--fsdp_use_orig_params", "false",
                "--fsdp_offload_params", "true" if dist.cpu_offload else "false"]
    else:
        cmd += ["--multi_gpu"]
    if not cuda:
        threads = recipe.train.threads or os.cpu_count() or 1
        cmd += ["--num_cpu_threads_per_process", str(max(1, threads // dist.processes))]
        env["ACCELERATE_USE_CPU"] = "true"
        loopback = _loopback_interface()
        if loopback:  # gloo picks the hostname's interface otherwise: keep it on this machine
            env["GLOO_SOCKET_IFNAME"] = loopback
    recipe_file = recipe.source_file or Path(recipe.name)
    cmd += ["-m", WORKER, str(recipe_file), "--work-dir", str(root)]
    if dist.processes != _file_processes(recipe):  # `--processes N` given to echoassist-train
        cmd += ["--processes", str(dist.processes)]
    return cmd, env


def _loopback_interface() -> str | None:
    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        return None
    return next((n for n in ("lo", "lo0") if n in names), None)


def _memory_per_device(recipe: Recipe, *, cuda: bool, shards: int) -> float | None:
    shape = FAMILIES.get(recipe.base.family or "")
    if shape is None:
        return None
    cfg = recipe.train
    lora = lora_params(shape, recipe.lora.r, recipe.lora.include_lm_head)
    if cuda:
        return round(training_memory_gb(
            shape, lora=lora, nf4=cfg.quantization == "nf4", batch=cfg.batch_size,
            seq=cfg.max_seq_len, checkpointing=cfg.gradient_checkpointing, shards=shards,
            offload=recipe.distributed.cpu_offload), 1)
    # float32 weights in every CPU process (no CUDA context; the same activation rule).
    return round(training_memory_gb(shape, lora=lora, nf4=False, batch=cfg.batch_size,
                                    seq=cfg.max_seq_len, checkpointing=False)
                 - 1.0 + shape.params * 2 / 1e9, 1)


def _file_processes(recipe: Recipe) -> int:
    """distributed.processes as the recipe file says (before a command-line override)."""
    if recipe.source_file is None:
        return recipe.distributed.processes
    from training.recipe import load_recipe

    return load_recipe(recipe.source_file).distributed.processes
