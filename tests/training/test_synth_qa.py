"""synth-qa: filters, teacher errors and resumption, with a fake teacher on loopback.

The fake server speaks just enough of OpenAI's chat API for the `openai` client; the real one
(llama.cpp's server, killed mid-run) is in test_served_teacher.py.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from training.errors import TrainingError
from training.synth_qa import (
    HTTPTeacher,
    TextChunk,
    cache_key,
    document_chunks,
    parse_items,
    read_synth_items,
    synth_qa,
)

PASSAGE = ("Severe aortic stenosis is defined by a peak velocity of at least 4.0 m/s, a mean "
           "gradient of at least 40 mmHg or a valve area below 1.0 cm2. Moderate stenosis has "
           "a peak velocity between 3.0 and 3.9 m/s.")


def _chunk(n: int) -> TextChunk:
    return TextChunk(id=f"doc{n % 3}.pdf#p{n}#0", doc=f"doc{n % 3}.pdf", page=n, text=PASSAGE)


def _reply(n: int) -> str:
    return json.dumps({
        "qa": [
            {"question": f"What peak velocity defines severe aortic stenosis (case {n})?",
             "answer": "A peak velocity of at least 4.0 m/s."},
            {"question": "Why?", "answer": "Because."},  # too short
            {"question": "Which drug treats aortic stenosis best?",
             "answer": "Aspirin twice daily with statins."},  # not in the passage
        ],
        "mcq": [{"question": f"Which valve area means severe aortic stenosis (set {n})?",
                 "options": ["below 1.0 cm2", "2.0 cm2", "1.5 cm2", "3.0 cm2"],
                 "answer_index": 0}],
    })


class FakeTeacher:
    def __init__(self, fail_at: int | None = None) -> None:
        self.calls = 0
        self.fail_at = fail_at

    def complete(self, prompt: str) -> str:
        self.calls += 1
        if self.calls == self.fail_at:
            raise KeyboardInterrupt  # the user pressed Ctrl-C mid-run
        return _reply(self.calls)


def test_filters_keep_only_grounded_new_items() -> None:
    seen: list[set[str]] = []
    items, rejected = parse_items(_reply(1), _chunk(1), seen)
    assert [i.kind for i in items] == ["qa", "mcq"]
    assert rejected == {"too_short": 1, "answer_not_in_context": 1}
    assert items[0].source.doc == "doc1.pdf" and items[0].source.page == 1
    assert items[1].options[items[1].answer_index] == "below 1.0 cm2"
    # The same questions again (near-duplicates: only the case number differs) are dropped.
    again, rejected = parse_items(_reply(2), _chunk(2), seen)
    assert again == [] and rejected["duplicate"] == 2
    _, rejected = parse_items("Sure! Here are some questions.", _chunk(3), seen)
    assert rejected == {"unparseable": 1}


def test_a_passage_sentence_copied_as_the_question_is_not_kept() -> None:
    reply = json.dumps({"qa": [
        {"question": "A peak velocity of 4.0 m/s or more means severe aortic stenosis.",
         "answer": "A peak velocity of 4.0 m/s or more."},
        {"question": "What peak velocity means severe aortic stenosis?",
         "answer": "A peak velocity of 4.0 m/s or more."}], "mcq": []})
    items, rejected = parse_items(reply, _chunk(1), [])
    assert [i.question for i in items] == ["What peak velocity means severe aortic stenosis?"]
    assert rejected == {"not_a_question": 1}


def test_an_mcq_with_one_option_four_times_is_dropped_as_bad_options() -> None:
    stem = "Which peak velocity defines severe aortic stenosis?"
    repeated = {"question": stem, "options": ["at least 4.0 m/s"] * 4, "answer_index": 0}
    out_of_range = {"question": stem, "answer_index": 4,
                    "options": ["at least 4.0 m/s", "2.0 m/s", "3.0 m/s", "1.0 m/s"]}
    reply = json.dumps({"qa": [], "mcq": [repeated, out_of_range]})
    items, rejected = parse_items(reply, _chunk(1), [])
    assert items == [] and rejected == {"bad_options": 2}


def test_killed_run_resumes_without_losing_or_repeating(tmp_path: Path) -> None:
    out = tmp_path / "synth.jsonl"
    chunks = [_chunk(n) for n in range(5)]
    with pytest.raises(KeyboardInterrupt):
        synth_qa(chunks, FakeTeacher(fail_at=3), out)
    assert len(read_synth_items(out)) == 2  # chunk 0 kept 2, chunk 1's are duplicates
    with out.open("a") as handle:
        handle.write('{"chunk": "torn')  # a write cut off by the kill
    teacher = FakeTeacher()
    stats = synth_qa(chunks, teacher, out)
    assert stats.resumed == 2 and teacher.calls == 3
    ids = [i.id for i in read_synth_items(out)]
    assert len(ids) == len(set(ids))
    records = [json.loads(line) for line in out.read_text().splitlines()]  # all lines readable
    assert [r["chunk"] for r in records] == [c.id for c in chunks]
    assert [r["key"] for r in records] == [cache_key(c) for c in chunks]


def test_a_new_prompt_version_or_edited_text_asks_again_and_the_newest_answer_counts(
        tmp_path: Path) -> None:
    out = tmp_path / "synth.jsonl"
    chunk = _chunk(1)
    assert cache_key(chunk) != cache_key(chunk, "synth_qa_v2")
    edited = TextChunk(chunk.id, chunk.doc, chunk.page, chunk.text + " Edited.")
    assert cache_key(edited) != cache_key(chunk)
    synth_qa([chunk], FakeTeacher(), out)
    teacher = FakeTeacher()
    assert synth_qa([chunk], teacher, out).resumed == 1 and teacher.calls == 0
    synth_qa([edited], FakeTeacher(), out)  # asked again: its questions are near-duplicates
    assert len(out.read_text().splitlines()) == 2
    assert read_synth_items(out) == []  # the chunk's newest record (all dropped) is what counts


def test_teacher_returning_junk_is_a_clear_error(tmp_path: Path) -> None:
    class Junk:
        def complete(self, prompt: str) -> str:
            return "I cannot help with that."

    with pytest.raises(TrainingError, match="no usable questions.*unparseable 2"):
        synth_qa([_chunk(1), _chunk(2)], Junk(), tmp_path / "out.jsonl")


@dataclass
class FakeServer:
    """An OpenAI-style /v1/chat/completions on loopback; `script` picks each reply's status."""

    url: str = ""
    script: Callable[[int, dict], int] = lambda n, body: 200
    delay: float = 0.0
    requests: list[dict] = field(default_factory=list)
    running: int = 0
    most_running: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    state = FakeServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with state.lock:
                state.requests.append(body)
                n = len(state.requests)
                state.running += 1
                state.most_running = max(state.most_running, state.running)
            try:
                time.sleep(state.delay)
                status = state.script(n, body)
                prompt = body["messages"][0]["content"]
                number = int(prompt.split("#p")[1].split("#")[0]) if "#p" in prompt else n
                payload = ({"id": "x", "object": "chat.completion", "created": 0, "model": "t",
                            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                "role": "assistant", "content": _reply(number)}}]}
                           if status == 200 else {"error": {"message": (
                               f"status {status}: response_format.type: Input should be 'text' "
                               "or 'json_object'" if n == 1 and status == 500 else
                               f"status {status}")}})
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            finally:
                with state.lock:
                    state.running -= 1

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/v1"
    yield state
    server.shutdown()
    server.server_close()


