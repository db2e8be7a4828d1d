"""Turn text into matching terms: stems, synonyms from the knowledge base, typo repair."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from assistant.normalise import STOPWORDS, stem, words

# Words this short are too easy to "repair" into something else.
MIN_REPAIR_LENGTH = 4


@dataclass(frozen=True)
class Analysis:
    """What the analyser made of a text, kept for --explain."""

    words: tuple[str, ...]
    terms: tuple[str, ...]
    repairs: tuple[tuple[str, str], ...] = ()
    synonyms: tuple[tuple[str, str], ...] = ()


@cache
def english_words() -> frozenset[str]:
    """A general English word list, so real words are never 'repaired' into domain words."""
    data = resources.files("assistant").joinpath("data/english-words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("ascii").split())


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(phrase))


def _max_edits(word: str) -> int:
    return 1 if len(word) < 6 else 2 if len(word) < 10 else 3


class Analyzer:
    """Built once per knowledge base; `analyse` is pure and cheap."""

    def __init__(self, synonym_groups: Iterable[tuple[str, ...]], texts: Iterable[str]) -> None:
        self._phrases: dict[tuple[str, ...], str] = {}
        for group in synonym_groups:
            canonical = "_".join(_key(group[0]))
            for member in group:
                key = _key(member)
                if key:
                    self._phrases.setdefault(key, canonical)
        self._longest = max((len(k) for k in self._phrases), default=1)
        surface = {w for text in texts for w in words(text)}
        surface.update(w for group in synonym_groups for m in group for w in words(m))
        self.surface = frozenset(surface)
        self._stems = frozenset(stem(w) for w in surface)
        self._repairable = sorted(w for w in surface if len(w) >= MIN_REPAIR_LENGTH - 1)

    def analyse(self, text: str, repair: bool = False) -> Analysis:
        """Terms for matching; with `repair`, misspelt words are first mapped to known ones."""
        raw = words(text)
        repairs: list[tuple[str, str]] = []
        if repair:
            fixed = []
            for word in raw:
                better = self.repair(word)
                if better != word:
                    repairs.append((word, better))
                fixed.append(better)
            raw = fixed
        stems = [stem(w) for w in raw]
        terms: list[str] = []
        synonyms: list[tuple[str, str]] = []
        i = 0
        while i < len(stems):
            for size in range(min(self._longest, len(stems) - i), 0, -1):
                canonical = self._phrases.get(tuple(stems[i : i + size]))
                if canonical is not None:
                    terms.append(canonical)
                    phrase = " ".join(raw[i : i + size])
                    if phrase != canonical:
                        synonyms.append((phrase, canonical))
                    i += size
                    break
            else:
                if raw[i] not in STOPWORDS and stems[i] not in STOPWORDS:
                    terms.append(stems[i])
                i += 1
        return Analysis(tuple(raw), tuple(terms), tuple(repairs), tuple(synonyms))

    def repair(self, word: str) -> str:
        """The knowledge-base word a misspelling stands for, or the word unchanged."""
        if (
            len(word) < MIN_REPAIR_LENGTH
            or not word.isalpha()
            or word in STOPWORDS
            or word in self.surface
            or stem(word) in self._stems
            or word in english_words()
        ):
            return word
        limit = _max_edits(word)
        found = process.extract(
            word,
            self._repairable,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
            limit=8,
        )
        if not found:
            return word
        # Fewest edits first; then the same first letter and the closest length.
        best = min(
            found,
            key=lambda f: (f[1], f[0][0] != word[0], abs(len(f[0]) - len(word)), f[0]),
        )
        return str(best[0])
