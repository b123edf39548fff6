"""Merged checkpoint -> 16-bit GGUF (llama.cpp's converter) -> quantized GGUFs -> manifest.

Every file is written as `NAME.part` and renamed only when complete, and the manifest is written
last: a killed or disk-full export never leaves a GGUF that looks finished, and the register step
only trusts files the manifest lists with a matching size and sha256.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from echoassist.models.registry import sha256_file
from training.errors import TrainingError
from training.recipe import Recipe, recipe_to_dict

MANIFEST = "manifest.json"
# Quantized size as a fraction of the f16 file, for the free-space check before writing.
_SIZE_RATIO = {"Q8_0": 0.56, "Q6_K": 0.43, "Q5_K_M": 0.38, "Q4_K_M": 0.33, "Q4_0": 0.30,
               "Q4_1": 0.33, "Q5_0": 0.36}


@dataclass
class GGUFFile:
    file: str
    type: str
    size_bytes: int
    sha256: str


def llama_cpp_dir() -> Path:
    """The converter pinned with llama-cpp-python (install.sh copies it from the sdist)."""
    custom = os.environ.get("ECHOASSIST_LLAMA_CPP_DIR")
    root = Path(custom) if custom else Path(sys.prefix) / "share/echoassist/llama.cpp"
    if not (root / "convert_hf_to_gguf.py").is_file():
        raise TrainingError(
            f"llama.cpp's converter is not at {root}; run ./install.sh with the [train] extra "
            "or set ECHOASSIST_LLAMA_CPP_DIR to a llama.cpp checkout of the same version"
        )
    return root


def convert_to_gguf(checkpoint: Path, out_file: Path, outtype: str) -> Path:
    root = llama_cpp_dir()
    part = out_file.with_name(out_file.name + ".part")
    _require_space(out_file.parent, _checkpoint_bytes(checkpoint))  # f16 from f32 is half
    env = dict(os.environ, HF_HUB_OFFLINE="1", NO_LOCAL_GGUF="1")
    # Its own gguf-py first: the PyPI gguf release differs from what this converter expects.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(root / "gguf-py"), str(root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    cmd = [sys.executable, str(root / "convert_hf_to_gguf.py"), str(checkpoint),
           "--outfile", str(part), "--outtype", outtype]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        part.unlink(missing_ok=True)
        tail = proc.stderr.strip().splitlines()[-1:] or ["(no message)"]
        if "No space left" in proc.stderr:
            raise TrainingError(f"disk full while writing {out_file}; free space and rerun")
        raise TrainingError(f"GGUF conversion of {checkpoint} failed: {tail[0]}")
    os.replace(part, out_file)
    return out_file


def quantize_gguf(src: Path, dst: Path, qtype: str, threads: int = 0) -> Path:
    """Quantize with llama.cpp's own quantizer, from the 16-bit file only."""
    import llama_cpp

    ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{qtype}", None)
    if ftype is None:
        raise TrainingError(f"export.quants: unknown llama.cpp quantization type '{qtype}'")
    _require_space(dst.parent, src.stat().st_size * _SIZE_RATIO.get(qtype, 0.6))
    part = dst.with_name(dst.name + ".part")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = threads
    from echoassist.engine.llama import quiet_stderr

    with quiet_stderr():  # llama.cpp prints a line per tensor
        rc = llama_cpp.llama_model_quantize(str(src).encode(), str(part).encode(),
                                            ctypes.byref(params))
    if rc != 0:
        part.unlink(missing_ok=True)
        free = shutil.disk_usage(dst.parent).free
        reason = "the disk is full" if free < src.stat().st_size else f"llama.cpp returned {rc}"
        raise TrainingError(f"quantizing {src.name} to {qtype} failed: {reason}")
    os.replace(part, dst)
    return dst


def export(recipe: Recipe, merged: Path, out_dir: Path, *, threads: int = 0) -> dict[str, object]:
    """Convert, quantize every type in the recipe, check the first loads, write the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    start = time.monotonic()
    outtype = recipe.export.outtype
    full = convert_to_gguf(merged, out_dir / f"{recipe.name}-{outtype}.gguf", outtype)
    files = [describe(full, outtype.upper())]
    for qtype in recipe.export.quants:
        dst = quantize_gguf(full, out_dir / f"{recipe.name}-{qtype}.gguf", qtype, threads)
        files.append(describe(dst, qtype))
    check = check_generates(out_dir / files[1].file)
    manifest = {
        "name": recipe.name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "primary": files[1].file,
        "files": [asdict(f) for f in files],
        "check": check,
        "seconds": round(time.monotonic() - start, 1),
        "recipe": recipe_to_dict(recipe),
    }
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, out_dir / MANIFEST)
    return manifest


def read_manifest(out_dir: Path) -> dict[str, object] | None:
    """The manifest, if every file it lists is still there at its recorded size."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        file = out_dir / entry["file"]
        if not file.is_file() or file.stat().st_size != entry["size_bytes"]:
            return None
    return manifest


def check_generates(path: Path) -> dict[str, object]:
    """Load the GGUF in llama.cpp and have it answer one question."""
    from training.llm import chat, open_gguf

    llm = open_gguf(path, n_ctx=512)
    answer = chat(llm, [{"role": "user", "content": "What does LVEF stand for?"}], max_tokens=24)
    if not answer.strip():
        raise TrainingError(f"{path.name} loads but generates nothing; the export is broken")
    return {"question": "What does LVEF stand for?", "answer": answer.strip()}


def describe(path: Path, qtype: str) -> GGUFFile:
    return GGUFFile(file=path.name, type=qtype, size_bytes=path.stat().st_size,
                    sha256=sha256_file(path))


def _checkpoint_bytes(checkpoint: Path) -> int:
    return sum(p.stat().st_size for p in checkpoint.glob("*.safetensors"))


def _require_space(folder: Path, needed: float) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed * 1.05:
        raise TrainingError(
            f"not enough disk space in {folder}: about {needed / 1e9:.1f} GB needed, "
            f"{free / 1e9:.1f} GB free; free space and rerun (finished steps are kept)"
        )
