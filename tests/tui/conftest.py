"""TUI tests run the real app on the real built-in model, with short answers to stay fast."""

from __future__ import annotations

import pytest

from echoassist.config import update_setting


@pytest.fixture(autouse=True)
def short_answers(echoassist_home):
    update_setting("max_answer_tokens", 32)
    update_setting("temperature", 0.0)
