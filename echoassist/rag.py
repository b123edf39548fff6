"""Grounded answering: retrieve -> budget the prompt -> stream -> attribute citations.

Small local models rarely write citation markers on their own, so citations are produced by
construction: after generation, each answer sentence is attributed to the source whose words
support it best. Markers the model did write are kept when they name a source it was given and
removed (and flagged) when they do not. A sentence no source supports is marked unsupported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from echoassist.config import Settings
from echoassist.errors import UserError
from echoassist.prompts import (
    NOT_COVERED,
    PROMPT_VERSION,
    SYSTEM_GROUNDED,
    SYSTEM_GROUNDED_JSON,
    SYSTEM_UNGROUNDED,
    user_message,
)
from echoassist.text_support import sentence_spans, support_score

if TYPE_CHECKING:  # the engine pulls in numpy and llama.cpp; this module must import cheaply
    from echoassist.engine import Engine, GenerationStats

# A sentence counts as supported by a source when this share of its content words is there.
ATTRIBUTION_THRESHOLD = 0.5
_MARKER = re.compile(r"\s?\[(\d{1,3})\]")
# Chat-template control strings that must never reach the tokenizer from a document.
_CONTROL = re.compile(r"<\|[^|>]{0,40}\|>|\[/?INST\]|<</?SYS>>|</?s>|<start_of_turn>|<end_of_turn>")


@dataclass
class Source:
    n: int
    doc: str
    title: str
    page: int | None
    text: str
    score: float
    path: str = ""
    section: str = ""


class Retriever(Protocol):
    name: str

    @property
    def version(self) -> str:
        """The knowledge base's published version, recorded with every answer."""

    def retrieve(self, question: str, k: int) -> tuple[list[Source], float]:
        """Top-k sources (n from 1) and the relevance of the best one (0..1)."""


@dataclass
class Budget:
    context_window: int
    system: int
    question: int
    sources: int
    history: int
    answer_reserve: int
    dropped_sources: int = 0
    dropped_history_turns: int = 0

    @property
    def prompt_total(self) -> int:
        return self.system + self.question + self.sources + self.history

    def describe(self) -> str:
        return (
            f"context {self.prompt_total}+{self.answer_reserve}/{self.context_window} tokens: "
            f"system {self.system}, question {self.question}, sources {self.sources}, "
            f"history {self.history}; dropped to fit: {self.dropped_sources} source(s), "
            f"{self.dropped_history_turns} earlier turn(s)"
        )


@dataclass
class Prepared:
    question: str
    messages: list[dict[str, str]]
    sources: list[Source]
    budget: Budget
    supported: bool
    kb: str
    kb_version: str
    top_relevance: float
    citations: str = "attribute"


@dataclass
class AttributedSentence:
    text: str
    sources: list[int]
    supported: bool


@dataclass
class Answer:
    question: str
    answer: str
    sources: list[Source]
    cited: list[int]
    supported: bool
    model: dict[str, Any]
    sentences: list[AttributedSentence] = field(default_factory=list)
    invalid_markers: list[int] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "sources": [
                {
                    "n": s.n,
                    "doc": s.doc,
                    "title": s.title,
                    "page": s.page,
                    "text": s.text,
                    "score": round(s.score, 4),
                    "path": s.path,
                    "section": s.section,
                }
                for s in self.sources
            ],
            "cited": self.cited,
            "supported": self.supported,
            "model": self.model,
            "sentences": [asdict(s) for s in self.sentences],
            "invalid_markers": self.invalid_markers,
            "provenance": self.provenance,
        }


def sanitize_source_text(text: str) -> str:
    """Neutralise chat-template control strings so a document cannot open a new turn."""
    return _CONTROL.sub(
        lambda m: (
            m.group(0).replace("<", "‹").replace(">", "›").replace("[", "(").replace("]", ")")
        ),
        text,
    )


def _format_source(source: Source) -> str:
    where = f"{source.title or source.doc}" + (f", page {source.page}" if source.page else "")
    return f"[{source.n}] ({where})\n{sanitize_source_text(source.text.strip())}"


