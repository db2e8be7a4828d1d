"""Deterministic synthetic knowledge bases and query sets for the benchmark.

Pronounceable made-up words with Zipf-Mandelbrot frequencies, a few hundred shared English
words, topics with their own words, synonym groups; queries paraphrase entries (dropped,
shuffled and misspelt words, filler, synonyms) or use words the knowledge base never saw.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

SEED = 9
ENTRIES_PER_FILE = 5_000

_WORD = re.compile(r"[a-z]+")
_ONSETS = "b br ch d dr f fl g gr k kl l m n p pl r s sk st t tr v z".split()
_VOWELS = "a e i o u ai ea oo".split()
_CODAS = ["", "", "", "n", "r", "l", "m", "s", "k", "t", "nd", "rk"]
# Out-of-vocabulary words come from a disjoint alphabet (x, q, j, w never occur above).
_OOV_ONSETS = "x q j w qu jw xw".split()
_OOV_VOWELS = "y ou ae".split()
_OOV_CODAS = ["x", "q", "j", "w", "xt"]

# Shared words a support FAQ uses everywhere; they give the low-IDF head of the vocabulary.
COMMON = """
account setting settings error update reset change password login screen device app
problem issue help use work working start stop open close save delete file files data
connect connection network email message phone card payment order delivery refund
return price plan user users profile page button option options menu version install
remove add new old default time day fast slow after before when again still
""".split()
PREFIXES = (
    "How do I",
    "Why does my",
    "What is the",
    "Can I",
    "Where do I find the",
    "When should I",
    "Is it possible to",
    "How can I stop the",
    "What happens if I",
    "Who can",
)
SUFFIXES = ("?", "?", "?", " after an update?", " on my phone?", " again?")
FILLERS = ("hey", "please", "quick question", "thanks", "um", "so", "hi there", "any idea")


@dataclass(frozen=True)
class Query:
    """One benchmark question; `source` is the entry it paraphrases, None when out of scope."""

    text: str
    source: str | None


@dataclass(frozen=True)
class _Entry:
    id: str
    topic: str
    question: str
    alternates: tuple[str, str]
    answer: str
    content: tuple[str, ...]


def _word(
    rng: random.Random, onsets: Sequence[str], vowels: Sequence[str], codas: Sequence[str]
) -> str:
    syllables = rng.choice((2, 2, 3, 3, 4))
    return "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables - 1)) + (
        rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
    )


def vocabulary_size(entries: int) -> int:
    """Heaps' law (exponent 0.5): bigger knowledge bases use more distinct words."""
    return round(4_000 * math.sqrt(entries / 1_000))


