"""Find the entry that answers a question, or decide honestly that none does.

The score (0-100) is mostly *coverage*: how much of the question's weight the entry
explains. Words the knowledge base has never seen keep their full weight, so a question
about something else scores low even when it shares "pain after a workout".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import partial
from typing import Any, Literal, NamedTuple

from rapidfuzz import fuzz

from assistant.analyzer import Analysis, Analyzer
from assistant.collector import collector_paused
from assistant.index import BM25_K1, SLOTS, Alone, Posting, Rows, vectorised
from assistant.model import Entry, KnowledgeBase
from assistant.normalise import (
    CIRCUMSTANCE,
    COMPARING,
    CONTRASTING,
    DIFFERING,
    GENERIC_STEMS,
    NEGATION,
    NUMBER_WORDS,
    REFERRING,
    STOPWORDS,
    is_amount,
    is_negated,
    is_negation,
    letter_body,
    names,
    sentence_clauses,
    sentences,
    words,
)
from assistant.question import asking_clauses, asking_sentence, picked, question_kind

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
# A query word in every phrasing of an entry counts fully; in none of them, this much.
SALIENCE_FLOOR = 0.8
# A query word found in another phrasing of the same entry counts this much.
SIBLING_CREDIT = 0.75
# A negation's pair ("not:stretch") counts this share of its own rarity, besides the word
# and "not". Measured on the dev sets (tests/dev), as were weighing it by its word instead
# (by half, once or one and a half times) and giving a pair of a filler word ("not:use")
# the filler discount: each lost a top-1 or top-3 answer somewhere and gained none.
NEGATED_FACTOR = 0.5
# Generic words ("make", "happen") the knowledge base happens to use count this much.
GENERIC_FACTOR = 0.25
# A term held by more than this share of the entries weighs as one held by this share
# (IDF log 2 at half), where BM25's IDF would fall towards 0: in a narrow knowledge base
# those are its own topic words ("buttock", "pain"), and a question that has them is about it.
TOPIC_SHARE = 0.5
# A generic word weighs at most as one held by this share: filler says little whichever
# entry uses it, so a rare one ("possibly", in one entry) must not outweigh a topic word.
GENERIC_SHARE = 0.2
# A term in this share of an entry's phrasings is what the entry is about: a question without
# it that names a thing of its own is not answered with the entry (`_misses_core`).
CORE_SHARE = 0.8
# A word that only says when ("after running") or who said it ("physio said") counts this
# much: the question is about something else. Measured on the dev sets (tests/dev).
CONTEXT_FACTOR = 0.25
# An unknown word only in the sentences around those that ask ("I'm 45 and took up
# hiking. Why does my bum ache?") counts this much: it is background. Measured likewise.
BACKGROUND_FACTOR = 0.15
# A word of the knowledge base's only in those sentences, the scene, counts this much ("I
# run in old canvas sneakers. What shoes should I wear?" asks about shoes, not old ones),
# unless the question points back at it ("My form is sloppy. Could that be why?"). On top
# of CONTEXT_FACTOR if it also says when: both say it is not what is asked. Measured likewise.
SCENE_FACTOR = 0.5
# The share of a narrower word's weight lent to its broader one (faq `broader`: a run is
# exercise), so that "why does my bum hurt after squats" meets "what causes buttock pain
# after working out". On the dev sets, against none: 0.1 gave 11 more right answers and 1
# fewer wrong, 0.15 13 more and 2 fewer, 0.25 12 more and 2 fewer but 7 lost; none lost
# an out-of-scope decline.
BROADER_SHARE = 0.15
# A negation outside the clause that asks for advice says what one does now ("he never
# stretches after golf, should he be?"): the question is whether to do the thing, so the
# negation and its pair count this much. One inside it is asked ("is it ok to skip the
# warm-up"). On the dev sets: 6 more right answers and 4 fewer wrong (0.5: 1 and 1; 0.25: 3
# and 4; 0: 7 and 4, but no weight at all).
STATUS_QUO_FACTOR = 0.1
# Scores show one decimal; a bound this much under a score could still tie it once rounded
# (with room for sums added up in another order).
REACH = 0.05 + 1e-6
# Terms held by more entries than this share are common: their entries are visited one
# term at a time, after the rare terms', only while they could still make the cut.
COMMON_SHARE = 0.02
# A common term's entries are sifted by which other query terms they hold until this few
# are left to bound phrasing by phrasing.
SIFTED_ENOUGH = 256
# Bounds put in order at first; most questions need no more.
BOUNDS_BATCH = 64
# Phrasings whose words and kind are remembered once read; questions keep meeting the same.
PHRASING_CACHE_SIZE = 100_000
# Words between a contrasting word and the thing it names ("or at night", "or to run").
_LEADING = frozenset("a an the at in on to my your his her their our".split())
# Verbs after which "that" is what they ask about ("is that normal", "does that matter"),
# and words that "that" before them says the degree of ("is warming up that important").
_VERBS = frozenset("is was are were be s does did do will would could can should".split())
_DEGREE_OF = frozenset(
    "important bad big much many serious necessary long hard common essential useful helpful "
    "effective painful sore different good".split()
)
# Words between "which" and "better" in "which is better", "which one is better".
_WHICH_IS = frozenset("is one s".split())
# Words of degree before "better than" ("way better than"), and words that name no thing
# to compare ("better than nothing").
_DEGREE = frozenset("much way far really lot a so any even slightly bit little loads heaps".split())
_NO_THING = frozenset("nothing none neither anything something everything".split())
# Verbs of what a thing does to the pain, which an "or" between asks about one thing.
_OUTCOMES = frozenset(
    """
    help helps helping hurt hurts hurting harm harms harming make makes making worsen worsens
    worsening improve improves improving
    """.split()
)
# Words that make an "or" after them part of a circumstance ("better to stretch after
# running or cycling" asks about stretching, not running against cycling).
_WHEN = CIRCUMSTANCE | {"before", "when", "while"}


class Candidate(NamedTuple):
    entry: Entry
    score: float
    coverage: float
    specificity: float
    fuzzy: float
    bm25: float
    matched: tuple[str, ...]
    place: int  # the entry's place in the knowledge base, as the index numbers it


class Asked(NamedTuple):
    """A question read for ranking: its terms' weights, its wording (its words sorted, as
    the fuzzy part compares them) and kind, and which terms count less or lent weight."""

    analysis: Analysis
    weights: dict[str, float]
    wording: str
    kind: str | None
    background: tuple[str, ...]  # unknown terms only around the sentences that ask
    scene: tuple[str, ...]  # known ones only there
    purpose: tuple[str, ...]  # what it is for, counted as context
    lent: tuple[tuple[str, str], ...]  # narrower terms that lent weight to broader ones


class Reading(NamedTuple):
    """An entry read against a question, before kinds and wording are compared."""

    # Per phrasing sharing a query term, and the first sharing none: (the most it can
    # score, its score without kind and wording, coverage, specificity, its number).
    phrasings: list[tuple[float, float, float, float, int]]
    bm25: float
    matched: tuple[str, ...]  # the query terms the entry holds


class Parts(NamedTuple):
    """`Reading`s of many entries, as numpy arrays (`_phrasing_parts`)."""

    # (most, base, coverage, specificity, whether it holds any query term) by phrasing by
    # entry, as in `Reading.phrasings`.
    table: Any
    bm25: Any  # per entry
    bound: Any  # per entry: the most any of its phrasings can score


class Result(NamedTuple):
    query: str
    status: Status
    candidates: tuple[Candidate, ...]
    analysis: Analysis
    unknown: tuple[str, ...]
    background: tuple[str, ...]  # the unknown ones only around the sentences that ask
    elsewhere: tuple[str, ...]  # the unknown ones of another subject
    compared: tuple[str, ...] = ()  # what is compared, when no entry can say which is better
    scene: tuple[str, ...] = ()  # known ones only around the sentences that ask
    lent: tuple[tuple[str, str], ...] = ()  # narrower terms that lent weight to broader ones
    purpose: tuple[str, ...] = ()  # terms of what it is for, counted as context
    focus: str = ""  # the sentences that ask, when they alone decided to answer (`_focus`)

    @property
    def match(self) -> Candidate | None:
        """The chosen candidate when the question was answered."""
        return self.candidates[0] if self.status == "answered" else None


def _rank_key(candidate: Candidate) -> tuple[float, str]:
    return -candidate.score, candidate.entry.id


def _blend(specificity: Any, bm25: Any) -> Any:
    """Specificity and BM25 weighted with the base share, for floats and numpy arrays alike:
    one order of operations, so `_reading` and `_phrasing_parts` agree to the last bit."""
    return BASE_WEIGHT + SPECIFICITY_WEIGHT * specificity + BM25_WEIGHT * bm25


def _ceiling(coverage: Any, blend: Any, extra: float = FUZZY_PART + KIND_WEIGHT) -> Any:
    """The most a score of this coverage and blend can reach once wording and kind add
    `extra` (by default all they can)."""
    return 100 * coverage * ((1 - KIND_WEIGHT) * blend + extra)


def _most(held: float, total: float) -> float:
    """The best score an entry holding query terms of this much weight could get: full
    credit for all but BM25, which no term's saturation can lift past k1 + 1."""
    return float(_ceiling(held / total, _blend(1.0, min(1.0, held * (BM25_K1 + 1) / total))))


