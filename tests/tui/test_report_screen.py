"""The report screen: paste a report, see the severity table, see a row's evidence."""

from __future__ import annotations

from textual.widgets import TextArea

from echoassist import history
from echoassist.tui.app import EchoAssistApp
from echoassist.tui.report.widgets import EVIDENCE_STYLE, ReportText, SeverityTable
from tests.answer.fakes import ScriptedModel
from tests.tui.helpers import notifications, settle

REPORT = """TRANSTHORACIC ECHOCARDIOGRAM
Findings:
The left ventricle is normal in size. LVEF is estimated at 35%.
There is severe aortic stenosis with a peak velocity of 4.6 m/s and mean gradient 52 mmHg.
Mild mitral regurgitation. No pericardial effusion.
"""

PRIOR = """Prior study: LVEF 55%. Moderate aortic stenosis, peak velocity 3.4 m/s."""


async def analyse(pilot, text: str, prior: str = "") -> None:
    await settle(pilot)
    await pilot.press("f2")
    await pilot.pause()
    pilot.app.screen.query_one("#report-text", TextArea).text = text
    pilot.app.screen.query_one("#prior-text", TextArea).text = prior
    await pilot.press("ctrl+r")
    await settle(pilot)


async def open_file(pilot, path) -> None:
    """On the Report screen, Ctrl+O and the file's path, as a user types it."""
    await settle(pilot)
    await pilot.press("f2")
    await pilot.press("ctrl+o")
    await pilot.pause()
    pilot.app.screen.query_one("#prompt").value = str(path)
    await pilot.press("enter")
    await settle(pilot)


def highlighted(view: ReportText) -> str:
    """The report characters currently drawn in the evidence style."""
    out = []
    for line in view.query(".report-line"):
        rendered = line.content
        for span in getattr(rendered, "spans", []):
            if str(span.style) == EVIDENCE_STYLE:
                out.append(rendered.plain[span.start:span.end])
    return " | ".join(out)


async def test_pasted_report_gives_a_graded_table_and_evidence() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await analyse(pilot, REPORT)
        screen = app.screen
        grades = {row.category: row.grade for row in screen.rows}
        assert grades["av_stenosis"] == "severe"
        assert grades["lv_systolic"] == "moderate"
        table = screen.query_one(SeverityTable)
        assert table.row_count == len(screen.rows) and table.has_focus

        row = next(i for i, r in enumerate(screen.rows) if r.category == "av_stenosis")
        table.move_cursor(row=row)
        await pilot.pause()
        view = screen.query_one(ReportText)
        for start, end in screen.rows[row].spans:
            assert REPORT[start:end] in view.text
        assert "aortic stenosis" in highlighted(view).lower()
        assert "Aortic stenosis: severe" in str(screen.query_one("#finding-detail").render())
    [entry] = history.entries()
    assert entry.kind == "report" and "Aortic stenosis" in entry.body


async def test_prior_report_adds_comparison_columns() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await analyse(pilot, REPORT, PRIOR)
        table = app.screen.query_one(SeverityTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert "Prior" in labels and "Change" in labels


async def test_empty_report_is_a_notification() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await analyse(pilot, "   ")
        assert any("the report is empty" in m for m in notifications(app))


async def test_open_a_report_file(tmp_path) -> None:
    path = tmp_path / "echo.txt"
    path.write_text(REPORT)
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, path)
        screen = app.screen
        assert screen.query_one("#report-text", TextArea).text == REPORT
        assert {r.category: r.grade for r in screen.rows}["av_stenosis"] == "severe"


async def test_unreadable_report_file_is_a_notification(tmp_path) -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, tmp_path / "missing.txt")
        assert any("no such report file" in m for m in notifications(app))
        assert app.screen.rows == []


async def test_model_summary_is_labelled_and_restates_only_the_table(monkeypatch) -> None:
    """The model's text is scripted: one sentence restates the table, one changes a number,
    one adds a finding; only the first is shown, and the screen says two were dropped."""
    from textual.widgets import Static

    from echoassist.report_summary import SUMMARY_LABEL

    model = ScriptedModel("Severe aortic stenosis with a peak velocity of 4.6 m/s. "
                          "The LVEF is 60%. Moderate tricuspid regurgitation.")
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await analyse(pilot, REPORT)
        monkeypatch.setattr(app.engine_holder, "wait", lambda timeout=None: model)
        shown = app.screen.query_one("#model-summary", Static)
        assert not shown.display, "the summary area is hidden until asked for"
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert shown.display
        assert str(shown.render()) == (
            f"{SUMMARY_LABEL} (2 sentence(s) dropped: not in the table)\n"
            "Severe aortic stenosis with a peak velocity of 4.6 m/s.")


def table_grades(screen) -> dict[str, str]:
    """What the severity table shows: each row's key and its grade badge's text."""
    table = screen.query_one(SeverityTable)
    grade_column = [str(c.label) for c in table.columns.values()].index("Grade")
    return {str(table.coordinate_to_cell_key((i, 0)).row_key.value):
            str(table.get_row_at(i)[grade_column]).strip().replace(" ", "_")
            for i in range(table.row_count)}


async def test_regrading_after_edits_and_an_opened_file(tmp_path) -> None:
    """Issue 13: the second Ctrl+R on an edited or opened report crashed the app (zip())."""
    other = tmp_path / "other.txt"
    other.write_text("Findings:\nNormal LV size.\nLVEF 60%.\nModerate aortic stenosis, "
                     "peak velocity 3.5 m/s.\n")
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await analyse(pilot, REPORT)
        await pilot.press("ctrl+r")  # the same text again
        await settle(pilot)
        area = app.screen.query_one("#report-text", TextArea)
        added = ("Severe tricuspid regurgitation.", "Moderate pericardial effusion.",
                 "LVEF 25%.")
        for line in added:
            await pilot.press("ctrl+e")
            assert area.has_focus
            area.move_cursor(area.document.end)
            await pilot.press("enter", *line, "enter")
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert app.screen.report_text == area.text and line in area.text
            assert app.screen.query_one(ReportText).text == area.text
        grades = table_grades(app.screen)
        assert grades["tv_regurgitation"] == "severe"
        assert grades["pericardial_effusion"] == "moderate"
        assert grades["lv_systolic"] == "severe"

        await open_file(pilot, other)  # opening a file grades it
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.query_one(ReportText).text == other.read_text()
        grades = table_grades(app.screen)
        assert grades == {r.category: r.grade for r in app.screen.rows}
        assert grades["av_stenosis"] == "moderate" and "tv_regurgitation" not in grades
        assert app.is_running


async def test_regrading_the_same_report_keeps_one_history_entry() -> None:
    app = EchoAssistApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await analyse(pilot, REPORT)
        for _ in range(3):
            await pilot.press("ctrl+r")
            await settle(pilot)
        assert len(history.entries()) == 1
        await pilot.press("ctrl+e")
        await pilot.press("ctrl+r")  # Ctrl+E did not change the text: still the same report
        await settle(pilot)
        assert len(history.entries()) == 1
        area = app.screen.query_one("#report-text", TextArea)
        await pilot.press("ctrl+e")
        area.move_cursor(area.document.end)
        await pilot.press(*"Trace tricuspid regurgitation.")
        await pilot.press("ctrl+r")
        await settle(pilot)
    entries = history.entries()
    assert [e.payload["text"] for e in entries] == [area.text, REPORT]
