"""Merged checkpoint -> 16-bit GGUF (llama.cpp's converter) -> quantized GGUFs -> manifest.

Every file is written as `NAME.part` in its final folder, synced to disk, checked to be a whole
GGUF and only then renamed; the manifest is written last. A killed or disk-full export never
leaves a GGUF that looks finished, the register step only trusts files the manifest lists with a
matching size and sha256, and a rerun keeps the finished files it can reuse.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, TypedDict

from echoassist.diskspace import NO_ROOM, disk_full_message, evidently_no_room
from echoassist.models import size_text
from echoassist.models.gguf_header import GGUFFormatError, read_header
from echoassist.models.registry import sha256_file
from training.errors import TrainingError
from training.recipe import Recipe, recipe_to_dict

MANIFEST = "manifest.json"
# Quantized size as a fraction of the f16 file, for the free-space check before writing.
_SIZE_RATIO = {"Q8_0": 0.56, "Q6_K": 0.43, "Q5_K_M": 0.38, "Q4_K_M": 0.33, "Q4_0": 0.30,
               "Q4_1": 0.33, "Q5_0": 0.36}


class ManifestFile(TypedDict):
    file: str
    type: str
    size_bytes: int
    sha256: str


class Manifest(TypedDict):
    name: str
    created: str
    primary: str
    """The first quantized file: the one evaluated and registered."""
    files: list[ManifestFile]
    check: dict[str, str]
    seconds: float
    recipe: dict[str, Any]


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
    needed = _checkpoint_bytes(checkpoint)  # an upper bound: f16 from f32 is half
    _require_space(out_file.parent, needed)
    env = dict(os.environ, HF_HUB_OFFLINE="1", NO_LOCAL_GGUF="1")
    # Its own gguf-py first: the PyPI gguf release differs from what this converter expects.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(root / "gguf-py"), str(root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    cmd = [sys.executable, str(root / "convert_hf_to_gguf.py"), str(checkpoint),
           "--outfile", str(part), "--outtype", outtype]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        # A converter killed by SIGXFSZ (the default when a file-size limit is hit) or one whose
        # writes failed with ENOSPC / EFBIG / EDQUOT ran out of room, not into a bug.
        no_room = proc.returncode == -signal.SIGXFSZ or any(
            os.strerror(code) in proc.stderr for code in NO_ROOM)
        problem = _disk_full(part, needed) if no_room else None
        part.unlink(missing_ok=True)
        if problem:
            raise problem
        tail = proc.stderr.strip().splitlines()[-1:] or ["(no message)"]
        raise TrainingError(f"GGUF conversion of {checkpoint} failed: {tail[0]}")
    return _publish(part, out_file, needed)


def quantize_gguf(src: Path, dst: Path, qtype: str, threads: int = 0) -> Path:
    """Quantize with llama.cpp's own quantizer, from the 16-bit file only."""
    import llama_cpp

    ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{qtype}", None)
    if ftype is None:
        raise TrainingError(f"export.quants: unknown llama.cpp quantization type '{qtype}'")
    needed = int(src.stat().st_size * _SIZE_RATIO.get(qtype, 0.6))
    _require_space(dst.parent, needed)
    part = dst.with_name(dst.name + ".part")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = threads
    from echoassist.engine.llama import quiet_stderr

    with quiet_stderr():  # llama.cpp prints a line per tensor
        rc = llama_cpp.llama_model_quantize(str(src).encode(), str(part).encode(),
                                            ctypes.byref(params))
    if rc != 0:
        # llama.cpp reports only "iostream error": tell a full disk (or a file-size limit) from
        # the space left beside what was written.
        problem = _disk_full(part, needed, only_if_evident=True)
        part.unlink(missing_ok=True)
        raise problem or TrainingError(
            f"quantizing {src.name} to {qtype} failed: llama.cpp returned {rc}")
    return _publish(part, dst, needed)


