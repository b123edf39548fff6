"""The records an answer is made of: sources, evidence, checked sentences, the answer itself.

Kept apart from the code that makes them so that the CLI, the TUI, history and tests can read
answers without importing retrieval or llama.cpp.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Source:
    """One retrieved chunk. `page_marks` are (offset in text, page) where a new page starts."""

    n: int
    doc: str
    title: str
    page: int | None
    text: str
    score: float
    path: str = ""
    section: str = ""
    page_end: int | None = None
    page_marks: list[tuple[int, int]] = field(default_factory=list)
    chunk_id: str = ""  # '<doc id>-<seq>': sorts a document's chunks in reading order

    def page_at(self, offset: int) -> int | None:
        """The page the text at `offset` is on (a chunk may span pages)."""
        page = self.page
        for start, number in self.page_marks:
            if start <= offset:
                page = number
        return page

    def pages(self) -> str:
        if self.page is None:
            return ""
        end = self.page_end if self.page_end is not None else self.page
        return str(self.page) if end == self.page else f"{self.page}-{end}"


@dataclass
class Evidence:
    """A sentence (or list item, or table row) quoted verbatim from a source."""

    n: int
    text: str
    source: int  # Source.n of the chunk it was taken from
    doc: str
    title: str
    page: int | None  # the page this sentence is on, not where its chunk starts
    section: str
    start: int  # where the sentence is inside its source's text
    end: int
    score: float
    path: str = ""
    # The bold label of the list item it belongs to, when the sentence does not name it: "More
    # accurate away from 60/min ..." is said of Fridericia.
    label: str = ""

    def where(self) -> str:
        page = f", p. {self.page}" if self.page is not None else ""
        name = self.title or self.doc
        section = f" › {self.section}" if self.section and self.section != name else ""
        label = f" › {self.label}" if self.label else ""
        return f"{name}{page}{section}{label}"


@dataclass
class CheckedSentence:
    """A sentence the model wrote, and whether the evidence backs it (why not, if not)."""

    text: str
    sources: list[int]  # evidence numbers that back it
    verified: bool
    reason: str = ""


@dataclass
class Budget:
    context_window: int
    system: int
    question: int
    sources: int  # the evidence given to the model
    history: int
    answer_reserve: int
    dropped_sources: int = 0  # evidence sentences dropped to fit
    dropped_history_turns: int = 0

    @property
    def prompt_total(self) -> int:
        return self.system + self.question + self.sources + self.history

    def describe(self) -> str:
        return (
            f"context {self.prompt_total}+{self.answer_reserve}/{self.context_window} tokens: "
            f"system {self.system}, question {self.question}, evidence {self.sources}, "
            f"history {self.history}; dropped to fit: {self.dropped_sources} evidence "
            f"sentence(s), {self.dropped_history_turns} earlier turn(s)"
        )


@dataclass
class Prepared:
    """Everything known before the model writes: shown at once, so nothing is taken back."""

    question: str
    messages: list[dict[str, str]]
    sources: list[Source]  # the chunks the evidence comes from
    evidence: list[Evidence]
    budget: Budget
    supported: bool
    kb: str
    kb_version: str
    top_relevance: float
    coverage: float = 0.0  # share of the question's key terms the best evidence holds
    key_terms: list[str] = field(default_factory=list)
    missing_terms: list[str] = field(default_factory=list)  # rare key terms no evidence holds
    citations: str = "attribute"
    candidates: int = 0  # chunks the evidence was chosen from
    # Not covered, but these passages came closest: shown as such, never as the answer.
    nearest: list[Evidence] = field(default_factory=list)
    missing_words: list[str] = field(default_factory=list)  # the question's words none holds
    # (asked, found): the question's valve lesion, and the other one the passages are about.
    mismatch: tuple[str, str] | None = None
    unstated: str | None = None  # the kind of value asked for that no passage states

    @property
    def unconfirmed(self) -> bool:
        """Not supported, yet passages came close and hold every word of the question: they may
        well answer it, which "does not cover" would deny."""
        return not self.supported and bool(self.nearest) and not self.missing_words


@dataclass
class Answer:
    question: str
    answer: str  # what is shown as the answer: the verified sentences, or the evidence itself
    sources: list[Source]
    cited: list[int]  # evidence numbers the shown sentences rest on
    supported: bool
    model: dict[str, Any]
    sentences: list[CheckedSentence] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    from_evidence: bool = False  # no model sentence survived: the answer quotes the evidence
    nearest: list[Evidence] = field(default_factory=list)  # not covered: what came closest

    @property
    def shown_sentences(self) -> list[CheckedSentence]:
        return [s for s in self.sentences if s.verified]

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "supported": self.supported,
            "from_evidence": self.from_evidence,
            "evidence": [
                {
                    "n": e.n,
                    "doc": e.doc,
                    "title": e.title,
                    "page": e.page,
                    "section": e.section,
                    "label": e.label,
                    "text": e.text,
                    "source": e.source,
                    "score": round(e.score, 4),
                }
                for e in self.evidence
            ],
            "nearest": [
                {"doc": e.doc, "title": e.title, "page": e.page, "section": e.section,
                 "text": e.text}
                for e in self.nearest
            ],
            "sentences": [asdict(s) for s in self.sentences],
            "cited": self.cited,
            "sources": [
                {
                    "n": s.n,
                    "doc": s.doc,
                    "title": s.title,
                    "page": s.page,
                    "page_end": s.page_end,
                    "text": s.text,
                    "score": round(s.score, 4),
                    "path": s.path,
                    "section": s.section,
                }
                for s in self.sources
            ],
            "model": self.model,
            "provenance": self.provenance,
        }
