"""Knowledge-base library: extract -> chunk -> embed -> store -> search. No UI, no app imports.

Its names load on first use, so `import kb.diskspace` or `kb.terms` costs no LanceDB or ONNX
import: the app uses those before its first frame.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

# Lance warns on every index listing of a KB with a vector index (10k+ chunks) that centroids
# will leave its statistics; we never read them, so opt in now and keep users' terminals clean.
os.environ.setdefault("LANCE_INCLUDE_VECTOR_CENTROIDS", "false")

if TYPE_CHECKING:
    from kb.embed import Embedder, EmbedderIdentity, default_embedder
    from kb.errors import KBError
    from kb.knowledge_base import KnowledgeBase
    from kb.records import BuildProgress, BuildSummary, DocumentInfo, KBStatus, SearchHit
    from kb.search import COVERAGE_THRESHOLD, Reranker, RRFReranker

_WHERE = {
    "COVERAGE_THRESHOLD": "kb.search",
    "BuildProgress": "kb.records",
    "BuildSummary": "kb.records",
    "DocumentInfo": "kb.records",
    "Embedder": "kb.embed",
    "EmbedderIdentity": "kb.embed",
    "KBError": "kb.errors",
    "KBStatus": "kb.records",
    "KnowledgeBase": "kb.knowledge_base",
    "RRFReranker": "kb.search",
    "Reranker": "kb.search",
    "SearchHit": "kb.records",
    "default_embedder": "kb.embed",
}
__all__ = [
    "COVERAGE_THRESHOLD",
    "BuildProgress",
    "BuildSummary",
    "DocumentInfo",
    "Embedder",
    "EmbedderIdentity",
    "KBError",
    "KBStatus",
    "KnowledgeBase",
    "RRFReranker",
    "Reranker",
    "SearchHit",
    "default_embedder",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
