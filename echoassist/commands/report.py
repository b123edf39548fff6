"""`echoassist report`: grade an echocardiography report (a table, or JSON with --json)."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from echoassist import services
from echoassist.config import Settings, load_settings
from echoassist.errors import UserError
from echoassist.report import CATEGORIES, Report, with_all_categories

_LABEL_STYLE = {
    "normal": "green",
    "mild": "yellow",
    "moderate": "dark_orange",
    "severe": "bold red",
    "abnormal": "magenta",
    "not_assessed": "dim",
}


def _read(source: str, what: str) -> str:
    """A file's text, or standard input's for '-': the same limits and messages as the app."""
    if source != "-":
        return services.read_report_file(source, what)
    if sys.stdin.isatty():
        typer.echo("Paste the report, then press Ctrl-D (Ctrl-Z Enter on Windows).", err=True)
    data = sys.stdin.buffer.read(services.MAX_REPORT_BYTES + 1)
    return services.report_text(data, "standard input", what)


def report(
    file: str = typer.Argument("-", help="Report text file; '-' or nothing reads standard input."),
    prior: str | None = typer.Option(None, "--prior", help="An earlier report to compare with."),
    sex: str | None = typer.Option(
        None, "--sex", help="Patient sex, m or f (overrides the report)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the analysis as JSON."),
    show_all: bool = typer.Option(
        False, "--all", help="List every category, not_assessed included."
    ),
    summary: bool = typer.Option(
        False, "--summary", help="Add a model-written paragraph that restates the table."
    ),
    model: str | None = typer.Option(
        None, "--model", "-m", help="Model for --summary: registered name or GGUF path."
    ),
    no_history: bool = typer.Option(
        False, "--no-history", help="Do not record this report in the history."
    ),
) -> None:
    """Grade an echocardiography report: one severity label per finding, with evidence.

    The report is recorded in the history (as in the app) unless history is off or
    --no-history is given."""
    if sex is not None and sex.strip().lower() not in ("m", "f", "male", "female"):
        raise UserError(f"--sex must be m or f, not {sex!r}")
    text = _read(file, "report")
    prior_text = _read(prior, "prior report") if prior is not None else None
    if prior_text is not None and not prior_text.strip():
        where = "standard input" if prior == "-" else repr(prior)
        raise UserError(f"the prior report {where} is empty: there is nothing to compare with; "
                        "give the earlier report's text, or leave out --prior")
    settings = load_settings()
    graded = services.grade_report(text, settings, sex=sex, prior=prior_text,
                                   record=not no_history)
    if graded.history_problem:  # the table stands even when it cannot be kept
        typer.echo(f"warning: {graded.history_problem}", err=True)
    result = graded.report
    if show_all:
        result = with_all_categories(result)
    written = _summarize(result, model, settings) if summary else None
    if as_json:
        payload = result.to_dict()
        if written is not None:
            payload["summary"] = written.to_dict()
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    _print_table(result)
    if written is not None:
        console = Console()
        console.print(f"\n[bold]Summary[/bold] [dim]({escape(written.label)})[/dim]")
        console.print(escape(written.text))
        for sentence, reason in written.dropped:
            console.print(f"[dim]dropped ({escape(reason)}): {escape(sentence)}[/dim]")


def _summarize(result: Report, model: str | None, settings: Settings):  # type: ignore[no-untyped-def]
    # The model stack is imported only when a summary is asked for: grading needs no model.
    from echoassist.engine import load_engine
    from echoassist.models.registry import resolve_model
    from echoassist.report_summary import summarize

    if not result.findings:
        return summarize(result, None)
    engine = load_engine(resolve_model(model, settings.model), threads=settings.threads,
                         max_context=settings.max_context)
    return summarize(result, engine)


def _print_table(result: Report) -> None:
    console = Console()
    err = Console(stderr=True)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
    if not result.findings:
        console.print("No echocardiography findings recognised.")
        return
    sex = {"m": "male", "f": "female"}.get(result.sex or "", "not stated")
    table = Table(title=f"Echo report findings (sex: {sex})", show_lines=True)
    table.add_column("Finding")
    if result.has_prior:
        table.add_column("Prior -> now")
    table.add_column("Label")
    table.add_column("Evidence")
    table.add_column("Measurements (guideline)")
    table.add_column("Flags")
    for f in result.findings:
        label = f"[{_LABEL_STYLE.get(f.label, '')}]{f.label}[/]"
        evidence = "\n".join(f"{e.section}: {escape(e.text)}" for e in f.evidence[:3])
        if len(f.evidence) > 3:
            evidence += f"\n(+{len(f.evidence) - 3} more)"
        measured = "\n".join(
            f"{escape(m.name)} {m.value:g} {m.unit}: {m.grade or 'not graded'}"
            + (f"\n[dim]{escape(m.rule)}[/dim]" if m.rule else "")
            for m in f.measurements
        )
        row = [CATEGORIES[f.category]]
        if result.has_prior:
            row.append(
                f"{f.prior_label or '-'} -> {f.label}" + (f" ({f.change})" if f.change else "")
            )
        row += [label, evidence, measured, ", ".join(f.flags)]
        table.add_row(*row, style="dim" if f.label == "not_assessed" else None)
    console.print(table)
