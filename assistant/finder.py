"""The browser's as-you-type filter: rank questions fuzzily and say which characters matched.

Query words match question words by prefix (the last word is usually half typed), by
meaning (the matcher's stems and synonyms, so "bum" finds "buttocks") or by a typo-tolerant
rapidfuzz ratio. Every content word must match; function words only add to the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.analyzer import Analyzer
from assistant.model import Entry
from assistant.normalise import WORD, words
from assistant.render import clean

Span = tuple[int, int]

# A ratio below this is a different word, not a typo ("wear" is not "warm": 75).
TYPO_CUTOFF = 80.0
# Shorter query words are too ambiguous to treat as typos; they must be prefixes.
MIN_TYPO_LENGTH = 4
# A match found only in an alternate phrasing ranks a little below one in the question.
ALTERNATE_FACTOR = 0.9
# Literal prefixes rank above synonyms, so typing "butt" lists questions saying "butt" first.
PREFIX_SCORE = 100.0
SYNONYM_SCORE = 95.0


@dataclass(frozen=True)
class Hit:
    """One question that passed the filter, with the spans of clean(question) to highlight."""

    entry: Entry
    score: float
    spans: tuple[Span, ...] = ()


class Finder:
    """Built once per knowledge base; `find` is cheap enough to run on every key press."""

    def __init__(self, entries: Sequence[Entry], analyzer: Analyzer) -> None:
        self._entries = tuple(entries)
        self._analyzer = analyzer
        self._phrasings = [[tuple(words(p)) for p in e.phrasings] for e in self._entries]
        self._vocab = sorted({w for ps in self._phrasings for p in ps for w in p})
        self._terms = {w: self._term(w) for w in self._vocab}

    def _term(self, word: str) -> str | None:
        terms = self._analyzer.analyse(word).terms
        return terms[0] if terms else None

    def find(self, query: str) -> list[Hit]:
        """Every entry matching the query, best first, ties in file order."""
        tokens = words(query)
        if not tokens:
            return []
        scores = [self._word_scores(t) for t in tokens]
        required = [self._term(t) is not None for t in tokens]
        hits = []
        for entry, phrasings in zip(self._entries, self._phrasings, strict=True):
            score = max(
                (
                    _phrasing_score(p, scores, required) * (1.0 if i == 0 else ALTERNATE_FACTOR)
                    for i, p in enumerate(phrasings)
                ),
                default=0.0,
            )
            if score > 0:
                hits.append(Hit(entry, score, highlight_spans(entry.question, tokens, scores)))
        hits.sort(key=lambda h: -h.score)
        return hits

    def _word_scores(self, token: str) -> dict[str, float]:
        """How well the token matches each vocabulary word (absent: not at all)."""
        scores: dict[str, float] = {}
        if len(token) >= MIN_TYPO_LENGTH:
            found = process.extract(
                token, self._vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=None
            )
            scores.update((word, score) for word, score, _ in found)
        term = self._term(token)
        for word in self._vocab:
            if word.startswith(token):
                scores[word] = PREFIX_SCORE
            elif term is not None and self._terms[word] == term:
                scores[word] = max(scores.get(word, 0.0), SYNONYM_SCORE)
        return scores


def _phrasing_score(
    phrasing: tuple[str, ...], scores: list[dict[str, float]], required: list[bool]
) -> float:
    """Mean best score of the query words, or 0 when a content word is missing."""
    best = [max((s.get(w, 0.0) for w in phrasing), default=0.0) for s in scores]
    if not any(best) or any(b == 0 and r for b, r in zip(best, required, strict=True)):
        return 0.0
    return sum(best) / len(best)


def highlight_spans(
    question: str, tokens: Sequence[str], scores: Sequence[dict[str, float]]
) -> tuple[Span, ...]:
    """Character spans of clean(question) that matched: a typed prefix, else the whole word."""
    spans = []
    for m in WORD.finditer(clean(question)):
        folded = words(m.group())
        word = folded[0] if folded else ""
        matching = [t for t, s in zip(tokens, scores, strict=True) if word in s]
        if not matching:
            continue
        prefix = max((len(t) for t in matching if word.startswith(t)), default=0)
        # Only a same-length fold lines its characters up with the original's.
        end = m.start() + prefix if prefix and len(word) == len(m.group()) else m.end()
        spans.append((m.start(), end))
    return tuple(spans)
