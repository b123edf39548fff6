"""synth-qa: filters, teacher errors and resumption, with a fake teacher on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from training.errors import TrainingError
from training.synth_qa import (
    HTTPTeacher,
    TextChunk,
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
    assert {json.loads(line)["chunk"] for line in out.read_text().splitlines()[:2]} == {
        chunks[0].id, chunks[1].id}


def test_teacher_returning_junk_is_a_clear_error(tmp_path: Path) -> None:
    class Junk:
        def complete(self, prompt: str) -> str:
            return "I cannot help with that."

    with pytest.raises(TrainingError, match="no usable questions.*unparseable 2"):
        synth_qa([_chunk(1), _chunk(2)], Junk(), tmp_path / "out.jsonl")


@pytest.fixture
def teacher_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            assert body["response_format"]["type"] == "json_schema"
            reply = {"choices": [{"message": {"content": _reply(len(body["messages"]))}}]}
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def test_openai_compatible_teacher_on_loopback(teacher_server: str, tmp_path: Path) -> None:
    stats = synth_qa([_chunk(1)], HTTPTeacher(teacher_server, "t"), tmp_path / "o.jsonl")
    assert stats.kept == 2


def test_unreachable_teacher_says_so(tmp_path: Path) -> None:
    teacher = HTTPTeacher("http://127.0.0.1:9/v1", "t", timeout=2)
    with pytest.raises(TrainingError, match="not reachable"):
        synth_qa([_chunk(1)], teacher, tmp_path / "o.jsonl")


def test_markdown_chunks_keep_their_document(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Valves\n\n" + " ".join(["word"] * 500))
    chunks = list(document_chunks([tmp_path]))
    assert len(chunks) == 3 and {c.doc for c in chunks} == {"notes.md"}
    assert len({c.id for c in chunks}) == 3
