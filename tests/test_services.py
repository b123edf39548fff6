"""The actions both front ends call (echoassist/services.py), called without either."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from echoassist import history, services
from echoassist.config import load_settings, update_setting
from echoassist.errors import ModelError, UserError
from echoassist.models.builtin import DEFAULT_BUILTIN
from echoassist.paths import app_paths
from tests.helpers import builtin_gguf

REPORT = "TTE\nFindings:\nLVEF 35%. Severe aortic stenosis, peak velocity 4.6 m/s.\n"


def test_a_report_file_is_read_as_text(tmp_path: Path) -> None:
    good = tmp_path / "report.txt"
    good.write_text("LVEF 55%.\n")
    assert services.read_report_file(f"  {good}  ") == "LVEF 55%.\n"  # as typed in a prompt
    at_limit = tmp_path / "long.txt"
    at_limit.write_bytes(b"a" * services.MAX_REPORT_BYTES)
    assert len(services.read_report_file(at_limit)) == services.MAX_REPORT_BYTES


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p, "no such report file: {p}"),
    (lambda p: p.mkdir() or p, "report {p} is not a file"),
    (lambda p: p.write_bytes(b"%PDF-1.7\n\x00\x01\x02") and p,
     "report {p} is not a text file (it holds binary data, like a PDF or an image); "
     "paste the report's text instead"),
    (lambda p: p.write_bytes(b"a" * (services.MAX_REPORT_BYTES + 1)) and p,
     "report {p} is larger than 1 MB: is it really one report? Give a single report's text"),
])
def test_a_bad_report_file_is_one_message(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path / "echo.txt")
    with pytest.raises(UserError) as caught:
        services.read_report_file(path)
    assert str(caught.value) == message.format(p=path)


def test_binary_data_past_the_probe_is_text_with_replacements() -> None:
    data = b"LVEF 55%. " * (services.BINARY_PROBE_BYTES // 10 + 1) + b"\x00"
    assert services.report_text(data, "standard input").endswith("\x00")


def test_a_graded_report_is_recorded_once_per_text() -> None:
    graded = services.grade_report(REPORT, load_settings())
    assert graded.recorded and graded.history_problem == ""
    assert graded.data["findings"] == graded.report.to_dict()["findings"]
    services.grade_report(REPORT, load_settings())
    [entry] = history.entries()
    assert (entry.kind, entry.title) == ("report", "TTE")
    assert "| Aortic stenosis | severe |" in entry.body and entry.payload["text"] == REPORT


def test_history_off_or_record_false_records_nothing() -> None:
    assert not services.grade_report(REPORT, load_settings(), record=False).recorded
    update_setting("history", False)
    assert not services.grade_report(REPORT, load_settings()).recorded
    assert history.entries() == []


def test_a_report_the_history_cannot_keep_is_still_graded() -> None:
    app_paths().history_file.mkdir(parents=True)  # not a database: every write fails
    graded = services.grade_report(REPORT, load_settings())
    assert graded.report.labels()["av_stenosis"] == "severe"
    assert not graded.recorded and graded.history_problem.startswith("history could not be saved")


def test_an_empty_report_is_refused() -> None:
    with pytest.raises(UserError, match="^the report is empty: give a report's text to grade$"):
        services.grade_report(" \n\t", load_settings())
    assert history.entries() == []


def test_export_honours_the_search(tmp_path: Path) -> None:
    history.record("question", "LVEF?", "55 %", {})
    history.record("question", "TAPSE?", "17 mm", {})
    export = services.export_history(tmp_path / "h.md", "TAPSE")
    text = export.path.read_text()
    assert (export.count, export.complete) == (1, True)
    assert "TAPSE?" in text and "LVEF?" not in text
    assert export.message == f"exported 1 entry to {tmp_path / 'h.md'}"


def test_an_export_over_the_limit_keeps_the_newest_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "MAX_EXPORT_ENTRIES", 2)
    for n in range(3):
        history.record("question", f"question {n}?", "answer", {})
    export = services.export_history(tmp_path / "new" / "h.md")
    text = export.path.read_text()
    assert (export.count, export.complete) == (2, False)
    assert "question 2?" in text and "question 1?" in text and "question 0?" not in text
    assert "more matched, and one export holds at most 2 " in export.message
    assert stat.S_IMODE(export.path.parent.stat().st_mode) == 0o700


def test_an_unwritable_export_is_one_message(tmp_path: Path) -> None:
    history.record("question", "LVEF?", "55 %", {})
    (tmp_path / "h.md").mkdir()
    with pytest.raises(UserError, match=f"^cannot write {tmp_path / 'h.md'}: Is a directory$"):
        services.export_history(tmp_path / "h.md")
    assert [p.name for p in tmp_path.iterdir()] == ["h.md"]  # no temporary file left


# --- models ---------------------------------------------------------------------------------

def registered_copy(tmp_path: Path, name: str = "copy") -> Path:
    copy = tmp_path / f"{name}.gguf"
    shutil.copy(builtin_gguf(), copy)
    services.add_model(copy, name)
    return copy


def test_add_model_needs_a_path() -> None:
    with pytest.raises(ModelError, match="^give the path of a .gguf file$"):
        services.add_model("  ")


def test_the_installed_builtin_is_listed_first_and_in_use(tmp_path: Path) -> None:
    registered_copy(tmp_path, "another")
    assert [e.name for e in services.list_models()] == [DEFAULT_BUILTIN, "another"]
    assert services.active_model_name(load_settings()) == DEFAULT_BUILTIN


def test_the_model_in_use_is_not_removed(tmp_path: Path) -> None:
    registered_copy(tmp_path)
    services.use_model("copy")
    assert load_settings().model == "copy"
    with pytest.raises(ModelError, match="^'copy' is in use; switch to another model first$"):
        services.remove_model("copy", load_settings())
    assert "copy" in [e.name for e in services.list_models()]
    services.use_model(DEFAULT_BUILTIN)
    assert services.remove_model("copy", load_settings()).name == "copy"
    assert [e.name for e in services.list_models()] == [DEFAULT_BUILTIN]


def test_a_truncated_model_is_not_put_in_use(tmp_path: Path) -> None:
    copy = registered_copy(tmp_path)
    with copy.open("r+b") as handle:
        handle.truncate(copy.stat().st_size // 2)
    with pytest.raises(ModelError, match="^copy.gguf is truncated "):
        services.use_model("copy")
    assert load_settings().model == ""


def test_verify_names_a_changed_file(tmp_path: Path) -> None:
    copy = registered_copy(tmp_path)
    assert all(check.ok for check in services.verify_models())
    data = bytearray(copy.read_bytes())
    data[-1] ^= 0xFF  # same size, same header: only the hash can tell
    copy.write_bytes(bytes(data))
    [check] = services.verify_models("copy")
    assert (check.entry.name, check.ok) == ("copy", False)


# --- knowledge bases ------------------------------------------------------------------------

NOTE = "# Pericardial effusion\n\nA large effusion has an echo-free space over 2 cm.\n"


def test_a_missing_source_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(NOTE)
    missing = tmp_path / "nowhere"
    with pytest.raises(UserError, match=f"^no such folder or file: {missing}$"):
        services.build_kb("starter", [tmp_path / "note.md", missing])
    assert not app_paths().kb_dir("starter").exists()
    with pytest.raises(UserError, match="^give a folder or file to build from$"):
        services.build_kb("starter", ["  "])


def test_a_kb_in_the_data_folder_makes_the_folder_private(tmp_path: Path) -> None:
    app_paths().data_dir.mkdir(parents=True, mode=0o755)
    app_paths().data_dir.chmod(0o755)
    (tmp_path / "note.md").write_text(NOTE)
    summary = services.build_kb("starter", [tmp_path / "note.md"])
    assert [o.status for o in summary.outcomes] == ["added"]
    assert stat.S_IMODE(app_paths().data_dir.stat().st_mode) == 0o700


def test_build_search_and_remove_a_document(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(NOTE)
    assert services.kb_documents("starter", unbuilt_is_empty=True) == []
    with pytest.raises(UserError, match="echoassist kb build"):
        services.kb_documents("starter")
    services.build_kb("starter", [tmp_path])
    [[hit]] = services.search_kb("starter", ["fluid around the heart"], k=1)
    assert hit.doc == "note.md"
    info, warnings = services.remove_kb_document("starter", "note.md")
    assert (info.name, warnings) == ("note.md", [])
    assert services.kb_documents("starter") == []
