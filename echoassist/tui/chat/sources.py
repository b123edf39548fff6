"""The evidence panel beside the answer, and the whole chunk behind one evidence sentence."""

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
    from echoassist.answer.records import Evidence, Prepared, Source
    from echoassist.tui.actions import AskResult

# The panel is about 26 columns wide at 80: keep each source to about three lines.
_TITLE, _SNIPPET = 32, 48


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def evidence_label(evidence: Evidence, cited: bool) -> Content:
    """Where the sentence stands (its innermost section and page), then the sentence itself."""
    page = f" p.{evidence.page}" if evidence.page is not None else ""
    section = evidence.section.rsplit(" › ", 1)[-1] if evidence.section else ""
    where = section or evidence.title or evidence.doc
    mark = "*" if cited else ""
    # Content, not a str: a document's own brackets must not be read as markup.
    return Content(f"{mark}[{evidence.n}] {_clip(where, _TITLE)}{page}\n"
                   f"{_clip(evidence.text, _SNIPPET)}")


def _prepared_note(prepared: Prepared) -> str:
    if prepared.evidence:
        return f"{len(prepared.evidence)} evidence sentence(s). Enter opens one in its source."
    if not prepared.kb:
        return "No knowledge base yet: nothing to cite, answers are not grounded."
    return "The knowledge base does not cover this question."


class SourcesPanel(Vertical):
    """The evidence for the latest question; Enter opens its chunk with the sentence marked."""

    def __init__(self) -> None:
        super().__init__(id="sources")
        self.evidence: list[Evidence] = []
        self.sources: list[Source] = []

    def compose(self) -> ComposeResult:
        yield Label("Evidence", classes="panel-title")
        yield Static("Ask a question to see the evidence it rests on.", id="sources-note")
        yield OptionList(id="source-list")

    def _show(self, prepared: Prepared, cited: set[int], note: str) -> None:
        self.evidence, self.sources = prepared.evidence, prepared.sources
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(evidence_label(e, e.n in cited), id=str(e.n))
                            for e in self.evidence)
        options.display = bool(self.evidence)
        self.query_one("#sources-note", Static).update(note)

    def show_prepared(self, prepared: Prepared) -> None:
        self._show(prepared, set(), _prepared_note(prepared))

    def show_result(self, result: AskResult) -> None:
        note = (f"{len(self.evidence)} evidence sentence(s); * = the answer rests on it. Enter "
                "opens one." if result.prepared.evidence else _prepared_note(result.prepared))
        self._show(result.prepared, set(result.answer.cited), note)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        evidence = next(e for e in self.evidence if str(e.n) == event.option.id)
        source = next(s for s in self.sources if s.n == evidence.source)
        self.app.push_screen(SourceScreen(source, evidence))


class SourceScreen(ModalScreen[None]):
    """The whole chunk behind one evidence sentence, the sentence highlighted."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, source: Source, evidence: Evidence | None = None) -> None:
        super().__init__()
        self.source = source
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        s = self.source
        page = f", page {s.pages()}" if s.page else ""
        section = f" · {s.section}" if s.section else ""
        with Vertical(id="source-dialog", classes="dialog"):
            yield Label(f"[{s.n}] {s.title or s.doc}{page}{section}", classes="panel-title",
                        markup=False)
            yield Label(f"{s.path or s.doc} · relevance {s.score:.2f}", classes="dim",
                        markup=False)
            with VerticalScroll():
                yield Static(self.highlighted(), id="source-text")

    def highlighted(self) -> Content:
        text = Content(self.source.text)
        if self.evidence is None:
            return text
        return text.stylize("bold reverse", self.evidence.start, self.evidence.end)
