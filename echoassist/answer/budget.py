"""Fit the prompt into the model's context window: system, evidence, earlier turns, question.

Older conversation goes first (a question and its answer together), then evidence sentences,
lowest-ranked first: nothing is ever cut mid-sentence. Token counts come from the model's own
tokenizer and chat template, so they are what llama.cpp will evaluate.
"""

from __future__ import annotations

import re

from echoassist.answer.model import ChatModel
from echoassist.answer.records import Budget, Evidence
from echoassist.errors import UserError
from echoassist.prompts import user_message

# Chat-template control strings that must never reach the tokenizer from a document.
_CONTROL = re.compile(r"<\|[^|>]{0,40}\|>|\[/?INST\]|<</?SYS>>|</?s>|<start_of_turn>|<end_of_turn>")


def sanitize_source_text(text: str) -> str:
    """Neutralise chat-template control strings so a document cannot open a new turn."""
    return _CONTROL.sub(
        lambda m: (
            m.group(0).replace("<", "‹").replace(">", "›").replace("[", "(").replace("]", ")")
        ),
        text,
    )


def format_evidence(evidence: Evidence) -> str:
    section = f"({evidence.section}) " if evidence.section else ""
    return f"[{evidence.n}] {sanitize_source_text(section + evidence.text)}"


def fit_prompt(
    model: ChatModel,
    system: str,
    question: str,
    evidence: list[Evidence],
    history: list[dict[str, str]],
    answer_reserve: int,
) -> tuple[list[dict[str, str]], Budget]:
    count = model.count_tokens
    budget = Budget(context_window=model.context_window, system=count(system),
                    question=count(question), sources=0, history=0,
                    answer_reserve=answer_reserve)
    # Chat-template tokens (role markers) cost a little on top of the parts' own tokens.
    overhead = model.count_chat_tokens(
        [{"role": "system", "content": system}, {"role": "user", "content": question}]
    ) - (budget.system + budget.question)
    if budget.system + budget.question + overhead + answer_reserve > model.context_window:
        raise UserError(
            f"the question is too long for the model's context window ({budget.question} tokens "
            f"of {model.context_window}); shorten it"
        )
    kept, history = list(evidence), list(history)
    while True:
        messages = [
            {"role": "system", "content": system},
            *history,
            {"role": "user", "content": user_message(question, [format_evidence(e)
                                                                 for e in kept])},
        ]
        total = model.count_chat_tokens(messages)
        if total + answer_reserve <= model.context_window or not (history or kept):
            break
        if history:
            del history[:2]
            budget.dropped_history_turns += 1
        else:
            kept.pop()
            budget.dropped_sources += 1
    budget.history = sum(count(m["content"]) for m in history)
    budget.sources = total - budget.system - budget.question - budget.history - overhead
    return messages, budget