class _Generator:
    def __init__(self, entries: int, seed: int) -> None:
        self.rng = random.Random(f"{seed}:{entries}")
        size = vocabulary_size(entries)
        words: dict[str, None] = {}
        while len(words) < size:
            word = _word(self.rng, _ONSETS, _VOWELS, _CODAS)
            if word not in COMMON:
                words[word] = None
        self.words = list(words)
        # Zipf-Mandelbrot: rank r has weight 1 / (r + 2.7) ** 1.07, as word counts in text do.
        self.cumulative = list(
            itertools.accumulate(1 / (r + 2.7) ** 1.07 for r in range(len(self.words)))
        )
        self.topics = [f"topic-{k:03d}" for k in range(max(10, entries // 200))]
        # Each topic owns a few mid-frequency words, so entries of a topic resemble each other.
        middle = self.words[len(self.words) // 20 :]
        self.topic_words = {t: self.rng.sample(middle, 12) for t in self.topics}
        pairs = self.rng.sample(middle, 200)
        self.synonyms = [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]
        self.synonym_of = {a: b for a, b in self.synonyms} | {b: a for a, b in self.synonyms}
        self.seen: set[str] = set()

    def zipf(self, count: int) -> list[str]:
        total = self.cumulative[-1]
        return [
            self.words[bisect.bisect(self.cumulative, self.rng.random() * total)]
            for _ in range(count)
        ]

    def phrase(self, content: Sequence[str], prefix: str | None = None) -> str:
        words = list(content)
        if self.rng.random() < 0.5:
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(COMMON))
        prefix = prefix or self.rng.choice(PREFIXES)
        return f"{prefix} {' '.join(words)}{self.rng.choice(SUFFIXES)}"

    def unique(self, make: Callable[[], str]) -> str:
        """A phrasing no other entry has: the loader rejects the same question twice."""
        while True:
            text = make()
            key = " ".join(_WORD.findall(text.lower()))
            if key not in self.seen:
                self.seen.add(key)
                return text

    def entry(self, number: int) -> _Entry:
        rng = self.rng
        topic = rng.choice(self.topics)
        content = [rng.choice(self.topic_words[topic]), *self.zipf(rng.randint(2, 4))]
        content = list(dict.fromkeys(content))
        question = self.unique(lambda: self.phrase(content))
        alternates = []
        for _ in range(2):
            words = content[:]
            if len(words) > 2:
                words.pop(rng.randrange(len(words)))
            rng.shuffle(words)
            if rng.random() < 0.5:
                other = self.zipf(1)[0]
                if other not in words:
                    words[rng.randrange(len(words))] = other
            alternates.append(self.unique(functools.partial(self.phrase, words)))
        sentences = []
        for _ in range(rng.randint(2, 3)):
            body = self.zipf(rng.randint(3, 6)) + rng.sample(COMMON, 2) + rng.sample(content, 1)
            rng.shuffle(body)
            sentences.append(" ".join(body).capitalize() + ".")
        return _Entry(
            f"q{number:06d}",
            topic,
            question,
            (alternates[0], alternates[1]),
            " ".join(sentences),
            tuple(content),
        )

    def paraphrase(self, entry: _Entry) -> str:
        rng = self.rng
        words = list(entry.content)
        if len(words) > 2 and rng.random() < 0.3:
            words.pop(rng.randrange(len(words)))
        if rng.random() < 0.5:
            rng.shuffle(words)
        for i, word in enumerate(words):
            if word in self.synonym_of and rng.random() < 0.5:
                words[i] = self.synonym_of[word]
        if rng.random() < 0.4:
            i = max(range(len(words)), key=lambda n: len(words[n]))
            words[i] = typo(rng, words[i])
        text = self.phrase(words).rstrip("?")
        if rng.random() < 0.5:
            text = f"{rng.choice(FILLERS)} {text}"
        if rng.random() < 0.3:
            text = f"{text} {rng.choice(FILLERS)}"
        return text.lower() if rng.random() < 0.5 else text

    def out_of_scope(self) -> str:
        words = [
            _word(self.rng, _OOV_ONSETS, _OOV_VOWELS, _OOV_CODAS)
            for _ in range(self.rng.randint(2, 4))
        ]
        return self.phrase(words)


def typo(rng: random.Random, word: str) -> str:
    """One edit: a dropped, doubled, swapped or replaced letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + rng.choice("aeioubdgklmnprst".replace(word[i], "")) + word[i + 1 :]


def _yaml(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars (the text is ASCII).
    return json.dumps(text)


def generate(
    directory: Path, entries: int, queries: int = 200, seed: int = SEED, out_of_scope: float = 0.15
) -> list[Query]:
    """Write a knowledge base of `entries` entries as YAML files; return its query set."""
    directory.mkdir(parents=True, exist_ok=True)
    gen = _Generator(entries, seed)
    made = [gen.entry(n) for n in range(entries)]
    head = [f"title: Generated FAQ ({entries} entries, seed {seed})", "topics:"]
    head += [f"  - {{id: {t}, title: {_yaml(t.replace('-', ' ').title())}}}" for t in gen.topics]
    head += ["synonyms:"] + [f"  - [{a}, {b}]" for a, b in gen.synonyms]
    (directory / "topics.yaml").write_text("\n".join(head) + "\n", encoding="utf-8")
    for start in range(0, entries, ENTRIES_PER_FILE):
        lines = ["entries:"]
        for e in made[start : start + ENTRIES_PER_FILE]:
            lines += [
                f"  - id: {e.id}",
                f"    topic: {e.topic}",
                f"    question: {_yaml(e.question)}",
                f"    alternates: [{_yaml(e.alternates[0])}, {_yaml(e.alternates[1])}]",
                f"    answer: {_yaml(e.answer)}",
            ]
        name = f"entries-{start // ENTRIES_PER_FILE:03d}.yaml"
        (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = []
    for _ in range(queries):
        if gen.rng.random() < out_of_scope:
            result.append(Query(gen.out_of_scope(), None))
        else:
            source = gen.rng.choice(made)
            result.append(Query(gen.paraphrase(source), source.id))
    return result
