"""Knowledge-base library: extract -> chunk -> embed -> store -> search. No UI, no app imports."""

import os

# Lance warns on every index listing of a KB with a vector index (10k+ chunks) that centroids
# will leave its statistics; we never read them, so opt in now and keep users' terminals clean.
os.environ.setdefault("LANCE_INCLUDE_VECTOR_CENTROIDS", "false")

from kb.embed import Embedder, EmbedderIdentity, default_embedder
from kb.errors import KBError
from kb.knowledge_base import KnowledgeBase
from kb.records import BuildProgress, BuildSummary, DocumentInfo, KBStatus, SearchHit
from kb.search import COVERAGE_THRESHOLD, Reranker, RRFReranker

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
