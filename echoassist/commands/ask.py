"""`echoassist ask`: evidence from the knowledge base at once, then a short checked answer."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.status import Status

    from echoassist.answer.records import CheckedSentence, Prepared


def ask(
    question: str = typer.Argument(..., help="The question, in quotes."),
    model: str = typer.Option(None, "--model", "-m", help="Registered model name or GGUF path."),
    kb: str = typer.Option(None, "--kb", help="Knowledge base name or path."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object at the end."),
    max_tokens: int = typer.Option(None, "--max-tokens", help="Longest answer, in tokens."),
    threads: int = typer.Option(None, "--threads", help="CPU threads for generation."),
    no_history: bool = typer.Option(False, "--no-history", help="Do not record this question."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v",
        help="Show the context budget, speed, and the model's sentences that were not shown.",
    ),
) -> None:
    """Ask an ECG/echo question: the evidence is quoted first, then a short answer whose every
    sentence is checked against it."""
    # Imported here so that `echoassist --help` and the TUI start without loading llama.cpp.
    from echoassist.config import load_settings
    from echoassist.engine import load_engine
    from echoassist.models.registry import resolve_model
    from echoassist.retrieval import start_warming
    from echoassist.services import ask as ask_question
    from echoassist.services import check_question

    check_question(question)  # before anything loads: nothing to wait for on the way out
    settings = load_settings()
    entry = resolve_model(model, settings.model)
    # The embedder and the KB's table load while llama.cpp maps the model.
    retriever = start_warming(kb or settings.kb)
    if kb and retriever is None:  # asked for by name: never fall back to the model alone
        from echoassist.errors import UserError
        from echoassist.retrieval import kb_location

        raise UserError(f"no knowledge base at {kb_location(kb)}; build one with "
                        f"`echoassist kb build --kb {kb} PATH...`")
    engine = load_engine(
        entry, threads=threads or settings.threads, max_context=settings.max_context
    )
    live = not as_json
    progress = _Progress(live=live, verbose=verbose)
    try:
        result = ask_question(question, engine, settings, retriever=retriever,
                              max_tokens=max_tokens, record=not no_history,
                              on_prepared=progress.prepared, on_sentence=progress.sentence)
    finally:
        progress.done()
    answer, stats = result.answer, result.stats
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), indent=2))
    else:
        _print_end(answer, verbose)
    if verbose:
        typer.echo(
            f"{stats.prompt_tokens} prompt tokens, {stats.completion_tokens} generated, "
            f"first token {stats.time_to_first_token_s:.2f} s, "
            f"{stats.decode_tokens_per_s:.1f} tok/s",
            err=True,
        )
    if result.cancelled:
        # Ctrl-C stops the answer, not the program: what was shown keeps its evidence.
        typer.echo("stopped by Ctrl-C: the answer above is incomplete and was not recorded",
                   err=True)
        raise typer.Exit(130)
    if result.history_problem:  # the answer stands even when it cannot be kept
        typer.echo(f"warning: {result.history_problem}", err=True)


class _Progress:
    """The terminal's view of an answer being written: the evidence as soon as it is chosen,
    a spinner on stderr until the model's first sentence, then each verified sentence."""

    def __init__(self, *, live: bool, verbose: bool) -> None:
        self.live, self.verbose = live, verbose
        self._status: Status | None = None

    def prepared(self, prepared: Prepared) -> None:
        if self.verbose:
            typer.echo(prepared.budget.describe(), err=True)
        if not self.live:
            return
        _print_start(prepared)
        if sys.stderr.isatty() and (prepared.supported or not prepared.kb):  # the model writes
            from rich.console import Console

            count = len(prepared.evidence)
            what = (f"Writing a short answer from {count} evidence sentence{'s' * (count != 1)}"
                    if count else "Thinking")
            self._status = Console(stderr=True).status(
                f"{what} ({prepared.budget.prompt_total} tokens)…")
            self._status.start()

    def sentence(self, sentence: CheckedSentence) -> None:
        from echoassist.answer import render

        self.done()
        if self.live and sentence.verified:
            sys.stdout.write(" " + render.format_sentence(sentence) + "\n")
            sys.stdout.flush()

    def done(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


def _print_start(prepared: Prepared) -> None:
    """What is known before the model writes: the evidence, or why there is none."""
    from echoassist.answer import render

    if prepared.evidence:
        typer.echo(render.format_evidence(prepared.evidence))
        typer.echo(render.ANSWER_HEADING)
    elif not prepared.kb:
        typer.echo("No knowledge base: the model answers alone and nothing is checked.")


def _print_end(result: object, verbose: bool) -> None:
    from echoassist.answer import render
    from echoassist.answer.records import Answer

    assert isinstance(result, Answer)
    if not result.evidence:  # not covered, or no knowledge base: the answer is all there is
        typer.echo(result.answer)
    elif result.from_evidence:
        typer.echo(" " + render.ANSWER_IS_EVIDENCE)
    if verbose and result.sentences:
        hidden = render.format_unverified(result.sentences)
        if hidden:
            typer.echo(hidden, err=True)
