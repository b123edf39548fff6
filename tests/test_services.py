"""The actions both front ends call (echoassist/services.py), called without either."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from echoassist import history, services
from echoassist.config import load_settings, update_setting
from echoassist.errors import UserError
from echoassist.paths import app_paths

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
