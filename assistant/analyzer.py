"""Turn text into matching terms: stems, synonyms from the knowledge base, typo repair."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from assistant.normalise import (
    CAUSE_LEAD,
    CIRCUMSTANCE,
    COMPARING,
    CONTRASTING,
    FRAMES,
    GENERIC,
    GENERIC_STEMS,
    HABITUAL,
    MODIFIERS,
    NEGATION,
    NEGATIONS,
    OPENERS,
    POSSESSIVES,
    SPEAKER_LEAD,
    SPEECH,
    STOPWORDS,
    is_negation,
    names,
    negated_term,
    proper_names,
    sentence_clauses,
    sentences,
    sound_key,
    sound_keys,
    stem,
    words,
)

# Marks a negation in the per-word cache of the knowledge base's own text.
_NEGATED = "\0not"
# How far a circumstance reaches past its first word (see `_analyse_slowly`).
Carry = Literal["any", "unknown"] | None
# Words this short are too easy to "repair" into something else; words this long are no
# misspelling of any word, and comparing them would only cost time. Run-together words
# split only into parts of at least MIN_PART letters.
MIN_REPAIR_LENGTH = 4
MIN_PART = 3
# Halves of a word split by a stray space have at least this many letters: "it s well" is
# no "swell", nor "let s eat" a "seat".
MIN_HALF = 2
# Halves of a misspelt word split in two are short ("tendi nitis", "stret ching"); two
# words of more letters than this are taken for two words, without a typo search.
MAX_HALF = 6
MAX_REPAIR_LENGTH = 30
# Real words shorter than this are not read as slips for the knowledge base's words: "gum"
# has too many near it. From four letters the dev sets gained ("my glue hurts") and lost none.
MIN_SLIP_LENGTH = 4
# A letter three times or more in a row: no English word has one, chat stretches words so.
_STRETCHED = re.compile(r"([a-z])\1{2,}")
# Repairs remembered per knowledge base; people misspell the same words again.
REPAIR_CACHE_SIZE = 50_000
# At most this many words between a speaker and the verb of speaking ("coach keeps telling").
SPEECH_GAP = 1
# How alike (rapidfuzz ratio) a sound-alike repair must still be spelt.
SOUND_ALIKE_MIN_RATIO = 60
# A word and a short word after it heard as one of the knowledge base's words must sound like
# it in this many consonants and be spelt this alike: "she says" is no "shoes", "sumo or" no
# "summary". Only these short words end such a word: "the plate so" is no "pilates".
HEARD_MIN_SOUNDS = 4
HEARD_MIN_RATIO = 75
HEARD_ENDINGS = frozenset("its it is us as".split())
# From this many words on, typo candidates are first sifted by their letters (numpy).
SIFT_MIN_WORDS = 5_000
# Two things compared stand this few words apart at most ("foam roller or a massage gun").
MAX_BETWEEN_COMPARED = 3


class Analysis(NamedTuple):
    """What the analyser made of a text, kept for --explain."""

    words: tuple[str, ...]
    terms: tuple[str, ...]
    repairs: tuple[tuple[str, str], ...] = ()
    synonyms: tuple[tuple[str, str], ...] = ()
    context: tuple[str, ...] = ()  # terms that say when or who, not what ("after running")
    # A clause that says what the question is for ("so my bum doesn't hurt"), and the terms
    # before it in its clause, which may name what is asked ("warm-up exercises").
    purpose: tuple[str, ...] = ()
    before_purpose: tuple[str, ...] = ()
    # An alternative offered after the question ("or is that a myth", "or just go home").
    aside: tuple[str, ...] = ()
    # What the question sets apart ("apart from good form, what else helps?").
    excepted: tuple[str, ...] = ()

    def compared(self) -> tuple[str, ...]:
        """The terms that stand for two things a question sets against each other to ask
        which is better ("massage gun vs foam roller": massage)."""
        if COMPARING.isdisjoint(self.words):
            return ()
        read_as: dict[str, list[tuple[int, int, str]]] = {}
        for phrase, canonical in dict.fromkeys(self.synonyms):
            found = _spans(self.words, phrase.split())
            read_as.setdefault(canonical, []).extend((*span, phrase) for span in found)
        # Two different names: "dynamic warmup vs normal warmup" compares what the
        # knowledge base can tell apart.
        return tuple(
            canonical
            for canonical, spans in read_as.items()
            if any(
                a[2] != b[2] and _compared(self.words[a[1] : b[0]])
                for a, b in pairwise(sorted(spans))
            )
        )


def _spans(words: Sequence[str], phrase: Sequence[str]) -> list[tuple[int, int]]:
    """Where a phrase occurs in the words, as (start, end) positions."""
    n = len(phrase)
    return [(i, i + n) for i in range(len(words) - n + 1) if list(words[i : i + n]) == phrase]


def _compared(between: Sequence[str]) -> bool:
    """Whether the few words between two things set one against the other ("or a", "vs")."""
    return len(between) <= MAX_BETWEEN_COMPARED and not CONTRASTING.isdisjoint(between)


@cache
def english_words() -> frozenset[str]:
    """A general English word list, so real words are never 'repaired' into domain words."""
    import gzip

    data = (Path(__file__).parent / "data" / "english-words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("ascii").split())


def _by_start(spellings: Iterable[str], places: int) -> tuple[list[str], dict[str, list[int]]]:
    """Words in one list, by each letter in their first `places` places, then length; and
    per letter, where each length starts in it, so that the words in reach of a typo are
    one slice a letter."""
    grouped: dict[tuple[str, int], list[str]] = {}
    for word in spellings:
        for letter in dict.fromkeys(word[:places]):
            grouped.setdefault((letter, len(word)), []).append(word)
    longest = max((n for _, n in grouped), default=0)
    ordered: list[str] = []
    starts: dict[str, list[int]] = {}
    for letter in sorted({letter for letter, _ in grouped}):
        at = starts[letter] = []
        for n in range(longest + 1):
            at.append(len(ordered))
            ordered.extend(grouped.get((letter, n), ()))
        at.append(len(ordered))  # where the letter's longest words end
    return ordered, starts


def _in_reach(starts: list[int], length: int, edits: int) -> slice:
    """Where the words of one letter within `edits` of this length lie in its list."""
    # Lengths past the longest word's are clamped to the end: a longer typo meets none.
    top = len(starts) - 1
    return slice(starts[min(max(length - edits, 0), top)], starts[min(length + edits + 1, top)])


@cache
def _english_by_start() -> tuple[list[str], dict[str, list[int]]]:
    """English words by first letter, then length (`_by_start`)."""
    return _by_start(sorted(english_words()), 1)


def _english_near(letter: str, length: int, edits: int) -> list[str]:
    """English words that start alike and are close enough in length to be in reach."""
    ordered, starts = _english_by_start()
    at = starts.get(letter)
    return ordered[_in_reach(at, length, edits)] if at else []


def _letter_sets(spellings: Sequence[str]) -> Any:
    """Which letters a-z each word has once and which twice or more, one bit each (numpy
    uint64: once in bits 0-25, twice in bits 32-57)."""
    import numpy as np

    width = max(map(len, spellings), default=1)
    padded = "".join(w.ljust(width) for w in spellings).encode("utf-32-le")
    letters = np.frombuffer(padded, dtype=np.uint32).astype(np.int64) - ord("a")
    inside = (letters >= 0) & (letters < 26)
    cells = np.flatnonzero(inside) // width * 26 + letters[inside]
    counts = np.bincount(cells, minlength=len(spellings) * 26).reshape(len(spellings), 26)
    bit = np.uint64(1) << np.arange(26, dtype=np.uint64)
    once = np.where(counts >= 1, bit, np.uint64(0)).sum(axis=1, dtype=np.uint64)
    twice = np.where(counts >= 2, bit, np.uint64(0)).sum(axis=1, dtype=np.uint64)
    return once | twice << np.uint64(32)


def _letter_set(word: str) -> int:
    """`_letter_sets` of one word, as an int: for one word, cheaper than numpy."""
    once = twice = 0
    for letter in word:
        bit = 1 << (ord(letter) - 97) if "a" <= letter <= "z" else 0
        twice |= once & bit
        once |= bit
    return once | twice << 32


def _is_generic(word: str, stemmed: str) -> bool:
    """Filler, or a bare number: says nothing about the topic unless the FAQ uses it."""
    return word in GENERIC or stemmed in GENERIC_STEMS or word.isdigit()


_THINGS = frozenset("something anything nothing everything".split())
# Words read only with the word after them (`_names_nothing`).
_READ_WITH_NEXT = FRAMES | HABITUAL


def _names_nothing(word: str, following: list[str]) -> bool:
    """Whether a word only frames or hedges ("kind of", "sort of") or says that something
    goes on ("keeps hurting")."""
    if word in FRAMES:
        return following == ["of"]
    # Not "keep something from happening": those are no verbs.
    verb = following[0] if following else ""
    return word in HABITUAL and verb.endswith("ing") and verb not in _THINGS


def _names_speaker(raw: Sequence[str], start: int, end: int, verb: int) -> bool:
    """Whether the words from `start` to `end` name who speaks the verb at `verb`: they open
    the text or follow "my", "the", ..., and at most `SPEECH_GAP` filler words come between."""
    between = raw[end:verb]
    return (
        (start == 0 or raw[start - 1] in SPEAKER_LEAD)
        and len(between) <= SPEECH_GAP
        and not any(map(names, between))
    )


def _spaced(text: str, left: str, right: str) -> bool:
    """Whether two words stand in the text with only spaces between them: "mass, age" is
    two things."""
    return re.search(rf"\b{re.escape(left)}\s+{re.escape(right)}\b", text.lower()) is not None


# Words that open the subject of a purpose clause after "so" ("so my bum doesn't hurt", "so
# that it won't"), where "so sore I can't sit" says how sore instead.
_PURPOSE_SUBJECTS = frozenset("i my it he she they we you his her their our that the".split())
# What a purpose clause denies with ("so it doesn't", "so it won't", "so it never"); "so I
# can't train", "so I didn't run" and "so they shouldn't be tight" say what followed or was
# expected instead.
_PURPOSE_DENIALS = frozenset("do does will would is are".split())
# Or whose subject denies it ("so nobody's bum is wrecked", "so no one ends up sore"); not "so
# none of them helped", which says what followed.
_NOBODY = frozenset("nobody nobodys noone".split())
# Verbs after "to" that open what a thing is for too ("stretches to ease the ache", "warm-up
# exercises to avoid a sore butt"). Not "loosen" or "help", which as often name what is asked
# ("to loosen up before jogging").
_RELIEVING = frozenset("ease relieve soothe calm protect prevent avoid".split())
# Words that end a purpose clause: the question that follows it ("so I can't train how long").
_ASKING = frozenset("how what why when where which who".split())


def _opens_purpose(raw: list[str], at: int) -> bool:
    """Whether the "so" at `at` opens a clause of what a question is for: a thing not to
    happen ("so my bum doesn't hurt", "so it never aches", "so nobody gets sore"); or the
    "to" at `at`, relief ("to ease the ache")."""
    if raw[at] == "to" and 0 < at < len(raw) - 1 and raw[at + 1] in _RELIEVING:
        # "to ease off squats", "to ease back into running" say how, not what for.
        return raw[at + 2 : at + 3] not in (["off"], ["back"], ["into"], ["in"], ["up"])
    if raw[at] != "so" or not 0 < at < len(raw) - 1:
        return False
    if raw[at + 1] in _NOBODY or raw[at + 1 : at + 3] == ["no", "one"]:
        return True
    if raw[at + 1] not in _PURPOSE_SUBJECTS:
        return False
    return any(
        w == "never" or (w == "not" and raw[i - 1] in _PURPOSE_DENIALS)
        for i, w in enumerate(raw[at + 2 : at + 8], at + 2)
    )


# Words that open a clause by setting a thing apart from what is asked ("apart from good
# form, what else helps?"), and the words after it that end what is set apart: a question,
# a verb's helper ("other than stretching is there anything"), a subject ("apart from my
# glutes aching I also get").
_EXCEPTING = {
    "besides": (),
    "except": (),
    "apart": ("from",),
    "aside": ("from",),
    "other": ("than",),
}
_EXCEPTED_ENDS = _ASKING | frozenset(
    """is are was were am be do does did can could should would will shall may might must
    have has had there that this these those which to for i you we they he she it""".split()
)


def _excepted(raw: list[str], at: int) -> tuple[int, int]:
    """Where the words that open a clause at `at` by setting a thing apart end, and where what
    they set apart ends (both `at` if they do not); "apart from that" sets apart what was said
    before, nothing here."""
    second = _EXCEPTING.get(raw[at])
    if second is not None and tuple(raw[at + 1 : at + 1 + len(second)]) == second:
        return _set_apart(raw, at + 1 + len(second), _EXCEPTED_ENDS)
    return _conceded(raw, at)


def _set_apart(raw: list[str], opened: int, ends: frozenset[str]) -> tuple[int, int]:
    """Where what is set apart starts (`opened`) and ends: at the first of `ends` after it."""
    end = opened
    while end < len(raw) and raw[end] not in ends:
        end += 1
    return opened, end


# What the asker already does, said to ask what else it could be: "I did warm up, so why
# does it still ache", "I always stretch, so why", "my form is fine, so how else". Said
# without such a turn ("I did squats and now my bum hurts") it is what happened.
_DOING = frozenset("did do always already".split())
_DOING_TOO = _DOING | frozenset("definitely really properly regularly usually".split())
_FINE = frozenset("fine good ok okay perfect solid decent".split())
_TURNS = frozenset("still else".split())
# Where a turn starts: "so why", "but", or the question itself.
_TURNING = _ASKING | frozenset("but so yet though".split())
# What ends it: a turn, a new subject ("my glutes"), or what the asker gets rather than does
# ("I always get sore glutes").
_CONCEDED_ENDS = (
    _EXCEPTED_ENDS | _TURNING | frozenset("my get gets got feel feels felt suffer end wake".split())
)


def _conceded(raw: list[str], at: int) -> tuple[int, int]:
    """`_excepted` for a clause at `at` that says what the asker already does or has right,
    turning right after it to ask on with "still" or "else" (both `at` if it does not)."""
    if raw[at] == "i":
        opened = at + 1
        while _word_at(raw, opened) in _DOING_TOO:
            opened += 1
        # "I did not warm up" says what was not done.
        if _DOING.isdisjoint(raw[at + 1 : opened]) or is_negation(_word_at(raw, opened)):
            return at, at
        opened, end = _set_apart(raw, opened, _CONCEDED_ENDS)
        turn = end
    elif raw[at] == "my":
        opened, end = _set_apart(raw, at + 1, _CONCEDED_ENDS)
        if _word_at(raw, end) not in ("is", "are") or _word_at(raw, end + 1) not in _FINE:
            return at, at
        turn = end + 2
    else:
        return at, at
    if end == opened or _word_at(raw, turn) not in _TURNING or _TURNS.isdisjoint(raw[turn:]):
        return at, at
    return opened, end


def _word_at(raw: list[str], at: int) -> str:
    """The word at `at`, or "" past the end."""
    return raw[at] if at < len(raw) else ""


# What opens an alternative the asker offers after the question: "or is it just me", "or
# is that a myth", "or just go home", "or should I just rest".
_ALTERNATIVE_VERBS = frozenset("is are was were".split())
_ALTERNATIVE_SUBJECTS = frozenset("it that this they those".split())
_ALTERNATIVE_ASKERS = frozenset("should do can could shall".split())


# What a speaker says who they are with, in the first clause or after a greeting ("older
# beginner here", "hi, runner here."), in a few words that name no pain nor place ("right
# here", "sore here", "in here").
_INTRODUCTION_WORDS = 4
_NOT_INTRODUCING = frozenset(
    "i me my it its this that you we is am are was right in on over down up out around "
    "sore hurts hurt hurting pain painful aching aches ache".split()
)


def _introduces(clause: list[str]) -> bool:
    """Whether a clause introduces the speaker ("older beginner here")."""
    return (
        1 < len(clause) <= _INTRODUCTION_WORDS + 1
        and clause[-1] == "here"
        and _NOT_INTRODUCING.isdisjoint(clause)
        and not OPENERS.intersection(clause)
    )


def _opens_alternative(raw: list[str], at: int) -> bool:
    """Whether the "or" at `at` opens an alternative offered after the question; not one
    that asks which is better ("or is it better to see a physio")."""
    after = raw[at + 1 : at + 4]
    if raw[at] != "or" or not after or not COMPARING.isdisjoint(raw[at + 1 : at + 5]):
        return False
    if after[0] == "just":
        return True
    if after[0] in _ALTERNATIVE_VERBS:
        return len(after) > 1 and after[1] in _ALTERNATIVE_SUBJECTS
    return after[0] in _ALTERNATIVE_ASKERS and after[2:] == ["just"]


# Words that say whose or which thing a word is ("my trainers", "the trainers").
_OWNERS = POSSESSIVES | frozenset("a an the".split())


def phrase_key(phrase: str) -> tuple[str, ...]:
    """A synonym phrase as the stems it is looked up by."""
    return tuple(stem(w) for w in words(phrase))


def _max_edits(word: str) -> int:
    return 1 if len(word) < 6 else 2 if len(word) < 10 else 3


class Analyzer:
    """Built once per knowledge base; `analyse` is cheap and repeats nothing it has seen."""

    def __init__(self, synonym_groups: Iterable[tuple[str, ...]]) -> None:
        self._phrases: dict[tuple[str, ...], str] = {}
        self._synonym_words: set[str] = set()
        # Members as written: a single word by its group; a phrase's last words by its stems.
        self._listed_words: dict[str, str] = {}
        self._listed_ends: dict[tuple[str, ...], set[str]] = {}
        for group in synonym_groups:
            canonical = "_".join(phrase_key(group[0]))
            for member in group:
                said = words(member)
                self._synonym_words.update(said)
                if len(said) == 1:
                    self._listed_words.setdefault(said[0], canonical)
                key = phrase_key(member)
                if key:
                    self._phrases.setdefault(key, canonical)
                    self._listed_ends.setdefault(key, set()).add(said[-1])
        self._longest = max((len(k) for k in self._phrases), default=1)
        # Stems that begin a phrase of several words: only there is a longer look needed.
        self._starts = frozenset(k[0] for k in self._phrases if len(k) > 1)
        # "usually" stays filler though "usual" means common, and "quite" a function word
        # though "quit" means stopping: such a word takes a group only if the group lists it
        # or its singular ("reasons").
        listed = self._synonym_words
        self._fillers = frozenset(
            w
            for w in GENERIC | STOPWORDS
            if (stem(w),) in self._phrases
            and w not in listed
            and not (w.endswith("s") and w[:-1] in listed)
        )
        self.learn((), frozenset())

    def unnamed(self, term: str) -> bool:
        """Whether the knowledge base never uses a term, nor lists it as another subject's."""
        return term not in self.known and term not in self.elsewhere

    def learn(
        self,
        surface: Iterable[str],
        known: frozenset[str],
        elsewhere: Iterable[str] = (),
        pairs: Iterable[str] = (),
    ) -> None:
        """Take the knowledge base's vocabulary, once the matcher has indexed it.

        `surface`: every word it spells (for typo repair); `known`: its terms (generic words
        outside them are dropped from queries); `elsewhere`: words of other subjects;
        `pairs`: words that follow one another in its texts, as "first second" (for real
        words typed by slip); none for one indexed in bulk, which then reads no such slips.
        """
        self.known = known
        # One string, a pair a line: a set of tuples took 23 ms more to load from the cache at
        # 2,000 entries, and a search of it costs a slip, which is rare, 0.2 ms.
        lines = sorted(set(pairs))
        self._pairs = "\n".join(["", *lines, ""]) if lines else ""
        self._slips: dict[str, tuple[str, ...]] = {}
        self.surface = frozenset(self._synonym_words.union(surface))
        # A word only ever said inside a longer synonym ("trail" of "trail running") splits
        # no run-together word: "trailhead" is no "trail head".
        self._whole = frozenset(self._listed_words).union(surface)
        # Only words that count have forms: "befor" is a typo of a stopword, not a form.
        counted = {w: t for w in self.surface if (t := self._term(w, query=True))}
        self._stems = frozenset(counted.values())
        repairable = sorted(w for w in self.surface if len(w) >= MIN_REPAIR_LENGTH - 1)
        # By one of the first two letters and the length: a typo keeps one of its first two
        # letters in one of the first two places, and a word more letters longer or shorter
        # than the edit budget is out of reach.
        self._typo_targets, self._target_starts = _by_start(repairable, 2)
        # Each target's letters and length, to sift a large vocabulary's.
        self._letters: tuple[Any, Any] | None = None
        if len(repairable) >= SIFT_MIN_WORDS:
            import numpy as np

            lengths = np.fromiter(map(len, self._typo_targets), np.int64, len(self._typo_targets))
            self._letters = (_letter_sets(self._typo_targets), lengths)
        # Sound-alikes of words that count ("bcaas" sounds like "because", which would drop
        # it), the shortest first. Made now: at 100,000 entries it takes a quarter of a
        # second, which a question should not wait for.
        alike = sorted((w for w in repairable if w in counted), key=len)
        self._sounds: dict[str, str] = {}
        for key, word in zip(sound_keys(alike), alike, strict=True):
            self._sounds.setdefault(key, word)
        self._repairs: dict[str, str] = {}
        self._index_words: dict[str, str | None] = {}
        # Terms of other subjects ("wrist", "knee") that the knowledge base never uses.
        self.elsewhere = frozenset(
            t for word in elsewhere for t in self.analyse(word).terms
        ).difference(known)

    def term_of(self, word: str) -> str | None:
        """The one term a word reads as, through the synonyms, or None (a function word, or
        several terms)."""
        terms = self.analyse(word).terms
        return terms[0] if len(terms) == 1 else None

    def analyse(
        self, text: str, query: bool = False, ignore: frozenset[str] = frozenset()
    ) -> Analysis:
        """Terms for matching. A query also gets typo repair and loses generic words, and
        words in `ignore` (stems) that the knowledge base does not use."""
        if not query:
            return self._analyse_indexed(text)
        raw: list[str] = []
        repairs: list[tuple[str, str]] = []
        clause_starts: set[int] = set()  # where each clause's words start
        introduced = 0  # where a speaker's introduction ends ("older beginner here, ...")
        for clause in (c for s in sentences(text) for c in sentence_clauses(s)):
            clause_starts.add(len(raw))
            # A name is spelt as its owner wants ("since the Munro" is no "minor"); the safety
            # layer repairs every word, as a symptom may be capitalised too.
            fixed, repaired = self.spell(clause, proper_names(clause))
            if len(clause_starts) <= 2 and _introduces(fixed):
                introduced = len(raw) + len(fixed)
            raw += fixed
            repairs += repaired
        return self._analyse_slowly(
            raw, True, repairs, ignore, frozenset(clause_starts), introduced
        )

    def _analyse_indexed(self, text: str) -> Analysis:
        """The knowledge base's own text: the same terms, word by word from a cache."""
        raw = words(text)
        cache = self._index_words
        looked = list(map(cache.get, raw))
        if None in looked:
            looked = [cache[w] if w in cache else self._index_word(w) for w in raw]
            if None in looked:
                return self._analyse_slowly(raw, False)
        if _NEGATED not in looked:
            return Analysis(tuple(raw), tuple(filter(None, looked)))
        terms: list[str] = []
        negated = False
        for term in looked:
            if term is _NEGATED:
                negated = True
            elif term:
                terms += self._negated(term, False) if negated else (term,)
                negated = False
        if negated:
            terms.append(NEGATION)
        return Analysis(tuple(raw), tuple(terms))

    def _analyse_slowly(
        self,
        raw: list[str],
        query: bool,
        repairs: Sequence[tuple[str, str]] = (),
        ignore: frozenset[str] = frozenset(),
        clause_starts: frozenset[int] = frozenset(),
        introduced: int = 0,
    ) -> Analysis:
        terms: list[str] = []
        synonyms: list[tuple[str, str]] = []
        context: list[str] = []  # terms that only say when or who
        negated = False
        # Whether the next term says when ("after running"); and whether the one right after
        # it does too: whatever it is, after a describing word ("after a long break"), or only
        # if it is another unknown word, after an unknown name ("after hip thrusts").
        when = only_unknown = False
        carried: Carry = None
        speaker: tuple[str, int, int] | None = None  # the last content term and its words
        clause: list[str] = []  # the terms since the clause began
        purpose: list[str] = []
        before_purpose: list[str] = []
        in_purpose = purpose_seen = False
        aside: list[str] = []
        in_aside = False
        excepted: list[str] = []
        # Where the words that set a thing apart end, and where what they set apart ends.
        opened = excepting = 0
        for start, end, canonical in self._segments(raw, clause_starts):
            word = raw[start]
            describes, carried = carried, None
            if start in clause_starts or word in _ASKING:
                in_purpose = in_aside = False
            if start in clause_starts:
                clause = []
                opened, excepting = _excepted(raw, start) if query else (start, start)
            if start < opened:
                continue
            if query and canonical is None and clause and _opens_alternative(raw, start):
                in_aside = True
            # One purpose at most, after a clause that says something ("ok so I don't get
            # it" opens none).
            opens = query and canonical is None and clause and not purpose_seen
            if opens and _opens_purpose(raw, start):
                in_purpose = purpose_seen = True
                before_purpose = clause[:]
                continue
            # A question word ends the circumstance ("after nearly everything, so what causes
            # it"), as a clause's end does ("aches after. Any advice so it stops?", "sore
            # every time, normal?"): what follows is asked.
            when = when and word not in OPENERS and start not in clause_starts
            if query and canonical is None and word in SPEECH:
                if speaker and _names_speaker(raw, speaker[1], speaker[2], start):
                    context.append(speaker[0])
                continue
            # A phrase may say when, as the word does ("got back from" as "after").
            if (canonical or word) in CIRCUMSTANCE or word == "before":
                when = True
                # After "is from" a word of the knowledge base names a cause, which is asked
                # ("is it from overuse"); before a thing, it is what a warm-up is for ("before
                # running"). Only a name it never uses says when ("before parkour").
                only_unknown = word == "before" or (
                    word == "from" and start > 0 and raw[start - 1] in CAUSE_LEAD
                )
                continue
            if canonical is not None:
                phrase = " ".join(raw[start:end])
                if phrase != canonical:
                    synonyms.append((phrase, canonical))
                # A phrase for a filler word ("my trainer" for coach) is filler too.
                generic = query and canonical in GENERIC_STEMS and canonical not in self.known
                term: str | None = None if generic else canonical
            elif is_negation(word):
                negated = True
                continue
            elif _names_nothing(word, raw[end : end + 1]):
                continue
            elif ignore and (stemmed := stem(word)) in ignore and stemmed not in self.known:
                # "no numbness": the safety layer reads that; the negation goes with it.
                negated = False
                continue
            else:
                term = self._term(word, query)
            if not term:
                continue
            said = self._negated(term, query) if negated else [term]
            negated = False
            terms += said
            clause += said
            if in_aside:
                aside += said
            if start < excepting:
                excepted += said
            if in_purpose:
                purpose += said
            if term not in GENERIC_STEMS:
                speaker = (term, start, end)
            unnamed = query and self.unnamed(term)
            # "is from Australia" says who, as "after squats" says when.
            when = when and not (only_unknown and not unnamed and word not in MODIFIERS)
            if when or describes == "any" or (describes == "unknown" and unnamed):
                context += said
                if when:
                    carried = "any" if word in MODIFIERS else "unknown" if unnamed else None
                when = False
            elif start < introduced:
                context += said
        if negated:
            terms.append(NEGATION)
        unique = tuple(dict.fromkeys(context))
        return Analysis(
            tuple(raw),
            tuple(terms),
            tuple(repairs),
            tuple(synonyms),
            unique,
            tuple(purpose),
            tuple(before_purpose),
            tuple(aside),
            tuple(excepted),
        )

    def _negated(self, term: str, query: bool) -> list[str]:
        """A term after a negation, with "not" and its pair ("not:stretch") before it. A pair
        the knowledge base never says adds nothing to its words; a negated word it never
        uses ("haven't changed anything") not even the negation."""
        pair = negated_term(term)
        if not query or pair in self.known:
            return [NEGATION, pair, term]
        return [NEGATION, term] if term in self.known else [term]

    def index_term(self, word: str) -> str | None:
        """A knowledge-base word's term ("" if none), or None if its text must be read whole
        (a phrase may start there, or a negation)."""
        cache = self._index_words
        term = cache[word] if word in cache else self._index_word(word)
        return None if term is _NEGATED else term

    def _index_word(self, word: str) -> str | None:
        """A word's term ("" if none), or None where a phrase may start and order matters."""
        stemmed = stem(word)
        term: str | None
        if stemmed in self._starts or word in _READ_WITH_NEXT:
            term = None
        elif canonical := self._synonym((stemmed,), word):
            term = canonical
        elif is_negation(word):
            term = _NEGATED
        else:
            term = self._term(word, query=False) or ""
        self._index_words[word] = term
        return term

    def canonical(self, text: str, repair: bool = True) -> list[str]:
        """Every word as a stem, synonyms read as their group's first word; nothing dropped:
        a phrase's leading possessive stays ("my behind" is "my buttock"), as phrases the
        safety layer looks for ("fell on my") may end with one."""
        raw = self.spell(text)[0] if repair else words(text)
        said: list[str] = []
        for start, end, group in self._segments(raw):
            if group and end - start > 1 and raw[start] in POSSESSIVES:
                said.append(raw[start])
            said.append(group or stem(raw[start]))
        return said

    def _segments(
        self, raw: list[str], breaks: frozenset[int] = frozenset()
    ) -> Iterator[tuple[int, int, str | None]]:
        """Spans of the words: the longest synonym phrase at each point, else one word. No
        phrase reaches past a break ("my leg, day and night" holds no "leg day")."""
        stems = [stem(w) for w in raw]
        ends = sorted(breaks.union((len(stems),)))
        i = 0
        while i < len(stems):
            if stems[i] in self._starts:
                end = next(b for b in ends if b > i)
                size = self._phrase_size(raw, stems, i, end)
            else:
                size = 1
            yield i, i + size, self._synonym(tuple(stems[i : i + size]), raw[i])
            i += size

    def _synonym(self, key: tuple[str, ...], first: str) -> str | None:
        """The group a span of stems reads as, starting at word `first`; none for a lone
        filler word ("usually")."""
        return None if len(key) == 1 and first in self._fillers else self._phrases.get(key)

    def _phrase_size(self, raw: list[str], stems: list[str], i: int, end: int) -> int:
        for size in range(min(self._longest, end - i), 1, -1):
            key = tuple(stems[i : i + size])
            if key in self._phrases and not self._claimed(key, raw[i : i + size]):
                return size
        return 1

    def _claimed(self, key: tuple[str, ...], said: list[str]) -> bool:
        """Whether a phrase of a word and its owner ends in a form it is never listed with,
        which another group lists as written: "my trainers" are shoes, though "my trainer"
        is a coach. Not a phrase of words of its own ("turbo trainers", "stronger glutes")."""
        *owner, last = said
        elsewhere = self._listed_words.get(last)
        return (
            all(w in _OWNERS for w in owner)
            and elsewhere not in (None, self._phrases[key])
            and last not in self._listed_ends[key]
        )

    def spell(
        self, text: str, keep: frozenset[str] = frozenset()
    ) -> tuple[list[str], list[tuple[str, str]]]:
        """The text's words with typos repaired (those to `keep` only by two neighbouring letters
        swapped, "Glutse", or a real word's slip), and the repairs made."""
        raw = words(text)
        fixed: list[str] = []
        repairs: list[tuple[str, str]] = []
        surface = self.surface
        at = 0
        while at < len(raw):
            word = raw[at]
            after = _word_at(raw, at + 1)
            # Most pairs are two words of ours, which never join: not worth a call.
            both_ours = word in surface and after in surface
            joined = self._joined(word, after) if after and not both_ours else None
            following = _word_at(raw, at + 2)
            if joined and following and self._joins_next(text, after, following):
                joined = None
            # A join dictation heard needs what a slip needs: the knowledge base's texts put
            # the word beside the words around it ("sore glue its": sore glutes).
            if joined and after in HEARD_ENDINGS and not self._slip((joined,), fixed, raw, at + 1):
                joined = None
            if joined and _spaced(text, word, after):
                repairs.append((f"{word} {after}", joined))
                fixed.append(joined)
                at += 2
                continue
            better = (self._swapped(word) or word) if word in keep else self.repair(word)
            if better == word and (spellings := self._slips_of(word)):
                better = self._slip(spellings, fixed, raw, at) or word
            if better != word:
                repairs.append((word, better))
            fixed.extend(better.split())
            at += 1
        return fixed, repairs

    def _slip(
        self, spellings: tuple[str, ...], fixed: list[str], raw: list[str], at: int
    ) -> str | None:
        """Which of `spellings` the real word at `at` stands for by a slip ("muscle stain",
        "gluten ache"), or None: only where the knowledge base's texts put it right beside the
        word before or after it (`fixed`: the words before, repaired), beside a word of
        substance or on both sides ("a message for"; not "a message about"), and the clause
        does not spell it too ("a strain and a sprain")."""
        if not {stem(w) for w in raw}.isdisjoint(map(stem, spellings)):
            return None
        before = fixed[-1] if fixed else ""
        after = self.repair(raw[at + 1]) if at + 1 < len(raw) else ""
        for spelling in spellings:
            beside = [
                w
                for w, pair in ((before, f"{before} {spelling}"), (after, f"{spelling} {after}"))
                if w and f"\n{pair}\n" in self._pairs
            ]
            if len(beside) == 2 or any(map(names, beside)):
                return spelling
        return None

    def _slips_of(self, word: str) -> tuple[str, ...]:
        """The knowledge base's spellings of one content term that a real word it never uses
        is one slip from, keeping its first letter ("stain": strain), or else sounds like
        ("mussel": muscle), or ()."""
        known = self._slips.get(word)
        if known is not None:
            return known
        spellings: tuple[str, ...] = ()
        if (
            self._pairs
            and len(word) >= MIN_SLIP_LENGTH
            and not self._is_known(word)
            and word not in STOPWORDS
            and word not in GENERIC
            and word not in NEGATIONS
            and self._term(word, query=True) not in self.elsewhere
            # Last: the English list loads on first use, which a question in the knowledge
            # base's own words should not wait for.
            and word in english_words()
        ):
            found = process.extract(
                word, self._within_reach(word), scorer=OSA.distance, score_cutoff=1, limit=None
            )
            near = {c: self.term_of(c) for c, _, _ in found if c[0] == word[0]}
            # Else a word heard for one of ours: it sounds like it ("mussel strain").
            alike = None if near else self._sound_alike(word)
            if alike and alike[0] == word[0]:
                near[alike] = self.term_of(alike)
            terms = {t for t in near.values() if self._says(t)}
            if len(terms) == 1:
                spellings = tuple(sorted(c for c, t in near.items() if t in terms))
        if len(self._slips) < REPAIR_CACHE_SIZE:
            self._slips[word] = spellings
        return spellings

    def _joins_next(self, text: str, half: str, following: str) -> bool:
        """Whether a half joins the word after it instead: "low bri dges" is low bridges, not
        "lowbri" and dges."""
        return bool(self._joined(half, following)) and _spaced(text, half, following)

    def _joined(self, left: str, right: str) -> str | None:
        """The knowledge base's word that two words split by a stray space stand for ("pig
        eon", "exer cise"), or None. Not where both are its words ("warm up"), nor with a
        function word or filler ("the rapist", "in jury"), unless as dictation mishears one
        (`_heard`)."""
        known = [self._is_known(h) for h in (left, right)]
        ours = sum(known)
        if ours == 2 or min(len(left), len(right)) < MIN_HALF:
            return None
        joined = left + right
        if not names(left) or not names(right):
            heard = right in HEARD_ENDINGS and names(left) and not known[0]
            return self._heard(left, joined) if heard else None
        english = english_words()
        if joined in self.surface:
            # Two real words, one of them ours, say what they say: "muscle mass age".
            both_english = left in english and right in english
            return joined if self._counts(joined) and not (ours and both_english) else None
        # Halves of a misspelt word: short, and one of them neither ours nor English
        # ("tender nitis").
        stray = [h for h, k in zip((left, right), known, strict=True) if not k and h not in english]
        if not stray or max(len(left), len(right)) > MAX_HALF or joined in english:
            return None
        better = self.repair(joined)
        # A repair that only respells one half drops the other ("squat pb" is no "squats").
        if " " in better or better == joined or stem(better) in (stem(left), stem(right)):
            return None
        # Beside a word of ours the stray half must be mostly right, not slang or an
        # abbreviation that a repair swallows ("hard af" is no "harder").
        if ours and 2 * OSA.distance(joined, better) >= len(stray[0]):
            return None
        return better if self._counts(better) else None

    def _heard(self, left: str, joined: str) -> str | None:
        """The knowledge base's word that a real word and a short ending word after it, run
        together, sound like as dictation mishears it ("glue its": glutes), or None; never
        one they spell ("the rapist", "in jury"), nor an English word."""
        key = sound_key(joined)
        alike = self._sounds.get(key)
        if (
            alike is None
            or len(key) < HEARD_MIN_SOUNDS
            or joined in self.surface
            or fuzz.ratio(joined, alike) < HEARD_MIN_RATIO
            # Last: the English list loads on first use. Dictation hears real words: a typo
            # before an ending word stays a typo.
            or left not in english_words()
            or joined in english_words()
        ):
            return None
        return alike if self._says(self.term_of(alike)) else None

    def _counts(self, word: str) -> bool:
        """Whether a word is one of the knowledge base's terms and says something (no filler)."""
        return self._says(self._term(word, query=True))

    def _says(self, term: str | None) -> bool:
        """Whether a term is one of the knowledge base's and says something (no filler)."""
        return term in self.known and term not in GENERIC_STEMS

    def _term(self, word: str, query: bool) -> str | None:
        stemmed = stem(word)
        if word in STOPWORDS or stemmed in STOPWORDS:
            return None
        if query and stemmed not in self.known and _is_generic(word, stemmed):
            return None
        return stemmed

    def _split(self, word: str) -> str | None:
        """Two known words run together ("legday", "gitignore"), or None."""
        splits = [
            (word[:i], word[i:])
            for i in range(MIN_PART, len(word) - MIN_PART + 1)
            if word[:i] in self._whole and word[i:] in self._whole
        ]
        if not splits:
            return None
        left, right = max(splits, key=lambda s: min(len(s[0]), len(s[1])))
        return f"{left} {right}"

    def _within_reach(self, word: str) -> list[str]:
        """The knowledge base's words that this word could be a typo of: every one `_nearest`
        may pick (`_kept`), and some it will rule out."""
        reach = _max_edits(word)
        # Candidates listed under the word's first letter get the whole edit budget, those
        # under its second one edit; a doubled first letter ("ggluteus") keeps the budget.
        budget = {word[0]: reach}
        budget.setdefault(word[1:2], 1)
        # A word may come twice (in both its letters' lists): one more comparison is cheaper
        # than removing it.
        spans = [
            (_in_reach(at, len(word), edits), edits)
            for letter, edits in budget.items()
            if (at := self._target_starts.get(letter))
        ]
        targets = self._typo_targets
        if self._letters is None:
            return [w for span, _ in spans for w in targets[span]]
        import numpy as np

        # Which letters a word has once and twice or more, as bits: an added or dropped
        # letter flips at most one, a changed letter two, so k edits between words d
        # letters apart flip at most 2k - d. Most candidates are ruled out at once.
        letters, lengths = self._letters
        mine = np.uint64(_letter_set(word))
        found = []
        for span, edits in spans:
            apart = np.bitwise_count(letters[span] ^ mine)
            limit = 2 * edits - np.abs(lengths[span] - len(word))
            found.extend((np.flatnonzero(apart <= limit) + span.start).tolist())
        return [targets[i] for i in found]

    def _sound_alike(self, word: str) -> str | None:
        """The knowledge base's counting word that sounds like this one and is still spelt
        alike enough, or None."""
        alike = self._sounds.get(sound_key(word))
        return alike if alike and fuzz.ratio(word, alike) >= SOUND_ALIKE_MIN_RATIO else None

    def _swapped(self, word: str) -> str | None:
        """The knowledge base's content word this one becomes with two neighbouring
        letters swapped, or None. Not the first letter: "arise" is no slip for "raise"."""
        for i in range(1, len(word) - 1):
            swapped = f"{word[:i]}{word[i + 1]}{word[i]}{word[i + 2 :]}"
            if swapped != word and swapped in self.surface and self._term(swapped, query=True):
                return swapped
        return None

    def _unstretched(self, word: str) -> str:
        """A word with a letter held for emphasis ("soooo", "allll", "whyyy") as the word it
        stretches: its runs kept double if that is a word, else single, else repaired."""
        double, single = _STRETCHED.sub(r"\1\1", word), _STRETCHED.sub(r"\1", word)
        for spelling in (double, single):
            if spelling in NEGATIONS:
                # "nooo" is dismay, not a negation that would cancel the symptom after it.
                return word
            if self._is_known(spelling) or spelling in STOPWORDS or spelling in english_words():
                return spelling
        return self.repair(double)

    def _is_known(self, word: str) -> bool:
        return word in self.surface or stem(word) in self._stems

    def repair(self, word: str) -> str:
        """What a misspelt or run-together word stands for (maybe two words), else the word."""
        known = self._repairs.get(word)
        if known is None:
            known = self._repair(word)
            if len(self._repairs) < REPAIR_CACHE_SIZE:
                self._repairs[word] = known
        return known

    def _repair(self, word: str) -> str:
        if _STRETCHED.search(word):
            return self._unstretched(word)
        if (
            not MIN_REPAIR_LENGTH <= len(word) <= MAX_REPAIR_LENGTH
            or not word.isalpha()
            or self._is_known(word)
            or word in STOPWORDS
            or word in GENERIC
            or word in NEGATIONS
        ):
            return word
        if word in english_words():
            # A real word is never "repaired" into a domain word ("brides", "wrist"), unless
            # it is one with two neighbouring letters swapped ("sings" for "signs").
            return self._swapped(word) or word
        # An adverb spelt with one l ("usualy", "normaly") is the adverb, not the adjective
        # one edit away ("usual", read as common): filler, where the adjective asks a thing.
        if word.endswith("aly") and (adverb := f"{word[:-1]}ly") in english_words():
            return adverb
        parts = self._split(word)
        if parts:
            return parts
        reach = _max_edits(word)
        ours = _nearest(word, self._within_reach(word), reach)
        # English only matters if it is closer than the knowledge base's nearest word.
        closer = ours[1] - 1 if ours else reach
        english = (
            _nearest(word, _english_near(word[0], len(word), closer), closer) if closer else None
        )
        if ours and not english:
            return ours[0]
        # A misspelt filler word ("importnat", "thier") is read as that word, so that it is
        # not counted as an unknown topic, nor taken for a word that sounds alike ("tear");
        # so is another subject's ("shouler"), so that it counts as one. Not before ours:
        # "the wirst pain" must raise its alert.
        if english and (
            not names(english[0]) or self._term(english[0], query=True) in self.elsewhere
        ):
            return english[0]
        # Past the edit budget, a word that sounds the same ("gloot", "buttox") still
        # counts, if the spelling is not too far off.
        alike = self._sound_alike(word)
        if alike:
            return alike
        # The nearer English word, one slip away, may be one of ours in another form
        # ("sesions": sessions), where ours is two away; not a longer word ("numbingly").
        if english and english[1] == 1 and self._is_known(english[0]):
            return english[0]
        return word


