"""The severity table and the read-only report text with evidence highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from echoassist.report.table import FindingRow

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


class ReportLine(Static):
    """One line of the report; it knows where it starts in the text, so it marks spans alone."""

    def __init__(self, begins: int, line: str) -> None:
        super().__init__(Text(line or " "), classes="report-line")
        self.begins = begins  # offset of the line's first character in the whole text
        self.line = line

    def mark(self, spans: list[tuple[int, int]]) -> bool:
        """Draw the parts of `spans` (offsets into the whole text) on this line; True if any."""
        rendered = Text(self.line or " ")
        marked = False
        for start, end in spans:
            if start <= self.begins + len(self.line) and end > self.begins:
                rendered.stylize(EVIDENCE_STYLE, max(0, start - self.begins),
                                 min(len(self.line), end - self.begins))
                marked = True
        self.update(rendered)
        return marked


class ReportText(VerticalScroll):
    """The report as analysed, one line per widget so a span can be scrolled into view.

    Each line carries its own offset into the text: there is no second list to keep in step
    with the children, so highlighting is safe at any moment, even while `set_text` swaps them.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""

    async def set_text(self, text: str) -> None:
        lines, offset = [], 0
        for line in text.split("\n"):
            lines.append(ReportLine(offset, line))
            offset += len(line) + 1
        await self.remove_children()
        await self.mount_all(lines)
        self.text = text  # only now do the lines on screen show `text`

    def highlight(self, spans: list[tuple[int, int]]) -> None:
        """Mark the evidence spans (character offsets into the text) and show the first."""
        first = None
        for line in self.query_children(ReportLine):
            if line.mark(spans) and first is None:
                first = line
        if first is not None:
            self.scroll_to_widget(first, animate=False, center=True)
