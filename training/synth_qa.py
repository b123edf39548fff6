"""Synthetic QA and 4-option MCQs from document chunks, written by a teacher model.

The teacher is a local GGUF (JSON-schema-constrained output through llama.cpp) or the user's
own OpenAI-compatible server. Each output line holds one chunk's id and all its accepted items,
so the line is the unit of progress: a killed run redoes at most the chunk it was on, and no
pair is lost or written twice.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from training.dataset import QAItem, Source, append_record, iter_jsonl
from training.errors import TrainingError
from training.metrics import normalize

PROMPT_FILE = Path(__file__).parent / "prompts" / "synth_qa_v1.txt"
CHUNK_WORDS = 220
MIN_QUESTION_WORDS = 4
# Share of an answer's content words that must appear in the chunk ("answer in context").
MIN_SUPPORT = 0.6
NEAR_DUPLICATE = 0.7  # Jaccard of question content words
_STOP = frozenset("of in on at to for and or is are was were be by with as from that this it "
                  "what which who how when why does do than".split())

# Longest strings the grammar lets a teacher write. A small teacher otherwise repeats itself
# until max_tokens cuts the JSON off: SmolLM2-135M did so on 8 of 8 starter-KB chunks.
MAX_QUESTION_CHARS, MAX_ANSWER_CHARS, MAX_OPTION_CHARS = 160, 200, 100


def question_schema(n_qa: int = 2, n_mcq: int = 1) -> dict[str, Any]:
    """The reply's JSON schema: exactly the pairs and MCQs asked for, each string bounded."""

    def text(limit: int) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": limit}

    return {
        "type": "object",
        "properties": {
            "qa": {"type": "array", "minItems": n_qa, "maxItems": n_qa, "items": {
                "type": "object",
                "properties": {"question": text(MAX_QUESTION_CHARS),
                               "answer": text(MAX_ANSWER_CHARS)},
                "required": ["question", "answer"]}},
            "mcq": {"type": "array", "minItems": n_mcq, "maxItems": n_mcq, "items": {
                "type": "object",
                "properties": {
                    "question": text(MAX_QUESTION_CHARS),
                    "options": {"type": "array", "items": text(MAX_OPTION_CHARS),
                                "minItems": 4, "maxItems": 4},
                    "answer_index": {"type": "integer", "minimum": 0, "maximum": 3}},
                "required": ["question", "options", "answer_index"]}},
        },
        "required": ["qa", "mcq"],
    }


@dataclass(frozen=True)
class TextChunk:
    id: str
    doc: str
    page: int | None
    text: str


class Teacher(Protocol):
    def complete(self, prompt: str) -> str: ...


class GGUFTeacher:
    """A local GGUF; llama.cpp turns the schema into a grammar, so the reply is valid JSON."""

    def __init__(self, path: Path, *, threads: int = 0, n_ctx: int = 2048,
                 max_tokens: int = 512, n_qa: int = 2, n_mcq: int = 1) -> None:
        from llama_cpp import LlamaGrammar

        from echoassist.engine import open_engine

        self.engine = open_engine(path, threads=threads or None, n_ctx=n_ctx)
        schema = json.dumps(question_schema(n_qa, n_mcq))
        self.grammar = LlamaGrammar.from_json_schema(schema, verbose=False)
        self.max_tokens = max_tokens

    def complete(self, prompt: str) -> str:
        from training.llm import chat

        return chat(self.engine, [{"role": "user", "content": prompt}],
                    max_tokens=self.max_tokens, grammar=self.grammar)

    def close(self) -> None:
        self.engine.close()


class HTTPTeacher:
    """The user's OpenAI-compatible server (llama.cpp server, vLLM, ...), e.g. on loopback."""

    def __init__(self, url: str, model: str, *, timeout: float = 300, n_qa: int = 2,
                 n_mcq: int = 1) -> None:
        self.url = url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout = timeout
        self.schema = question_schema(n_qa, n_mcq)

    def complete(self, prompt: str) -> str:
        body = json.dumps({
            "model": self.model, "temperature": 0.2,
            "messages": [{"role": "user", "content": prompt}],
            "response_format": {"type": "json_schema",
                                "json_schema": {"name": "qa", "schema": self.schema}},
        }).encode()
        request = urllib.request.Request(self.url, data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)["choices"][0]["message"]["content"] or ""
        except urllib.error.URLError as exc:
            raise TrainingError(
                f"the teacher at {self.url} is not reachable: {exc.reason}") from exc
        except (ValueError, KeyError, IndexError) as exc:
            raise TrainingError(f"the teacher at {self.url} sent a malformed reply: {exc}") from exc


@dataclass
class SynthStats:
    chunks: int = 0
    resumed: int = 0
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)


def document_chunks(paths: Iterable[Path]) -> Iterator[TextChunk]:
    """PDF pages (pypdf) and Markdown files, cut into ~CHUNK_WORDS-word pieces."""
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*"))
                   if f.suffix.lower() in {".pdf", ".md", ".markdown", ".txt"})
    for file in files:
        for page, text in _pages(file):
            words = text.split()
            for n, start in enumerate(range(0, len(words), CHUNK_WORDS)):
                piece = " ".join(words[start:start + CHUNK_WORDS])
                if len(piece.split()) >= 40:  # headers, captions and reference tails teach nothing
                    yield TextChunk(f"{file.name}#p{page or 0}#{n}", file.name, page, piece)