def _nearest(word: str, choices: list[str], edits: int) -> tuple[str, int] | None:
    """The closest choice at most this many edits away."""
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None)
    found = [f for f in found if _kept(word, f[0], f[1])]
    if not found:
        return None
    # Fewest edits first, one that sounds the same counting one fewer ("strane" is strain,
    # not strange); then the same sound, the same letters (a slip of order: "casue" is
    # cause, not case), the longest shared start, the same length.
    sound, *keys = sound_keys([word, *(f[0] for f in found)])
    letters = sorted(word)

    def rank(
        candidate: tuple[tuple[str, int, int], str],
    ) -> tuple[int, bool, bool, int, int, str]:
        (spelling, edits, _), key = candidate
        alike = key == sound
        return (
            edits - alike,
            not alike,
            sorted(spelling) != letters,
            -_shared_prefix(spelling, word),
            abs(len(spelling) - len(word)),
            spelling,
        )

    (best, edits, _), _ = min(zip(found, keys, strict=True), key=rank)
    return str(best), int(edits)


def _kept(word: str, spelling: str, edits: int) -> bool:
    """Whether `_nearest` may pick a spelling this many edits away: a changed first letter
    is a typo only as the one slip ("ziggle" is no "tingle")."""
    return spelling[0] == word[0] or edits <= 1


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
