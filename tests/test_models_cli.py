"""`echoassist models ...` as a user runs it."""

import json
import shutil
import subprocess
import sys

from tests.helpers import builtin_gguf


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "echoassist.cli", "models", *args],
                          capture_output=True, text=True, timeout=120)


def test_list_shows_the_builtin_model_in_use():
    result = run_cli("list", "--json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert entry["name"] == "smollm2-135m" and entry["in_use"] is True


def test_add_use_verify_remove(tmp_path):
    copy = tmp_path / "echo.gguf"
    shutil.copy(builtin_gguf(), copy)
    added = run_cli("add", str(copy), "--name", "echo-test", "--use")
    assert added.returncode == 0, added.stderr
    assert "now using 'echo-test'" in added.stdout
    listing = json.loads(run_cli("list", "--json").stdout)
    assert [e["name"] for e in listing if e["in_use"]] == ["echo-test"]
    assert run_cli("verify", "echo-test").returncode == 0
    # The model in use is not removed (as in the app): the user chooses what answers next.
    refused = run_cli("remove", "echo-test")
    assert (refused.returncode, refused.stderr) == (
        1, "error: 'echo-test' is in use; switch to another model first\n")
    assert run_cli("use", "smollm2-135m").returncode == 0
    removed = run_cli("remove", "echo-test")
    assert removed.returncode == 0 and copy.exists()
    listing = json.loads(run_cli("list", "--json").stdout)
    assert [(e["name"], e["in_use"]) for e in listing] == [("smollm2-135m", True)]


def test_a_changed_model_file_fails_verify(tmp_path):
    copy = tmp_path / "echo.gguf"
    shutil.copy(builtin_gguf(), copy)
    assert run_cli("add", str(copy), "--name", "echo-test").returncode == 0
    with copy.open("r+b") as handle:  # one byte past the header: the size stays the same
        handle.seek(-1, 2)
        last = handle.read(1)
        handle.seek(-1, 2)
        handle.write(bytes([last[0] ^ 0xFF]))
    result = run_cli("verify", "echo-test")
    assert result.returncode == 1 and result.stdout.startswith("CHANGED  echo-test  ")


def test_adding_a_non_gguf_is_one_line_and_registers_nothing(tmp_path):
    bad = tmp_path / "notes.gguf"
    bad.write_text("just some text")
    result = run_cli("add", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == "error: notes.gguf is not a usable GGUF model: not a GGUF " \
                                    "file (wrong magic bytes)"
    assert [e["name"] for e in json.loads(run_cli("list", "--json").stdout)] == ["smollm2-135m"]
