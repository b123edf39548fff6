"""The EchoAssist app: five screens (modes), the model loading in the background.

Start-up is measured by benchmarks/tui_start.py (issue 6: first screen within 1 s). Only the
chat screen is imported before the first frame; the other screens load when first opened, and
the model (llama.cpp, gguf, numpy) loads in a worker once the first frame is on the terminal.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import partial

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notification
from textual.reactive import var
from textual.screen import Screen

from echoassist import services
from echoassist.config import ConfigError, Settings, load_settings, update_setting
from echoassist.tui.base import EchoScreen
from echoassist.tui.chat.screen import ChatScreen
from echoassist.tui.engine_holder import EngineHolder
from echoassist.tui.errors import describe

LIGHT_THEME, DARK_THEME = "textual-light", "textual-dark"
MIN_WIDTH, MIN_HEIGHT = 80, 24  # the size every screen is laid out and snapshot-tested for
SCREENS_BY_KEY = (
    ("f1", "chat", "Chat"),
    ("f2", "report", "Report"),
    ("f3", "models", "Models"),
    ("f4", "history", "History"),
    ("f5", "kb", "Knowledge base"),
)
# One footer entry, "f1-f5 Screens", for the five screen keys keeps the screen's own keys
# visible at 80 columns; it names each key in its tooltip, the Keys panel and the palette.
SCREEN_KEYS_DISPLAY = "f1-f5"
SCREEN_KEYS_TOOLTIP = " · ".join(f"{key.upper()} {label}" for key, _, label in SCREENS_BY_KEY)


def _screen_binding(key: str, mode: str, label: str) -> Binding:
    if key == "f1":  # the one shown, for all five
        return Binding(key, f"switch_mode('{mode}')", "Screens", key_display=SCREEN_KEYS_DISPLAY,
                       tooltip=SCREEN_KEYS_TOOLTIP)
    return Binding(key, f"switch_mode('{mode}')", label, show=False)


def _opened_later(package: str, name: str) -> Callable[[], Screen]:
    """A mode's screen, imported when the mode is first opened."""

    def make() -> Screen:
        return getattr(importlib.import_module(f"echoassist.tui.{package}.screen"), name)()

    return make