def _numbered(n: int) -> TextChunk:
    """Distinct chunks whose id the fake server reads back from the prompt (doc, page)."""
    return TextChunk(id=f"doc{n % 3}.pdf#p{n}#0", doc=f"doc{n % 3}.pdf#p{n}#0", page=n,
                     text=PASSAGE)


def test_openai_compatible_teacher_on_loopback(fake_server: FakeServer, tmp_path: Path) -> None:
    stats = synth_qa([_chunk(1)], HTTPTeacher(fake_server.url, "t"), tmp_path / "o.jsonl")
    assert stats.kept == 2
    (body,) = fake_server.requests
    assert body["model"] == "t" and body["response_format"]["type"] == "json_schema"


def test_concurrent_requests_each_chunk_once(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.delay = 0.2
    out = tmp_path / "o.jsonl"
    chunks = [_numbered(n) for n in range(12)]
    started = time.monotonic()
    stats = synth_qa(chunks, HTTPTeacher(fake_server.url, "t"), out, concurrency=4)
    took = time.monotonic() - started
    assert stats.chunks == 12 and fake_server.most_running == 4
    assert took < 12 * 0.2 * 0.8, took  # 3 rounds of 4, not 12 one after another
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["chunk"] for r in records) == sorted(c.id for c in chunks)
    ids = [i.id for i in read_synth_items(out)]
    assert len(ids) == len(set(ids))


