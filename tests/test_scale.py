"""The matcher's fast path (pruned by score bounds) ranks exactly as scoring every entry."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from assistant import index
from assistant import matcher as matcher_module
from assistant.evaluate import load_cases
from assistant.matcher import Matcher
from assistant.model import Entry, KnowledgeBase, Topic

DEV = Path(__file__).parent / "dev"


def generated(size: int, seed: int = 7) -> tuple[KnowledgeBase, list[str]]:
    """A knowledge base with a Zipf-like vocabulary, and paraphrased questions about it."""
    rnd = random.Random(seed)
    syllables = "ka lo mi ne ru ta po si ve do ga fi zu be ho ja".split()
    vocabulary = sorted({"".join(rnd.choices(syllables, k=rnd.randint(2, 4))) for _ in range(6000)})
    # Cumulative, as `choices` would sum plain weights again at every draw.
    zipf = list(accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))

    def phrase(length: int) -> str:
        return " ".join(rnd.choices(vocabulary, cum_weights=zipf, k=length))

    entries = tuple(
        Entry(f"e{i}", "t", f"how {phrase(6)}?", phrase(25), (phrase(5), phrase(7)))
        for i in range(size)
    )
    questions = []
    for _ in range(60):
        source = rnd.choice(entries).question.rstrip("?").split()[1:]
        rnd.shuffle(source)
        questions.append(" ".join([*source[: rnd.randint(2, 5)], phrase(1)]))
    # Some set the scene first, with a word the knowledge base never uses.
    questions += [f"I qux{n} {phrase(2)}. {q}?" for n, q in enumerate(questions[:20])]
    # The commonest word is a broader one, of sixty others, so that some questions lend.
    broader = ((vocabulary[0], tuple(vocabulary[10:70])),)
    return KnowledgeBase("generated", (Topic("t", "T", 0),), entries, broader=broader), questions


# A question's candidates in order, as (id, score).
Ranking = list[tuple[str, float]]


def exhaustive(matcher: Matcher, question: str) -> Ranking:
    """Every entry sharing a term, scored and in order, as (id, score)."""
    return [(c.entry.id, c.score) for c in matcher.rank_all(question)]


def assert_same_ranking(
    matcher: Matcher, questions: list[str], *tops: int, every: list[Ranking] | None = None
) -> None:
    """The fast path's best `top` candidates are the exhaustive ranking's (`every`, one per
    question, if already made), for each of `tops`."""
    for at, question in enumerate(questions):
        ranked = every[at] if every else exhaustive(matcher, question)
        for top in tops:
            fast = [(c.entry.id, c.score) for c in matcher.match(question, top=top).candidates]
            assert fast == ranked[:top], (question, top)


class Generated(NamedTuple):
    """A generated knowledge base's matcher, its questions and their exhaustive rankings."""

    matcher: Matcher
    questions: list[str]
    every: list[Ranking]


@pytest.fixture(scope="module")
def generated_5000() -> Generated:
    """5,000 entries, ranked exhaustively once for the tests that compare the fast path."""
    kb, questions = generated(5000)
    matcher = Matcher(kb)
    return Generated(matcher, questions, [exhaustive(matcher, q) for q in questions])


@pytest.mark.sweep
def test_fast_path_equals_exhaustive_on_the_dev_sets(matcher: Matcher) -> None:
    questions = [c.question for f in sorted(DEV.glob("buttock-*.yaml")) for c in load_cases(f)]
    # Every third question (over 5,000) at the top the chat and `ask` use, every sixth also at
    # the others: all 15,000 at three tops took 75 s of the suite.
    for at, question in enumerate(questions[::3]):
        assert_same_ranking(matcher, [question], *((1, 3, 10) if at % 2 == 0 else (3,)))


