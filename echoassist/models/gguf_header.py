"""Read a GGUF file's header (metadata and tensor table) without loading any weights.

gguf.GGUFReader parses every tensor and token array into numpy (seconds on a laptop); the app
only needs a few keys and a size check, so this reader walks the header and skips the rest.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType, LlamaFileType

GGUF_MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32

# GGUF value types -> struct format for the fixed-size ones.
_SCALAR_FORMATS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?",
                   10: "Q", 11: "q", 12: "d"}
_STRING, _ARRAY = 8, 9
# Arrays we keep; the tokenizer's vocabulary arrays are large and skipped.
_KEEP_ARRAYS = {"general.languages", "general.tags"}


class GGUFFormatError(ValueError):
    """The file is not a readable GGUF model (wrong magic, truncated or malformed header)."""


@dataclass
class GGUFHeader:
    path: Path
    version: int
    metadata: dict[str, object]
    tensor_count: int
    expected_size: int
    file_size: int
    tensor_types: set[str] = field(default_factory=set)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name", self.path.stem))

    @property
    def context_length(self) -> int:
        value = self.metadata.get(f"{self.architecture}.context_length", 0)
        return int(value) if isinstance(value, int) else 0

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) else None

    @property
    def quantization(self) -> str:
        file_type = self.metadata.get("general.file_type")
        if isinstance(file_type, int):
            try:
                return LlamaFileType(file_type).name.removeprefix("MOSTLY_")
            except ValueError:
                pass
        return "unknown"

    @property
    def is_truncated(self) -> bool:
        return self.file_size < self.expected_size


class _Reader:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def take(self, size: int) -> bytes:
        data = self.handle.read(size)
        if len(data) != size:
            raise GGUFFormatError("the file ends inside its header (truncated download?)")
        return data

    def scalar(self, fmt: str) -> object:
        return struct.unpack("<" + fmt, self.take(struct.calcsize(fmt)))[0]

    def uint(self, fmt: str) -> int:
        """An unsigned count, type id or offset: "I" (32-bit) or "Q" (64-bit)."""
        value: int = struct.unpack("<" + fmt, self.take(struct.calcsize(fmt)))[0]
        return value

    def string(self) -> str:
        length = self.uint("Q")
        if length > 1 << 30:
            raise GGUFFormatError("malformed header: absurd string length")
        return self.take(length).decode("utf-8", errors="replace")

    def value(self, value_type: int, keep: bool) -> object:
        if value_type in _SCALAR_FORMATS:
            return self.scalar(_SCALAR_FORMATS[value_type])
        if value_type == _STRING:
            return self.string()
        if value_type == _ARRAY:
            item_type = self.uint("I")
            count = self.uint("Q")
            if not keep and item_type in _SCALAR_FORMATS:
                self.handle.seek(count * struct.calcsize(_SCALAR_FORMATS[item_type]), 1)
                return None
            items = [self.value(item_type, keep) for _ in range(count)]
            return items if keep else None
        raise GGUFFormatError(f"malformed header: unknown value type {value_type}")


def _tensor_nbytes(dims: list[int], type_id: int) -> int:
    elements = 1
    for dim in dims:
        elements *= dim
    block_size, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(type_id)]
    return elements // block_size * type_size


def read_header(path: Path) -> GGUFHeader:
    """Parse a GGUF header; raises GGUFFormatError for anything that is not a whole GGUF."""
    path = Path(path)
    file_size = path.stat().st_size
    with path.open("rb") as handle:
        reader = _Reader(handle)
        if handle.read(4) != GGUF_MAGIC:
            raise GGUFFormatError("not a GGUF file (wrong magic bytes)")
        version = reader.uint("I")
        if version not in (2, 3):
            raise GGUFFormatError(f"unsupported GGUF version {version}")
        tensor_count = reader.uint("Q")
        kv_count = reader.uint("Q")
        metadata: dict[str, object] = {}
        for _ in range(kv_count):
            key = reader.string()
            value_type = reader.uint("I")
            value = reader.value(value_type, keep=key in _KEEP_ARRAYS)
            if value is not None:
                metadata[key] = value
        data_end = 0
        tensor_types: set[str] = set()
        for _ in range(tensor_count):
            reader.string()
            n_dims = reader.uint("I")
            dims = [reader.uint("Q") for _ in range(n_dims)]
            type_id = reader.uint("I")
            offset = reader.uint("Q")
            try:
                tensor_types.add(GGMLQuantizationType(type_id).name)
                data_end = max(data_end, offset + _tensor_nbytes(dims, type_id))
            except (ValueError, KeyError) as exc:
                raise GGUFFormatError(f"malformed header: unknown tensor type {type_id}") from exc
        alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
        alignment = alignment if isinstance(alignment, int) and alignment > 0 else DEFAULT_ALIGNMENT
        header_end = handle.tell()
        data_start = (header_end + alignment - 1) // alignment * alignment
    return GGUFHeader(path, version, metadata, tensor_count, data_start + data_end, file_size,
                      tensor_types)
