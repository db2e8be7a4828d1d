"""Find the entry that answers a question, or decide honestly that none does.

The score (0-100) is mostly *coverage*: how much of the question's weight the entry
explains. Words the knowledge base has never seen keep their full weight, so a question
about something else scores low even when it shares "pain after a workout".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import Literal

from rapidfuzz import fuzz

from assistant.analyzer import Analysis, Analyzer
from assistant.model import Entry, KnowledgeBase
from assistant.normalise import GENERIC_STEMS, fold, question_kind, words

Status = Literal["answered", "ambiguous", "no_match"]

# Coverage scales the whole score; these split the rest and sum to 1, so 0-100 holds.
# Chosen on the tuning splits of both dev sets (tests/dev), checked on the held-out one.
BASE_WEIGHT = 0.10
SPECIFICITY_WEIGHT = 0.30
FUZZY_WEIGHT = 0.20
BM25_WEIGHT = 0.40
# How much a phrasing asking the same kind of question ("how long", "why") adds; the
# parts above share the rest.
KIND_WEIGHT = 0.1
FUZZY_PART = (1 - KIND_WEIGHT) * FUZZY_WEIGHT
# BM25's term-frequency saturation and length normalisation.
BM25_K1 = 1.5
BM25_B = 0.75
# A query word in every phrasing of an entry counts fully; in none of them, this much.
SALIENCE_FLOOR = 0.8
# A query word found in another phrasing of the same entry counts this much.
SIBLING_CREDIT = 0.75
# Generic words ("make", "happen") the knowledge base happens to use count this much.
GENERIC_FACTOR = 0.25


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    coverage: float
    specificity: float
    fuzzy: float
    bm25: float
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


def _rank_key(candidate: Candidate) -> tuple[float, str]:
    return -candidate.score, candidate.entry.id


@dataclass(frozen=True)
class _Doc:
    """One entry as the matcher sees it."""

    entry: Entry
    phrasings: tuple[frozenset[str], ...]
    asked: frozenset[str]  # the phrasings' terms together
    counts: dict[str, int]  # every term of the phrasings and the answer, with its count
    length: int


@dataclass(frozen=True)
class _Detail:
    """What scoring an entry's phrasings needs; made the first time the entry is scored."""

    texts: tuple[str, ...]  # each phrasing folded, for fuzzy similarity
    kinds: tuple[str | None, ...]  # each phrasing's question kind
    weights: tuple[float, ...]  # each phrasing's total term weight
    where: dict[str, tuple[int, ...]]  # term -> the phrasings that hold it


