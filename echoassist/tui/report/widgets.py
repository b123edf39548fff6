"""The severity table and the read-only report text with evidence highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from echoassist.tui.report.view import FindingRow

# Badges readable on light and dark themes alike.
GRADE_STYLES = {
    "normal": "black on green3",
    "mild": "black on yellow2",
    "moderate": "black on dark_orange",
    "severe": "bold white on red3",
    "abnormal": "bold white on magenta",
    "not_assessed": "dim",
}
EVIDENCE_STYLE = "bold black on yellow2"


def grade_badge(grade: str | None) -> Text:
    if not grade:
        return Text("-", style="dim")
    return Text(f" {grade.replace('_', ' ')} ", style=GRADE_STYLES.get(grade, ""))


class SeverityTable(DataTable):
    """One row per finding category, coloured by grade, flags in plain sight."""

    def show(self, rows: list[FindingRow], with_prior: bool) -> None:
        self.clear(columns=True)
        columns = ["Finding", "Grade", "Flags", "Measurements"]
        if with_prior:
            columns[3:3] = ["Prior", "Change"]
        self.add_columns(*columns)
        for row in rows:
            flags = Text(", ".join(f.replace("_", " ") for f in row.flags),
                         style="bold dark_orange")
            cells: list[object] = [row.name, grade_badge(row.grade), flags,
                                   row.measurements_text]
            if with_prior:
                cells[3:3] = [grade_badge(row.prior_grade), row.change or ""]
            self.add_row(*cells, key=row.category)


class ReportText(VerticalScroll):
    """The report as analysed, one line per widget so a span can be scrolled into view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self._lines: list[tuple[int, str]] = []  # (offset of the line in text, line)

    async def set_text(self, text: str) -> None:
        self.text = text
        self._lines, offset = [], 0
        for line in text.split("\n"):
            self._lines.append((offset, line))
            offset += len(line) + 1
        await self.remove_children()
        await self.mount_all(Static(Text(line or " "), classes="report-line")
                             for _, line in self._lines)

    def highlight(self, spans: list[tuple[int, int]]) -> None:
        """Mark the evidence spans (character offsets into the text) and show the first."""
        first = None
        for (line_start, line), widget in zip(self._lines, self.children, strict=True):
            rendered = Text(line or " ")
            for start, end in spans:
                if start <= line_start + len(line) and end > line_start:
                    rendered.stylize(EVIDENCE_STYLE, max(0, start - line_start),
                                     min(len(line), end - line_start))
                    first = first if first is not None else widget
            assert isinstance(widget, Static)
            widget.update(rendered)
        if first is not None:
            self.scroll_to_widget(first, animate=False, center=True)
