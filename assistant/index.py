"""Posting lists: which entries hold which terms, and the sums that bound their scores.

Stored as compressed sparse rows in stdlib arrays, which are compact and pickle quickly.
Large knowledge bases are read with numpy, imported only for them, so that a small
knowledge base starts as fast as Python can.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from itertools import accumulate, chain, pairwise
from typing import Any, NamedTuple

# BM25's term-frequency saturation and length normalisation.
BM25_K1 = 1.5
BM25_B = 0.75
# From this many entries on, posting lists are summed with numpy.
VECTOR_MIN_ENTRIES = 2_000


def saturation(tf: Any, norm: Any) -> Any:
    """BM25's term-frequency part for a count and an entry's length norm (numbers or numpy
    arrays alike, so the bound and the score compute it the same way)."""
    return tf * (BM25_K1 + 1) / (tf + norm)


def vectorised(entries: int) -> bool:
    """Whether a knowledge base this large is indexed and searched with numpy."""
    return entries >= VECTOR_MIN_ENTRIES


# Which of an entry's phrasings hold a term, one bit each; phrasings past the last bit
# share it.
SLOTS = 32
_MAX_COUNT = 65_535  # term counts are stored in 16 bits


class Posting(NamedTuple):
    """One term in one entry (a named tuple: scoring makes many, and these are cheap)."""

    slots: int  # which of the entry's phrasings hold it, one bit each (`SLOTS`)
    saturation: float  # BM25's term-frequency part, tf (k1 + 1) / (tf + length norm)

    @property
    def asked(self) -> bool:
        """In one of the entry's phrasings, not only in its answer."""
        return self.slots != 0


class Sums(NamedTuple):
    """Per entry holding a query term: the query weight it holds in its phrasings, anywhere,
    its BM25 score, and its lightest phrasing's weight."""

    docs: Any
    asked: Any
    anywhere: Any
    bm25: Any
    lightest: Any


class Rows(NamedTuple):
    """Query terms (rows) in entries (columns), as numpy arrays."""

    docs: Any  # the entries
    held: Any  # whether the entry holds the term
    slots: Any  # which of its phrasings hold it, one bit each (`SLOTS`)
    saturation: Any  # BM25's term-frequency part
    phrasings: Any  # per entry, how many phrasings it has
    # Per phrasing (up to `SLOTS`) and entry, its weight; inf past the entry's last. Phrasing
    # first, as numpy loops fastest along the long axis.
    weights: Any


class Alone(NamedTuple):
    """One query term in the entries holding it, as numpy arrays."""

    docs: Any  # the entries
    slots: Any  # which of their phrasings hold it, one bit each (`SLOTS`)
    saturation: Any  # BM25's term-frequency part
    phrasings: Any  # how many phrasings each entry has
    lightest: Any  # each entry's lightest phrasing of any terms (inf if none)


