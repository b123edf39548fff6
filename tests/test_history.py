"""History search: an FTS5 index kept in step by triggers, migrated into older files."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest

from echoassist import history
from echoassist.cli import main
from echoassist.paths import app_paths

# The schema history files were created with before search moved to FTS5 (user_version 0).
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    payload TEXT NOT NULL
);
"""


def titles(search: str) -> list[str]:
    return [e.title for e in history.entries(search)]


@pytest.fixture
def seeded() -> None:
    history.record(
        "question",
        "How is aortic stenosis graded?",
        "By peak velocity (>= 4 m/s is severe), mean gradient and valve area.",
        {},
    )
    history.record(
        "question",
        "What is a normal LVEF?",
        "52-72 % in men. Moderate aortic "
        "regurgitation does not change that; nor does aortic stenosis.",
        {},
    )
    history.record(
        "report",
        "Echo 2024-03-01",
        "| MR | moderate |\n| LV | mild-to-moderate dilatation |\nMitral regurgitation, moderate.",
        {},
    )
    history.record(
        "question",
        "Is regurgitation of the mitral valve common?",
        "Trace mitral leaks are common in healthy adults.",
        {},
    )


def test_stems_prefixes_and_phrases(seeded: None) -> None:
    assert titles("grading") == ["How is aortic stenosis graded?"]  # porter stem: grade
    assert titles("LVE") == ["What is a normal LVEF?"]  # prefix, as typed so far
    assert titles('"mitral regurgitation"') == ["Echo 2024-03-01"]  # a phrase, in order
    assert set(titles("mitral regurgitation")) == {
        "Echo 2024-03-01",
        "Is regurgitation of the mitral valve common?",
    }
    assert titles("mild-to-moderate") == ["Echo 2024-03-01"]
    assert titles("stenosis velocity") == ["How is aortic stenosis graded?"]  # all words
    assert titles("tamponade") == []


def test_best_match_first_not_newest(seeded: None) -> None:
    # Both mention aortic stenosis; the question about it is older but ranks first.
    assert titles("aortic stenosis") == ["How is aortic stenosis graded?", "What is a normal LVEF?"]
    assert titles("") == [
        "Is regurgitation of the mitral valve common?",
        "Echo 2024-03-01",
        "What is a normal LVEF?",
        "How is aortic stenosis graded?",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"aortic',
        "aortic*",
        "-aortic",
        "aortic -stenosis",
        "title:aortic",
        "^aortic",
        "aortic AND",
        "OR",
        "NOT stenosis",
        "NEAR(aortic stenosis)",
        "(aortic",
        "*",
        ":",
        "-",
        "a'b",
        "E/e' > 14",
        "'; DROP TABLE entries; --",
        "{title}: x",
        "\\\\",
    ],
)
def test_search_syntax_from_a_user_is_text(seeded: None, typed: str) -> None:
    found = titles(typed)  # must not raise
    if "aortic" in typed and "stenosis" not in typed and "title" not in typed:
        assert "How is aortic stenosis graded?" in found
    assert len(history.entries()) == 4


def test_an_old_history_file_is_migrated_and_stays_private() -> None:
    file = app_paths().history_file
    file.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(file)
    db.executescript(OLD_SCHEMA)
    db.execute(
        "INSERT INTO entries (created, kind, title, body, payload) VALUES (?, ?, ?, ?, ?)",
        (1.0, "question", "Which views show a pericardial effusion?", "Subcostal.", "{}"),
    )
    db.commit()
    db.close()
    file.chmod(0o600)

    assert titles("effusions") == ["Which views show a pericardial effusion?"]
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    db = sqlite3.connect(file)
    assert db.execute("PRAGMA user_version").fetchone()[0] == history.SCHEMA_VERSION
    db.close()
    history.record("question", "How is tamponade recognised?", "Chamber collapse.", {})
    assert titles("tamponade") == ["How is tamponade recognised?"]
    assert len(history.entries()) == 2


def test_triggers_follow_edits_and_deletes(seeded: None) -> None:
    db = sqlite3.connect(app_paths().history_file)
    db.execute("UPDATE entries SET title = 'How is AS graded?' WHERE title LIKE 'How is aortic%'")
    db.execute("DELETE FROM entries WHERE title = 'What is a normal LVEF?'")
    db.commit()
    db.close()
    assert titles("aortic") == []
    assert titles("graded") == ["How is AS graded?"]
    assert titles("LVEF") == []


def list_lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    with pytest.raises(SystemExit) as done:
        main(["history", "list", *args])
    assert done.value.code == 0
    return capsys.readouterr().out.splitlines()


def test_cli_list_search(seeded: None, capsys: pytest.CaptureFixture[str]) -> None:
    [line] = list_lines(capsys, "--search", "grading")
    assert "How is aortic stenosis graded?" in line
    [line] = list_lines(capsys, '"mitral regurgitation"')
    assert "Echo 2024-03-01" in line
    assert list_lines(capsys, "-s", 'NEAR("x" -') == []
    assert len(list_lines(capsys)) == 4