def _postings(rows: Rows, terms: Iterable[str], column: int) -> dict[str, Posting]:
    """The postings of one entry (a column of `rows`, whose rows are these terms)."""
    held = rows.held[:, column].tolist()
    slots = rows.slots[:, column].tolist()
    saturation = rows.saturation[:, column].tolist()
    return {
        t: Posting(bits, part)
        for t, h, bits, part in zip(terms, held, slots, saturation, strict=True)
        if h
    }


def _best_first(bound: Any) -> Iterator[tuple[float, int]]:
    """(bound, its position) pairs from a numpy array, largest bound first."""
    import numpy as np

    # Most questions need only the first few; sort the rest only if they are reached.
    head = min(BOUNDS_BATCH, len(bound))
    if not head:
        return
    first = np.argpartition(-bound, head - 1)[:head]
    first = first[np.argsort(-bound[first], kind="stable")]
    yield from zip(bound[first].tolist(), first.tolist(), strict=True)
    if head < len(bound):
        others = np.ones(len(bound), dtype=bool)
        others[first] = False
        rest = np.flatnonzero(others)
        rest = rest[np.argsort(-bound[rest], kind="stable")]
        yield from zip(bound[rest].tolist(), rest.tolist(), strict=True)


def _open(kind: str | None) -> float:
    """What comparing kinds and wording can still add, per unit of 100 x coverage."""
    return FUZZY_PART + (KIND_WEIGHT if kind else 0.0)


def _in_order(values: Any, axis: int) -> Any:
    """A sum of float arrays along an axis, term after term as `_reading` adds them in
    Python: `sum` adds more than eight pairwise, which can differ in the last bit, and
    `cumsum` keeps every partial sum (three times slower)."""
    first, *rest = values.swapaxes(0, axis)
    total = first.copy()
    for part in rest:
        total += part
    return total


def _salience(holding: Any, count: Any) -> Any:
    """How much of a term's weight an entry earns when `holding` of its `count` phrasings
    have it (numbers or numpy arrays alike, so bounds and scores agree)."""
    return SALIENCE_FLOOR + (1 - SALIENCE_FLOOR) * holding / count


def _idf(entries: int, held: float) -> float:
    """BM25's inverse document frequency of a term held by this many entries."""
    return math.log(1 + (entries - held + 0.5) / (held + 0.5))


def _reach(bound: float) -> float:
    """The highest rounded score an entry with this bound could show."""
    return bound + REACH