class Matcher:
    """An index over one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.settings = kb.settings
        self.analyzer = Analyzer(kb.synonyms)
        surface: set[str] = set()
        self._docs = [self._doc(e, surface) for e in kb.entries]
        df: dict[str, int] = defaultdict(int)
        self._postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self._docs):
            for term in doc.counts:
                df[term] += 1
                self._postings[term].append(i)
        # Safety triggers and small talk are words worth spelling right too.
        handled = {w for rule in kb.safety for t in rule.triggers for w in words(t)}
        handled.update(w for talk in kb.smalltalk for p in talk.patterns for w in words(p))
        self.analyzer.learn(surface | handled, frozenset(df))
        n = len(self._docs)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._unknown_weight = math.log(1 + (n + 0.5) / 0.5)
        self._average_length = sum(d.length for d in self._docs) / max(n, 1)
        self._details: dict[int, _Detail] = {}

    def _doc(self, entry: Entry, surface: set[str]) -> _Doc:
        analysed = [self.analyzer.analyse(p) for p in entry.phrasings]
        answered = self.analyzer.analyse(entry.answer)
        for analysis in (*analysed, answered):
            surface.update(analysis.words)
        counts = Counter(chain(*(a.terms for a in analysed), answered.terms))
        sets = tuple(frozenset(a.terms) for a in analysed)
        return _Doc(
            entry,
            sets,
            frozenset().union(*sets),
            dict(counts),
            counts.total(),
        )

    def _detail(self, index: int) -> _Detail:
        detail = self._details.get(index)
        if detail is None:
            doc = self._docs[index]
            where: dict[str, list[int]] = defaultdict(list)
            for number, phrasing in enumerate(doc.phrasings):
                for term in phrasing:
                    where[term].append(number)
            detail = self._details[index] = _Detail(
                tuple(fold(p) for p in doc.entry.phrasings),
                tuple(question_kind(p) for p in doc.entry.phrasings),
                tuple(sum(map(self.weight, p)) for p in doc.phrasings),
                {t: tuple(n) for t, n in where.items()},
            )
        return detail

    def weight(self, term: str) -> float:
        """How much a term counts: rare terms more, unknown terms the most, filler little."""
        weight = self._idf.get(term, self._unknown_weight)
        return weight * GENERIC_FACTOR if term in GENERIC_STEMS or term.isdigit() else weight

    def match(self, query: str, top: int = 3, ignore: frozenset[str] = frozenset()) -> Result:
        """Rank entries for a question and decide: answer, offer choices, or decline.

        `ignore`: stems another layer has read (symptoms), left out unless the FAQ uses them.
        """
        analysis, weights, text, kind = self._read(query, ignore)
        unknown = tuple(t for t in weights if t not in self._idf)
        ranked = self._rank(weights, text, kind, max(top, 2))
        return Result(query, self._decide(ranked), tuple(ranked[: max(top, 1)]), analysis, unknown)

    def rank_all(self, query: str) -> list[Candidate]:
        """Every entry that shares a term, scored: the exhaustive reference for `match`."""
        _, weights, text, kind = self._read(query, frozenset())
        found = {i for t in weights for i in self._postings.get(t, ())}
        return sorted((self._score(i, weights, text, kind) for i in found), key=_rank_key)

    def _read(
        self, query: str, ignore: frozenset[str]
    ) -> tuple[Analysis, dict[str, float], str, str | None]:
        """A question's analysis, its terms' weights, its normalised text and its kind."""
        analysis = self.analyzer.analyse(query, query=True, ignore=ignore)
        text = " ".join(analysis.words)
        weights = {t: self.weight(t) for t in analysis.terms}
        return analysis, weights, text, question_kind(text)

    def _rank(
        self, weights: dict[str, float], text: str, kind: str | None, keep: int
    ) -> list[Candidate]:
        """The best `keep` candidates, exactly as scoring every entry would rank them.

        A score never exceeds 100 times the share of the question's weight an entry holds,
        so entries are visited rarest term first and skipped once a bound on their score
        cannot reach the current `keep`-th one (compared after rounding, so that ties are
        never lost).
        """
        total = sum(weights.values()) or 1.0
        order = sorted((t for t in weights if t in self._postings), key=lambda t: -weights[t])
        remaining = sum(weights[t] for t in order)
        best: list[Candidate] = []
        seen: set[int] = set()
        for term in order:
            if len(best) >= keep and round(100 * remaining / total, 1) < best[-1].score:
                break
            remaining -= weights[term]
            fresh = [i for i in self._postings[term] if i not in seen]
            seen.update(fresh)
            bounds = sorted(
                ((self._bound(i, weights, total), i) for i in fresh), key=lambda b: -b[0]
            )
            for bound, index in bounds:
                if len(best) >= keep and bound < best[-1].score:
                    break
                best.append(self._score(index, weights, text, kind))
                best.sort(key=_rank_key)
                del best[keep:]
        return best

    def _bound(self, index: int, weights: dict[str, float], total: float) -> float:
        """The most `_score` can give: its coverage with full credit, its BM25 part exact."""
        doc = self._docs[index]
        answer_weight = self.settings.answer_weight
        covered = sum(
            w if t in doc.asked else w * answer_weight if t in doc.counts else 0.0
            for t, w in weights.items()
        )
        bm25 = min(1.0, self._bm25(doc, weights) / total)
        blend = BASE_WEIGHT + SPECIFICITY_WEIGHT + FUZZY_WEIGHT + BM25_WEIGHT * bm25
        return round(100 * covered / total * ((1 - KIND_WEIGHT) * blend + KIND_WEIGHT), 1)

    def _score(
        self, index: int, weights: dict[str, float], text: str, kind: str | None
    ) -> Candidate:
        """Score each phrasing on its own and keep the best, so one phrasing must fit."""
        doc = self._docs[index]
        detail = self._detail(index)
        total = sum(weights.values()) or 1.0
        count = len(doc.phrasings)
        # A word most of an entry's phrasings use is what the entry is about; one that
        # only a phrasing or two mention ("running" beside shoes) is context, and counts less.
        credit = {
            t: w * (SALIENCE_FLOOR + (1 - SALIENCE_FLOOR) * len(detail.where[t]) / count)
            if t in detail.where
            else w
            for t, w in weights.items()
        }
        elsewhere = {
            t: w * (SIBLING_CREDIT if t in doc.asked else self.settings.answer_weight)
            for t, w in credit.items()
            if t in doc.counts
        }
        elsewhere_total = sum(elsewhere.values())
        bm25 = min(1.0, self._bm25(doc, weights) / total)
        # Only phrasings that share a term can differ from the first one with none.
        hits: dict[int, float] = {}
        earned: dict[int, float] = {}
        lent: dict[int, float] = {}
        for term in elsewhere:
            for number in detail.where.get(term, ()):
                hits[number] = hits.get(number, 0.0) + weights[term]
                earned[number] = earned.get(number, 0.0) + credit[term]
                lent[number] = lent.get(number, 0.0) + elsewhere[term]
        bare = next((n for n in range(count) if n not in hits), None)
        if bare is not None:
            hits[bare] = earned[bare] = lent[bare] = 0.0
        partial = []
        for number, hit in hits.items():
            coverage = (earned[number] + elsewhere_total - lent[number]) / total
            own = detail.weights[number]
            specificity = hit / own if own else 0.0
            blend = BASE_WEIGHT + SPECIFICITY_WEIGHT * specificity + BM25_WEIGHT * bm25
            same = KIND_WEIGHT if kind and detail.kinds[number] == kind else 0.0
            blend = (1 - KIND_WEIGHT) * blend + same
            partial.append((100 * coverage * blend, coverage, specificity, number))
        partial.sort(reverse=True)
        best = (0.0, 0.0, 0.0, 0.0)
        for score, coverage, specificity, number in partial:
            # The fuzzy part adds at most this much; past it no phrasing can win.
            if score + 100 * coverage * FUZZY_PART <= best[0]:
                break
            fuzzy = fuzz.token_sort_ratio(text, detail.texts[number]) / 100
            full = score + 100 * coverage * FUZZY_PART * fuzzy
            best = max(best, (full, coverage, specificity, fuzzy))
        score, coverage, specificity, fuzzy = best
        matched = tuple(t for t in weights if t in elsewhere)
        return Candidate(doc.entry, round(score, 1), coverage, specificity, fuzzy, bm25, matched)

    def _bm25(self, doc: _Doc, weights: dict[str, float]) -> float:
        """Okapi BM25 over all the entry's text, with this matcher's term weights."""
        norm = BM25_K1 * (1 - BM25_B + BM25_B * doc.length / self._average_length)
        return sum(
            w * doc.counts[t] * (BM25_K1 + 1) / (doc.counts[t] + norm)
            for t, w in weights.items()
            if t in doc.counts
        )

    def _decide(self, ranked: list[Candidate]) -> Status:
        """Answer, offer choices, or decline, by the knowledge base's thresholds."""
        s = self.settings
        if not ranked or ranked[0].score < s.suggest_threshold:
            return "no_match"
        if ranked[0].score < s.answer_threshold:
            return "ambiguous"
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < s.ambiguity_margin:
            return "ambiguous"
        return "answered"
