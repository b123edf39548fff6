"""`echoassist ask`: answer one question on the local model, streaming to the terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Generator
from typing import Any

import typer


def ask(
    question: str = typer.Argument(..., help="The question, in quotes."),
    model: str = typer.Option(None, "--model", "-m", help="Registered model name or GGUF path."),
    kb: str = typer.Option(None, "--kb", help="Knowledge base name or path."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object at the end."),
    max_tokens: int = typer.Option(None, "--max-tokens", help="Longest answer, in tokens."),
    threads: int = typer.Option(None, "--threads", help="CPU threads for generation."),
    no_history: bool = typer.Option(False, "--no-history", help="Do not record this question."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Show the context budget and speed."
    ),
) -> None:
    """Ask an ECG/echo question; the answer streams as it is written."""
    # Imported here so that `echoassist --help` and the TUI start without loading llama.cpp.
    from echoassist import rag
    from echoassist.config import load_settings
    from echoassist.engine import GenerationStats, load_engine
    from echoassist.models.registry import resolve_model
    from echoassist.retrieval import start_warming

    settings = load_settings()
    entry = resolve_model(model, settings.model)
    # The embedder and the KB's table load while llama.cpp maps the model.
    retriever = start_warming(kb or settings.kb)
    engine = load_engine(
        entry, threads=threads or settings.threads, max_context=settings.max_context
    )
    prepared = rag.prepare(question, engine, settings=settings, kb=kb, retriever=retriever)
    if verbose:
        typer.echo(prepared.budget.describe(), err=True)
    stats = GenerationStats()
    pieces: list[str] = []
    # Grammar-mode output is JSON: show the parsed answer at the end instead of raw pieces.
    stream_live = not as_json and prepared.citations != "grammar"
    stream = rag.stream_answer(
        prepared, engine, settings=settings, stats=stats, max_tokens=max_tokens
    )
    if sys.stderr.isatty():
        stream = _with_reading_status(stream, prepared)
    interrupted = False
    try:
        for piece in stream:
            pieces.append(piece)
            if stream_live:
                sys.stdout.write(piece)
                sys.stdout.flush()
    except KeyboardInterrupt:
        # Ctrl-C stops the answer, not the program: what was written keeps its sources.
        interrupted = True
        stream.close()  # ends llama.cpp's generation now and stamps the timing
        stats.stopped_by = "cancelled"
    result = rag.finish(prepared, "".join(pieces), engine, stats)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
    else:
        sys.stdout.write(("" if stream_live else result.answer) + "\n")
        typer.echo(rag.format_sources(result))
    if verbose:
        typer.echo(
            f"{stats.prompt_tokens} prompt tokens, {stats.completion_tokens} generated, "
            f"first token {stats.time_to_first_token_s:.2f} s, "
            f"{stats.decode_tokens_per_s:.1f} tok/s",
            err=True,
        )
    if interrupted:
        typer.echo("stopped by Ctrl-C: the answer above is incomplete and was not recorded",
                   err=True)
        raise typer.Exit(130)
    if not no_history and settings.history:
        from echoassist.history import record_question

        record_question(result)


def _with_reading_status(
    stream: Generator[str, None, None], prepared: Any
) -> Generator[str, None, None]:
    """A spinner on stderr until the first piece: reading the sources can take seconds."""
    from rich.console import Console

    sources = len(prepared.sources)
    what = f"Reading {sources} source{'s' * (sources != 1)}" if sources else "Thinking"
    with Console(stderr=True).status(f"{what} ({prepared.budget.prompt_total} tokens)…"):
        first = next(stream, None)
    if first is not None:
        yield first
        yield from stream