def test_rate_limits_and_server_errors_are_retried(fake_server: FakeServer,
                                                   tmp_path: Path) -> None:
    fake_server.script = lambda n, body: {1: 429, 2: 503}.get(n, 200)
    stats = synth_qa([_chunk(1)], HTTPTeacher(fake_server.url, "t", retries=2),
                     tmp_path / "o.jsonl")
    assert stats.kept == 2 and len(fake_server.requests) == 3


def test_a_server_without_json_schema_gets_json_object_with_the_schema(
        fake_server: FakeServer, tmp_path: Path) -> None:
    # llama-cpp-python's server refuses OpenAI's json_schema (a 500 whose message names
    # response_format) and reads json_object with a schema.
    fake_server.script = lambda n, body: (500 if body["response_format"]["type"] == "json_schema"
                                          else 200)
    teacher = HTTPTeacher(fake_server.url, "t")
    synth_qa([_numbered(1), _numbered(2)], teacher, tmp_path / "o.jsonl")
    kinds = [b["response_format"]["type"] for b in fake_server.requests]
    assert kinds == ["json_schema", "json_object", "json_object"]  # learned once
    assert fake_server.requests[-1]["response_format"]["schema"]["required"] == ["qa", "mcq"]


def test_a_failing_server_keeps_finished_chunks_and_a_rerun_completes(
        fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.script = lambda n, body: 500 if n >= 5 else 200
    out = tmp_path / "o.jsonl"
    chunks = [_numbered(n) for n in range(10)]
    with pytest.raises(TrainingError, match="answered 500"):
        synth_qa(chunks, HTTPTeacher(fake_server.url, "t", retries=0), out, concurrency=2)
    first = [json.loads(line)["chunk"] for line in out.read_text().splitlines()]
    assert len(first) == 4
    fake_server.script = lambda n, body: 200
    stats = synth_qa(chunks, HTTPTeacher(fake_server.url, "t"), out, concurrency=3)
    assert stats.resumed == 4 and stats.chunks == 6
    records = [json.loads(line)["chunk"] for line in out.read_text().splitlines()]
    assert sorted(records) == sorted(c.id for c in chunks)


def test_unreachable_teacher_says_so(tmp_path: Path) -> None:
    teacher = HTTPTeacher("http://127.0.0.1:9/v1", "t", timeout=2, retries=1)
    with pytest.raises(TrainingError, match="not reachable after 2 tries"):
        synth_qa([_chunk(1)], teacher, tmp_path / "o.jsonl")
    assert not (tmp_path / "o.jsonl").read_text()


def test_markdown_chunks_keep_their_document(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Valves\n\n" + " ".join(["word"] * 500))
    chunks = list(document_chunks([tmp_path]))
    assert len(chunks) == 3 and {c.doc for c in chunks} == {"notes.md"}
    assert len({c.id for c in chunks}) == 3
