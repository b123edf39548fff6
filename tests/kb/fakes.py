"""Test doubles: a fast deterministic embedder and a PDF writer for generated inputs."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from kb.embed import EmbedderIdentity

_WORD = re.compile(r"\w+")


class HashEmbedder:
    """Bag of hashed words in 64 dims: similar texts get similar vectors, in microseconds."""

    max_tokens = 256

    def __init__(self, name: str = "fake-hash", dim: int = 64) -> None:
        self.identity = EmbedderIdentity(name, dim, hashlib.sha256(name.encode()).hexdigest())
        self.calls = 0
        self.embedded = 0

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(_WORD.findall(t)) for t in texts]

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.embedded += len(texts)
        dim = self.identity.dim
        out = np.zeros((len(texts), dim), np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % dim] += 1.0
            out[row] /= max(np.linalg.norm(out[row]), 1e-6)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(
    path: Path, pages: list[list[str]], password: str | None = None, title: str = ""
) -> Path:
    """A PDF with a real text layer: each page draws its lines in Helvetica."""
    writer = PdfWriter()
    font = writer._add_object(  # noqa: SLF001 - pypdf has no public helper for a bare font
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 740 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1", errors="replace"))
        page[NameObject("/Contents")] = writer._add_object(stream)  # noqa: SLF001
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    if title:
        writer.add_metadata({"/Title": title})
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    with path.open("wb") as f:
        writer.write(f)
    return path


_TAGS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]


def paper_pages(topic: str, n_pages: int = 3) -> list[list[str]]:
    """Pages of a small 'paper' about `topic` with headings, a running header and prose."""
    pages = []
    for p in range(1, n_pages + 1):
        tag = _TAGS[(p - 1) % len(_TAGS)] + str((p - 1) // len(_TAGS) or "")
        lines = [f"Journal of Test Cardiology {p}"]
        if p == 1:
            lines += [f"A study of {topic} in adults", "Abstract"]
        lines += [f"{p} Results on {topic}"]
        for s in range(6):
            lines += [
                f"In cohort {tag} sentence {s} reports that {topic} was measured in fifty pa-",
                f"tients with care. The {topic} finding {s} held in cohort {tag}.",
            ]
        pages.append(lines)
    return pages
