"""Entries into an index: one by one for a small knowledge base, in bulk for a large one.

Both give the same index (a test checks it). The bulk path splits plain text into words
with bytes operations and counts terms with numpy; any text it cannot read exactly that way
(not plain ASCII, a negation, a synonym phrase, a chat spelling) is analysed on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, pairwise, repeat
from typing import Any

from assistant.analyzer import Analyzer
from assistant.index import SLOTS, Index, vectorised
from assistant.model import Entry
from assistant.normalise import SEPARATOR, is_plain, plain_words, written_out

# Entries read at once in bulk: enough to amortise numpy's calls, few enough to keep the
# word lists small.
CHUNK_ENTRIES = 4_096
# Word codes besides term ids.
_DROPPED = -1  # no term (a function word)
_BETWEEN = -2  # separates one text from the next
_WHOLE = -3  # the text must be analysed whole; the word is spelt in the text
_HIDDEN = -4  # the same, and `words` writes the word out differently
_NEW = -5  # not met before


def index_entries(
    entries: Sequence[Entry], analyzer: Analyzer, bulk: bool | None = None
) -> tuple[Index, set[str], set[str]]:
    """The index over the entries (finished), every word they spell, and each pair of words
    that follow one another in a text, as "first second" (none in bulk: see `Analyzer.learn`)."""
    index = Index()
    surface: set[str] = set()
    pairs: set[str] = set()
    if bulk is None:
        bulk = vectorised(len(entries))
    if bulk:
        codes: dict[bytes, int] = {SEPARATOR: _BETWEEN}
        for start in range(0, len(entries), CHUNK_ENTRIES):
            _add_chunk(index, analyzer, entries[start : start + CHUNK_ENTRIES], codes, surface)
        surface.update(w.decode() for w, c in codes.items() if c not in (_BETWEEN, _HIDDEN))
    else:
        for entry in entries:
            analysed = [analyzer.analyse(p) for p in entry.phrasings]
            answered = analyzer.analyse(entry.answer)
            for analysis in (*analysed, answered):
                surface.update(analysis.words)
                pairs.update(map(" ".join, pairwise(analysis.words)))
            index.add([a.terms for a in analysed], answered.terms)
    index.finish()
    return index, surface, pairs


def _code(word: bytes, analyzer: Analyzer, index: Index) -> int:
    text = word.decode()
    if written_out(text):
        return _HIDDEN
    term = analyzer.index_term(text)
    if term is None:
        return _WHOLE
    return index.identify(term) if term else _DROPPED


def _add_chunk(
    index: Index,
    analyzer: Analyzer,
    entries: Sequence[Entry],
    codes: dict[bytes, int],
    surface: set[str],
) -> None:
    import numpy as np

    groups = [(entry.question, *entry.alternates, entry.answer) for entry in entries]
    texts = list(chain.from_iterable(groups))
    sizes = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    ends = sizes.cumsum()
    owner = np.repeat(np.arange(len(groups)), sizes)
    asked = np.ones(len(texts), dtype=bool)
    asked[ends - 1] = False  # each entry's last text is its answer
    # Usually all are plain: one check of them all, not one a text.
    awkward = (
        [] if is_plain("".join(texts)) else [i for i, t in enumerate(texts) if not is_plain(t)]
    )
    readable = texts.copy()
    for i in awkward:
        readable[i] = ""
    words = plain_words(readable)
    lookup = map(codes.get, words, repeat(_NEW))
    stream = np.fromiter(lookup, dtype=np.int64, count=len(words))
    # Words not met before: most of them in the first chunk, few after.
    for at in np.flatnonzero(stream == _NEW).tolist():
        word = words[at]
        code = codes.get(word)
        if code is None:
            code = codes[word] = _code(word, analyzer, index)
        stream[at] = code
    between = stream == _BETWEEN
    text_of = np.cumsum(between) - between
    whole = np.zeros(len(texts), dtype=bool)
    whole[text_of[stream <= _WHOLE]] = True
    whole[awkward] = True
    keep = (stream >= 0) & ~whole[text_of]
    term_ids = [stream[keep]]
    term_texts = [text_of[keep]]
    for i in np.flatnonzero(whole).tolist():
        analysis = analyzer.analyse(texts[i])
        surface.update(analysis.words)
        term_ids.append(np.array([index.identify(t) for t in analysis.terms], dtype=np.int64))
        term_texts.append(np.full(len(analysis.terms), i, dtype=np.int64))
    terms = np.concatenate(term_ids)
    text = np.concatenate(term_texts)
    number = np.arange(len(texts)) - (ends - sizes)[owner]  # text within entry
    index.add_many(*_counted(terms, text, owner, asked, number, len(entries)))


def _counted(
    terms: Any, text: Any, owner: Any, asked: Any, number: Any, entries: int
) -> tuple[Any, ...]:
    """Postings, entry lengths and phrasings from each term occurrence and its text
    (`owner`, `asked`, `number`: per text, its entry, whether a phrasing, its place)."""
    import numpy as np

    width = max(int(terms.max(initial=0)) + 1, 1)
    entry = owner[text]
    held = asked[text]
    # In term order, then entry order: runs that `Index.finish` merges quickly.
    pairs, counts = np.unique(terms * entries + entry, return_counts=True)
    # Which phrasings hold each pair: one bit per phrasing, or'ed over its occurrences.
    place = np.minimum(number[text[held]], SLOTS - 1)
    spots = np.unique((terms[held] * entries + entry[held]) * SLOTS + place)
    owners = spots // SLOTS
    starts = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
    bits = np.left_shift(np.uint32(1), (spots % SLOTS).astype(np.uint32))
    slots = np.zeros(len(pairs), dtype=np.uint32)
    if len(starts):
        slots[np.searchsorted(pairs, owners[starts])] = np.bitwise_or.reduceat(bits, starts)
    postings = (pairs % entries, pairs // entries, slots, counts)
    lengths = np.bincount(entry, minlength=entries)
    # Each phrasing's distinct terms in the order they first occur.
    first_text, first_term = text[held], terms[held]
    keys, first = np.unique(first_text * width + first_term, return_index=True)
    order = np.lexsort((first, keys // width))
    phrasing_terms = (keys % width)[order]
    phrasing_texts = np.flatnonzero(asked)
    sizes = np.bincount((keys // width)[order], minlength=len(asked))[phrasing_texts]
    per_entry = np.bincount(owner[phrasing_texts], minlength=entries)
    return postings, lengths, (phrasing_terms, sizes, per_entry)
