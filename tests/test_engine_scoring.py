"""Per-token log-probabilities from the engine (evaluation's perplexity), with the built-in model;
the shared chat engine keeps no per-token logits, so asking it costs no memory."""

from __future__ import annotations

import math

import pytest

from echoassist.engine import load_engine, open_engine
from echoassist.errors import ModelError
from tests.helpers import builtin_gguf

pytestmark = pytest.mark.slow

NATURAL = "The left ventricle pumps blood into the aorta."
SHUFFLED = "aorta ventricle The into pumps left blood the."


def test_token_logprobs_score_every_token_after_the_first() -> None:
    engine = open_engine(builtin_gguf(), threads=2, n_ctx=128, scoring=True)
    try:
        natural = engine.tokenize(NATURAL, add_bos=True)
        scores = engine.token_logprobs(natural)
        assert len(scores) == len(natural) - 1 and all(s <= 0 for s in scores)
        assert math.isfinite(sum(scores))
        shuffled = engine.token_logprobs(engine.tokenize(SHUFFLED, add_bos=True))
        # The model knows English: the sentence is far likelier than its words shuffled.
        assert sum(scores) / len(scores) > sum(shuffled) / len(shuffled) + 1.0
        assert engine.token_logprobs(natural) == scores  # no state leaks between calls
        with pytest.raises(ModelError, match="2 to 128 tokens"):
            engine.token_logprobs(natural * 20)
    finally:
        engine.close()


def test_the_chat_engine_keeps_only_the_last_logits() -> None:
    engine = load_engine(builtin_gguf(), threads=1, n_ctx=512)
    assert not engine.scoring and not engine.llm._logits_all  # its scores buffer is one batch
    with pytest.raises(ModelError, match="scoring=True"):
        engine.token_logprobs(engine.tokenize(NATURAL, add_bos=True))
