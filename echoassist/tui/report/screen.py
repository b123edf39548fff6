"""Paste or open an echo report; see the severity table and the evidence behind each row."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from echoassist import services
from echoassist.report.table import FindingRow, finding_rows, has_prior
from echoassist.tui.base import EchoScreen
from echoassist.tui.errors import notify_errors
from echoassist.tui.report.widgets import ReportText, SeverityTable
from echoassist.tui.widgets.dialogs import PromptScreen

if TYPE_CHECKING:
    from echoassist.report_summary import Summary

SEXES = [("sex: from report", ""), ("female", "female"), ("male", "male")]


class ReportScreen(EchoScreen):
    """Focus: the report text on arrival (a paste that no field takes goes into it too), the
    severity table after a grade, the text again after Ctrl+E or when the Ctrl+O pop-up closes.
    """

    TITLE = "EchoAssist · Report"
    CSS_PATH = "report.tcss"
    AUTO_FOCUS = "#report-text"
    BINDINGS = [
        Binding("ctrl+r", "analyze", "Analyze"),
        Binding("ctrl+o", "open", "Open file"),
        Binding("ctrl+e", "edit", "Edit text"),
        Binding("ctrl+g", "summarize", "Model summary"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FindingRow] = []
        self.report: dict[str, Any] | None = None
        self._showing = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="report-tabs"):
            with TabPane("Report", id="tab-report"):
                with ContentSwitcher(initial="report-text", id="report-switcher"):
                    yield TextArea(id="report-text", soft_wrap=True, show_line_numbers=False,
                                   placeholder="Paste an echocardiography report here "
                                               "(or Ctrl+O to open a file), then Ctrl+R.")
                    yield ReportText(id="report-view")
            with TabPane("Prior report (optional)", id="tab-prior"):
                yield TextArea(id="prior-text", soft_wrap=True,
                               placeholder="Paste an earlier report to compare against.")
        with Horizontal(id="report-controls"):
            yield Select(SEXES, value="", allow_blank=False, compact=True, id="sex")
            yield Label("", id="report-summary")
        yield SeverityTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="finding-detail")
        yield Static("", id="model-summary")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return self.query_one("#report-switcher", ContentSwitcher).current == "report-view"
        if action == "summarize":
            return self.report is not None and bool(self.rows)
        return True

    @property
    def report_text(self) -> str:
        return self.query_one("#report-text", TextArea).text

    def action_analyze(self) -> None:
        sex = self.query_one("#sex", Select).value
        prior = self.query_one("#prior-text", TextArea).text
        self.run_analysis(self.report_text, str(sex or "") or None, prior.strip() or None)

    @work(thread=True, exclusive=True, group="report")
    def run_analysis(self, text: str, sex: str | None, prior: str | None) -> None:
        with notify_errors(self.app, "Report not analysed"):
            graded = services.grade_report(text, self.echo.settings, sex=sex, prior=prior)
            # call_from_thread awaits coroutine functions; its annotation does not say so.
            self.app.call_from_thread(self.show, text, graded.data)  # type: ignore[arg-type]
            if graded.history_problem:  # graded and shown all the same
                self.app.call_from_thread(self.notify, graded.history_problem, title="History",
                                          severity="warning")

    async def show(self, text: str, report: dict[str, Any]) -> None:
        """Show a graded report: its text, rows and table change together, one grade at a time.

        `self.rows` always holds spans into the text the view shows: while the view's lines are
        replaced there are no rows, so a row highlighted meanwhile marks nothing.
        """
        async with self._showing:
            self.report, self.rows = None, []
            await self.query_one(ReportText).set_text(text)
            self.report, self.rows = report, finding_rows(report)
            table = self.query_one(SeverityTable)
            table.show(self.rows, has_prior(report))
        self.query_one(TabbedContent).active = "tab-report"
        self.query_one("#report-switcher", ContentSwitcher).current = "report-view"
        flagged = sum(1 for r in self.rows if r.flags)
        warnings = len(report.get("warnings", []))
        self.query_one("#report-summary", Label).update(
            f"{len(self.rows)} findings · {flagged} flagged"
            + (f" · {warnings} warning(s)" if warnings else ""))
        self.refresh_bindings()
        table.focus()
        if self.rows:
            self.select(0)
        for warning in report.get("warnings", []):
            self.notify(warning, title="Report", severity="warning")

    def action_summarize(self) -> None:
        sex = self.query_one("#sex", Select).value
        prior = self.query_one("#prior-text", TextArea).text
        self.notify("The model is restating the table…", title="Report")
        self.run_summary(self.report_text, str(sex or "") or None, prior.strip() or None)

    @work(thread=True, exclusive=True, group="report-summary")
    def run_summary(self, text: str, sex: str | None, prior: str | None) -> None:
        with notify_errors(self.app, "No summary"):
            engine = self.echo.engine_holder.wait()
            summary = services.summarize_report(text, engine, sex=sex, prior=prior)
            self.app.call_from_thread(self.show_summary, summary)

    def show_summary(self, summary: Summary) -> None:
        shown = self.query_one("#model-summary", Static)
        dropped = f" ({len(summary.dropped)} sentence(s) dropped: not in the table)" \
            if summary.dropped else ""
        shown.update(f"[b]{escape(summary.label)}[/b]{dropped}\n{escape(summary.text)}")
        shown.add_class("shown")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "findings":
            # The table's cursor now, not the event's row: the event may predate a new grade.
            self.select(event.data_table.cursor_row)

    def select(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        self.query_one(ReportText).highlight(row.spans)
        detail = [f"{row.name}: {row.grade.replace('_', ' ')}"]
        if row.flags:
            detail.append(f"flags: {', '.join(row.flags)}")
        detail += [f"rule: {rule}" for rule in row.rules]
        if not row.spans:
            detail.append("no evidence span in the text")
        self.query_one("#finding-detail", Static).update(" · ".join(detail))

    def action_edit(self) -> None:
        self.query_one(TabbedContent).active = "tab-report"
        self.query_one("#report-switcher", ContentSwitcher).current = "report-text"
        self.query_one("#report-text", TextArea).focus()
        self.refresh_bindings()

    def on_paste(self, event: events.Paste) -> None:
        """A paste that no field took (the table had focus, say) goes into the report text."""
        if isinstance(self.focused, TextArea | Input):
            return  # taken where the user pasted (TextArea lets the event bubble on)
        event.stop()
        self.action_edit()
        area = self.query_one("#report-text", TextArea)
        result = area.replace(event.text, *area.selection)
        area.move_cursor(result.end_location)

    def action_open(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                with notify_errors(self.app, "Report not opened", from_thread=False):
                    self.query_one("#report-text", TextArea).text = services.read_report_file(path)
                    self.action_edit()
                    self.action_analyze()

        self.app.push_screen(PromptScreen("Open a report saved as a text file:",
                                          placeholder="/path/to/report.txt"), chosen)