class Index:
    """Term -> entries, and each entry's phrasings as terms: `add` each, `finish`, `weigh`."""

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}
        self.names: list[str] = []  # term id -> term
        self.size = 0
        # Per posting (a term in an entry): its term, its entry, which phrasings hold it, how
        # often the entry has it.
        self._term_of = array("i")
        self._doc_of = array("i")
        self._slots = array("I")  # bit j: phrasing j of the entry holds the term
        self._tf = array("H")
        self._lengths = array("i")
        # Each entry's phrasings as term ids: entry -> its first phrasing, phrasing -> its
        # first term.
        self._entry_start = array("i", [0])
        self._phrasing_start = array("i", [0])
        self._phrasing_terms = array("i")
        self._vectors: tuple[Any, ...] | None = None
        # Filled by `finish`: per term, where its postings start in the arrays that follow;
        # per entry, its length norm for BM25.
        self._start: array[int] = array("q", [0])
        self._docs: array[int] = array("i")
        self._norms: array[float] = array("d")
        # Filled by `weigh`: per phrasing, its terms' weights summed; per entry, its lightest.
        self._own: array[float] = array("d")
        self._lightest: array[float] = array("d")

    def identify(self, term: str) -> int:
        """The term's id, a new one for a term not seen before."""
        k = self.terms.get(term)
        if k is None:
            k = self.terms[term] = len(self.names)
            self.names.append(term)
        return k

    def add(self, phrasings: Sequence[Sequence[str]], answer: Sequence[str]) -> None:
        """Index the next entry from its phrasings' terms and its answer's terms."""
        counts = Counter(chain(*phrasings, answer))
        self._lengths.append(counts.total())
        slots = dict.fromkeys(counts, 0)
        for number, phrasing in enumerate(phrasings):
            for term in phrasing:
                slots[term] |= 1 << min(number, SLOTS - 1)
        # Entry by entry here; `finish` puts them in term order.
        self._term_of.extend(map(self.identify, counts))
        self._doc_of.extend([self.size] * len(counts))
        self._slots.extend(slots.values())
        self._tf.extend(min(n, _MAX_COUNT) for n in counts.values())
        for phrasing in phrasings:
            self._phrasing_terms.extend(map(self.terms.__getitem__, dict.fromkeys(phrasing)))
            self._phrasing_start.append(len(self._phrasing_terms))
        self._entry_start.append(len(self._phrasing_start) - 1)
        self.size += 1

    def add_many(self, postings: Sequence[Any], lengths: Any, phrasings: Sequence[Any]) -> None:
        """Index the next entries at once, from numpy arrays.

        `postings`: (entry, term id, phrasing bits, count), each term's in entry order,
        entries numbered from 0 here; `lengths`: each entry's number of terms; `phrasings`: (each
        phrasing's distinct term ids in order, how many terms each phrasing has, how many
        phrasings each entry has).
        """
        docs, term_ids, slots, counts = postings
        self._doc_of.frombytes((docs + self.size).astype("int32").tobytes())
        self._term_of.frombytes(term_ids.astype("int32").tobytes())
        self._slots.frombytes(slots.astype("uint32").tobytes())
        self._tf.frombytes(counts.clip(max=_MAX_COUNT).astype("uint16").tobytes())
        self._lengths.frombytes(lengths.astype("int32").tobytes())
        terms, sizes, per_entry = phrasings
        self._phrasing_terms.frombytes(terms.astype("int32").tobytes())
        ends = len(self._phrasing_terms) - len(terms) + sizes.cumsum()
        self._phrasing_start.frombytes(ends.astype("int32").tobytes())
        firsts = len(self._phrasing_start) - 1 - len(sizes) + per_entry.cumsum()
        self._entry_start.frombytes(firsts.astype("int32").tobytes())
        self.size += len(lengths)

    def finish(self) -> None:
        """Put the postings in term order (then entry order), once every entry is added."""
        self._forget_unused()
        doc_of, term_of = self._doc_of, self._term_of
        if vectorised(self.size):
            import numpy as np

            by_term = np.frombuffer(term_of, dtype=np.int32)
            order = np.argsort(by_term, kind="stable")
            self._docs = array("i", np.frombuffer(doc_of, dtype=np.int32)[order].tobytes())
            self._slots = array("I", np.frombuffer(self._slots, dtype=np.uint32)[order].tobytes())
            self._tf = array("H", np.frombuffer(self._tf, dtype=np.uint16)[order].tobytes())
            held = np.bincount(by_term, minlength=len(self.names)).cumsum()
            self._start = array("q", [0, *held.tolist()])
        else:
            ordered = sorted(range(len(term_of)), key=term_of.__getitem__)
            self._docs = array("i", (doc_of[i] for i in ordered))
            self._slots = array("I", (self._slots[i] for i in ordered))
            self._tf = array("H", (self._tf[i] for i in ordered))
            frequency = Counter(term_of)
            counts = (frequency[k] for k in range(len(self.names)))
            self._start = array("q", accumulate(counts, initial=0))
        average = sum(self._lengths) / max(self.size, 1)
        self._norms = array(
            "d", (BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in self._lengths)
        )
        # Only building needed these.
        self._term_of, self._doc_of, self._lengths = array("i"), array("i"), array("i")

    def _forget_unused(self) -> None:
        """Drop terms no entry ended up holding (bulk indexing names words before it knows
        whether their text is read word by word), renumbering the others."""
        if vectorised(self.size):
            import numpy as np

            held = np.bincount(np.frombuffer(self._term_of, dtype=np.int32))
            if len(held) == len(self.names) and held.all():
                return
        used = set(self._term_of)
        if len(used) == len(self.names):
            return
        self.names = [t for k, t in enumerate(self.names) if k in used]
        renumber = {k: new for new, k in enumerate(sorted(used))}
        self.terms = {t: k for k, t in enumerate(self.names)}
        self._term_of = array("i", map(renumber.__getitem__, self._term_of))
        self._phrasing_terms = array("i", map(renumber.__getitem__, self._phrasing_terms))

    def weigh(self, weight: Callable[[str], float]) -> None:
        """Weigh each phrasing by its terms' weights, and find each entry's lightest phrasing
        of any terms."""
        weights = [weight(t) for t in self.names]
        terms, starts, entry_starts = self._phrasing_terms, self._phrasing_start, self._entry_start
        if vectorised(self.size):
            self._own = _vector_weigh(weights, terms, starts)
            self._lightest = _vector_lightest(self._own, entry_starts)
            return
        own = [sum(weights[terms[i]] for i in range(a, b)) for a, b in pairwise(starts)]
        self._own = array("d", own)
        # A phrasing of no terms has no specificity to bound.
        self._lightest = array(
            "d",
            (min((w for w in own[a:b] if w), default=math.inf) for a, b in pairwise(entry_starts)),
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
        starts, terms, name = self._phrasing_start, self._phrasing_terms, self.names.__getitem__
        first, last = self._entry_start[doc], self._entry_start[doc + 1]
        return [list(map(name, terms[starts[p] : starts[p + 1]])) for p in range(first, last)]

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
        return Posting(self._slots[at], saturation(tf, self._norms[doc]))

    def no_entries(self) -> Any:
        """An empty set of entries, to `mark` while searching (a numpy mask when large)."""
        if vectorised(self.size):
            import numpy as np

            return np.zeros(self.size, dtype=bool)
        return set()

    def mark(self, entries: Any, more: Any) -> None:
        """Add `more` entries to a set from `no_entries`."""
        if isinstance(entries, set):
            entries.update(more)
        else:
            entries[more] = True

    def _views(self) -> tuple[Any, ...]:
        """numpy views of the arrays a search reads, made once."""
        import numpy as np

        if self._vectors is None:
            self._vectors = (
                np.frombuffer(self._start, dtype=np.int64),
                np.frombuffer(self._docs, dtype=np.int32),
                np.frombuffer(self._slots, dtype=np.uint32),
                np.frombuffer(self._tf, dtype=np.uint16),
                np.frombuffer(self._norms, dtype=np.float64),
                np.frombuffer(self._entry_start, dtype=np.int32),
                np.frombuffer(self._own, dtype=np.float64),
                np.frombuffer(self._lightest, dtype=np.float64),
            )
        return self._vectors

    def alone(self, term: str, skip: Any) -> Alone:
        """The term in each entry holding it, except those marked in `skip` (numpy, for a
        large knowledge base)."""
        import numpy as np

        start, docs, slots, tf, norms, firsts, _, lightest = self._views()
        k = self.terms[term]
        holders = docs[start[k] : start[k + 1]]
        keep = np.flatnonzero(~skip[holders])
        found, at = holders[keep], keep + start[k]
        return Alone(
            found,
            slots[at],
            saturation(tf[at].astype(np.float64), norms[found]),
            firsts[found + 1] - firsts[found],
            lightest[found],
        )

    def _holders_view(self, term: str) -> Any:
        """`holders`, as a numpy view."""
        k = self.terms[term]
        return self._views()[1][self._start[k] : self._start[k + 1]]

    def holding(self, term: str, entries: Any) -> Any:
        """Which of these entries (a sorted numpy array) hold the term, as a mask."""
        import numpy as np

        found, _ = _meet(entries, self._holders_view(term))
        mask = np.zeros(len(entries), dtype=bool)
        mask[found] = True
        return mask

    def holding_all(self, terms: Sequence[str], skip: Any) -> Any:
        """The entries holding every one of the terms, except those marked in `skip`
        (numpy)."""
        import numpy as np

        lists = [self._holders_view(t) for t in terms]
        found = lists[0]
        for more in lists[1:]:
            found = np.intersect1d(found, more, assume_unique=True)
        return found[~skip[found]]

    def sums(
        self, weights: Mapping[str, float], among: Sequence[str], skip: Collection[int]
    ) -> Sums:
        """Sum the weights of (known) query terms, in their order, for the entries holding
        any of the terms `among` them, except those to `skip`."""
        chosen = {d for t in among for d in self.holders(t)}.difference(skip)
        table: dict[int, list[float]] = {}
        for term, weight in weights.items():
            k = self.terms[term]
            for at in range(self._start[k], self._start[k + 1]):
                doc, tf = self._docs[at], self._tf[at]
                if doc not in chosen:
                    continue
                row = table.setdefault(doc, [0.0, 0.0, 0.0])
                row[0] += weight * bool(self._slots[at])
                row[1] += weight
                row[2] += weight * saturation(tf, self._norms[doc])
        docs = list(table)
        return Sums(
            docs,
            [table[d][0] for d in docs],
            [table[d][1] for d in docs],
            [table[d][2] for d in docs],
            [self._lightest[d] for d in docs],
        )

    def rows(
        self, weights: Mapping[str, float], among: Sequence[str], skip: Any, within: Any = None
    ) -> Rows:
        """Each query term in each entry holding any of the terms `among` them, except
        those marked in `skip`, or else in the entries `within` (numpy, for a large
        knowledge base)."""
        import numpy as np

        start, docs, slots, tf, norms, firsts, own, _ = self._views()
        spans = [(start[self.terms[t]], start[self.terms[t] + 1]) for t in weights]
        # Each cell found, as (row, column, posting): numpy arrays, a batch at a time.
        cells: list[tuple[Any, Any, Any]] = []
        naming: set[int] = set()  # the rows read in the first batch
        if within is None:
            # The terms `among` them name the entries: their postings are read once, in one
            # batch, and each lands in its entry's column.
            naming = {i for i, t in enumerate(weights) if t in among}
            named = sorted(naming)
            postings = np.concatenate([np.arange(*spans[i]) for i in named])
            holders = docs[postings]
            found = _distinct(holders)
            found = found[~skip[found]]
            columns = np.minimum(np.searchsorted(found, holders), max(len(found) - 1, 0))
            hit = found[columns] == holders if len(found) else np.zeros(len(holders), bool)
            lengths = [spans[i][1] - spans[i][0] for i in named]
            row_of = np.repeat(np.asarray(named, dtype=np.intp), lengths)
            cells.append((row_of[hit], columns[hit], postings[hit]))
        else:
            found = within
        for i, (low, high) in enumerate(spans):
            if i not in naming:
                columns, postings = _meet(found, docs[low:high])
                cells.append((np.full(len(columns), i), columns, postings + low))
        row, column, at = (np.concatenate(batch) for batch in zip(*cells, strict=True))
        shape = (len(weights), len(found))
        held = np.zeros(shape, dtype=bool)
        bits = np.zeros(shape, dtype=np.uint32)
        tf_part = np.zeros(shape)
        held[row, column] = True
        bits[row, column] = slots[at]
        tf_part[row, column] = saturation(tf[at].astype(np.float64), norms[found[column]])
        first = firsts[found]
        phrasings = firsts[found + 1] - first
        width = min(int(phrasings.max(initial=1)), SLOTS)
        number = np.arange(width)
        weight = own[np.minimum(first + number[:, None], len(own) - 1)]
        weight[number[:, None] >= phrasings] = np.inf
        return Rows(found, held, bits, tf_part, phrasings, weight)


def _meet(found: Any, holders: Any) -> tuple[Any, Any]:
    """Where two sorted arrays of entries meet: (positions in `found`, positions in
    `holders`), by binary search of the shorter in the longer."""
    import numpy as np

    if len(holders) < len(found):
        near = np.minimum(np.searchsorted(found, holders), len(found) - 1)
        both = found[near] == holders
        return near[both], np.flatnonzero(both)
    near = np.minimum(np.searchsorted(holders, found), len(holders) - 1)
    both = holders[near] == found
    return np.flatnonzero(both), near[both]


def _distinct(values: Any) -> Any:
    """A numpy array's distinct values, sorted (np.unique's hashing costs more at the few
    hundred a search meets)."""
    import numpy as np

    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _vector_lightest(own: array[float], entry_starts: array[int]) -> array[float]:
    """Each entry's lightest phrasing of any terms (inf if none), with numpy."""
    import numpy as np

    weights = np.frombuffer(own, dtype=np.float64)
    # A phrasing of no terms has no specificity to bound.
    positive = np.where(weights > 0, weights, np.inf)
    firsts = np.frombuffer(entry_starts, dtype=np.int32)[:-1]
    return array("d", np.minimum.reduceat(positive, firsts).tobytes())


def _vector_weigh(weights: list[float], terms: array[int], starts: array[int]) -> array[float]:
    """Each phrasing's weight (its distinct terms' weights summed), with numpy."""
    import numpy as np

    each = np.asarray(weights)[np.frombuffer(terms, dtype=np.int32)]
    # Differences of running sums: off by rounding only, and the bound and the score both
    # read these same values.
    sums = np.concatenate(([0.0], each.cumsum()))
    bounds = np.frombuffer(starts, dtype=np.int32)
    own = sums[bounds[1:]] - sums[bounds[:-1]]
    own[bounds[1:] == bounds[:-1]] = 0.0
    return array("d", own.tobytes())
