"""Bulk indexing (large knowledge bases) builds exactly the index entry-by-entry builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_scale import generated

from assistant.analyzer import Analyzer
from assistant.index import Index
from assistant.indexing import index_entries
from assistant.loader import load
from assistant.model import Entry, KnowledgeBase, Topic

DEV = Path(__file__).parent / "dev"


def contents(index: Index) -> tuple[Any, ...]:
    """What the index says, whatever ids it gave its terms."""
    postings = {t: [(d, index.posting(t, d)) for d in index.holders(t)] for t in index.terms}
    phrasings = [index.phrasings(d) for d in range(index.size)]
    return postings, phrasings, [index.phrasing_weights(d) for d in range(index.size)]


def both(kb: KnowledgeBase) -> tuple[tuple[Any, ...], ...]:
    built = []
    for bulk in (False, True):
        index, surface, _ = index_entries(kb.entries, Analyzer(kb.synonyms), bulk=bulk)
        index.weigh(lambda term: float(len(term)))
        built.append((contents(index), surface))
    return tuple(built)


def awkward() -> KnowledgeBase:
    """Text the bulk path cannot split itself: accents, contractions, chat spellings,
    negations, synonym phrases, a stray control character, an entry of nothing but them."""
    answers = [
        "Don't skip the warm up; it's not optional.",
        "Café staff can't help u with leg day, you cannot.",
        "Plain words only here, nothing else at all.",
        "No. Never.",
        "Tabs\tand\x01controls stay words apart.",
    ]
    entries = tuple(
        Entry(f"e{i}", "t", f"Question {i} about warm up and ümlauts?", answer, ("Why not?",))
        for i, answer in enumerate(answers)
    )
    synonyms = (("warm up", "warmup", "warming up"), ("leg day", "squats"))
    return KnowledgeBase("awkward", (Topic("t", "T", 0),), entries, synonyms=synonyms)


@pytest.mark.parametrize(
    "kb",
    [
        pytest.param(load(Path(__file__).parents[1] / "faq"), id="shipped"),
        pytest.param(load(DEV / "tech-faq"), id="tech"),
        pytest.param(generated(3000)[0], id="generated"),
        pytest.param(awkward(), id="awkward"),
    ],
)
def test_bulk_and_entry_by_entry_indexes_agree(kb: KnowledgeBase) -> None:
    one_by_one, bulk = both(kb)
    assert bulk == one_by_one
