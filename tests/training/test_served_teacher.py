"""synth-qa against a real OpenAI-compatible server (llama.cpp's, the built-in model), killed
mid-run and restarted: the resumed run finishes with every chunk once and no item twice."""

from __future__ import annotations

import importlib.util
import json
import os
import threading
import time
from itertools import islice
from pathlib import Path

import pytest

for module in ("uvicorn", "fastapi", "sse_starlette", "starlette_context", "openai"):
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI"):  # ./install.sh --dev installs the teacher-server extra
            raise ImportError(f"{module} is missing: the teacher-server extra was not installed")
        pytest.skip(f"{module} is not installed (pip install -e '.[train,teacher-server]')",
                    allow_module_level=True)

from tests.helpers import builtin_gguf  # noqa: E402
from training.errors import TrainingError  # noqa: E402
from training.synth_qa import (  # noqa: E402
    HTTPTeacher,
    cache_key,
    document_chunks,
    read_synth_items,
    synth_qa,
)
from training.teacher_server import LlamaServer  # noqa: E402

pytestmark = pytest.mark.slow

STARTER = Path(__file__).resolve().parents[2] / "kb" / "corpus"
CHUNKS = 6
KILL_AFTER = 2  # records on disk when the server is killed


def _teacher(url: str) -> HTTPTeacher:
    # One short QA per chunk keeps a 135M model's replies to a few seconds on 2 busy cores;
    # one retry (0.5 s backoff) so the killed server fails the run quickly.
    return HTTPTeacher(url, "teacher", timeout=120, retries=1, max_tokens=96, n_qa=1, n_mcq=0)


def _run(chunks: list, url: str, out: Path) -> None:
    try:
        synth_qa(chunks, _teacher(url), out, n_qa=1, n_mcq=0, concurrency=4)
    except TrainingError as exc:  # a 135M teacher may keep nothing; the records still count
        if "no usable questions" not in str(exc):
            raise


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_killed_server_resumed_run_loses_and_repeats_nothing(tmp_path: Path) -> None:
    chunks = list(islice(document_chunks([STARTER]), CHUNKS))
    assert len(chunks) == CHUNKS
    out = tmp_path / "synth_qa.jsonl"
    server = LlamaServer(builtin_gguf(), threads=2, n_ctx=1024, log=tmp_path / "server.log")
    server.start()
    try:
        def kill_when_progress_is_on_disk() -> None:
            while server.process and server.process.poll() is None:
                if out.is_file() and len(out.read_text().splitlines()) >= KILL_AFTER:
                    server.kill()
                    return
                time.sleep(0.05)

        killer = threading.Thread(target=kill_when_progress_is_on_disk, daemon=True)
        killer.start()
        started = time.monotonic()
        with pytest.raises(TrainingError, match="not reachable after 2 tries"):
            synth_qa(chunks, _teacher(server.url), out, n_qa=1, n_mcq=0, concurrency=4)
        first_run = time.monotonic() - started
        killer.join(timeout=10)
        before = _records(out)
        assert KILL_AFTER <= len(before) < CHUNKS, len(before)

        server.start()  # same port, a fresh process: nothing of the first run survives there
        started = time.monotonic()
        _run(chunks, server.url, out)
        resumed_run = time.monotonic() - started
    finally:
        server.stop()

    after = _records(out)
    assert after[:len(before)] == before  # what was on disk is untouched
    assert len(after) == CHUNKS  # each chunk once, none lost
    assert {r["chunk"]: r["key"] for r in after} == {c.id: cache_key(c) for c in chunks}
    ids = [item.id for item in read_synth_items(out)]
    assert len(ids) == len(set(ids))
    # Resuming once more asks nothing (the address is a closed port): every chunk is a hit.
    again = synth_qa(chunks, _teacher("http://127.0.0.1:9/v1"), out, n_qa=1, n_mcq=0,
                     concurrency=4)
    assert (again.resumed, again.chunks) == (CHUNKS, 0)
    print(f"\nserved teacher: {len(before)} of {CHUNKS} chunks before the kill "
          f"({first_run:.0f} s), the rest after the restart ({resumed_run:.0f} s)")
