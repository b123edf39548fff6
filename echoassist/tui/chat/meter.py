"""One line that shows how the model's context window is spent on the current question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from echoassist.answer.records import Budget
    from echoassist.engine import GenerationStats

_WIDTH = 10


class ContextMeter(Static):
    def __init__(self) -> None:
        super().__init__("context -", id="meter")
        self.budget: Budget | None = None

    def show(self, budget: Budget, stats: GenerationStats | None = None) -> None:
        """The prompt's parts and the answer's reserve against the window; speed once known."""
        self.budget = budget
        speed = stats.decode_tokens_per_s if stats is not None else 0.0
        speed_text = f" · {speed:.0f} tok/s" if speed else ""
        used = budget.prompt_total + budget.answer_reserve
        share = min(1.0, used / max(1, budget.context_window))
        filled = round(share * _WIDTH)
        colour = "$error" if share > 0.9 else "$accent"
        dropped = (f" [$warning]{budget.dropped_sources} dropped[/]"
                   if budget.dropped_sources else "")
        self.update(
            f"ctx [{colour}]{'█' * filled}[/][dim]{'░' * (_WIDTH - filled)}[/] "
            f"{budget.prompt_total}+{budget.answer_reserve}/{budget.context_window} "
            f"[dim]· sys {budget.system} q {budget.question} ev {budget.sources} "
            f"hist {budget.history}[/]{dropped}{speed_text}"
        )
        self.tooltip = budget.describe()
