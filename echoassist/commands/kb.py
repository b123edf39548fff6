"""`echoassist kb ...`: build, inspect and search knowledge bases (thin over the kb library)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from echoassist import services
from echoassist.config import load_settings
from echoassist.errors import UserError

if TYPE_CHECKING:
    from rich.progress import Progress

    from kb import BuildProgress, BuildSummary

app = typer.Typer(help="Build, inspect and search knowledge bases.", no_args_is_help=True)

KbOption = Annotated[
    str | None,
    typer.Option(
        "--kb", help="KB name (under the user data dir) or a folder path; default: the 'kb' "
        "setting (starter).",
    ),
]


class ExtractorChoice(StrEnum):
    pypdf = "pypdf"
    mineru = "mineru"


def chosen(kb: str | None) -> str:
    """The KB named or given, or the one the settings name (as the app uses)."""
    return kb or load_settings().kb


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="PDF, Markdown or text files, or folders.")],
    kb: KbOption = None,
    extractor: Annotated[
        ExtractorChoice, typer.Option(help="PDF text extractor.")
    ] = ExtractorChoice.pypdf,
    rebuild: Annotated[
        bool, typer.Option(help="Start over (e.g. after an embedder change).")
    ] = False,
) -> None:
    """Add new and changed files to a KB; unchanged files cost nothing."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    name = chosen(kb)
    columns = [
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[info]}"),
        TimeRemainingColumn(),
    ]
    # Started on the first progress report, so an error before any work prints just its line.
    bar = Progress(*columns, transient=True)
    files = bar.add_task("files", total=None, info="")
    chunks = bar.add_task("chunks", total=None, info="")

    def show(p: BuildProgress) -> None:
        if not bar.live.is_started:
            bar.start()
        bar.update(
            files,
            completed=p.files_done,
            total=p.files_total or None,
            info=f"{p.pages_done} pages  {p.phase}: {p.current}"[:60],
        )
        bar.update(chunks, completed=p.chunks_done, total=p.chunks_total or None, info="")

    try:
        summary = services.build_kb(name, paths, extractor=extractor.value,
                                    rebuild=rebuild, progress=show)
    except KeyboardInterrupt:
        _stop(bar)
        typer.echo(
            "interrupted: the KB keeps everything published before now; "
            "run the same build again to finish",
            err=True,
        )
        raise typer.Exit(130) from None
    finally:
        _stop(bar)
    _print_summary(summary, services.open_kb(name).root)


def _stop(bar: Progress) -> None:
    """Progress.stop() prints a blank line on non-terminals even when nothing was drawn."""
    if bar.live.is_started:
        bar.stop()


def _print_summary(summary: BuildSummary, root: Path) -> None:
    counts = {
        s: len(summary.with_status(s))
        for s in ("added", "updated", "moved", "removed", "unchanged", "duplicate", "failed")
    }
    typer.echo(
        f"KB {root}: {counts['added']} added, {counts['updated']} updated, "
        f"{counts['moved']} moved, {counts['removed']} removed, {counts['unchanged']} unchanged, "
        f"{counts['duplicate']} duplicate, {counts['failed']} failed "
        f"({summary.pages} pages, {summary.chunks} chunks in {summary.seconds:.1f} s)"
    )
    for outcome in summary.outcomes:
        if outcome.status in ("moved", "removed", "duplicate", "failed"):
            typer.echo(f"  {outcome.status}: {outcome.path}: {outcome.reason}")
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)


@app.command("list")
def list_documents(
    kb: KbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the KB's documents."""
    docs = services.kb_documents(chosen(kb))
    if as_json:
        typer.echo(json.dumps([d.to_dict() for d in docs], indent=1))
        return
    for d in docs:
        typer.echo(
            f"{d.doc_id[:12]}  {d.pages:>4} p  {d.chunks:>5} chunks  {d.name}  {d.title[:60]}"
        )


@app.command()
def status(
    kb: KbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the KB's size, embedder and each document's extraction report."""
    info, docs = services.kb_status(chosen(kb))
    if as_json:
        payload = {**info.__dict__, "documents": [d.to_dict() for d in docs]}
        typer.echo(json.dumps(payload, indent=1))
        return
    typer.echo(
        f"KB {info.path}\n  {info.documents} documents, {info.chunks} chunks, "
        f"embedder {info.embedder} ({info.dim}-d), vector index: "
        f"{'IVF_HNSW_SQ' if info.vector_index else 'none (exact search)'}, "
        f"updated {info.updated_at}"
    )
    for d in docs:
        r = d.report
        problems = []
        if r.no_text_pages:
            problems.append(f"no text layer on pages {_pages(r.no_text_pages)}")
        if r.broken_text_pages:
            problems.append(f"text looks broken on pages {_pages(r.broken_text_pages)}")
        problems.extend(r.notes)
        if not Path(d.path).exists():
            problems.append("file no longer on disk (`echoassist kb remove` drops it)")
        typer.echo(
            f"  {d.name}: {r.pages} pages, {d.chunks} chunks, {r.extractor}"
            + (f"; {'; '.join(problems)}" if problems else "")
        )


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (f" (+{len(numbers) - 10} more)" if len(numbers) > 10 else "")


@app.command()
def remove(
    doc: Annotated[str, typer.Argument(help="Doc id (or 6+ character prefix), file name or path.")],
    kb: KbOption = None,
) -> None:
    """Remove a document from the KB."""
    info, warnings = services.remove_kb_document(chosen(kb), doc)
    typer.echo(f"removed {info.name} ({info.doc_id[:12]}, {info.chunks} chunks)")
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="What to look for.")] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="How many results.")] = 5,
    kb: KbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    queries: Annotated[
        Path | None,
        typer.Option(help="File with one query per line; prints one JSON list per line."),
    ] = None,
) -> None:
    """Hybrid (vector + full-text) search of the KB."""
    if (query is None) == (queries is None):
        raise UserError("give a query or --queries FILE (not both)")
    if queries is not None:
        try:
            lines = [q.strip() for q in queries.read_text().splitlines() if q.strip()]
        except OSError as exc:
            raise UserError(f"cannot read {queries}: {exc.strerror}") from exc
        for hits in services.search_kb(chosen(kb), lines, k):
            typer.echo(json.dumps([_hit_json(h) for h in hits]))
        return
    [hits] = services.search_kb(chosen(kb), [query or ""], k)
    if as_json:
        typer.echo(json.dumps([_hit_json(h) for h in hits], indent=1))
        return
    if not hits:
        typer.echo("no results (is the KB empty?)")
    for i, h in enumerate(hits, 1):
        where = "" if h.page is None else f"p. {h.page}" + (
            f"-{h.page_end}" if h.page_end not in (None, h.page) else "")
        typer.echo(f"[{i}] {h.doc} {where} | {h.section} | similarity {h.similarity:.2f}")
        typer.echo(f"    {' '.join(h.text.split())[:300]}")


def _hit_json(hit: object) -> dict:
    data = hit.to_json()  # type: ignore[attr-defined]
    keys = ("doc", "path", "title", "page", "page_start", "page_end", "section", "text",
            "score", "similarity")
    return {key: data[key] for key in keys}
