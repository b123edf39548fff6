"""The evidence panel beside the answer, and the whole chunk behind one evidence sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
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

# The list's width at 80 columns; the panel lays its labels out again when its width changes.
DEFAULT_WIDTH = 23
SCROLLBAR = 1  # chat.tcss: #source-list's scrollbar-size-vertical, its gutter kept


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if limit <= 0:
        return ""
    return text if cell_len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _title(evidence: Evidence) -> str:
    return evidence.title or evidence.doc


def distinctive_titles(evidence: list[Evidence]) -> dict[str, str]:
    """Each document's title as the list shows it: what tells it apart from the others.

    One document: nothing (the section says enough, the full title shows on selection).
    Several: each title less the words all of them start with ("ECG Intervals: PR" and
    "ECG Intervals: QT" read "PR" and "QT"), so the part that differs is what fits.
    """
    titles = list(dict.fromkeys(_title(e) for e in evidence))
    if len(titles) < 2:
        return dict.fromkeys(titles, "")
    words = [t.split() for t in titles]
    shared = 0
    while all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    return {t: " ".join(w[shared:]) for t, w in zip(titles, words, strict=True)}


def evidence_label(evidence: Evidence, cited: bool, width: int = DEFAULT_WIDTH,
                   title: str = "") -> Content:
    """A source at a glance, no line wider than `width`: its number and page and where it
    stands (the innermost section, else the title), then `title` (the distinctive part of
    the document's title, when the list holds several), then the start of the sentence."""
    page = f" p.{evidence.page}" if evidence.page is not None else ""
    mark = "*" if cited else ""
    head = f"{mark}[{evidence.n}]{page} "
    section = evidence.section.rsplit(" › ", 1)[-1] if evidence.section else ""
    where = section or title or _title(evidence)
    lines = [Content.assemble((head, "bold"),
                              (_clip(where, width - cell_len(head)), "bold $text-primary"))]
    if title and section:
        lines.append(Content.styled(_clip(title, width), "italic $text-muted"))
    # Content, not a str: a document's own brackets must not be read as markup.
    lines.append(Content(_clip(evidence.text, width)))
    return Content("\n").join(lines)


def evidence_detail(evidence: Evidence) -> Content:
    """The highlighted source in full: title, section path, page and file."""
    where = [evidence.section] if evidence.section else []
    if evidence.page is not None:
        where.append(f"page {evidence.page}")
    where.append(evidence.doc)
    return Content.assemble((f"[{evidence.n}] {_title(evidence)}", "bold"), "\n",
                            (" · ".join(where), "italic"))


def _count(evidence: list[Evidence]) -> str:
    return "1 sentence" if len(evidence) == 1 else f"{len(evidence)} sentences"


# Short: the list gets the room. The footer says how to open one (^o Sources, then ⏎).
def _prepared_note(prepared: Prepared) -> str:
    if prepared.evidence:
        return f"{_count(prepared.evidence)}:"
    if not prepared.kb:
        return "No knowledge base yet: nothing to cite, answers are not grounded."
    return "The knowledge base does not cover this question."


class EvidenceList(OptionList):
    """The evidence sentences; while the list has focus the footer says what Enter does."""

    BINDINGS = [Binding("enter", "select", "Open source")]


class SourcesPanel(Vertical):
    """The evidence for the latest question; Enter opens its chunk with the sentence marked."""

    def __init__(self) -> None:
        super().__init__(id="sources")
        self.evidence: list[Evidence] = []
        self.sources: list[Source] = []
        self.cited: set[int] = set()
        self.width = DEFAULT_WIDTH

    def compose(self) -> ComposeResult:
        yield Label("Evidence", classes="panel-title")
        yield Static("Ask a question to see the evidence it rests on.", id="sources-note")
        yield EvidenceList(id="source-list")
        yield Static("", id="source-detail")

    def _show(self, prepared: Prepared, cited: set[int], note: str) -> None:
        self.evidence, self.sources, self.cited = prepared.evidence, prepared.sources, cited
        self._fill()
        self.query_one("#sources-note", Static).update(note)

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        titles = distinctive_titles(self.evidence)
        options.clear_options()
        options.add_options(
            Option(evidence_label(e, e.n in self.cited, self.width, titles[_title(e)]),
                   id=str(e.n))
            for e in self.evidence)
        options.display = bool(self.evidence)
        if highlighted is not None and highlighted < len(self.evidence):
            options.highlighted = highlighted
        self._detail(options.highlighted)

    def on_resize(self) -> None:
        """Lay the labels out again for the width the list now has (the panel's, less the
        list's scrollbar, which always keeps its place)."""
        width = max(8, self.content_size.width - SCROLLBAR)
        if width != self.width:
            self.width = width
            self._fill()

    def _detail(self, index: int | None) -> None:
        detail = self.query_one("#source-detail", Static)
        shown = index is not None and 0 <= index < len(self.evidence)
        detail.update(evidence_detail(self.evidence[index]) if shown and index is not None
                      else "")
        detail.display = shown

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail(event.option_index)

    def show_prepared(self, prepared: Prepared) -> None:
        self._show(prepared, set(), _prepared_note(prepared))

    def show_result(self, result: AskResult) -> None:
        note = (f"{_count(result.prepared.evidence)}, * = cited:" if result.prepared.evidence
                else _prepared_note(result.prepared))
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
