"""Build throughput on the shared corpus PDFs, against the embedder alone on the same chunks.

    .venv/bin/python benchmarks/kb_build.py [--quick]

1. Build a fresh KB from ../shared/corpus/pdfs with the default embedder: pages/s, chunks/s.
2. Embed the same chunk texts with the embedder alone: the build's ratio to it (target >= 0.85).
3. Rebuild unchanged (the real embedder's KB, and a 30-PDF KB): seconds (target <= 1 s).
--quick uses 3 PDFs for steps 1-2.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from kb import KnowledgeBase, default_embedder
from kb.chunk import chunk_document
from kb.embed import EmbedderIdentity
from kb.extract import extract, pdf_extractor

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pdfs"
EMBED_BATCH = 64


class RandomEmbedder:
    """Stands in where no embedding happens (unchanged rebuilds) or its cost must not count."""

    identity = EmbedderIdentity("random", 384, "1" * 64)
    max_tokens = 256

    def __init__(self) -> None:
        self._tokens = default_embedder().count_tokens

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self._tokens(texts)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        v = np.random.default_rng(len(texts)).normal(size=(len(texts), 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    pdfs = sorted(CORPUS.glob("*.pdf"))[: 3 if args.quick else None]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for p in pdfs:
            shutil.copy(p, src / p.name)
        embedder = default_embedder()
        kb = KnowledgeBase(Path(tmp) / "kb", embedder=embedder)
        summary = kb.build([src])
        pages, chunks = summary.pages, summary.chunks

        texts = []
        pdf = pdf_extractor("pypdf")
        for p in sorted(src.glob("*.pdf")):
            texts += [
                c.embedding_text()
                for c in chunk_document(extract(p, pdf), "0" * 64, embedder.count_tokens)
            ]
        t0 = time.perf_counter()
        for i in range(0, len(texts), EMBED_BATCH):
            embedder.embed_documents(texts[i : i + EMBED_BATCH])
        alone = time.perf_counter() - t0

        t0 = time.perf_counter()
        KnowledgeBase(kb.root).build(
            [src]
        )  # fresh object: includes loading the embedder's identity
        unchanged_real = time.perf_counter() - t0

        many = Path(tmp) / "many"
        many.mkdir()
        for n in range(30):  # distinct content: the real PDFs with a trailing comment
            data = pdfs[n % len(pdfs)].read_bytes()
            (many / f"doc{n:02d}.pdf").write_bytes(data + f"\n% copy {n}\n".encode())
        kb30 = KnowledgeBase(Path(tmp) / "kb30", embedder=RandomEmbedder())
        kb30.build([many])
        t0 = time.perf_counter()
        kb30.build([many])
        unchanged_30 = time.perf_counter() - t0

    print(f"{'PDFs':<34}{len(pdfs)}")
    print(f"{'pages / chunks':<34}{pages} / {chunks}")
    print(f"{'build s (embedding part)':<34}{summary.seconds:.1f} ({summary.embed_seconds:.1f})")
    print(
        f"{'build pages/s, chunks/s':<34}{pages / summary.seconds:.2f}, "
        f"{chunks / summary.seconds:.2f}"
    )
    print(f"{'embedder alone chunks/s':<34}{len(texts) / alone:.2f}")
    print(
        f"{'build / embedder-alone ratio':<34}"
        f"{(chunks / summary.seconds) / (len(texts) / alone):.2f}"
    )
    print(f"{'unchanged rebuild s':<34}{unchanged_real:.2f} ({len(pdfs)} PDFs, real embedder)")
    print(f"{'unchanged rebuild s (30 PDFs)':<34}{unchanged_30:.2f}")


if __name__ == "__main__":
    main()
