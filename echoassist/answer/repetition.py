"""Stop a small model that has started to loop ("Normal: 120 to 200 ms" six times).

Sampling penalties make loops rarer; this catches the ones that still happen, as the text
streams: a sentence that repeats an earlier one, or a run of words that keeps coming back
inside one unfinished sentence. The caller stops generation and drops the repeat.
"""

from __future__ import annotations

import re

from echoassist.text_support import sentence_spans
from kb.terms import terms

SAME_SENTENCE = 0.8  # share of stems two sentences share (Jaccard) to count as the same
PHRASE_WORDS = 6  # a run of this many words ...
PHRASE_REPEATS = 3  # ... seen this often inside the text still being written is a loop
_WORD = re.compile(r"\S+")


class LoopGuard:
    def __init__(self) -> None:
        self.sentences: list[set[str]] = []

    def repeats_earlier(self, sentence: str) -> bool:
        """True if `sentence` says again what an earlier sentence said; remembers it if not."""
        stems = set(terms(sentence))
        if not stems:
            return False
        for earlier in self.sentences:
            if len(stems & earlier) / len(stems | earlier) >= SAME_SENTENCE:
                return True
        self.sentences.append(stems)
        return False


def phrase_loop_start(text: str) -> int | None:
    """Where the second copy of a word run that occurs PHRASE_REPEATS times begins, else None."""
    matches = list(_WORD.finditer(text))
    words = [m.group(0).lower().strip(".,;:") for m in matches]
    first_seen: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - PHRASE_WORDS + 1):
        key = tuple(words[i : i + PHRASE_WORDS])
        seen = first_seen.setdefault(key, [])
        if seen and i - seen[-1] < PHRASE_WORDS:
            continue  # overlapping with itself ("a a a a a a a"), counted once per run
        seen.append(i)
        if len(seen) >= PHRASE_REPEATS:
            return matches[seen[1]].start()
    return None


def has_loop(text: str) -> bool:
    """A finished text that repeats a sentence or keeps coming back to a run of words (for
    judging answers after the fact: benchmarks and acceptance tests)."""
    if phrase_loop_start(text) is not None:
        return True
    guard = LoopGuard()
    return any(guard.repeats_earlier(text[a:b]) for a, b in sentence_spans(text))
