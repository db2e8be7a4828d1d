"""Find the entry that answers a question, or decide honestly that none does.

The score (0-100) is mostly *coverage*: how much of the question's weight the entry
explains. Words the knowledge base has never seen keep their full weight, so a question
about something else scores low even when it shares "pain after a workout".
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from assistant.analyzer import Analysis, Analyzer
from assistant.model import Entry, KnowledgeBase

Status = Literal["answered", "ambiguous", "no_match"]

# How the three score parts add up; they sum to 1 so the score stays on 0-100.
COVERAGE_WEIGHT = 0.65
SPECIFICITY_WEIGHT = 0.25
FUZZY_WEIGHT = 0.10


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

    def _doc(self, entry: Entry) -> _Doc:
        phrasings = [self.analyzer.analyse(p).terms for p in entry.phrasings]
        sets = tuple(frozenset(p) for p in phrasings)
        return _Doc(
            entry,
            sets,
            tuple(" ".join(p) for p in phrasings),
            frozenset().union(*sets),
            frozenset(self.analyzer.analyse(entry.answer).terms),
        )

    def weight(self, term: str) -> float:
        """How much a query term counts: rare terms more, unknown terms the most."""
        return self._idf.get(term, self._unknown_weight)

    def match(self, query: str, top: int = 3) -> Result:
        """Rank entries for a question and decide: answer, offer choices, or decline."""
        analysis = self.analyzer.analyse(query, repair=True)
        terms = list(dict.fromkeys(analysis.terms))
        unknown = tuple(t for t in terms if t not in self._idf)
        candidate_ids = {i for t in terms for i in self._postings.get(t, ())}
        scored = [self._score(self._docs[i], terms) for i in candidate_ids]
        scored.sort(key=lambda c: (-c.score, c.entry.id))
        return Result(
            query, self._decide(scored), tuple(scored[: max(top, 1)]), analysis, unknown
        )

    def _score(self, doc: _Doc, terms: list[str]) -> Candidate:
        weights = {t: self.weight(t) for t in terms}
        total = sum(weights.values())
        answer_weight = self.settings.answer_weight
        covered = sum(
            w if t in doc.asked else w * answer_weight if t in doc.answer else 0.0
            for t, w in weights.items()
        )
        specificity = 0.0
        for phrasing in doc.phrasings:
            own = sum(self.weight(t) for t in phrasing)
            if own:
                hit = sum(weights[t] for t in phrasing if t in weights)
                specificity = max(specificity, hit / own)
        query_text = " ".join(terms)
        fuzzy = max(fuzz.token_sort_ratio(query_text, p) for p in doc.phrasing_texts) / 100
        coverage = covered / total if total else 0.0
        score = 100 * (
            COVERAGE_WEIGHT * coverage + SPECIFICITY_WEIGHT * specificity + FUZZY_WEIGHT * fuzzy
        )
        matched = tuple(t for t in terms if t in doc.asked or t in doc.answer)
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
