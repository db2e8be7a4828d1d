"""Find the entry that answers a question, or decide honestly that none does.

The score (0-100) is mostly *coverage*: how much of the question's weight the entry
explains. Words the knowledge base has never seen keep their full weight, so a question
about something else scores low even when it shares "pain after a workout".
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz

from assistant.analyzer import Analysis, Analyzer
from assistant.model import Entry, KnowledgeBase
from assistant.normalise import GENERIC, fold, stem

Status = Literal["answered", "ambiguous", "no_match"]

# Coverage scales the whole score; these split the rest and sum to 1, so 0-100 holds.
BASE_WEIGHT = 0.55
SPECIFICITY_WEIGHT = 0.30
FUZZY_WEIGHT = 0.15
# A query word found in another phrasing of the same entry counts this much.
SIBLING_CREDIT = 0.75
# Generic words ("make", "happen") the knowledge base happens to use count this much.
GENERIC_FACTOR = 0.25
GENERIC_STEMS = frozenset(stem(w) for w in GENERIC)


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    coverage: float
    specificity: float
    fuzzy: float
    matched: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    query: str
    status: Status
    candidates: tuple[Candidate, ...]
    analysis: Analysis
    unknown: tuple[str, ...]

    @property
    def match(self) -> Candidate | None:
        """The chosen candidate when the question was answered."""
        return self.candidates[0] if self.status == "answered" else None


@dataclass(frozen=True)
class _Doc:
    """One entry's terms: each phrasing's set, their union and the answer's."""

    entry: Entry
    phrasings: tuple[frozenset[str], ...]
    phrasing_texts: tuple[str, ...]
    asked: frozenset[str]
    answer: frozenset[str]
    phrasing_weights: tuple[float, ...] = ()


class Matcher:
    """An index over one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.settings = kb.settings
        texts = [t for e in kb.entries for t in (*e.phrasings, e.answer)]
        self.analyzer = Analyzer(kb.synonyms, texts)
        self._docs = [self._doc(e) for e in kb.entries]
        df: dict[str, int] = defaultdict(int)
        self._postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self._docs):
            for term in doc.asked | doc.answer:
                df[term] += 1
                self._postings[term].append(i)
        n = len(self._docs)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._unknown_weight = math.log(1 + (n + 0.5) / 0.5)
        self._docs = [
            replace(d, phrasing_weights=tuple(sum(map(self.weight, p)) for p in d.phrasings))
            for d in self._docs
        ]

    def _doc(self, entry: Entry) -> _Doc:
        phrasings = [self.analyzer.analyse(p).terms for p in entry.phrasings]
        sets = tuple(frozenset(p) for p in phrasings)
        return _Doc(
            entry,
            sets,
            tuple(fold(p) for p in entry.phrasings),
            frozenset().union(*sets),
            frozenset(self.analyzer.analyse(entry.answer).terms),
        )

    def weight(self, term: str) -> float:
        """How much a term counts: rare terms more, unknown terms the most, filler little."""
        weight = self._idf.get(term, self._unknown_weight)
        return weight * GENERIC_FACTOR if term in GENERIC_STEMS else weight

    def match(self, query: str, top: int = 3) -> Result:
        """Rank entries for a question and decide: answer, offer choices, or decline."""
        analysis = self.analyzer.analyse(query, query=True)
        terms = list(dict.fromkeys(analysis.terms))
        unknown = tuple(t for t in terms if t not in self._idf)
        candidate_ids = {i for t in terms for i in self._postings.get(t, ())}
        text = " ".join(analysis.words)
        scored = [self._score(self._docs[i], terms, text) for i in candidate_ids]
        scored.sort(key=lambda c: (-c.score, c.entry.id))
        return Result(query, self._decide(scored), tuple(scored[: max(top, 1)]), analysis, unknown)

    def _score(self, doc: _Doc, terms: list[str], text: str) -> Candidate:
        """Score each phrasing on its own and keep the best, so one phrasing must fit."""
        weights = {t: self.weight(t) for t in terms}
        total = sum(weights.values()) or 1.0
        elsewhere = {
            t: w * (SIBLING_CREDIT if t in doc.asked else self.settings.answer_weight)
            for t, w in weights.items()
            if t in doc.asked or t in doc.answer
        }
        best = (0.0, 0.0, 0.0, 0.0)
        for phrasing, phrasing_text, own in zip(
            doc.phrasings, doc.phrasing_texts, doc.phrasing_weights, strict=True
        ):
            hit = sum(w for t, w in weights.items() if t in phrasing)
            coverage = (hit + sum(w for t, w in elsewhere.items() if t not in phrasing)) / total
            specificity = hit / own if own else 0.0
            fuzzy = fuzz.token_sort_ratio(text, phrasing_text) / 100
            score = (
                100
                * coverage
                * (BASE_WEIGHT + SPECIFICITY_WEIGHT * specificity + FUZZY_WEIGHT * fuzzy)
            )
            best = max(best, (score, coverage, specificity, fuzzy))
        score, coverage, specificity, fuzzy = best
        matched = tuple(t for t in terms if t in elsewhere)
        return Candidate(doc.entry, round(score, 1), coverage, specificity, fuzzy, matched)

    def _decide(self, ranked: list[Candidate]) -> Status:
        s = self.settings
        if not ranked or ranked[0].score < s.suggest_threshold:
            return "no_match"
        if ranked[0].score < s.answer_threshold:
            return "ambiguous"
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < s.ambiguity_margin:
            return "ambiguous"
        return "answered"