def export(recipe: Recipe, merged: Path, out_dir: Path, *, threads: int = 0) -> Manifest:
    """Convert, quantize every type in the recipe, check the first loads, write the manifest.

    A file left by an earlier, interrupted export is reused when it is newer than what it was
    made from (it was only renamed into place whole), so a rerun after a full disk goes on.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    start = time.monotonic()
    outtype = recipe.export.outtype
    full = out_dir / f"{recipe.name}-{outtype}.gguf"
    if not _newer_than(full, [*merged.glob("*.safetensors"), merged / "config.json"]):
        convert_to_gguf(merged, full, outtype)
    files = [describe(full, outtype.upper())]
    for qtype in recipe.export.quants:
        dst = out_dir / f"{recipe.name}-{qtype}.gguf"
        if not _newer_than(dst, [full]):
            quantize_gguf(full, dst, qtype, threads)
        files.append(describe(dst, qtype))
    check = check_generates(out_dir / files[1]["file"])
    manifest = Manifest(
        name=recipe.name,
        created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        primary=files[1]["file"],
        files=files,
        check=check,
        seconds=round(time.monotonic() - start, 1),
        recipe=recipe_to_dict(recipe),
    )
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, out_dir / MANIFEST)
    return manifest


def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest, if every file it lists is still there at its recorded size."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    manifest: Manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        file = out_dir / entry["file"]
        if not file.is_file() or file.stat().st_size != entry["size_bytes"]:
            return None
    return manifest


def check_generates(path: Path) -> dict[str, str]:
    """Load the GGUF in llama.cpp and have it answer one question."""
    from training.llm import chat, opened

    with opened(path, n_ctx=512) as engine:
        answer = chat(engine, [{"role": "user", "content": "What does LVEF stand for?"}],
                      max_tokens=24)
    if not answer.strip():
        raise TrainingError(f"{path.name} loads but generates nothing; the export is broken")
    return {"question": "What does LVEF stand for?", "answer": answer.strip()}


def describe(path: Path, qtype: str) -> ManifestFile:
    return ManifestFile(file=path.name, type=qtype, size_bytes=path.stat().st_size,
                    sha256=sha256_file(path))


def _checkpoint_bytes(checkpoint: Path) -> int:
    return sum(p.stat().st_size for p in checkpoint.glob("*.safetensors"))


def _newer_than(path: Path, sources: list[Path]) -> bool:
    if not path.is_file():
        return False
    return all(path.stat().st_mtime >= s.stat().st_mtime for s in sources if s.exists())


def _publish(part: Path, final: Path, needed: float) -> Path:
    """Sync the written file, check it is a whole GGUF, then rename it to its final name."""
    try:
        with part.open("rb+") as file:
            os.fsync(file.fileno())  # a full disk can surface only here (delayed allocation)
        header = read_header(part)
    except OSError as exc:
        problem = _disk_full(part, needed) if exc.errno in NO_ROOM else None
        part.unlink(missing_ok=True)
        raise problem or TrainingError(f"cannot write {final}: {exc.strerror or exc}") from exc
    except GGUFFormatError as exc:
        part.unlink(missing_ok=True)
        raise TrainingError(f"{final.name} came out unreadable ({exc}); rerun the export") from exc
    if header.is_truncated:  # a writer that ignored a failed write
        problem = _disk_full(part, header.expected_size)
        part.unlink(missing_ok=True)
        raise problem or TrainingError(
            f"{final.name} came out truncated ({header.file_size:,} of "
            f"{header.expected_size:,} bytes); rerun the export")
    os.replace(part, final)
    _fsync_dir(final.parent)
    return final


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _disk_full(part: Path, needed: float, *, only_if_evident: bool = False) -> TrainingError | None:
    """The one-line error for a write that ran out of room, naming the folder and the space
    (worded as every write path of the app words it: echoassist.diskspace).

    With `only_if_evident`, None unless the folder's free space or the process's file-size
    limit (`ulimit -f`) shows that the file could not fit.
    """
    written = part.stat().st_size if part.exists() else 0
    if only_if_evident and not evidently_no_room(part.parent, int(needed), written):
        return None
    return TrainingError(disk_full_message(
        part.name.removesuffix(".part"), part.parent, int(needed),
        "rerun the export step: finished files are kept and nothing was registered",
        written=written,
    ))


def _require_space(folder: Path, needed: float) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed * 1.05:
        raise TrainingError(
            f"not enough disk space in {folder}: about {size_text(int(needed))} needed, "
            f"{size_text(free)} free; free space and rerun (finished steps are kept)"
        )
