"""Greetings, thanks and the like: answered in the assistant's voice, never hiding a question."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.model import SmallTalk
from assistant.normalise import GENERIC_STEMS, NEGATION_STEMS, STOPWORDS, stem
from assistant.phrases import Reader, find_sequence

_FILLER = frozenset(stem(w) for w in STOPWORDS) | GENERIC_STEMS | NEGATION_STEMS


class SmallTalkCheck:
    """Recognises a message made of small talk alone."""

    def __init__(self, items: Sequence[SmallTalk], read: Reader) -> None:
        patterns = [(item, tuple(read(p, False))) for item in items for p in item.patterns]
        # Longest first, so "thank you" is taken whole before "you" could be.
        self._patterns = sorted(patterns, key=lambda pair: -len(pair[1]))
        self._spoken = frozenset(s for _, pattern in patterns for s in pattern)
        self._read = read

    def check(self, text: str) -> SmallTalk | None:
        """The small talk this message is, or None when it says anything more."""
        stems = self._read(text, True)
        # Most messages have a word no pattern has, and so are no small talk at all.
        if any(s not in _FILLER and s not in self._spoken for s in stems):
            return None
        present = set(stems)
        found: list[tuple[int, SmallTalk]] = []
        for item, pattern in self._patterns:
            if not present.issuperset(pattern):
                continue
            while (start := find_sequence(stems, pattern)) is not None:
                found.append((start, item))
                stems[start : start + len(pattern)] = [""] * len(pattern)
        if not found or any(s and s not in _FILLER for s in stems):
            return None
        return min(found, key=lambda pair: pair[0])[1]
