"""Answers as plain text: the terminal's `ask`, the clipboard, a history export."""

from __future__ import annotations

from echoassist.answer.records import Answer, CheckedSentence, Evidence

EVIDENCE_HEADING = "Evidence (quoted from the knowledge base)"
ANSWER_HEADING = "Answer (each sentence checked against the evidence)"
ANSWER_IS_EVIDENCE = ("No sentence the model wrote could be checked against the evidence, so the "
                      "evidence above is the answer.")


def format_evidence(evidence: list[Evidence]) -> str:
    lines = [EVIDENCE_HEADING]
    for e in evidence:
        lines.append(f" [{e.n}] {e.text}")
        lines.append(f"     {e.where()}")
    return "\n".join(lines)


def format_nearest(nearest: list[Evidence], missing_words: list[str],
                   mismatch: tuple[str, str] | None = None, unstated: str | None = None) -> str:
    """What a not-covered answer adds: the words no passage holds, what the passages are about
    instead of what was asked or the kind of value none of them states, and the passages that
    came closest, each with where it is from."""
    from echoassist.prompts import NEAREST, NEVER_MENTIONED, NO_VALUE_OF_KIND, OTHER_LESION

    lines = [NEVER_MENTIONED.format(words=", ".join(missing_words))] if missing_words else []
    if mismatch and nearest:
        lines.append(OTHER_LESION.format(asked=mismatch[0], found=mismatch[1]))
    elif unstated in NO_VALUE_OF_KIND and nearest:
        lines.append(NO_VALUE_OF_KIND[unstated])
    if nearest:
        lines.append(NEAREST)
        lines += [f"- {e.text} ({e.where()})" for e in nearest]
    return "\n".join(lines)


def format_sentence(sentence: CheckedSentence) -> str:
    marks = "".join(f"[{n}]" for n in sentence.sources)
    return f"{sentence.text} {marks}".rstrip()


def format_unverified(sentences: list[CheckedSentence]) -> str:
    hidden = [s for s in sentences if not s.verified]
    return "\n".join(f" (not shown: {s.reason}) {s.text}" for s in hidden)


def answer_as_text(answer: Answer) -> str:
    """The whole answer as one would paste it into a note: answer, then evidence with pages."""
    if not answer.evidence:
        return f"{answer.answer}\n\n(not grounded in the knowledge base: nothing here was checked)"
    body = ANSWER_IS_EVIDENCE if answer.from_evidence else answer.answer
    return f"{body}\n\n{format_evidence(answer.evidence)}"
