"""`echoassist ask` end to end on the real built-in model, as a user runs it."""

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import builtin_gguf, default_sigint


def run_cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "echoassist.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=os.environ.copy())


def test_ask_streams_an_answer_offline():
    result = run_cli("ask", "What does a prolonged QT interval indicate?", "--max-tokens", "40",
                     "--no-history")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) >= 10
    assert "QT" in result.stdout or "qt" in result.stdout.lower()


def test_ask_json_has_the_documented_fields():
    result = run_cli("ask", "What is a normal PR interval?", "--max-tokens", "24", "--json",
                     "--no-history")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= {"answer", "sources", "cited", "supported", "model"}
    assert payload["answer"].strip()
    assert payload["model"]["name"] == "smollm2-135m"
    assert len(payload["model"]["sha256"]) == 64


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_model_is_one_clear_line_and_a_failure(tmp_path, damage):
    bad = tmp_path / "broken.gguf"
    whole = builtin_gguf().read_bytes()
    bad.write_bytes(os.urandom(4096) if damage == "garbage" else whole[: len(whole) // 2])
    result = run_cli("ask", "What is AF?", "--model", str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: broken.gguf")
    assert "Traceback" not in result.stderr


def test_empty_question_is_refused():
    result = run_cli("ask", "   ")
    assert result.returncode == 1
    assert "empty" in result.stderr


def test_history_records_the_question_privately(echoassist_home):
    result = run_cli("ask", "What is a delta wave?", "--max-tokens", "16")
    assert result.returncode == 0, result.stderr
    history_file = echoassist_home / "data" / "history.sqlite3"
    assert history_file.exists()
    assert history_file.stat().st_mode & 0o777 == 0o600
    listing = run_cli("history", "list")
    assert "delta wave" in listing.stdout
    purge = run_cli("history", "purge", "--yes")
    assert purge.returncode == 0
    assert not history_file.exists()


def test_no_history_flag_leaves_no_trace(echoassist_home):
    result = run_cli("ask", "What is a delta wave?", "--max-tokens", "8", "--no-history")
    assert result.returncode == 0, result.stderr
    assert not (echoassist_home / "data" / "history.sqlite3").exists()


def test_a_terminal_sees_what_ask_is_writing_from_before_the_first_sentence(starter_kb):
    """The evidence is printed at once; until the model's first sentence a status says what
    it is writing from."""
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "echoassist.cli", "ask", "What does a prolonged QT interval "
         "indicate?", "--kb", str(starter_kb), "--max-tokens", "8", "--no-history"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(terminal)
    seen = b""
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:  # the child closed its end
            break
        if not data:
            break
        seen += data
    stdout, _ = process.communicate(timeout=120)
    os.close(controller)
    assert process.returncode == 0
    assert b"Writing a short answer from" in seen and b"evidence sentence" in seen
    assert "[1]" in stdout.decode()  # the evidence still goes to stdout, unstyled


def test_ctrl_c_stops_the_answer_and_keeps_its_evidence(starter_kb):
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "echoassist.cli", "ask", "Explain the QT interval in detail.",
         "--kb", str(starter_kb), "--max-tokens", "400"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy(),
        preexec_fn=default_sigint,
    )
    assert process.stdout is not None
    first = os.read(process.stdout.fileno(), 64)  # the answer has started streaming
    assert first
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    stdout, stderr = (first + out).decode(), err.decode()
    assert process.returncode == 130
    assert "stopped by Ctrl-C" in stderr and "Traceback" not in stderr
    assert "[1]" in stdout  # the evidence was printed before the model started
    listed = run_cli("history", "list")
    assert "QT interval in detail" not in listed.stdout  # an incomplete answer is not recorded
