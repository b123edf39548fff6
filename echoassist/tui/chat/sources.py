"""The sources panel beside the answer, and the full text of one source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from echoassist.rag import Prepared, Source
    from echoassist.tui.actions import AskResult

# The panel is about 26 columns wide at 80: keep each source to about three lines.
_TITLE, _SNIPPET = 32, 48


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def source_label(source: Source, cited: bool) -> Content:
    page = f" p.{source.page}" if source.page else ""
    mark = "*" if cited else ""
    # Content, not a str: a document's own brackets must not be read as markup.
    return Content(f"{mark}[{source.n}] {_clip(source.title or source.doc, _TITLE)}{page}\n"
                   f"{_clip(source.text, _SNIPPET)}")


def _prepared_note(prepared: Prepared) -> str:
    if prepared.sources:
        return f"{len(prepared.sources)} source(s) given to the model."
    if not prepared.kb:
        return "No knowledge base yet: nothing to cite, answers are not grounded."
    return "The knowledge base does not cover this question."


class SourcesPanel(Vertical):
    """Sources given to the model for the latest question; Enter opens one in full."""

    def __init__(self) -> None:
        super().__init__(id="sources")
        self.sources: list[Source] = []

    def compose(self) -> ComposeResult:
        yield Label("Sources", classes="panel-title")
        yield Static("Ask a question to see the sources it rests on.", id="sources-note")
        yield OptionList(id="source-list")

    def _show(self, sources: list[Source], cited: set[int], note: str) -> None:
        self.sources = sources
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(source_label(s, s.n in cited), id=str(s.n)) for s in sources)
        options.display = bool(sources)
        self.query_one("#sources-note", Static).update(note)

    def show_prepared(self, prepared: Prepared) -> None:
        self._show(prepared.sources, set(), _prepared_note(prepared))

    def show_result(self, result: AskResult) -> None:
        sources = result.answer.sources
        note = (f"{len(sources)} source(s); * = cited. Enter opens one."
                if sources else _prepared_note(result.prepared))
        self._show(sources, set(result.answer.cited), note)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        source = next(s for s in self.sources if str(s.n) == event.option.id)
        self.app.push_screen(SourceScreen(source))


class SourceScreen(ModalScreen[None]):
    """The whole chunk behind one citation."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        s = self.source
        page = f", page {s.page}" if s.page else ""
        section = f" · {s.section}" if s.section else ""
        with Vertical(id="source-dialog", classes="dialog"):
            yield Label(f"[{s.n}] {s.title or s.doc}{page}{section}", classes="panel-title",
                        markup=False)
            yield Label(f"{s.path or s.doc} · relevance {s.score:.2f}", classes="dim",
                        markup=False)
            with VerticalScroll():
                yield Static(s.text, markup=False)