def _sets_against(said: Sequence[str], at: int) -> bool:
    """Whether the word at `at` sets two things against each other to ask which is better:
    "A vs B", "A better than B", "is A or B better", "is it better to A or B", "A or B,
    which is better", or how they differ: "the difference between A and B", "A and B,
    what's the difference"; not "better after running or cycling", nor "will it get better"."""
    word = said[at]
    if word in ("vs", "versus"):
        return True
    if word == "than":
        return said[at - 1] in COMPARING
    if word == "and":
        if "between" in said[max(0, at - 5) : at]:
            return not DIFFERING.isdisjoint(said[max(0, at - 7) : at])
        return any(_asks_difference(said, i) for i in range(at + 2, min(len(said), at + 9)))
    if word != "or":
        return False
    if any(w in COMPARING for w in said[at + 2 : at + 4]):
        return True
    for i in range(max(0, at - 7), at - 1):
        if said[i] in COMPARING and said[i + 1] == "to":
            return _WHEN.isdisjoint(said[i + 2 : at])
    for i, w in enumerate(said):
        if w == "which":
            rest = said[i + 1 : i + 4]
            compared = next((k for k, r in enumerate(rest) if r in COMPARING), None)
            if compared is not None and all(r in _WHICH_IS for r in rest[:compared]):
                return True
    return False


def _points_back(said: Sequence[str]) -> bool:
    """Whether a question points back at what was said before it ("Is that normal?"); not a
    "that" of degree ("is warming up that important?"; "is my soreness from that habit" does)."""
    degree = {
        at
        for at, word in enumerate(said[1:-1], 1)
        if word == "that" and said[at - 1] not in _VERBS and said[at + 1] in _DEGREE_OF
    }
    return any(word in REFERRING and at not in degree for at, word in enumerate(said))


def _said_only_in(part: Sequence[str], terms: Sequence[str]) -> list[str]:
    """The distinct terms of a part of a question (`terms`) that it says nowhere else."""
    outside = Counter(terms) - Counter(part)
    return [t for t in dict.fromkeys(part) if t not in outside]


def _substance(candidate: Candidate) -> list[str]:
    """The terms a candidate shares with the question that say something (no filler)."""
    return [t for t in candidate.matched if t not in GENERIC_STEMS]


# Words that pick a thing to buy (`_names_another`).
_BUYING = frozenset("buy buying purchase".split())


def _asks_past_negation(text: str) -> bool:
    """Whether the clauses that ask for advice hold no negation, where others may."""
    said = [words(c) for s in sentences(text) for c in sentence_clauses(s)]
    asking = [c for c in said if question_kind(c) == "advice"]
    return bool(asking) and not any(is_negation(w) for c in asking for w in c)


def _asks_difference(said: Sequence[str], at: int) -> bool:
    """Whether the word at `at` asks for a difference ("what's the difference", "any
    difference"), not says there is one or none ("made no difference", "makes a difference")."""
    return said[at] in DIFFERING and at > 0 and said[at - 1] in ("the", "any", "main")