def test_a_regraded_report_updates_its_entry() -> None:
    """Issue 13: one entry per distinct report text; grading it again replaces that entry."""
    text = "Echo 2024-05-02\nModerate aortic stenosis."
    first = history.record("report", "Echo 2024-05-02", "| AS | moderate |", {"text": text})
    history.record("question", "What is a normal LVEF?", "52-72 %.", {})
    for _ in range(3):
        again = history.record(
            "report", "Echo 2024-05-02", "| AS | severe |", {"text": text, "sex": "male"}
        )
        assert again == first
    [report, question] = history.entries()  # the re-graded report is the newest
    assert (report.id, report.body, report.payload["sex"]) == (first, "| AS | severe |", "male")
    assert question.title == "What is a normal LVEF?"
    assert [e.id for e in history.entries("severe")] == [first]  # the search index follows
    assert history.entries("moderate") == []

    edited = history.record("report", "Echo 2024-05-02", "| AS | mild |", {"text": text + "\n"})
    assert edited != first and len(history.entries()) == 3
    # Reports recorded without their text (older callers) are never merged.
    history.record("report", "Echo", "| MR | mild |", {})
    history.record("report", "Echo", "| MR | mild |", {})
    assert len(history.entries()) == 5


def test_copies_recorded_before_the_rule_are_folded_on_the_next_grade() -> None:
    history.record("question", "LVEF?", "55 %", {})  # creates the file at the current schema
    db = sqlite3.connect(app_paths().history_file)
    for created in (1.0, 2.0, 3.0):
        db.execute(
            "INSERT INTO entries (created, kind, title, body, payload) VALUES (?, ?, ?, ?, ?)",
            (created, "report", "Echo", "| MR | mild |", '{"text": "Mild MR."}'),
        )
    db.execute(
        "INSERT INTO entries (created, kind, title, body, payload) VALUES (?, ?, ?, ?, ?)",
        (4.0, "report", "Broken", "| MR | mild |", "not json"),
    )
    db.commit()
    db.close()
    kept = history.record("report", "Echo", "| MR | moderate |", {"text": "Mild MR."})
    db = sqlite3.connect(app_paths().history_file)
    rows = db.execute("SELECT id, title, body FROM entries WHERE kind = 'report' ORDER BY id")
    assert rows.fetchall() == [(kept, "Echo", "| MR | moderate |"), (5, "Broken", "| MR | mild |")]
    db.close()


# --- export (issue 13): verdict, evidence and provenance kept; private; in the app's folder ---

def _recorded_answer(**changes: object) -> history.HistoryEntry:
    from tests.tui.fakes import fake_result

    answer = fake_result().answer
    for name, value in changes.items():
        setattr(answer, name, value)
    history.record_question(answer)
    [entry] = history.entries()
    return entry


def test_export_keeps_the_verdict_the_cited_evidence_and_the_provenance() -> None:
    from tests.tui.fakes import ECG

    text = history.to_markdown([_recorded_answer()])
    assert ("**Verdict:** Grounded: every sentence was checked against evidence [1], [2], "
            "[3], [4], [5]. 1 model sentence(s) not backed by it were left out.") in text
    # Each evidence sentence quoted, marked when the answer rests on it, with where it stands.
    assert (f'- *[1] "A QTc above 470 ms in men or 480 ms in women is prolonged." '
            f"({ECG}, p. 12 › Intervals › QT interval › Correcting for heart rate)") in text
    assert "- Digoxin always shortens the QT interval. (no evidence backs it)" in text
    assert "_model: fake-model (Q4_1, sha256 000000000000…)_" in text
    provenance = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(provenance) == {"prompt_version": "test", "kb": "default",
                                      "kb_version": "v1", "coverage": 1.0,
                                      "top_relevance": 0.89}


@pytest.mark.parametrize(("changes", "verdict"), [
    ({"provenance": {"kb": ""}, "evidence": [], "cited": []},
     "Not grounded: no knowledge base was available"),
    ({"supported": False, "evidence": [], "cited": []},
     "The knowledge base did not cover this question."),
    ({"from_evidence": True}, "Answered by the evidence quoted from the knowledge base."),
])
def test_export_says_how_grounded_each_answer_was(changes: dict, verdict: str) -> None:
    assert f"**Verdict:** {verdict}" in history.to_markdown([_recorded_answer(**changes)])


def test_entries_from_before_the_evidence_keep_their_sources() -> None:
    history.record("question", "LVEF?", "55 % [1]", {"sources": [
        {"n": 1, "doc": "lv.md", "title": "LV function", "page": 3}]})
    text = history.to_markdown(history.entries())
    assert "- [1] LV function, page 3" in text and "Verdict" not in text


def test_export_is_private_and_goes_to_the_data_folder_by_default(tmp_path) -> None:
    from echoassist import services

    _recorded_answer()
    default = services.default_export_path()
    assert default.parent == app_paths().data_dir / "exports"
    export = services.export_history(default)
    assert (export.path, export.count, export.complete) == (default, 1, True)
    dest = export.path
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert stat.S_IMODE(dest.parent.stat().st_mode) == 0o700
    # Over a file that others could read: replaced by a private one.
    shared = tmp_path / "shared.md"
    shared.write_text("old")
    shared.chmod(0o644)
    services.export_history(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o600
    assert "**Verdict:**" in shared.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["shared.md"]  # no temporary file left


def test_export_shows_the_item_label_a_quoted_sentence_does_not_say() -> None:
    from dataclasses import replace as with_fields

    from tests.tui.fakes import fake_result

    first = fake_result().answer.evidence[0]
    labelled = with_fields(first, text="Preferred when the rate is above roughly 90/min.",
                           label="Fridericia")
    text = history.to_markdown([_recorded_answer(evidence=[labelled])])
    assert "Preferred when the rate is above roughly 90/min." in text
    assert "Correcting for heart rate › Fridericia)" in text
