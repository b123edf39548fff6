"""Ask, in three steps a front end calls in order:

1. `prepare`: retrieve a wide pool of chunks, choose the evidence sentences, decide whether the
   knowledge base covers the question, and build a short prompt from the evidence alone.
   The evidence can be shown now: nothing later takes it back.
2. `stream`: the model writes; each finished sentence is checked (echoassist.answer.verify) and
   yielded with its verdict; a loop stops generation (echoassist.answer.repetition).
3. `finish`: the answer record: the verified sentences, or, when none survived, the evidence
   itself introduced as such.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from echoassist.answer.budget import fit_prompt
from echoassist.answer.evidence import choose_evidence
from echoassist.answer.model import ChatModel, Retriever
from echoassist.answer.records import Answer, CheckedSentence, Prepared
from echoassist.answer.render import format_nearest, format_sentence
from echoassist.answer.repetition import LoopGuard, phrase_loop_start
from echoassist.answer.verify import Verifier
from echoassist.config import Settings
from echoassist.errors import UserError
from echoassist.prompts import (
    FROM_EVIDENCE,
    NO_KEY_TERMS,
    NOT_CONFIRMED,
    NOT_COVERED,
    PROMPT_VERSION,
    SYSTEM_GROUNDED,
    SYSTEM_GROUNDED_JSON,
    SYSTEM_UNGROUNDED,
)
from echoassist.text_support import sentence_spans

if TYPE_CHECKING:
    from echoassist.engine import GenerationStats

# Chunks the evidence is chosen from; the model never sees them whole.
CANDIDATE_CHUNKS = 24
# Sampling for the short answer: greedy decoding with a mild repeat penalty (measured in
# benchmarks/answer_quality.py: fewer loops and no loss of verified sentences).
TEMPERATURE = 0.0
REPEAT_PENALTY = 1.15
ANSWER_TOKENS = 160  # 1-3 sentences; settings.max_answer_tokens can lower it
# A question the gate does not call covered still shows the passages that came closest, when
# they came close enough (EvidenceChoice.near): the reader judges a near miss ("in an intubated
# patient" with the notes' ventilation caveat); an off-topic question shows none.
NEAREST_SHOWN = 3


def prepare(
    question: str,
    model: ChatModel,
    *,
    settings: Settings,
    retriever: Retriever | None,
    history: list[dict[str, str]] | None = None,
    max_tokens: int | None = None,
) -> Prepared:
    """Retrieve, choose the evidence and fit the prompt; raises UserError on an empty question."""
    question = " ".join(question.split())
    if not question:
        raise UserError("the question is empty")
    answer_reserve = max_tokens or settings.max_answer_tokens
    if retriever is None:  # the model alone, as long as the settings allow; nothing to check
        messages, budget = fit_prompt(model, SYSTEM_UNGROUNDED, question, [], history or [],
                                      answer_reserve)
        return Prepared(question, messages, [], [], budget, False, "", "", 0.0)
    candidates, top_relevance = retriever.retrieve(question, CANDIDATE_CHUNKS)
    choice = choose_evidence(question, candidates, retriever.embed_texts,
                             retriever.is_common_word, relevance=top_relevance)
    supported = choice.supported and bool(choice.evidence)
    grammar_mode = settings.citations == "grammar"
    system = SYSTEM_GROUNDED_JSON if grammar_mode else SYSTEM_GROUNDED
    evidence = choice.evidence if supported else []
    messages, budget = fit_prompt(model, system, question, evidence, history or [],
                                  min(answer_reserve, ANSWER_TOKENS))
    near = not supported and choice.near
    return Prepared(
        question, messages, choice.sources if supported else [], evidence, budget, supported,
        kb=retriever.name, kb_version=retriever.version, top_relevance=top_relevance,
        coverage=round(choice.coverage, 4), key_terms=choice.key_terms,
        missing_terms=choice.missing,
        citations="grammar" if grammar_mode else "attribute", candidates=choice.candidates,
        nearest=choice.evidence[:NEAREST_SHOWN] if near else [],
        missing_words=choice.missing_words,
        mismatch=choice.mismatch if not supported else None,
        unstated=choice.unstated if not supported else None,
    )


def stream(
    prepared: Prepared,
    model: ChatModel,
    *,
    settings: Settings,
    stats: GenerationStats | None = None,
    max_tokens: int | None = None,
    cancel: Any = None,
) -> Generator[CheckedSentence, None, None]:
    """Each sentence the model writes, checked, as soon as it is complete.

    Nothing is generated when the knowledge base does not cover the question: the answer is then
    a fixed sentence (see finish)."""
    if prepared.kb and not prepared.supported:
        return
    verifier = Verifier(prepared.evidence, prepared.question) if prepared.kb else None
    guard = LoopGuard()
    grammar = _citation_grammar(len(prepared.evidence)) if prepared.citations == "grammar" else None
    pieces = model.stream_chat(
        prepared.messages,
        max_tokens=min(max_tokens or settings.max_answer_tokens, prepared.budget.answer_reserve),
        temperature=TEMPERATURE,
        repeat_penalty=REPEAT_PENALTY,
        stats=stats,
        cancel=cancel,
        grammar=grammar,
    )
    pending = ""
    try:
        if grammar is not None:  # JSON: sentences are known only at the end
            pending = parse_cited_json("".join(pieces))
        else:
            for piece in pieces:
                pending += piece
                sentences, pending, looped = _complete_sentences(pending, guard)
                for sentence in sentences:
                    yield _check(sentence, verifier)
                if looped:
                    if stats is not None:
                        stats.stopped_by = "loop"
                    return
    finally:
        pieces.close()  # type: ignore[attr-defined]  # stops llama.cpp at once
    cut_off = stats is not None and stats.stopped_by in ("length", "cancelled")
    for start, end in sentence_spans(pending):
        sentence = pending[start:end]
        if guard.repeats_earlier(sentence):
            break
        if cut_off and end >= len(pending.rstrip()):
            yield CheckedSentence(sentence.strip(), [], False, "cut off before it ended")
        else:
            yield _check(sentence, verifier)


def _complete_sentences(text: str, guard: LoopGuard) -> tuple[list[str], str, bool]:
    """Split off the finished sentences of the text so far; (sentences, rest, looped)."""
    spans = sentence_spans(text)
    done: list[str] = []
    while len(spans) > 1:  # the last span may still be growing
        start, end = spans.pop(0)
        sentence = text[start:end]
        if guard.repeats_earlier(sentence):
            return done, "", True
        done.append(sentence)
    rest = text[spans[0][0]:] if spans else text
    loop_at = phrase_loop_start(rest)
    if loop_at is not None:
        return done, rest[:loop_at], True
    return done, rest, False


def _check(sentence: str, verifier: Verifier | None) -> CheckedSentence:
    if verifier is None:  # no knowledge base: nothing to check against, said as much
        text = " ".join(sentence.split())
        return CheckedSentence(text, [], False, "no knowledge base to check it against")
    return verifier.check(sentence)


def finish(
    prepared: Prepared,
    sentences: list[CheckedSentence],
    model: ChatModel,
    stats: GenerationStats | None = None,
) -> Answer:
    """The answer record: what is shown, why, and where every shown word came from."""
    shown = [s for s in sentences if s.verified]
    from_evidence = False
    if not prepared.kb:
        text = " ".join(s.text for s in sentences)
    elif not prepared.supported:
        text = (NO_KEY_TERMS if not prepared.key_terms else
                NOT_CONFIRMED if prepared.unconfirmed else NOT_COVERED)
        if prepared.key_terms and (prepared.nearest or prepared.missing_words):
            text += "\n\n" + format_nearest(prepared.nearest, prepared.missing_words,
                                              prepared.mismatch, prepared.unstated)
    elif shown:
        text = " ".join(format_sentence(s) for s in shown)
    else:
        from_evidence = True
        text = FROM_EVIDENCE + "\n" + "\n".join(f"[{e.n}] {e.text}" for e in prepared.evidence)
    cited = sorted({n for s in shown for n in s.sources}) if not from_evidence else [
        e.n for e in prepared.evidence]
    info = model.model
    provenance: dict[str, Any] = {
        "prompt_version": PROMPT_VERSION,
        "citations": prepared.citations,
        "kb": prepared.kb,
        "kb_version": prepared.kb_version,
        "candidates": prepared.candidates,
        "key_terms": prepared.key_terms,
        "missing_terms": prepared.missing_terms,
        "coverage": prepared.coverage,
        "top_relevance": round(prepared.top_relevance, 4),
        "budget": asdict(prepared.budget),
    }
    if stats is not None:
        provenance["generation"] = asdict(stats)
    return Answer(
        question=prepared.question,
        answer=text.strip(),
        sources=prepared.sources,
        cited=cited,
        supported=prepared.supported,
        model={"name": info.name, "sha256": info.sha256, "quantization": info.quantization,
               "file": info.path},
        sentences=sentences,
        evidence=prepared.evidence,
        provenance=provenance,
        from_evidence=from_evidence,
        nearest=prepared.nearest,
    )


def citation_schema(evidence_count: int) -> dict[str, Any]:
    """JSON schema whose every sentence must name one of the evidence numbers."""
    return {
        "type": "object",
        "properties": {
            "sentences": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "source": {"type": "integer",
                                   "enum": list(range(1, evidence_count + 1))},
                    },
                    "required": ["text", "source"],
                },
            }
        },
        "required": ["sentences"],
    }


def _citation_grammar(evidence_count: int) -> Any:
    from llama_cpp import LlamaGrammar

    schema = citation_schema(max(1, evidence_count))
    return LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)


def parse_cited_json(raw: str) -> str:
    """Grammar-mode output -> prose with [n] markers (truncated JSON keeps whole sentences)."""
    try:
        # strict=False: small models put raw newlines inside JSON strings.
        items = json.loads(raw, strict=False)["sentences"]
    except (ValueError, KeyError, TypeError):
        items = [
            {"text": json.loads(f'"{m.group(1)}"', strict=False), "source": int(m.group(2))}
            for m in re.finditer(
                r'"text"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,\s*"source"\s*:\s*(\d+)', raw
            )
        ]
    parts = []
    for item in items:
        text = str(item.get("text", "")).strip()
        if text:
            parts.append(f"{text.rstrip('.')}. [{item.get('source')}]")
    return " ".join(parts)
