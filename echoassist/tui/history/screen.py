"""Past questions and reports: search (SQLite FTS5, best match first), read, export, purge."""

from __future__ import annotations

import time
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Markdown, Static

from echoassist import services
from echoassist.history import HistoryEntry, to_markdown
from echoassist.tui.base import EchoScreen
from echoassist.tui.errors import notify_errors
from echoassist.tui.widgets.dialogs import ConfirmScreen, PromptScreen


def entry_row(entry: HistoryEntry) -> tuple[str, str, str]:
    return (time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.created)), entry.kind,
            entry.title.splitlines()[0] if entry.title else "")


class HistoryScreen(EchoScreen):
    """Focus: the search field on arrival (typing searches); Tab moves to the list, whose
    highlighted entry is previewed; focus returns where it was when a pop-up closes.
    """

    TITLE = "EchoAssist · History"
    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#history-search"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export"),
        Binding("f8", "purge", "Purge"),
        Binding("ctrl+f", "search", "Search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[HistoryEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder='Search questions, answers and reports; "a phrase" in quotes',
                    id="history-search")
        yield Static("", id="history-off")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="history-preview"):
            yield Markdown("", id="history-entry")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("When", "Kind", "Question / report")
        # Turned on or off from the palette while this screen shows: the notice follows.
        self.watch(self.app, "settings", self.refresh_list, init=False)
        self.refresh_list()

    def on_screen_resume(self) -> None:
        """Shown again: what was asked or graded meanwhile is listed."""
        self.refresh_list()

    @property
    def search(self) -> str:
        return self.query_one("#history-search", Input).value.strip()

    @on(Input.Changed, "#history-search")
    def refresh_list(self) -> None:
        off = not self.echo.settings.history
        notice = self.query_one("#history-off", Static)
        notice.update("History is off (setting 'history'): nothing new is recorded.")
        notice.display = off
        with notify_errors(self.app, "History", from_thread=False):
            self.show(services.history_entries(self.search))

    def show(self, items: list[HistoryEntry]) -> None:
        self.items = items
        table = self.query_one(DataTable)
        table.clear()
        for item in items:
            table.add_row(*entry_row(item), key=str(item.id))
        self.preview(items[0] if items else None)

    def preview(self, item: HistoryEntry | None) -> None:
        if item is not None:
            text = to_markdown([item]).split("\n", 2)[2]
        else:
            text = "_Nothing matches the search._" if self.search else "_No history yet._"
        self.query_one("#history-entry", Markdown).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.items):
            self.preview(self.items[event.cursor_row])

    def action_search(self) -> None:
        self.query_one("#history-search", Input).focus()

    def action_export(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.export(Path(path))

        self.app.push_screen(PromptScreen("Export the history shown to this Markdown file:",
                                          str(services.default_export_path())), chosen)

    @work(thread=True, group="history")
    def export(self, path: Path) -> None:
        with notify_errors(self.app, "Export failed"):
            export = services.export_history(path, self.search)
            self.app.call_from_thread(self.notify, export.message, title="Export",
                                      severity="information" if export.complete else "warning")

    def action_purge(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                with notify_errors(self.app, "History", from_thread=False):
                    existed = services.purge_history()
                    self.notify("History deleted." if existed else "There was no history.")
                self.refresh_list()

        self.app.push_screen(ConfirmScreen("Delete the whole history? This cannot be undone.",
                                           yes="Delete all"), confirmed)