class EchoAssistApp(App[None]):
    TITLE = "EchoAssist"
    CSS_PATH = "app.tcss"
    MODES = {"chat": ChatScreen,
             "report": _opened_later("report", "ReportScreen"),
             "models": _opened_later("models", "ModelsScreen"),
             "history": _opened_later("history", "HistoryScreen"),
             "kb": _opened_later("knowledge", "KnowledgeScreen")}
    DEFAULT_MODE = "chat"
    BINDINGS = [
        *(_screen_binding(key, mode, label) for key, mode, label in SCREENS_BY_KEY),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
    ]

    model_status: var[str] = var("")
    # Screens that show what a setting decides (the history notice, the model in use, the KB's
    # name) watch this and redraw themselves; the app never reaches into a screen.
    settings: var[Settings] = var(Settings)
    _warned_small = False
    _small_warning: Notification | None = None  # the warning on screen, to update or withdraw

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self._settings_error = ""
        if settings is None:
            try:
                settings = load_settings()
            except ConfigError as exc:
                self._settings_error = str(exc)
                settings = Settings()
        self.settings = settings
        self.engine_holder = EngineHolder()
        if settings.theme in self.available_themes:
            self.theme = settings.theme

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if self._settings_error:
            self.notify(f"{self._settings_error}; using default settings",
                        title="Settings", severity="error", timeout=15)
        self.model_status = self._loading_status()

    def on_resize(self, event: events.Resize) -> None:
        """Say once, while it lasts, that the terminal is smaller than the layout needs.

        While the warning is on screen it names the current size; it goes as soon as the
        terminal is big enough.
        """
        width, height = event.size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        shown, on_screen = self._small_warning, False
        if shown is not None and shown in self._notifications:
            self._unnotify(shown, refresh=False)
            on_screen = True
        self._small_warning = None
        if too_small and (on_screen or not self._warned_small):
            self._small_warning = Notification(
                f"The terminal is {width}×{height}; EchoAssist needs at least "
                f"{MIN_WIDTH}×{MIN_HEIGHT}. Enlarge the window: parts of the screen are cut "
                "off.", title="Terminal too small", severity="warning", timeout=10)
            # Added now, not posted as notify() does, so that the next resize finds it.
            self._notifications.add(self._small_warning)
        if on_screen or self._small_warning is not None:
            self._refresh_notifications()
        self._warned_small = too_small

    def on_ready(self) -> None:
        # After the first frame: the loader's imports would otherwise compete with it.
        self.load_model()

    def _loading_status(self) -> str:
        return f"loading {self.settings.model or 'default model'}…"

    def reload_settings(self) -> Settings:
        try:
            self.settings = load_settings()
        except ConfigError as exc:
            self.notify(str(exc), title="Settings", severity="error")
        return self.settings

    # --- model ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="model")
    def load_model(self) -> None:
        """Load the configured model off the UI thread; questions asked meanwhile wait for it."""
        self.call_from_thread(setattr, self, "model_status", self._loading_status())
        try:
            engine = self.engine_holder.load(self.settings)
        except Exception as exc:  # noqa: BLE001 - shown in the header and as a notification
            self.call_from_thread(setattr, self, "model_status", "no model")
            self.call_from_thread(self.notify, describe(exc), title="Model not loaded",
                                  severity="error", timeout=20)
            return
        # The registry entry, not engine.model: load_engine shares one Engine per file, so a
        # second name for the same file would otherwise show the first name.
        entry = self.engine_holder.entry or engine.model
        trained = f" of {entry.context_length}" if entry.context_length else ""
        status = f"{entry.name} · {entry.quantization} · ctx {engine.context_window}{trained}"
        self.call_from_thread(setattr, self, "model_status", status)

    def watch_model_status(self, status: str) -> None:
        self.sub_title = status

    def use_model(self, name: str) -> bool:
        """Make `name` the model in use and load it in the background (the Models screen's
        Enter, the palette's "Use model"); False, with a notification, when it cannot be."""
        try:
            services.use_model(name)
        except Exception as exc:  # noqa: BLE001 - shown as a notification
            self.notify(describe(exc), title="Models", severity="error")
            return False
        self.reload_settings()
        self.load_model()
        self.notify(f"Using {name}; loading it in the background.")
        return True

    async def run_on_screen(self, mode: str, action: str) -> None:
        """Open a screen and do what one of its keys does there (for the command palette)."""
        await self.switch_mode(mode)
        await self.screen.run_action(action)

    # --- theme ---------------------------------------------------------------------------

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def _save_theme(self, theme: object) -> None:
        name = getattr(theme, "name", "")
        if name and name != self.settings.theme:
            try:
                self.settings = update_setting("theme", name)
            except (ConfigError, OSError) as exc:
                self.notify(f"theme not saved: {exc}", severity="warning")

    def action_toggle_history(self) -> None:
        try:
            self.settings = services.set_history(not self.settings.history)
        except (ConfigError, OSError) as exc:
            self.notify(f"setting not saved: {exc}", severity="error")
            return
        self.notify("History recording is " + ("on." if self.settings.history else
                                                "off: nothing new is kept."))

    # --- command palette -----------------------------------------------------------------

    def _model_commands(self) -> Iterable[SystemCommand]:
        """"Use model NAME" for each registered model but the one in use."""
        from echoassist.models import size_text

        try:
            entries = services.list_models()
        except Exception:  # noqa: BLE001 - a broken registry: the Models screen says why
            return
        active = services.active_model_name(self.settings)
        for entry in entries:
            if entry.name != active:
                yield SystemCommand(
                    f"Use model {entry.name}",
                    f"Chat and summarise with {entry.name} ({entry.quantization}, "
                    f"{size_text(entry.size_bytes)}), as Enter does on the Models screen (F3)",
                    partial(self.use_model, entry.name))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, mode, label in SCREENS_BY_KEY:
            yield SystemCommand(f"Go to {label}", f"Open the {label} screen ({key.upper()})",
                                lambda mode=mode: self.switch_mode(mode))
        yield SystemCommand("Light/dark theme", "Switch between the light and dark theme",
                            self.action_toggle_dark)
        yield SystemCommand("Reload model", "Load the configured model again",
                            self.load_model)
        yield from self._model_commands()
        yield SystemCommand("Grade report",
                            "Grade the report on the Report screen (F2), as Ctrl+R does there",
                            partial(self.run_on_screen, "report", "analyze"))
        yield SystemCommand("Build knowledge base",
                            "Add the folder typed on the Knowledge base screen (F5), as Ctrl+B "
                            "does there", partial(self.run_on_screen, "kb", "build"))
        now, then = ("on", "off") if self.settings.history else ("off", "on")
        yield SystemCommand(f"History recording: turn {then}",
                            f"Keep questions and reports in the private history (now {now})",
                            self.action_toggle_history)
        if isinstance(screen, EchoScreen):
            yield from screen.screen_commands()
        yield from super().get_system_commands(screen)


def run_app() -> None:
    EchoAssistApp().run()
