"""Posting lists: which entries hold which terms, and the sums that bound their scores.

Stored as compressed sparse rows in stdlib arrays, which are compact and pickle quickly.
Large knowledge bases sum their posting lists with numpy, imported only for them, so that
a small knowledge base starts as fast as Python can.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise
from typing import Any

# BM25's term-frequency saturation and length normalisation.
BM25_K1 = 1.5
BM25_B = 0.75
# From this many entries on, posting lists are summed with numpy.
VECTOR_MIN_ENTRIES = 2_000
_MAX_COUNT = 65_535  # term counts are stored in 16 bits


@dataclass(frozen=True)
class Posting:
    """One term in one entry."""

    asked: bool  # in one of the entry's phrasings, not only in its answer
    saturation: float  # BM25's term-frequency part, tf (k1 + 1) / (tf + length norm)


@dataclass(frozen=True)
class Sums:
    """Per entry holding a query term: the query weight it holds in its phrasings, anywhere,
    its BM25 score, and its lightest phrasing's weight. Lists, or numpy arrays."""

    docs: Any
    asked: Any
    anywhere: Any
    bm25: Any
    lightest: Any


class Index:
    """Term -> entries, and each entry's phrasings as terms: `add` each, `finish`, `weigh`."""

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}
        self.names: list[str] = []  # term id -> term
        self.size = 0
        # Per posting (a term in an entry): its term, whether a phrasing holds it, its count.
        self._term_of = array("i")
        self._asked = array("b")
        self._tf = array("H")
        self._posting_end = array("q", [0])  # entry -> where its postings end
        self._lengths = array("i")
        # Each entry's phrasings as term ids: entry -> its first phrasing, phrasing -> its
        # first term.
        self._entry_start = array("i", [0])
        self._phrasing_start = array("i", [0])
        self._phrasing_terms = array("i")
        self._vectors: tuple[Any, ...] | None = None

    def add(self, phrasings: Sequence[Sequence[str]], answer: Sequence[str]) -> None:
        """Index the next entry from its phrasings' terms and its answer's terms."""
        self.size += 1
        counts = Counter(chain(*phrasings, answer))
        self._lengths.append(counts.total())
        terms = self.terms
        for term in counts:
            if term not in terms:
                terms[term] = len(self.names)
                self.names.append(term)
        asked = set(chain(*phrasings))
        # Entry by entry here; `finish` puts them in term order.
        self._term_of.extend(map(terms.__getitem__, counts))
        self._asked.extend(map(asked.__contains__, counts))
        self._tf.extend(min(n, _MAX_COUNT) for n in counts.values())
        self._posting_end.append(len(self._term_of))
        for phrasing in phrasings:
            self._phrasing_terms.extend(map(terms.__getitem__, dict.fromkeys(phrasing)))
            self._phrasing_start.append(len(self._phrasing_terms))
        self._entry_start.append(len(self._phrasing_start) - 1)

    def finish(self) -> None:
        """Put the postings in term order (then entry order), once every entry is added."""
        ends = self._posting_end
        doc_of = array("i", (d for d, (a, b) in enumerate(pairwise(ends)) for _ in range(a, b)))
        term_of = self._term_of
        if self.size >= VECTOR_MIN_ENTRIES:
            import numpy as np

            order = np.argsort(np.frombuffer(term_of, dtype=np.int32), kind="stable")
            self._docs = array("i", np.frombuffer(doc_of, dtype=np.int32)[order].tobytes())
            self._asked = array("b", np.frombuffer(self._asked, dtype=np.int8)[order].tobytes())
            self._tf = array("H", np.frombuffer(self._tf, dtype=np.uint16)[order].tobytes())
        else:
            ordered = sorted(range(len(term_of)), key=term_of.__getitem__)
            self._docs = array("i", (doc_of[i] for i in ordered))
            self._asked = array("b", (self._asked[i] for i in ordered))
            self._tf = array("H", (self._tf[i] for i in ordered))
        frequency = Counter(term_of)
        held = (frequency[k] for k in range(len(self.names)))
        self._start = array("q", accumulate(held, initial=0))
        average = sum(self._lengths) / max(self.size, 1)
        self._norms = array(
            "d", (BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in self._lengths)
        )
        # Only building needed these.
        self._term_of, self._posting_end, self._lengths = array("i"), array("q"), array("i")

    def weigh(self, weight: Callable[[str], float]) -> None:
        """Weigh each entry's lightest phrasing (of any terms) by the term weights."""
        weights = [weight(t) for t in self.names]
        terms, starts = self._phrasing_terms, self._phrasing_start
        own = [sum(weights[terms[i]] for i in range(a, b)) for a, b in pairwise(starts)]
        self._own = array("d", own)
        ends = self._entry_start
        # A phrasing of no terms has no specificity to bound.
        self._lightest = array(
            "d",
            (min((w for w in own[a:b] if w), default=math.inf) for a, b in pairwise(ends)),
        )

    def __getstate__(self) -> dict[str, Any]:
        # numpy views are rebuilt on demand, so a cached index loads without numpy.
        return {**self.__dict__, "_vectors": None}

    def frequency(self, term: str) -> int:
        """How many entries hold the term."""
        k = self.terms[term]
        return self._start[k + 1] - self._start[k]

    def holders(self, term: str) -> Sequence[int]:
        """The entries that hold the term, in order."""
        k = self.terms[term]
        return self._docs[self._start[k] : self._start[k + 1]]

    def phrasings(self, doc: int) -> list[list[str]]:
        """An entry's phrasings as their distinct terms."""
        starts = self._phrasing_start
        first, last = self._entry_start[doc], self._entry_start[doc + 1]
        return [
            [self.names[k] for k in self._phrasing_terms[starts[p] : starts[p + 1]]]
            for p in range(first, last)
        ]

    def phrasing_weights(self, doc: int) -> Sequence[float]:
        """Each of an entry's phrasings' weight: its distinct terms' weights summed."""
        return self._own[self._entry_start[doc] : self._entry_start[doc + 1]]

    def posting(self, term: str, doc: int) -> Posting | None:
        """The term in that entry, or None if the entry lacks it."""
        k = self.terms.get(term)
        if k is None:
            return None
        low, high = self._start[k], self._start[k + 1]
        at = bisect_left(self._docs, doc, low, high)
        if at == high or self._docs[at] != doc:
            return None
        tf = self._tf[at]
        return Posting(bool(self._asked[at]), tf * (BM25_K1 + 1) / (tf + self._norms[doc]))

    def sums(
        self, weights: Mapping[str, float], among: Sequence[str], skip: Collection[int]
    ) -> Sums:
        """Sum the weights of (known) query terms, in their order, for the entries holding
        any of the terms `among` them, except those to `skip`."""
        if self.size >= VECTOR_MIN_ENTRIES:
            return self._vector_sums(weights, among, skip)
        chosen = {d for t in among for d in self.holders(t)}.difference(skip)
        table: dict[int, list[float]] = {}
        for term, weight in weights.items():
            k = self.terms[term]
            for at in range(self._start[k], self._start[k + 1]):
                doc, tf = self._docs[at], self._tf[at]
                if doc not in chosen:
                    continue
                row = table.setdefault(doc, [0.0, 0.0, 0.0])
                row[0] += weight * self._asked[at]
                row[1] += weight
                row[2] += weight * (tf * (BM25_K1 + 1) / (tf + self._norms[doc]))
        docs = list(table)
        return Sums(
            docs,
            [table[d][0] for d in docs],
            [table[d][1] for d in docs],
            [table[d][2] for d in docs],
            [self._lightest[d] for d in docs],
        )

    def _vector_sums(
        self, weights: Mapping[str, float], among: Sequence[str], skip: Collection[int]
    ) -> Sums:
        import numpy as np

        if self._vectors is None:
            self._vectors = (
                np.frombuffer(self._start, dtype=np.int64),
                np.frombuffer(self._docs, dtype=np.int32),
                np.frombuffer(self._asked, dtype=np.int8),
                np.frombuffer(self._tf, dtype=np.uint16),
                np.frombuffer(self._norms, dtype=np.float64),
                np.frombuffer(self._lightest, dtype=np.float64),
            )
        start, docs, asked, tf, norms, lightest = self._vectors
        rows = {t: slice(start[self.terms[t]], start[self.terms[t] + 1]) for t in weights}
        found = np.unique(np.concatenate([docs[rows[t]] for t in among]))
        if skip:
            found = found[~np.isin(found, np.fromiter(skip, dtype=np.int32, count=len(skip)))]
        # Each term is looked up in those entries by binary search, not read whole.
        in_phrasing = np.zeros(len(found))
        anywhere = np.zeros(len(found))
        bm25 = np.zeros(len(found))
        for term, weight in weights.items():
            row = rows[term]
            holders = docs[row]
            near = np.minimum(np.searchsorted(holders, found), len(holders) - 1)
            hit = holders[near] == found
            at = near[hit] + row.start
            counts = tf[at].astype(np.float64)
            in_phrasing[hit] += weight * asked[at]
            anywhere[hit] += weight
            bm25[hit] += weight * (counts * (BM25_K1 + 1) / (counts + norms[found[hit]]))
        return Sums(found, in_phrasing, anywhere, bm25, lightest[found])