def _open_retriever(kb: str | None, settings: Settings) -> Retriever | None:
    from echoassist.retrieval import open_retriever

    return open_retriever(kb or settings.kb)


def prepare(
    question: str,
    engine: Engine,
    *,
    settings: Settings,
    kb: str | None = None,
    retriever: Retriever | None = None,
    history: list[dict[str, str]] | None = None,
    max_tokens: int | None = None,
) -> Prepared:
    """Retrieve sources and fit them, whole, into the model's context window."""
    question = question.strip()
    if not question:
        raise UserError("the question is empty")
    retriever = retriever if retriever is not None else _open_retriever(kb, settings)
    sources: list[Source] = []
    top_relevance = 0.0
    if retriever is not None:
        sources, top_relevance = retriever.retrieve(question, settings.top_k)
    threshold = settings.min_relevance
    if not threshold and retriever is not None:
        from echoassist.retrieval import default_min_relevance

        threshold = default_min_relevance()
    supported = bool(sources) and top_relevance >= threshold
    grammar_mode = settings.citations == "grammar" and retriever is not None
    if retriever is None:
        system = SYSTEM_UNGROUNDED
    else:
        system = SYSTEM_GROUNDED_JSON if grammar_mode else SYSTEM_GROUNDED
    history = list(history or [])
    answer_reserve = max_tokens or settings.max_answer_tokens
    count = engine.count_tokens
    budget = Budget(
        context_window=engine.context_window,
        system=count(system),
        question=count(question),
        sources=0,
        history=0,
        answer_reserve=answer_reserve,
    )
    # Chat-template tokens (role markers) cost a little on top of the parts' own tokens.
    overhead = engine.count_chat_tokens(
        [{"role": "system", "content": system}, {"role": "user", "content": question}]
    ) - (budget.system + budget.question)
    if budget.system + budget.question + overhead + answer_reserve > engine.context_window:
        raise UserError(
            f"the question is too long for the model's context window ({budget.question} tokens "
            f"of {engine.context_window}); shorten it"
        )
    kept = list(sources) if supported else []
    while True:
        formatted = [_format_source(s) for s in kept]
        messages = [
            {"role": "system", "content": system},
            *history,
            {"role": "user", "content": user_message(question, formatted)},
        ]
        total = engine.count_chat_tokens(messages)
        if total + answer_reserve <= engine.context_window or not (history or kept):
            break
        # Older conversation goes first (a question and its answer together), then sources,
        # whole and lowest-ranked first: nothing is ever cut mid-text.
        if history:
            del history[:2]
            budget.dropped_history_turns += 1
        else:
            kept.pop()
            budget.dropped_sources += 1
    budget.history = sum(count(m["content"]) for m in history)
    budget.sources = total - budget.system - budget.question - budget.history - overhead
    supported = supported and bool(kept)
    return Prepared(
        question,
        messages,
        kept,
        budget,
        supported,
        kb=getattr(retriever, "name", ""),
        kb_version=getattr(retriever, "version", ""),
        top_relevance=top_relevance,
        citations="grammar" if grammar_mode else "attribute",
    )


def citation_schema(source_numbers: list[int]) -> dict[str, Any]:
    """JSON schema whose every sentence must name one of the given sources."""
    return {
        "type": "object",
        "properties": {
            "sentences": {
                "type": "array",
                "minItems": 1,
                "maxItems": 4,
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "source": {"type": "integer", "enum": source_numbers},
                    },
                    "required": ["text", "source"],
                },
            }
        },
        "required": ["sentences"],
    }


def _citation_grammar(sources: list[Source]) -> Any:
    from llama_cpp import LlamaGrammar

    schema = citation_schema([s.n for s in sources])
    return LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)


