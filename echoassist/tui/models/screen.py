"""Registered models: see their facts, switch the one in use, add a GGUF file, remove one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Header, Input, Label

from echoassist import services
from echoassist.models import size_text
from echoassist.tui.base import EchoScreen
from echoassist.tui.errors import notify_errors
from echoassist.tui.widgets.dialogs import ConfirmScreen

if TYPE_CHECKING:
    from echoassist.models.registry import ModelEntry

# The file name goes last: it is the longest and the one to lose at 80 columns.
COLUMNS = ("", "Name", "Quant", "Size", "Ctx used/trained", "Source", "File")
# Context: what the app gives the model (setting max_context, at most the model's own) / what the
# model was trained for; the header's "ctx 4096 of 8192" says the same for the model in use.
TITLE = "Models · Enter uses the highlighted one · Ctx: used (max_context)/trained"


def context_text(entry: ModelEntry, max_context: int) -> str:
    """The context window the app gives this model (as the engine loads it) and the model's
    own, trained one: "4,096/8,192"."""
    used = min(entry.context_length or max_context, max_context)
    trained = f"{entry.context_length:,}" if entry.context_length else "?"
    return f"{used:,}/{trained}"


def model_row(entry: ModelEntry, active: bool, max_context: int) -> tuple[str, ...]:
    return ("●" if active else "", entry.name, entry.quantization, size_text(entry.size_bytes),
            context_text(entry, max_context), entry.source, Path(entry.path).name)


class ModelsScreen(EchoScreen):
    """Focus: the model table on arrival (Enter uses the highlighted model, Delete removes it);
    Ctrl+N moves to the path field, and Tab from there to the name field, then the Add button.
    """

    TITLE = "EchoAssist · Models"
    CSS_PATH = "models.tcss"
    AUTO_FOCUS = "#models"
    BINDINGS = [
        Binding("ctrl+n", "add", "Add GGUF"),
        Binding("delete", "remove", "Remove"),
        Binding("ctrl+r", "refresh", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ModelEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(TITLE, classes="panel-title")
        yield DataTable(id="models", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="add-model"):
            yield Input(placeholder="Path to a .gguf file", id="model-path")
            yield Input(placeholder="Name (optional)", id="model-name")
            yield Button("Add", id="add-button", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        # A model chosen in the palette while this screen shows: the ● moves.
        self.watch(self.app, "settings", lambda: self.show(self.entries), init=False)
        self.action_refresh()

    def on_screen_resume(self) -> None:
        """Shown again: a model added or chosen meanwhile (the CLI, the palette) is listed."""
        self.action_refresh()

    def screen_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Verify model files",
                            "Re-hash every registered model and compare it with the sha256 "
                            "recorded when it was added", self.verify)

    @work(thread=True, exclusive=True, group="models")
    def action_refresh(self) -> None:
        with notify_errors(self.app, "Models"):
            entries = services.list_models()
            self.app.call_from_thread(self.show, entries)

    def show(self, entries: list[ModelEntry]) -> None:
        self.entries = entries
        active = services.active_model_name(self.echo.settings)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for entry in entries:
            table.add_row(*model_row(entry, entry.name == active,
                                     self.echo.settings.max_context), key=entry.name)
        if entries:
            table.move_cursor(row=min(row, len(entries) - 1))

    @property
    def highlighted(self) -> ModelEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row < 0:
            return None
        return self.entries[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.echo.use_model(str(event.row_key.value))  # the settings watcher moves the ●

    def action_add(self) -> None:
        self.query_one("#model-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.add_model()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-button":
            self.add_model()

    def add_model(self) -> None:
        path = self.query_one("#model-path", Input).value
        name = self.query_one("#model-name", Input).value
        self.notify(f"Checking {Path(path).name or 'the file'}…")
        self.run_add(path, name)

    @work(thread=True, exclusive=True, group="models")
    def run_add(self, path: str, name: str) -> None:
        # Hashing a multi-GB file takes seconds, so it runs off the UI thread.
        with notify_errors(self.app, "Model not added"):
            entry = services.add_model(path, name)
            self.app.call_from_thread(self.added, entry)

    def added(self, entry: ModelEntry) -> None:
        for selector in ("#model-path", "#model-name"):
            self.query_one(selector, Input).value = ""
        self.notify(f"Added {entry.name} ({entry.quantization}, {size_text(entry.size_bytes)}). "
                    "Select it and press Enter to use it.")
        warning = services.no_chat_template_warning(entry)
        if warning:
            self.notify(warning, title="Models", severity="warning")
        self.action_refresh()

    @work(thread=True, exclusive=True, group="models-verify")
    def verify(self) -> None:
        """Hashing takes seconds per GB, so it runs off the UI thread."""
        self.app.call_from_thread(self.notify, "Verifying model files…")
        with notify_errors(self.app, "Models"):
            checks = services.verify_models()
            changed = [check.entry.name for check in checks if not check.ok]
            if changed:
                self.app.call_from_thread(
                    self.notify, f"Changed since added: {', '.join(changed)}; add them again "
                    "from a good copy.", title="Models", severity="error", timeout=20)
            else:
                self.app.call_from_thread(
                    self.notify, f"All {len(checks)} model file(s) match their recorded sha256.",
                    title="Models")

    def action_remove(self) -> None:
        entry = self.highlighted
        if entry is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                with notify_errors(self.app, "Model not removed", from_thread=False):
                    services.remove_model(entry.name, self.echo.settings)
                    self.notify(f"Removed {entry.name} from the registry (the file stays).")
                self.action_refresh()

        self.app.push_screen(
            ConfirmScreen(f"Remove '{entry.name}' from the registry? The file is not deleted.",
                          yes="Remove"), confirmed)