@pytest.mark.sweep
def test_fast_path_equals_exhaustive_on_5000_generated_entries(generated_5000: Generated) -> None:
    matcher, questions, every = generated_5000
    assert sum(bool(matcher.match(q).lent) for q in questions) >= 10
    assert_same_ranking(matcher, questions, 3, 10, every=every)


@pytest.mark.sweep
def test_sifting_a_common_terms_entries_by_every_other_term_ranks_exactly(
    generated_5000: Generated, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher, questions, every = generated_5000
    looked_up = []
    holding = matcher.index.holding

    def spy(term: str, entries: Any) -> Any:
        looked_up.append(term)
        return holding(term, entries)

    monkeypatch.setattr(matcher.index, "holding", spy)
    monkeypatch.setattr(matcher_module, "SIFTED_ENOUGH", 0)
    assert_same_ranking(matcher, questions, 3, every=every)
    assert looked_up


@pytest.mark.sweep
def test_python_and_numpy_sums_rank_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    kb, questions = generated(1500, seed=3)
    matcher = Matcher(kb)
    assert matcher.index.size < index.VECTOR_MIN_ENTRIES
    python = [[(c.entry.id, c.score) for c in matcher.match(q).candidates] for q in questions]
    monkeypatch.setattr(index, "VECTOR_MIN_ENTRIES", 1)
    vector = [[(c.entry.id, c.score) for c in Matcher(kb).match(q).candidates] for q in questions]
    assert vector == python
    assert any(python)


@pytest.mark.sweep
def test_numpy_parts_read_an_entry_to_the_last_bit_as_python_does(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "VECTOR_MIN_ENTRIES", 1)
    matcher = Matcher(kb)
    column = Matcher._column
    compared = []

    def both(self: Matcher, parts: Any, rows: Any, left: Any, at: int, *query: Any) -> Any:
        fast = column(self, parts, rows, left, at, *query)
        slow = self._reading(int(rows.docs[at]), *query)
        compared.append(
            (sorted(fast.phrasings), fast.bm25, fast.matched)
            == (sorted(slow.phrasings), slow.bm25, slow.matched)
        )
        return fast

    monkeypatch.setattr(Matcher, "_column", both)
    # Long questions too: numpy sums more than eight terms pairwise unless told not to.
    for case in [*load_cases(DEV / "buttock-tune.yaml"), *load_cases(DEV / "buttock-chatty.yaml")]:
        matcher.match(case.question)
    assert len(compared) > 1000 and all(compared)


@pytest.mark.sweep
def test_an_entry_with_more_phrasings_than_bits_is_ranked_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kb, questions = generated(400, seed=5)
    rnd = random.Random(5)
    words = [w for e in kb.entries[:50] for w in e.question.rstrip("?").split()[1:]]
    crowded = replace(
        kb.entries[0],
        alternates=tuple(" ".join(rnd.sample(words, 4)) for _ in range(index.SLOTS + 8)),
    )
    kb = replace(kb, entries=(crowded, *kb.entries[1:]))
    monkeypatch.setattr(index, "VECTOR_MIN_ENTRIES", 1)
    matcher = Matcher(kb)
    asked = [" ".join(rnd.sample(words, 3)) for _ in range(40)]
    assert_same_ranking(matcher, [*asked, *questions], 3)
    assert any(c.entry is crowded for q in asked for c in matcher.match(q).candidates)


def test_no_candidate_scores_under_the_candidate_threshold(matcher: Matcher) -> None:
    floor = matcher.settings.candidate_threshold
    assert floor > 0
    for question in ("my wrist hurts after push-ups", "pain", "how long", "qwertyuiop"):
        assert all(c.score >= floor for c in matcher.match(question, top=10).candidates)
    assert matcher.match("how do I make pizza dough", top=10).candidates == ()


def test_a_small_knowledge_base_answers_without_importing_numpy() -> None:
    code = (
        "import sys; from assistant.cli import main; main(['ask', 'why do my glutes hurt']); "
        "sys.exit(3 if 'numpy' in sys.modules else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