def parse_cited_json(raw: str) -> str:
    """Grammar-mode output -> prose with [n] markers (truncated JSON keeps whole sentences)."""
    try:
        # strict=False: small models put raw newlines inside JSON strings.
        items = json.loads(raw, strict=False)["sentences"]
    except (ValueError, KeyError, TypeError):
        items = [
            {"text": json.loads(f'"{m.group(1)}"', strict=False), "source": int(m.group(2))}
            for m in re.finditer(
                r'"text"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,\s*"source"\s*:\s*(\d+)', raw
            )
        ]
    parts = []
    for item in items:
        text = str(item.get("text", "")).strip()
        if text:
            parts.append(f"{text.rstrip('.')}. [{item.get('source')}]")
    return " ".join(parts)


def stream_answer(
    prepared: Prepared,
    engine: Engine,
    *,
    settings: Settings,
    stats: GenerationStats | None = None,
    max_tokens: int | None = None,
    cancel: Any = None,
) -> Generator[str, None, None]:
    """The answer's text as it is generated; a fixed sentence when the KB has no support."""
    if not prepared.supported and prepared.kb:
        yield NOT_COVERED
        return
    grammar = _citation_grammar(prepared.sources) if prepared.citations == "grammar" else None
    yield from engine.stream_chat(
        prepared.messages,
        max_tokens=max_tokens or settings.max_answer_tokens,
        temperature=settings.temperature,
        stats=stats,
        cancel=cancel,
        grammar=grammar,
    )


def attribute(
    answer: str, sources: list[Source]
) -> tuple[str, list[AttributedSentence], list[int]]:
    """Check the model's [n] markers and attribute every sentence to its best source."""
    valid = {s.n for s in sources}
    invalid: list[int] = []

    def keep_valid(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n in valid:
            return match.group(0)
        invalid.append(n)
        return ""

    cleaned = _MARKER.sub(keep_valid, answer).strip()
    sentences: list[AttributedSentence] = []
    for start, end in sentence_spans(cleaned):
        text = cleaned[start:end]
        plain = _MARKER.sub("", text)
        written = [int(n) for n in _MARKER.findall(text)]
        scored = sorted(((support_score(plain, s.text), s.n) for s in sources), reverse=True)
        attributed = [n for score, n in scored[:1] if score >= ATTRIBUTION_THRESHOLD]
        cited = sorted(set(written) | set(attributed))
        sentences.append(AttributedSentence(plain.strip(), cited, bool(cited)))
    return cleaned, sentences, invalid


def finish(
    prepared: Prepared, text: str, engine: Engine, stats: GenerationStats | None = None
) -> Answer:
    if prepared.citations == "grammar" and prepared.supported:
        text = parse_cited_json(text)
    cleaned, sentences, invalid = attribute(text, prepared.sources)
    cited = sorted({n for s in sentences for n in s.sources})
    model = {
        "name": engine.model.name,
        "sha256": engine.model.sha256,
        "quantization": engine.model.quantization,
        "file": engine.model.path,
    }
    provenance = {
        "prompt_version": PROMPT_VERSION,
        "citations": prepared.citations,
        "kb": prepared.kb,
        "kb_version": prepared.kb_version,
        "top_k": len(prepared.sources) + prepared.budget.dropped_sources,
        "top_relevance": round(prepared.top_relevance, 4),
        "budget": asdict(prepared.budget),
    }
    if stats is not None:
        provenance["generation"] = asdict(stats)
    return Answer(
        prepared.question,
        cleaned,
        prepared.sources,
        cited,
        prepared.supported and bool(cited),
        model,
        sentences,
        invalid,
        provenance,
    )


def format_sources(answer: Answer) -> str:
    if not answer.sources:
        return "(no sources: not grounded in the knowledge base)"
    lines = []
    for source in answer.sources:
        mark = "*" if source.n in answer.cited else " "
        page = f", p. {source.page}" if source.page else ""
        section = f" › {source.section}" if source.section else ""
        lines.append(f"{mark}[{source.n}] {source.title or source.doc}{page}{section}")
    unsupported = sum(1 for s in answer.sentences if not s.supported)
    if unsupported:
        lines.append(f"({unsupported} sentence(s) not supported by any source)")
    return "\n".join(lines)
