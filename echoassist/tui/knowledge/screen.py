"""The knowledge base the chat searches: its documents, (re)building it, removing a document.

Builds run in a worker thread, so the chat stays usable while one runs, and can be cancelled:
the KB then stays as it was (see kb.build).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, ProgressBar

from echoassist import services
from echoassist.tui.base import EchoScreen
from echoassist.tui.errors import notify_errors
from echoassist.tui.widgets.dialogs import ConfirmScreen

if TYPE_CHECKING:
    from kb import BuildProgress, BuildSummary, DocumentInfo


def document_row(doc: DocumentInfo) -> tuple[str, ...]:
    problems = len(doc.report.no_text_pages) + len(doc.report.broken_text_pages)
    return (doc.name, doc.title, str(doc.pages), str(doc.chunks), doc.added_at[:10],
            f"{problems} page(s) without text" if problems else "")


def summary_text(summary: BuildSummary) -> str:
    statuses = ("added", "updated", "moved", "removed", "unchanged", "failed")
    counts = {s: len(summary.with_status(s)) for s in statuses}
    done = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    if summary.cancelled:
        kept = counts["added"] + counts["updated"] + counts["moved"] + counts["removed"]
        if not kept:
            return "Build cancelled: the knowledge base is unchanged."
        return (f"Build cancelled: {kept} document(s) published before the cancel are kept; "
                "build again to add the rest.")
    return f"Build finished in {summary.seconds:.0f} s: {done or 'nothing to do'}."


class KnowledgeScreen(EchoScreen):
    """Focus: the folder field on arrival, so typing names the folder and Enter builds from it;
    Tab reaches the document table, where Delete removes the highlighted document.
    """

    TITLE = "EchoAssist · Knowledge base"
    CSS_PATH = "knowledge.tcss"
    AUTO_FOCUS = "#kb-folder"
    BINDINGS = [
        Binding("ctrl+b", "build", "Build"),
        Binding("escape", "cancel_build", "Cancel build"),
        Binding("delete", "remove", "Remove doc"),
        Binding("ctrl+r", "refresh", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[DocumentInfo] = []
        self.cancel: threading.Event | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="kb-summary", classes="panel-title")
        yield DataTable(id="kb-docs", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="kb-progress-row"):
            yield ProgressBar(id="kb-progress", show_eta=False)
            yield Label("", id="kb-phase")
        yield Label("", id="kb-last-build")
        with Horizontal(id="kb-build"):
            yield Input(placeholder="Folder (or file) of PDFs / Markdown to add", id="kb-folder")
            yield Button("Build", id="kb-build-button", variant="primary")
            yield Button("Cancel", id="kb-cancel-button", variant="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("File", "Title", "Pages", "Chunks", "Added",
                                              "Notes")
        for hidden in ("#kb-progress-row", "#kb-last-build", "#kb-cancel-button"):
            self.query_one(hidden).display = False
        self.action_refresh()

    def on_unmount(self) -> None:
        # Quitting mid-build: stop it at the next file or batch instead of waiting for the end.
        if self.cancel is not None:
            self.cancel.set()

    def on_screen_resume(self) -> None:
        """Shown again: a build or removal made meanwhile (say, from the CLI) is listed."""
        self.action_refresh()

    def screen_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Rebuild knowledge base from scratch",
                            "Read and embed every file in the folder typed below again",
                            self.action_rebuild)

    @property
    def building(self) -> bool:
        return any(w.name == "build" and w.is_running for w in self.workers)

    @work(thread=True, exclusive=True, group="kb-list")
    def action_refresh(self) -> None:
        with notify_errors(self.app, "Knowledge base"):
            documents = services.kb_documents(self.echo.settings.kb, unbuilt_is_empty=True)
            self.app.call_from_thread(self.show, documents)

    def show(self, documents: list[DocumentInfo]) -> None:
        self.documents = documents
        kb = self.echo.settings.kb
        chunks = sum(d.chunks for d in documents)
        self.query_one("#kb-summary", Label).update(
            f"KB '{kb}': {len(documents)} document(s), {chunks} chunk(s)" if documents else
            f"KB '{kb}' is empty; until it is built, answers are not grounded.")
        table = self.query_one(DataTable)
        table.clear()
        for doc in documents:
            table.add_row(*document_row(doc), key=doc.doc_id)

    def action_build(self) -> None:
        folder = self.query_one("#kb-folder", Input)
        if not folder.value.strip():
            folder.focus()
            self.notify("Type the folder to build from, then press Enter.")
            return
        self.start_build(folder.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start_build(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "kb-build-button":
            self.action_build()
        elif event.button.id == "kb-cancel-button":
            self.action_cancel_build()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_build":
            return self.cancel is not None and not self.cancel.is_set()
        return True

    def action_cancel_build(self) -> None:
        if self.cancel is None or self.cancel.is_set():
            return
        self.cancel.set()
        self.query_one("#kb-cancel-button", Button).disabled = True
        self.query_one("#kb-phase", Label).update("cancelling… (after the current file or batch)")
        self.refresh_bindings()

    def action_rebuild(self) -> None:
        """Start over from the folder typed below (after an embedder change, say)."""
        folder = self.query_one("#kb-folder", Input).value.strip()
        if not folder:
            self.query_one("#kb-folder", Input).focus()
            self.notify("Type the folder to rebuild from, then run this again.")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.start_build(folder, rebuild=True)

        self.app.push_screen(ConfirmScreen(
            f"Rebuild the knowledge base from scratch from {folder}? Every file is read and "
            "embedded again; the current KB stays usable until the new one is complete.",
            yes="Rebuild"), confirmed)

    def start_build(self, folder: str, rebuild: bool = False) -> None:
        if self.building:
            self.notify("A build is already running.", severity="warning")
            return
        self.cancel = threading.Event()
        self.query_one("#kb-progress-row").display = True
        self.query_one("#kb-last-build").display = False
        self.query_one("#kb-build-button").display = False
        cancel_button = self.query_one("#kb-cancel-button", Button)
        cancel_button.display, cancel_button.disabled = True, False
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one("#kb-phase", Label).update("starting…")
        self.refresh_bindings()
        self.build(folder, rebuild, self.cancel)

    @work(thread=True, name="build", group="kb-build")
    def build(self, folder: str, rebuild: bool, cancel: threading.Event) -> None:
        app = self.echo
        with notify_errors(app, "Build failed"):
            summary = services.build_kb(app.settings.kb, [folder], rebuild=rebuild,
                                        cancel=cancel,
                                        progress=lambda p: app.call_from_thread(self.progress, p))
            app.call_from_thread(self.built, summary)
        if self.is_attached:  # not when the app closed mid-build
            app.call_from_thread(self.build_ended)

    def progress(self, progress: BuildProgress) -> None:
        if self.cancel is not None and self.cancel.is_set():
            return  # keep saying "cancelling…" until the build has stopped
        bar = self.query_one(ProgressBar)
        if progress.chunks_total:
            bar.update(total=progress.chunks_total, progress=progress.chunks_done)
        current = f" · {progress.current}" if progress.current else ""
        self.query_one("#kb-phase", Label).update(
            f"{progress.phase} · file {progress.files_done}/{progress.files_total}{current}")

    def built(self, summary: BuildSummary) -> None:
        text = summary_text(summary)
        last = self.query_one("#kb-last-build", Label)
        last.update(text)
        last.display = True
        self.notify(text, title="Knowledge base",
                    severity="warning" if summary.cancelled else "information")
        for failed in summary.with_status("failed"):
            self.notify(f"{failed.path}: {failed.reason}", title="Skipped", severity="warning",
                        timeout=15)
        if not summary.cancelled:  # kept, so the same build can be started again
            self.query_one("#kb-folder", Input).value = ""

    def build_ended(self) -> None:
        self.cancel = None
        self.query_one("#kb-progress-row").display = False
        self.query_one("#kb-cancel-button").display = False
        self.query_one("#kb-build-button").display = True
        self.refresh_bindings()
        self.action_refresh()

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if not self.documents or not 0 <= table.cursor_row < len(self.documents):
            return
        doc = self.documents[table.cursor_row]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.remove_document(doc.doc_id, doc.name)

        self.app.push_screen(ConfirmScreen(f"Remove '{doc.name}' from the knowledge base?",
                                           yes="Remove"), confirmed)

    @work(thread=True, group="kb-build")
    def remove_document(self, doc_id: str, name: str) -> None:
        with notify_errors(self.app, "Not removed"):
            _, warnings = services.remove_kb_document(self.echo.settings.kb, doc_id)
            self.app.call_from_thread(self.notify, f"Removed {name}.")
            for warning in warnings:
                self.app.call_from_thread(self.notify, warning, title="Knowledge base",
                                          severity="warning")
        self.app.call_from_thread(self.action_refresh)
