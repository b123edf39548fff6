"""Synthetic QA and 4-option MCQs from document chunks, written by a teacher model.

The teacher is a local GGUF (JSON-schema-constrained output through llama.cpp) or a served one
(any OpenAI-compatible endpoint, training.served) with several requests in flight. Each output
line holds one chunk's cache key (a hash of its text + the prompt version), its id and all its
accepted items, written the moment its reply arrives: the line is the unit of progress, so a
killed run redoes at most the chunks that were in flight, and no pair is lost or written twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from training.dataset import QAItem, Source, append_record, iter_jsonl
from training.errors import TrainingError
from training.inflight import in_flight
from training.metrics import normalize
from training.served import ServedSettings, ServedTeacher

PROMPT_FILE = Path(__file__).parent / "prompts" / "synth_qa_v1.txt"
PROMPT_VERSION = PROMPT_FILE.stem
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


class HTTPTeacher(ServedTeacher):
    """A served teacher asked for this step's reply schema (training.served does the HTTP)."""

    def __init__(self, url: str, model: str, *, timeout: float = 300, retries: int = 5,
                 max_tokens: int = 1024, temperature: float = 0.2, n_qa: int = 2,
                 n_mcq: int = 1) -> None:
        super().__init__(ServedSettings(url=url, model=model, timeout=timeout, retries=retries,
                                        max_tokens=max_tokens, temperature=temperature),
                         question_schema(n_qa, n_mcq))


@dataclass
class SynthStats:
    chunks: int = 0
    """Chunks answered in this run."""
    resumed: int = 0
    """Chunks found done in the output file (a cache hit: same text, same prompt version)."""
    repeated: int = 0
    """Chunks skipped because the same chunk came earlier in this run's input."""
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)


def cache_key(chunk: TextChunk, prompt_version: str = PROMPT_VERSION) -> str:
    """What a reply depends on: the passage (where it sits, what it says) and the prompt that
    framed it. An edited document or a new prompt version asks again; nothing else does."""
    digest = hashlib.sha256(f"{chunk.id}\n{chunk.text}".encode()).hexdigest()[:24]
    return f"{prompt_version}:{digest}"


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
             n_qa: int = 2, n_mcq: int = 1, concurrency: int = 1) -> SynthStats:
    """Ask the teacher about every chunk not answered yet; `concurrency` > 1 needs a teacher
    whose `complete` may be called from several threads (a served one)."""
    stats = SynthStats()
    done_keys: set[str] = set()
    done_ids: set[str] = set()  # records written before cache keys existed
    seen: list[set[str]] = []
    for record in iter_jsonl(out_file):
        if "key" in record:
            done_keys.add(record["key"])
        else:
            done_ids.add(record["chunk"])
        seen += [_content(item["question"]) for item in record["items"]]
    kept_before = len(seen)
    template = PROMPT_FILE.read_text(encoding="utf-8")

    todo: list[tuple[TextChunk, str]] = []
    queued: set[str] = set()
    for chunk in chunks:
        key = cache_key(chunk)
        if key in done_keys or chunk.id in done_ids:
            stats.resumed += 1
        elif key in queued:
            stats.repeated += 1
        else:
            todo.append((chunk, key))
            queued.add(key)

    def ask(job: tuple[TextChunk, str]) -> str:
        chunk = job[0]
        return teacher.complete(template.format(n_qa=n_qa, n_mcq=n_mcq, doc=chunk.doc,
                                                page=chunk.page or "-", text=chunk.text))

    replies: Iterable[tuple[tuple[TextChunk, str], str]]
    if concurrency > 1:
        replies = in_flight(ask, todo, concurrency)
    else:  # in this thread: a local GGUF engine is not thread-safe, Ctrl-C stops it at once
        replies = ((job, ask(job)) for job in todo)
    _drop_torn_tail(out_file)
    with out_file.open("a", encoding="utf-8") as handle:
        for (chunk, key), reply in replies:
            items, rejected = parse_items(reply, chunk, seen)
            append_record(handle, {"key": key, "chunk": chunk.id,
                                   "items": [asdict(i) for i in items],
                                   "rejected": dict(rejected)})
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
    """The accepted items, one record per chunk: a chunk asked again (its text or the prompt
    version changed) counts with its newest answer only."""
    latest: dict[str, dict[str, Any]] = {}
    for record in iter_jsonl(out_file):
        latest.pop(record["chunk"], None)  # keep file order for the newest record
        latest[record["chunk"]] = record
    return [QAItem.from_dict(item) for record in latest.values() for item in record["items"]]


def _drop_torn_tail(out_file: Path) -> None:
    """A run killed mid-write leaves a line without its newline; the next record appended to
    it would make both unreadable, so cut the fragment off first."""
    out_file.parent.mkdir(parents=True, exist_ok=True)
    if not out_file.is_file() or out_file.stat().st_size == 0:
        return
    with out_file.open("rb+") as handle:
        data = handle.read()
        if data.endswith(b"\n"):
            return
        handle.truncate(data.rfind(b"\n") + 1)


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
