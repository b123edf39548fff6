"""The command line and the app give the same outcome for the same input (issue 16).

Each case runs the CLI as a user runs it (`python -m echoassist.cli`, a child process in the
test's own ECHOASSIST_HOME) and the function the TUI's screen calls, and compares what the user
gets: the message, the file written, what went into the history.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from echoassist import history, services
from echoassist.config import load_settings, update_setting
from echoassist.errors import UserError
from echoassist.paths import app_paths
from tests.conftest import REPO_ROOT

REPORT = """TRANSTHORACIC ECHOCARDIOGRAM
Findings:
LVEF is estimated at 35%. Severe aortic stenosis, peak velocity 4.6 m/s, mean gradient 52 mmHg.
Mild mitral regurgitation. No pericardial effusion.
"""


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "echoassist.cli", *args], capture_output=True,
                          text=True, cwd=REPO_ROOT, timeout=120)


def recorded() -> list[tuple[str, str, str, dict]]:
    return [(e.kind, e.title, e.body, e.payload) for e in history.entries()]


@pytest.mark.parametrize("content", [
    b"LVEF 35%.\n" * (services.MAX_REPORT_BYTES // 10 + 1),  # too large
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00<< /Type /Catalog >>",  # binary
], ids=["too-large", "binary"])
def test_a_bad_report_file_is_refused_alike(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "echo.txt"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        services.read_report_file(str(path))  # the report screen's Ctrl+O
    proc = cli("report", str(path))
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == f"error: {caught.value}\n"
    assert recorded() == []


def test_a_report_at_the_limit_is_accepted_alike(tmp_path: Path) -> None:
    path = tmp_path / "echo.txt"
    path.write_bytes((REPORT.encode() * services.MAX_REPORT_BYTES)[:services.MAX_REPORT_BYTES])
    text = services.read_report_file(str(path))
    proc = cli("report", str(path), "--json", "--no-history")
    assert proc.returncode == 0, proc.stderr
    graded = services.grade_report(text, load_settings(), record=False)
    assert json.loads(proc.stdout) == graded.data


@pytest.mark.parametrize(("history_on", "flags", "kept"), [
    (True, [], 1),
    (False, [], 0),
    (True, ["--no-history"], 0),
], ids=["history-on", "history-off", "no-history-flag"])
def test_the_history_setting_applies_alike(
    tmp_path: Path, history_on: bool, flags: list[str], kept: int
) -> None:
    update_setting("history", history_on)
    path = tmp_path / "echo.txt"
    path.write_text(REPORT)
    proc = cli("report", str(path), "--json", *flags)
    assert proc.returncode == 0, proc.stderr
    by_cli = recorded()
    history.purge()

    graded = services.grade_report(services.read_report_file(str(path)), load_settings(),
                                   record="--no-history" not in flags)
    by_app = recorded()
    assert len(by_cli) == kept and graded.recorded == bool(kept)
    assert by_cli == by_app  # the same title, table and payload
    assert json.loads(proc.stdout) == graded.data


def test_an_oversized_export_is_cut_alike(tmp_path: Path) -> None:
    history.record("question", "question 0?", "answer", {})
    db = sqlite3.connect(app_paths().history_file)  # the rest at once: about a second
    with db:
        db.executemany(
            "INSERT INTO entries (created, kind, title, body, payload) VALUES (?, ?, ?, ?, ?)",
            ((2e9 + n, "question", f"question {n}?", "answer", "{}")
             for n in range(1, services.MAX_EXPORT_ENTRIES + 1)))
    db.close()
    by_cli = tmp_path / "cli" / "history.md"  # folders that do not exist yet
    proc = cli("history", "export", str(by_cli))
    export = services.export_history(tmp_path / "app" / "history.md")  # the History screen

    assert (export.count, export.complete) == (services.MAX_EXPORT_ENTRIES, False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == dataclasses.replace(export, path=by_cli).message + "\n"
    text = by_cli.read_text()
    assert text == export.path.read_text()
    assert "## " in text and "question 0?" not in text  # the oldest is the one left out
    for file in (by_cli, export.path):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700


def test_answers_follow_one_history_policy() -> None:
    """Both front ends call services.record_answer: what each keeps is decided once."""
    from echoassist.answer.records import Answer
    from echoassist.config import Settings
    from echoassist.services import record_answer

    answer = Answer("What is LBBB?", "QRS 120 ms or more. [1]", [], [1], True, {})
    on, off = Settings(history=True), Settings(history=False)
    assert record_answer(answer, "eos", on) == (True, "")
    assert record_answer(answer, "eos", off) == (False, "")
    assert record_answer(answer, "eos", on, record=False) == (False, "")  # --no-history
    assert record_answer(answer, "cancelled", on) == (False, "")  # a stopped fragment
    empty = Answer("What is LBBB?", "", [], [], False, {})
    assert record_answer(empty, "eos", on) == (False, "")


def test_the_model_in_use_is_kept_alike(tmp_path: Path) -> None:
    """`models remove` and the Models screen's Delete both refuse the model in use."""
    from echoassist.errors import ModelError
    from tests.helpers import builtin_gguf

    copy = tmp_path / "second.gguf"
    copy.write_bytes(builtin_gguf().read_bytes())
    services.add_model(copy, "second")
    services.use_model("second")
    proc = cli("models", "remove", "second")
    with pytest.raises(ModelError) as caught:
        services.remove_model("second", load_settings())
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == f"error: {caught.value}\n"
    assert load_settings().model == "second"
    assert [e.name for e in services.list_models()] == ["smollm2-135m", "second"]


def test_a_missing_build_source_is_refused_alike(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    proc = cli("kb", "build", str(missing))
    with pytest.raises(UserError) as caught:
        services.build_kb(load_settings().kb, [str(missing)])  # the KB screen's typed folder
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == f"error: {caught.value}\n"
    assert not app_paths().kb_dir(load_settings().kb).exists()


@pytest.mark.parametrize("front_end", ["cli", "app"])
def test_a_kb_build_keeps_the_data_folder_private_alike(tmp_path: Path, front_end: str) -> None:
    """The KB may be the first thing in the data folder: the build creates it, for the user
    alone (the kb library, which knows nothing of the app, would make it as the umask says)."""
    data = app_paths().data_dir
    assert not data.exists()
    (tmp_path / "note.md").write_text("# Effusion\n\nA large effusion is over 2 cm.\n")
    if front_end == "cli":
        proc = cli("kb", "build", str(tmp_path / "note.md"))
        assert proc.returncode == 0, proc.stderr
    else:
        services.build_kb("starter", [str(tmp_path / "note.md")])
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert [d.name for d in services.kb_documents(load_settings().kb)] == ["note.md"]