class Matcher:
    """An index over one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.settings = kb.settings
        self.analyzer = Analyzer(kb.synonyms)
        # Only building needs it; a cached matcher is loaded without it.
        from assistant.indexing import index_entries

        # Building makes as many objects as loading a cache does (see assistant/cache.py).
        with collector_paused():
            self.index, surface, pairs = index_entries(kb.entries, self.analyzer)
        # Safety triggers and small talk are words worth spelling right too.
        phrases = (t for rule in kb.safety for t in (*rule.triggers, *rule.hyperbole))
        handled = {w for t in phrases for w in words(t)}
        handled.update(w for talk in kb.smalltalk for p in talk.patterns for w in words(p))
        self.analyzer.learn(surface | handled, frozenset(self.index.terms), kb.elsewhere, pairs)
        n = self.index.size
        self._idf = {
            t: _idf(n, min(self.index.frequency(t), n * TOPIC_SHARE)) for t in self.index.terms
        }
        self._unknown_weight = _idf(n, 0)
        self._most_generic = _idf(n, n * GENERIC_SHARE)
        self._broader = self._broader_terms(kb.broader)
        self.index.weigh(self.weight)
        self._read_phrasings: dict[tuple[int, int], tuple[str, str | None]] = {}
        if not vectorised(n):
            # Read every phrasing now: a small index is cached with them, and a question
            # asked in a fresh process then reads none.
            for index, entry in enumerate(kb.entries):
                for number in range(len(entry.phrasings)):
                    self._phrasing(index, number)

    def _broader_terms(self, broader: Sequence[tuple[str, Sequence[str]]]) -> dict[str, str]:
        """Each narrower term's broader one, where both are terms the entries use."""
        terms = {}
        for word, kinds in broader:
            wide = self.analyzer.term_of(word)
            for kind in kinds:
                narrow = self.analyzer.term_of(kind)
                if wide in self._idf and narrow in self._idf and narrow != wide:
                    terms[narrow] = wide
        return terms

    def _common(self, term: str) -> bool:
        """Whether a (known) term is held by more than `COMMON_SHARE` of the entries."""
        return self.index.frequency(term) > self.index.size * COMMON_SHARE

    def weight(self, term: str) -> float:
        """How much a term counts: rare terms more, unknown terms the most (words of another
        subject more still), filler and kinds of a broader word little."""
        if term in self.analyzer.elsewhere:
            return self._unknown_weight * self.settings.elsewhere_weight
        weight = self._idf.get(term, self._unknown_weight)
        if is_negated(term):
            return NEGATED_FACTOR * weight
        # A number says little, and so does an amount the knowledge base never uses ("5k");
        # one it does use may name a thing ("2fa", "4k").
        amount = term.isdigit() or (term not in self._idf and is_amount(term))
        if term in GENERIC_STEMS or amount:
            return GENERIC_FACTOR * min(weight, self._most_generic)
        # A kind of a broader word ("squats", "running") weighs no more than that word: it
        # says what the person did, as "exercise" does; what is asked lies in the others.
        wide = self._broader.get(term)
        return min(weight, self._idf[wide]) if wide else weight

    def match(
        self,
        query: str,
        top: int = 3,
        ignore: frozenset[str] = frozenset(),
        alerted: bool = False,
    ) -> Result:
        """Rank entries for a question and decide: answer, offer choices, or decline.

        `ignore`: stems another layer has read (symptoms), left out unless the FAQ uses them.
        `alerted`: whether the message raised a safety alert. It is then read whole, not as
        scene and question, and answered only if it says something of the subject.
        """
        result = self._match(letter_body(query), top, ignore, alerted)
        if result.status != "answered" and not alerted and not result.elsewhere:
            focus = self._focus(result, top, ignore)
            result = result._replace(status="answered", focus=focus) if focus else result
        return result._replace(query=query)

    def _focus(self, whole: Result, top: int, ignore: frozenset[str]) -> str:
        """The sentences that ask, if alone they answer with the entry the whole message ranks
        first yet too low: a long story around a short question dilutes its words. Else "".
        Only where the message names the subject or shares two words of substance with it."""
        sentence = asking_sentence(whole.query)
        if (
            sentence is None
            or not whole.candidates
            or whole.candidates[0].score >= self.settings.answer_threshold
            or not (self._names_subject(whole.analysis) or len(_substance(whole.candidates[0])) > 1)
        ):
            return ""
        alone = self._match(sentence, top, ignore, alerted=False).match
        return sentence if alone and alone.entry.id == whole.candidates[0].entry.id else ""

    def _match(self, query: str, top: int, ignore: frozenset[str], alerted: bool = False) -> Result:
        """`match`, reading the whole message."""
        asked = self._read(query, ignore, alerted)
        analysis, kind = asked.analysis, asked.kind
        unknown = tuple(t for t in asked.weights if t not in self._idf)
        elsewhere = tuple(t for t in unknown if t in self.analyzer.elsewhere)
        ranked = self._rank(asked.weights, asked.wording, kind, max(top, 2))
        candidates = tuple(ranked[: max(top, 1)])
        decision = self._decide(ranked, kind)
        if alerted and not self._names_subject(analysis):
            # A red flag that says nothing of the subject besides when asks about the symptom:
            # the alert is the reply, not an entry that shares a word with it ("my leg won't
            # hold me up", "is it normal to feel sick after a workout").
            decision = "no_match"
        compared: tuple[str, ...] = ()
        if decision == "answered":
            # Two things the knowledge base reads as one ("foam roller vs massage gun"): no
            # entry can say which is better. Topic words aside: "sore or achy" is the pain.
            compared = tuple(t for t in analysis.compared() if not self._topic(t))
            # Read sentence by sentence only if the question says "better", "vs" or the like.
            if not compared and not COMPARING.isdisjoint(analysis.words):
                compared = self._compares_unheld(query, ranked[0])
            picks_another = kind == "choice" and self._names_another(analysis.words, ranked[0])
            if compared or picks_another or self._misses_core(asked, ranked[0]):
                decision = "ambiguous"
        return Result(
            query,
            decision,
            candidates,
            analysis,
            unknown,
            asked.background,
            elsewhere,
            compared,
            asked.scene,
            asked.lent,
            asked.purpose,
        )

    def rank_all(self, query: str) -> list[Candidate]:
        """Every entry that shares a term, scored: the exhaustive reference for `match`."""
        asked = self._read(letter_body(query), frozenset())
        found = {i for t in asked.weights if t in self._idf for i in self.index.holders(t)}
        floor = self.settings.candidate_threshold
        scored = (self._score(i, asked.weights, asked.wording, asked.kind, floor) for i in found)
        return sorted((c for c in scored if c is not None), key=_rank_key)

    def _read(self, query: str, ignore: frozenset[str], alerted: bool = False) -> Asked:
        """A question read for ranking (`Asked`)."""
        analysis = self.analyzer.analyse(query, query=True, ignore=ignore)
        wording = " ".join(sorted(analysis.words))
        weights = {t: self.weight(t) for t in analysis.terms}
        for term in analysis.context:
            weights[term] *= CONTEXT_FACTOR
        purpose = self._aside_purpose(analysis)
        for term in purpose:
            weights[term] *= CONTEXT_FACTOR
        # An alerted message's other sentences are its symptoms, not a scene around the question.
        background, scene_terms = ((), ()) if alerted else self._background(query, weights, ignore)
        # Unknown words of an alternative offered after the question ("or is that outdated
        # advice") are background too; words of another subject are not.
        offered = [t for t in analysis.aside if self.analyzer.unnamed(t) and t not in background]
        # What the question sets apart ("besides good form") is not what it asks, unless it
        # says it elsewhere too.
        apart = [t for t in _said_only_in(analysis.excepted, analysis.terms) if t not in background]
        background = (*background, *dict.fromkeys(offered), *apart)
        for term in background:
            weights[term] *= BACKGROUND_FACTOR
        for term in scene_terms:
            weights[term] *= SCENE_FACTOR
        kind = question_kind(analysis.words)
        if kind == "advice" and _asks_past_negation(query):
            for term in weights:
                if is_negated(term) or term == NEGATION:
                    weights[term] *= STATUS_QUO_FACTOR
        lent = self._lend_to_broader(weights)
        return Asked(analysis, weights, wording, kind, background, scene_terms, purpose, lent)

    def _aside_purpose(self, analysis: Analysis) -> tuple[str, ...]:
        """The terms of what a question is for ("so my bum doesn't hurt") that count as
        context: those after a clause that names what is asked ("warm-up exercises")."""
        # After nothing but an activity ("tips for running so it doesn't hurt") the purpose
        # is what is asked.
        if not any(self._names_thing(t) for t in analysis.before_purpose):
            return ()
        # A term the question also says outside the purpose is asked about there; one that
        # says when ("so it doesn't hurt after running") counts less already. Another subject
        # stays what it is ("shoes to ease my knees" asks about knees).
        return tuple(
            t
            for t in _said_only_in(analysis.purpose, analysis.terms)
            if t not in analysis.context and t not in self.analyzer.elsewhere
        )

    def _names_subject(self, analysis: Analysis) -> bool:
        """Whether a question names the knowledge base's subject ("buttock", "pain") besides
        saying when: a topic word, not filler nor an activity ("what", "exercise")."""
        return any(
            self._topic(t) and t not in GENERIC_STEMS and not self._activity(t)
            for t in analysis.terms
            if t not in analysis.context
        )

    def _names_thing(self, term: str) -> bool:
        """Whether a term names something the entries tell apart: known, no topic or filler
        word, and no kind of a broader one (an activity, "running")."""
        return (
            term in self._idf
            and not self._topic(term)
            and term not in GENERIC_STEMS
            and term not in self._broader
        )

    def _lend_to_broader(self, weights: dict[str, float]) -> tuple[tuple[str, str], ...]:
        """Move `BROADER_SHARE` of each narrower term's weight in `weights` to its broader
        term; the (narrower, broader) pairs that lent."""
        # An entry saying only the broader word then meets the narrower in part, the
        # broader term counting as matched, as a synonym would.
        pairs = [(t, wide) for t in weights if (wide := self._broader.get(t))]
        # Only in a question on the knowledge base's subject: "a personal program for running
        # faster" is about running alone, and reading it as exercise draws it into scope.
        if not pairs or not any(self._topic(t) for t in weights):
            return ()
        lent = []
        for narrow, wide in pairs:
            # Never past the broader term's own weight, however many kinds lend to it.
            share = min(weights[narrow] * BROADER_SHARE, self.weight(wide) - weights.get(wide, 0))
            if share > 0:
                weights[narrow] -= share
                weights[wide] = weights.get(wide, 0.0) + share
                lent.append((narrow, wide))
        return tuple(lent)

    def _background(
        self, query: str, terms: Collection[str], ignore: frozenset[str]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The terms only the sentences other than those that ask hold (or, in one sentence,
        a remark after the question): (the background, unknown ones, words of other subjects
        aside; the scene, known ones, topic words aside).

        No unknown ones where the question points back at a scene without a topic word ("My
        dog has been limping. Is that normal?"): it asks about that scene. No known ones
        where it points back at all, or asks in none of the knowledge base's words.
        """
        sentence = asking_sentence(query)
        remark = sentence is None
        asking = asking_clauses(query) if remark else sentence
        if asking is None:
            return (), ()
        # In one sentence that asks, then remarks, only known words in the remark count less:
        # unknown ones there at 0.15 answered "which treadmill should I buy, budget 500 quid?".
        unknown = [] if remark else [t for t in terms if self.analyzer.unnamed(t)]
        known = [t for t in terms if t in self._idf and not self._topic(t)]
        said = self.analyzer.analyse(asking, query=True, ignore=ignore).terms
        # A question that says nothing of its own ("Do you have anything on Thursday?") asks
        # about the scene as one that points back does.
        pointing = _points_back(words(asking)) or GENERIC_STEMS.issuperset(said)
        if pointing and not any(self._topic(t) for t in terms):
            unknown = []
        if pointing or not any(t in self._idf and t not in GENERIC_STEMS for t in said):
            known = []
        return tuple(t for t in unknown if t not in said), tuple(t for t in known if t not in said)

    def _rank(
        self, weights: dict[str, float], wording: str, kind: str | None, keep: int
    ) -> list[Candidate]:
        """The best `keep` candidates, exactly as scoring every entry would rank them.

        Entries are scored in the order of a bound on their score, from sums over the
        query terms' posting lists, and no more once the bound cannot reach the current
        `keep`-th score, or the candidate threshold.
        """
        total = sum(weights.values()) or 1.0
        known = {t: w for t, w in weights.items() if t in self._idf}
        floor = self.settings.candidate_threshold
        best: list[Candidate] = []
        # Entries already bounded: whatever their bound, it stays under the bar.
        seen = self.index.no_entries()

        def bar() -> float:
            return best[-1].score if len(best) >= keep else floor

        def visit(
            among: list[str], left: dict[str, float], within: Any = None, lacking: str = ""
        ) -> None:
            # Large knowledge bases bound each phrasing as `_score` does before it compares
            # kinds and wording; small ones more loosely, entry by entry.
            if vectorised(self.index.size):
                parts, rows, considered = self._vector_bounds(
                    left, among, seen, total, kind, bar(), within, lacking
                )
                # A candidate's reading is taken from the parts only if its bound is reached.
                ranked: Iterator[tuple[float, int, Callable[[], Reading] | None]] = (
                    (
                        bound,
                        int(rows.docs[column]),
                        partial(self._column, parts, rows, left, column, weights, kind),
                    )
                    for bound, column in _best_first(parts.bound)
                )
            else:
                loose, considered = self._loose_bounds(left, among, seen, total)
                ranked = ((bound, index, None) for bound, index in loose)
            self.index.mark(seen, considered)
            for bound, index, read in ranked:
                if _reach(bound) < bar():
                    break
                reading = read() if read else None
                candidate = self._score(index, weights, wording, kind, bar(), reading)
                if candidate is not None:
                    best.append(candidate)
                    best.sort(key=_rank_key)
                    del best[keep:]

        # Nothing can reach the threshold: no need to look at any posting list.
        if not known or _reach(_most(sum(known.values()), total)) < floor:
            return []
        # The rare terms' entries first, all at once; then each common term's, heaviest
        # first, while entries holding none of the terms visited so far could make the cut.
        rare = [t for t in known if not self._common(t)]
        steps = [rare] if rare else []
        steps += [[t] for t in sorted(known, key=lambda t: -known[t]) if t not in rare]
        left = dict(known)
        if not rare and len(known) > 1 and vectorised(self.index.size):
            # Only common terms: the entries holding the two heaviest together are the
            # likeliest best, and scoring them first raises the bar for the long lists.
            heaviest = sorted(known, key=lambda t: -known[t])[:2]
            visit([], left, self.index.holding_all(heaviest, seen))
        else:
            heaviest = []
        for step in steps:
            if _reach(_most(sum(left.values()), total)) < bar():
                break
            # Entries not yet seen hold none of the terms visited so far, nor both of the
            # two heaviest.
            pair = [t for t in heaviest if step != [t]]
            visit(step, left, lacking=pair[0] if len(pair) == 1 and pair[0] in left else "")
            for term in step:
                del left[term]
        return best

    def _loose_bounds(
        self, weights: dict[str, float], among: list[str], seen: set[int], total: float
    ) -> tuple[Iterator[tuple[float, int]], list[int]]:
        """(the most `_score` can give, entry) best first, and every entry bounded: those
        not `seen` holding a term `among` the query's (whose terms are `weights`).

        Full credit for coverage, fuzzy wording and kind, BM25 exactly, and specificity as
        if every query word in a phrasing were in the lightest one.
        """
        sums = self.index.sums(weights, among, seen)
        aw = self.settings.answer_weight
        bounds = [
            (
                _ceiling(
                    (asked + aw * (anywhere - asked)) / total,
                    _blend(min(1.0, asked / lightest), min(1.0, bm25 / total)),
                ),
                doc,
            )
            for doc, asked, anywhere, bm25, lightest in zip(
                sums.docs, sums.asked, sums.anywhere, sums.bm25, sums.lightest, strict=True
            )
        ]
        return iter(sorted(bounds, key=lambda b: -b[0])), sums.docs

    def _vector_bounds(
        self,
        weights: dict[str, float],
        among: list[str],
        seen: Any,
        total: float,
        kind: str | None,
        bar: float,
        within: Any = None,
        lacking: str = "",
    ) -> tuple[Any, Any, Any]:
        """`_score`'s parts before it compares kinds and wording, for many entries at once
        (those `within`, if given; all of them `lacking` that term, if given): (the parts,
        their rows, every entry bounded)."""
        import numpy as np

        if within is not None:
            rows = self.index.rows(weights, among, seen, within)
            considered = rows.docs
        elif len(among) == 1 < len(weights) and self._common(among[0]):
            # A common term's many entries: first bound them as if they held every other
            # term in every phrasing, then sift them by the other terms they do hold.
            alone = self.index.alone(among[0], seen)
            within = self._sift(alone, among[0], weights, total, kind, bar, lacking)
            rows = self.index.rows(weights, among, seen, within)
            considered = alone.docs
        else:
            rows = self.index.rows(weights, among, seen)
            considered = rows.docs
        weight = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))[:, None]
        return self._phrasing_parts(rows, weight, total, kind), rows, considered

    def _sift(
        self,
        alone: Alone,
        term: str,
        weights: dict[str, float],
        total: float,
        kind: str | None,
        bar: float,
        lacking: str,
    ) -> Any:
        """The entries of `alone` that could reach the bar if they held in every phrasing each
        other term they hold at all, the heaviest looked up first while many are left."""
        import numpy as np

        weight = weights[term]
        rest = sorted((t for t in weights if t not in (term, lacking)), key=lambda t: -weights[t])
        others = np.full(len(alone.docs), sum(weights[t] for t in rest))
        while True:
            fits = self._term_bounds(alone, weight, others, total, kind) + REACH >= bar
            alone, others = Alone(*(a[fits] for a in alone)), others[fits]
            if not rest or len(alone.docs) <= SIFTED_ENOUGH:
                return alone.docs
            other = rest.pop(0)
            others = others - weights[other] * ~self.index.holding(other, alone.docs)

    def _term_bounds(
        self, alone: Alone, weight: float, others: Any, total: float, kind: str | None
    ) -> Any:
        """Per entry holding one query term (`alone`, of this weight), the most `_score`
        could give it if it also held the others (of weight `others`, per entry) in every
        phrasing."""
        import numpy as np

        slots, count = alone.slots, alone.phrasings
        # Past `SLOTS` phrasings a bit may stand for several: full credit.
        holding = np.where(count > SLOTS, count, np.bitwise_count(slots))
        own = np.where(
            slots > 0, weight * _salience(holding, count), weight * self.settings.answer_weight
        )
        coverage = (own + others) / total
        # Specificity is at most the question's weight over the lightest phrasing's (one of
        # no terms has none).
        lightest = alone.lightest
        specificity = np.ones(len(alone.docs))
        np.divide(weight + others, lightest, out=specificity, where=lightest > weight + others)
        bm25 = np.minimum(1.0, (weight * alone.saturation + others * (BM25_K1 + 1)) / total)
        return _ceiling(coverage, _blend(specificity, bm25), _open(kind))

    def _phrasing_parts(self, rows: Rows, weight: Any, total: float, kind: str | None) -> Parts:
        """Per phrasing and entry, `_reading`'s parts; per entry, the most any of its
        phrasings can score."""
        import numpy as np

        count = rows.phrasings
        holding = np.bitwise_count(rows.slots)  # how many phrasings hold each term
        credit = np.where(holding > 0, weight * _salience(holding, count), weight)
        share = np.where(rows.slots > 0, SIBLING_CREDIT, self.settings.answer_weight)
        elsewhere = np.where(rows.held, credit * share, 0.0)
        bm25 = np.minimum(1.0, _in_order(weight * rows.saturation, 0) / total)
        # inside[j, t, n]: entry n's phrasing j holds term t.
        number = np.arange(len(rows.weights), dtype=np.uint32)[:, None, None]
        inside = (rows.slots[None] >> number) & 1
        hit = _in_order(inside * weight, 1)
        # A term in the phrasing earns its credit instead of the share lent from elsewhere.
        gain = _in_order(inside * (credit - elsewhere), 1)
        coverage = (gain + _in_order(elsewhere, 0)) / total
        own = rows.weights
        specificity = np.where(own > 0, hit / np.where(own > 0, own, 1.0), 0.0)
        blend = _blend(specificity, bm25)
        extra = _open(kind)
        base = 100 * coverage * (1 - KIND_WEIGHT) * blend  # before kind and wording
        most = base + 100 * coverage * extra
        bound = np.where(np.isinf(own), 0.0, most).max(axis=0, initial=0.0)
        # Past `SLOTS` phrasings, phrasings share bits: full credit, as for a small one.
        crowded = count > SLOTS
        if crowded.any():
            covered = np.where(rows.held, weight, 0.0).sum(axis=0) / total
            bound = np.where(crowded, _ceiling(covered, _blend(1.0, 1.0), extra), bound)
        # One array, so that a candidate's column is read in one call ("present" as 0 or 1).
        table = np.stack((most, base, coverage, specificity, inside.any(axis=1)))
        return Parts(table, bm25, bound)

    def _column(
        self,
        parts: Parts,
        rows: Rows,
        left: dict[str, float],
        column: int,
        weights: dict[str, float],
        kind: str | None,
    ) -> Reading:
        """`_reading` of one entry from its column of the parts, whose rows are the query
        terms `left`: it holds no other term of the question's `weights`."""
        count = int(rows.phrasings[column])
        if count > SLOTS:
            found = _postings(rows, left, column)
            return self._reading(int(rows.docs[column]), weights, kind, found)
        most, base, coverage, specificity, present = parts.table[:, :count, column].tolist()
        # Phrasings sharing no term differ only in wording: the first stands for them all.
        bare = next((n for n in range(count) if not present[n]), None)
        phrasings = [
            (most[n], base[n], coverage[n], specificity[n], n)
            for n in range(count)
            if present[n] or n == bare
        ]
        held = rows.held[:, column].tolist()
        matched = tuple(t for t, h in zip(left, held, strict=True) if h)
        return Reading(phrasings, float(parts.bm25[column]), matched)

    def _score(
        self,
        index: int,
        weights: dict[str, float],
        wording: str,
        kind: str | None,
        bar: float,
        reading: Reading | None = None,
    ) -> Candidate | None:
        """Score each phrasing on its own and keep the best, so one phrasing must fit; None if
        the entry cannot reach `bar` (the score it must tie or beat). `reading`: if made."""
        phrasings, bm25, matched = reading or self._reading(index, weights, kind)
        best = (-1.0, 0.0, 0.0, 0.0)
        for most, score, coverage, specificity, number in sorted(phrasings, reverse=True):
            # Past this no phrasing can win, nor reach the bar.
            if most <= best[0] or _reach(most) < bar:
                break
            said, its_kind = self._phrasing(index, number)
            if kind and its_kind == kind:
                score += 100 * coverage * KIND_WEIGHT
            # token_sort_ratio, with both sides' words sorted once.
            fuzzy = fuzz.ratio(wording, said) / 100
            full = score + 100 * coverage * FUZZY_PART * fuzzy
            best = max(best, (full, coverage, specificity, fuzzy))
        score, coverage, specificity, fuzzy = best
        if round(score, 1) < bar:
            return None
        entry = self.kb.entries[index]
        return Candidate(entry, round(score, 1), coverage, specificity, fuzzy, bm25, matched, index)

    def _reading(
        self,
        index: int,
        weights: dict[str, float],
        kind: str | None,
        found: dict[str, Posting] | None = None,
    ) -> Reading:
        """The entry read against the question (`Reading`), from its postings of the query
        terms (`found`, if already read)."""
        own = self.index.phrasing_weights(index)
        total = sum(weights.values()) or 1.0
        count = len(own)
        if found is None:
            found = {t: p for t in weights if (p := self.index.posting(t, index)) is not None}
        where = self._where(index, found, count)
        # A word most of an entry's phrasings use is what the entry is about; one that
        # only a phrasing or two mention ("running" beside shoes) is context, and counts less.
        credit = {
            t: w * _salience(len(where[t]), count) if where.get(t) else w
            for t, w in weights.items()
        }
        elsewhere = {
            t: w * (SIBLING_CREDIT if found[t].asked else self.settings.answer_weight)
            for t, w in credit.items()
            if t in found
        }
        elsewhere_total = sum(elsewhere.values())
        bm25 = 0.0
        for term, posting in found.items():
            bm25 += weights[term] * posting.saturation
        bm25 = min(1.0, bm25 / total)
        # Only phrasings that share a term can differ from the first one with none.
        hits: dict[int, float] = {}
        # A term in the phrasing earns its credit instead of the share lent from elsewhere.
        # Summed term by term, as `_phrasing_parts` sums them, to the last bit.
        gain: dict[int, float] = {}
        for term in elsewhere:
            for number in where[term]:
                hits[number] = hits.get(number, 0.0) + weights[term]
                gain[number] = gain.get(number, 0.0) + (credit[term] - elsewhere[term])
        bare = next((n for n in range(count) if n not in hits), None)
        if bare is not None:
            hits[bare] = gain[bare] = 0.0
        phrasings = []
        extra = _open(kind)
        for number, hit in hits.items():
            coverage = (gain[number] + elsewhere_total) / total
            weight = own[number]
            specificity = hit / weight if weight else 0.0
            blend = _blend(specificity, bm25)
            score = 100 * coverage * (1 - KIND_WEIGHT) * blend
            most = score + 100 * coverage * extra
            phrasings.append((most, score, coverage, specificity, number))
        matched = tuple(t for t in weights if t in elsewhere)
        return Reading(phrasings, bm25, matched)

    def _phrasing(self, index: int, number: int) -> tuple[str, str | None]:
        """A phrasing's words, sorted and joined, and the kind of question it asks."""
        key = (index, number)
        known = self._read_phrasings.get(key)
        if known is None:
            said = words(self.kb.entries[index].phrasings[number])
            known = (" ".join(sorted(said)), question_kind(said))
            if len(self._read_phrasings) < PHRASING_CACHE_SIZE:
                self._read_phrasings[key] = known
        return known

    def _where(self, index: int, found: dict[str, Posting], count: int) -> dict[str, list[int]]:
        """Which of an entry's phrasings hold each term it has: read from the postings' bits,
        unless past `SLOTS` phrasings some share one."""
        if count <= SLOTS:
            return {t: [n for n in range(count) if p.slots >> n & 1] for t, p in found.items()}
        phrasings = self.index.phrasings(index)
        return {t: [n for n, terms in enumerate(phrasings) if t in terms] for t in found}

    def _topic(self, term: str) -> bool:
        """Whether more than `TOPIC_SHARE` of the entries hold the term ("pain", "buttock").
        An entry alone in holding it is picked by it, in however small a knowledge base."""
        limit = max(1, self.index.size * TOPIC_SHARE)
        return term in self._idf and self.index.frequency(term) > limit

    def _says_too_little(self, best: Candidate) -> bool:
        """Whether the best entry shares only filler with the question, or one word most
        entries hold ("what is a workout", "tips for tennis"), one number ("what's 15% of
        80") or one activity ("how to do a squat properly"): no ground to pick it."""
        shared = _substance(best)
        if len(shared) != 1:
            return not shared
        return self._topic(shared[0]) or shared[0].isdigit() or self._activity(shared[0])

    def _compares_unheld(self, query: str, best: Candidate) -> tuple[str, ...]:
        """Two things a sentence asks which is better of, where the best entry cannot say
        (their terms, or words if filler), or (): both are filler and no numbers ("in the
        morning or at night"), one is a word the knowledge base never uses ("a physio or a
        chiropractor"), or one is an activity it does not name in particular ("pilates vs
        yoga": every entry holds exercise)."""
        for sentence in sentences(query):
            said, _ = self.analyzer.spell(sentence)
            if COMPARING.isdisjoint(said):
                continue
            for at in range(1, len(said) - 1):
                if _sets_against(said, at):
                    compared = self._unheld_pair(said, at, best)
                    if compared:
                        return compared
        return ()

    def _unheld_pair(self, said: list[str], at: int, best: Candidate) -> tuple[str, ...]:
        """The two things set against each other at `at`, if the best entry cannot say which
        is better (see `_compares_unheld`), else ()."""
        before = at - 1
        if said[at] == "than":
            # "squats (way) better than lunges": the thing stands before the comparing word.
            before -= 1
            while before > 0 and said[before] in _DEGREE:
                before -= 1
        after = at + 1
        while after < len(said) - 1 and said[after] in _LEADING:
            after += 1
        if before < 0 or said[before] in _DEGREE:  # "(much) better than X": nothing before
            return ()
        sides = (said[before], said[after])
        # "before or after", "better or worse", "better than nothing": no two things named;
        # "help or make it worse", "help or hurt": what one thing does, not which of two.
        if any(
            w in STOPWORDS or w in COMPARING or w in CONTRASTING or w in _NO_THING for w in sides
        ) or _OUTCOMES.issuperset(sides):
            return ()
        terms = [self.analyzer.term_of(w) if names(w) else None for w in sides]
        # One thing in two words ("hurt or ache"): what `compared` reads, if anything; but
        # two activities read as one ("pilates or barre", both exercise) are two things.
        if terms[0] is not None and terms[0] == terms[1]:
            return sides if sides[0] != sides[1] and self._activity(terms[0]) else ()
        numbers = any(w.isdigit() or w in NUMBER_WORDS for w in sides)
        # How two activities differ no entry says, though one may name both ("squats and
        # lunges" as warm-up moves).
        differ = said[at] == "and"
        if (
            (terms == [None, None] and not numbers)
            or any(t and self.analyzer.unnamed(t) for t in terms)
            or any(
                t and self._activity(t) and (differ or self._topic(t) or t not in best.matched)
                for t in terms
            )
        ):
            return tuple(t or w for t, w in zip(terms, sides, strict=True))
        return ()

    def _activity(self, term: str) -> bool:
        """Whether a term is a broader word or a kind of one (`broader`: exercise, a run)."""
        return term in self._broader or term in self._broader.values()

    def _names_another(self, said: tuple[str, ...], best: Candidate) -> bool:
        """Whether a question that asks to pick a thing ("what dumbbells should I buy") names
        it only in words the best entry does not hold: it can only be answered about that
        thing. "What squat shoes" is about shoes too."""
        named = self.analyzer.analyse(" ".join(picked(said)), query=True).terms
        known = [t for t in named if t in self._idf and t not in GENERIC_STEMS]
        if not known:
            return False
        # An activity is not bought: its name stands for its kit ("which rowing machine
        # should I buy", "what kettlebell").
        bought = not _BUYING.isdisjoint(said) and all(map(self._activity, known))
        return bought or not any(t in best.matched for t in known)

    def _misses_core(self, asked: Asked, best: Candidate) -> bool:
        """Whether the question lacks what nearly every phrasing of the best entry says and
        names a thing of its own that the entry does not: "how many reps for deadlifts" asks
        nothing of warming up."""
        said = self.index.phrasings(best.place)
        held = Counter(t for terms in said for t in terms)
        core = {
            t for t, n in held.items() if n >= CORE_SHARE * len(said) and t not in GENERIC_STEMS
        }
        if not core or not core.isdisjoint(asked.weights):
            return False
        # Not what says when ("after squats"), the scene, or the topic ("pain"); nor a kind
        # of a broader word the entry holds ("I run 6 days a week": running is exercise).
        aside = {*asked.background, *asked.scene, *asked.analysis.context}
        aside.update(narrow for narrow, wide in asked.lent if wide in best.matched)
        return any(
            t in self._idf and not self._topic(t)
            for t in asked.weights
            if t not in best.matched and t not in aside and t not in GENERIC_STEMS
        )

    def _decide(self, ranked: list[Candidate], kind: str | None) -> Status:
        """Answer, offer choices, or decline, by the knowledge base's thresholds; of the top two
        scored alike, the first is answered if only it answers the kind of question asked."""
        s = self.settings
        if not ranked or ranked[0].score < s.suggest_threshold:
            return "no_match"
        if ranked[0].score < s.answer_threshold or self._says_too_little(ranked[0]):
            return "ambiguous"
        # The top two only, whatever `top` kept: a third must not change the decision.
        if (
            len(ranked) > 1
            and ranked[0].score - ranked[1].score < s.ambiguity_margin
            and not (
                self._answers_kind(ranked[0], kind) and not self._answers_kind(ranked[1], kind)
            )
        ):
            return "ambiguous"
        return "answered"

    def _answers_kind(self, candidate: Candidate, kind: str | None) -> bool:
        """Whether an entry's phrasings ask this kind of question more than any other (ties
        count); a yes-or-no question's kind tells entries apart too little to count."""
        if kind in (None, "yes-no"):
            return False
        kinds = Counter(
            self._phrasing(candidate.place, n)[1] for n in range(len(candidate.entry.phrasings))
        )
        return kinds[kind] == max(kinds.values())