def kb_chunks(kb_name: str) -> Iterator[TextChunk]:
    """The source files of a knowledge base, chunked the same way."""
    from echoassist.paths import app_paths
    from kb import KnowledgeBase

    base = KnowledgeBase(app_paths().kb_dir(kb_name))
    if not base.exists():
        raise TrainingError(f"data.kb: no knowledge base named '{kb_name}'")
    yield from document_chunks(Path(doc.path) for doc in base.documents())


def synth_qa(chunks: Iterable[TextChunk], teacher: Teacher, out_file: Path, *,
             n_qa: int = 2, n_mcq: int = 1) -> SynthStats:
    stats = SynthStats()
    done: set[str] = set()
    seen: list[set[str]] = []
    for record in iter_jsonl(out_file):
        done.add(record["chunk"])
        seen += [_content(item["question"]) for item in record["items"]]
    stats.resumed = len(done)
    kept_before = len(seen)
    template = PROMPT_FILE.read_text(encoding="utf-8")
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with out_file.open("a", encoding="utf-8") as handle:
        for chunk in chunks:
            if chunk.id in done:
                continue
            prompt = template.format(n_qa=n_qa, n_mcq=n_mcq, doc=chunk.doc,
                                     page=chunk.page or "-", text=chunk.text)
            items, rejected = parse_items(teacher.complete(prompt), chunk, seen)
            append_record(handle, {"chunk": chunk.id, "items": [asdict(i) for i in items],
                                   "rejected": dict(rejected)})
            done.add(chunk.id)
            stats.chunks += 1
            stats.kept += len(items)
            stats.rejected.update(rejected)
    if stats.chunks and not stats.kept and not kept_before:
        reasons = ", ".join(f"{k} {v}" for k, v in stats.rejected.items())
        raise TrainingError(
            f"the teacher produced no usable questions from {stats.chunks} chunks ({reasons}); "
            "use a stronger teacher model or check its server"
        )
    return stats


def read_synth_items(out_file: Path) -> list[QAItem]:
    return [QAItem.from_dict(item) for record in iter_jsonl(out_file) for item in record["items"]]


def parse_items(reply: str, chunk: TextChunk,
                seen: list[set[str]]) -> tuple[list[QAItem], Counter[str]]:
    """The teacher's reply -> accepted items; `seen` (earlier questions) grows with them."""
    rejected: Counter[str] = Counter()
    try:
        data = json.loads(_json_part(reply))
        raw = [("qa", q) for q in data.get("qa", [])] + [("mcq", q) for q in data.get("mcq", [])]
    except (ValueError, AttributeError, TypeError):
        rejected["unparseable"] += 1
        return [], rejected
    context = _content(chunk.text)
    items: list[QAItem] = []
    for kind, entry in raw:
        item = _to_item(kind, entry, chunk, len(items))
        if isinstance(item, str):
            rejected[item] += 1
            continue
        reason = _reject_reason(item, context, seen) if item else "unparseable"
        if reason:
            rejected[reason] += 1
            continue
        assert item is not None
        items.append(item)
        seen.append(_content(item.question))
    return items, rejected


def _to_item(kind: str, entry: Any, chunk: TextChunk, n: int) -> QAItem | str | None:
    """The item, or "bad_options" for an MCQ without 4 distinct options and a valid index,
    or None when the entry lacks fields."""
    try:
        question = str(entry["question"]).strip()
        source = Source(doc=chunk.doc, page=chunk.page, text=chunk.text)
        item = QAItem(id=f"{chunk.id}:{kind}{n}", kind="qa", question=question, answer="",
                      group=chunk.doc, source=source, meta={"prompt": PROMPT_FILE.name})
        if kind == "qa":
            item.answer = str(entry["answer"]).strip()
            return item
        options = [str(o).strip() for o in entry["options"]]
        index = int(entry["answer_index"])
        if len(options) != 4 or not 0 <= index < 4 or len(set(options)) != 4:
            return "bad_options"  # small teachers repeat one option four times
        item.kind, item.answer = "mcq", options[index]
        item.options, item.answer_index = options, index
        return item
    except (KeyError, TypeError, ValueError):
        return None


def _reject_reason(item: QAItem, context: set[str], seen: list[set[str]]) -> str | None:
    if len(item.question.split()) < MIN_QUESTION_WORDS or not _content(item.answer):
        return "too_short"
    if not item.question.rstrip().endswith("?"):
        return "not_a_question"  # small teachers copy a passage sentence into the question
    answer_words = _content(item.answer)
    if len(answer_words & context) / len(answer_words) < MIN_SUPPORT:
        return "answer_not_in_context"
    question = _content(item.question)
    for earlier in seen:
        union = question | earlier
        if union and len(question & earlier) / len(union) >= NEAR_DUPLICATE:
            return "duplicate"
    return None


def _content(text: str) -> set[str]:
    return {w for w in normalize(text) if w not in _STOP}


def _json_part(reply: str) -> str:
    """Servers without schema support often wrap JSON in prose or a ``` fence."""
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    return match.group(0) if match else reply


def _pages(file: Path) -> Iterator[tuple[int | None, str]]:
    if file.suffix.lower() != ".pdf":
        yield None, file.read_text(encoding="utf-8", errors="replace")
        return
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(file))
        for number, page in enumerate(reader.pages, 1):
            yield number, page.extract_text() or ""
    except (PdfReadError, OSError, ValueError) as exc:
        raise TrainingError(f"cannot read {file}: {exc}") from exc
