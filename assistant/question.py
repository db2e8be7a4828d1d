"""What a question asks: its kind ("how long", "why"), the thing it asks to pick, and
which of its sentences and clauses ask."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from assistant.normalise import OPENERS, names, sentence_clauses, sentences, words


def asking_clauses(text: str) -> str | None:
    """In a sentence that asks first and then remarks ("what is the point of warming up, I
    just want to lift"), the asking clauses; else None. A remark first often names what is
    asked about ("renamed my branch, how do I update the remote")."""
    parts = sentence_clauses(text.strip())
    if len(parts) < 2:
        return None
    asks = [_asks(words(c)) for c in parts]
    first = asks.index(False) if False in asks else len(asks)
    if first == 0 or first == len(asks) or any(asks[first:]):
        return None
    return " ".join(parts[:first])


# Words that join a clause to the one before it ("..., and how long should I hold each?").
_JOINING = frozenset("and so but or then also plus".split())


# Words that ask a question said as a statement ("wondering when this ends", "i was just
# curious if it's normal"), and those that may come before them.
_WONDERING = frozenset("wondering wonder wondered curious".split())
_BEFORE_WONDERING = frozenset("i am was just also still really".split())


def _asks(said: list[str]) -> bool:
    """Whether a clause opens with a question word, after any joining words, or wonders
    ("wondering if"); not one negated, which says what is wrong more often than it asks
    ("can't push, ...")."""
    at = next((i for i, w in enumerate(said) if w not in _JOINING), len(said))
    lead = next((i for i in range(at, len(said)) if said[i] not in _BEFORE_WONDERING), len(said))
    if lead < len(said) - 1 and said[lead] in _WONDERING and said[lead + 1] in ("if", "whether"):
        return True
    at = lead + 1 if lead < len(said) and said[lead] in _WONDERING else at
    return at < len(said) and said[at] in OPENERS and said[at + 1 : at + 2] != ["not"]


def asking_sentence(text: str) -> str | None:
    """In a text of several sentences, what asks: its questions (those ending in "?"), else
    its last sentence. None for a single sentence. Every question counts: "Can massage help?
    Or should I rest?" asks about massage too."""
    said = sentences(text)
    if len(said) < 2:
        return None
    asked = [s for s in said if s.rstrip("!").endswith("?")]
    return " ".join(asked) if asked else said[-1]


# What kind of answer a question asks for, from how it starts: a cue that two entries
# sharing every content word ("what is a strain" and "signs of a strain") cannot give.
_KINDS = (
    # Before "how many days", which asks how long: no entry need share this kind.
    (
        "frequency",
        (
            "how often",
            "how many times",
            "how many days a week",
            "how many days per week",
            "how many days in a week",
            "how many days each week",
        ),
    ),
    (
        "duration",
        (
            "how long",
            # Before "how much", which asks how bad ("how much days" in learners' English).
            "how much time",
            "how much longer",
            "how much days",
            "how much weeks",
            "how many days",
            "how many weeks",
            "how many minutes",  # and "mins", once chat spellings are written out
            "how many seconds",
            "how many secs",
            "how many hours",
            "when will",
            "how soon",
        ),
    ),
    (
        "cause",
        (
            "why",
            "what causes",
            "what cause",
            "how come",
            "what makes",
            "what is the point",
            "what the point",  # as typed, "is" left out
            "what is causing",
            "what is making",
            "what is behind",
        ),
    ),
    (
        "consequence",
        (
            "what happens",
            "what will happen",
            "what would happen",
            "what could happen",
            "what can happen",
            "what harm",
            "what damage",
            "what can go wrong",
            "what could go wrong",
            "is it bad to",
            "is it harmful",
            "what are the consequences",
            "what is the consequence",
            "consequences of",
            "consequence of",
            "the consequence",
            "is it bad if",
            "is that bad",
            "is this bad",
            "any harm",
        ),
    ),
    (
        "degree",
        (
            "how bad",
            "how severe",
            "how much",
            "how painful",
            "how intense",
            "how serious",
            "how strong",
            "how rough",
            "how sore",
            "how uncomfortable",
            "how extreme",
            "how awful",
            "how terrible",
            "how horrible",
            "how worried",
            "what is the worst",
            "what the worst",  # as typed, "is" left out
        ),
    ),
    # Before "what is" and "best": the best way to do a thing asks how.
    (
        "method",
        (
            "what is the best way",
            "what is a good way",
            "what is the easiest way",
            "what is the quickest way",
            "best way to",
            "good way to",
        ),
    ),
    ("definition", ("what is", "what are", "what does", "define", "meaning of")),
    (
        "choice",
        (
            "which",
            "what kind",
            "what type",
            "what sort",
            "best",
            "good",
            "examples of",
            "example of",
            "list of",
            "suggest",
            "can you suggest",
            "could you suggest",
            "recommend",
            "can you recommend",
            "could you recommend",
            "give me some",
            "give me a few",
            "tell me some",
            "tell me a few",
        ),
    ),
    (
        "method",
        (
            "how do",
            "how can",
            "how to",
            "how should",
            "ways to",
            "tips",
            "what do i do",
        ),
    ),
    (
        "advice",
        (
            "should i",
            "should he",
            "should she",
            "should they",
            "should we",
            "do i need",
            "is it worth",
            "any point",
            "worth it",
            "is it ok",
        ),
    ),
    ("yes-no", ("can", "does", "do", "is", "are", "will", "could")),
    # Last, so that "any point" asks what it asks: "any stretches I can do?" asks to pick some.
    ("choice", ("any",)),
)


Opening = tuple[tuple[str, ...], str]  # an opening's words, and the kind it asks
# Words after an opening "any" that ask on their own terms ("any idea how long", "any tips").
_ANY_ASKS_ON = frozenset("idea ideas clue thoughts tips tip advice reason way ways".split())


class _Openings(NamedTuple):
    """The openings that start with one word: how many words they take, and each opening's
    place in the order given (the first to fit wins) and kind."""

    lengths: tuple[int, ...]
    kinds: dict[tuple[str, ...], tuple[int, str]]


def _by_first_word(openings: Iterable[Opening]) -> dict[str, _Openings]:
    """Openings grouped by their first word."""
    grouped: dict[str, dict[tuple[str, ...], tuple[int, str]]] = {}
    for place, (phrase, kind) in enumerate(openings):
        grouped.setdefault(phrase[0], {}).setdefault(phrase, (place, kind))
    return {w: _Openings(tuple({len(p) for p in g}), g) for w, g in grouped.items()}


def _kind_at(said: Sequence[str], at: int, openings: dict[str, _Openings]) -> str | None:
    """The kind of the first opening that `said` has at position `at`, or None: one look-up
    per length, as every phrasing of a large knowledge base is asked this once."""
    found = openings.get(said[at])
    if found is None:
        return None
    fits = [hit for n in found.lengths if (hit := found.kinds.get(tuple(said[at : at + n])))]
    return min(fits)[1] if fits else None


# Looked up word by word rather than as one regex, whose compiling cost 1.5 ms of every
# start.
_OPENINGS = [(tuple(o.split()), kind) for kind, openings in _KINDS for o in openings]
_FIRST = _by_first_word(_OPENINGS)
# Later in a question only phrases count: a lone "can" or "is" there asks nothing, but a
# request after an introduction does ("older beginner here, suggest a few").
_LATER = _by_first_word(
    o for o in _OPENINGS if len(o[0]) > 1 or o[0][0] in ("why", "which", "suggest")
)


# Things whose picking asks why: "which reasons", "culprits for butt pain" (not "cause", a
# verb as often: "which shoes cause the least pain" picks shoes).
_REASONS = frozenset("reason reasons culprit culprits".split())
# Things too vague to pick, which ask why when a verb of causing follows: "what sorts of
# things cause this", "which factors lead to it"; not "what things should I do".
_VAGUE_THINGS = frozenset("thing things stuff factor factors".split())
_CAUSING = frozenset("cause causes causing make makes making lead leads leading".split())
# Words that may stand between the things and the verb ("things that can cause").
_BEFORE_CAUSING = frozenset(
    "that which can could might may generally usually typically often commonly are is were was"
    " do does would will".split()
)
# How many words such a question takes to reach its verb ("what sorts of things generally
# cause").
_CAUSED_WITHIN = 7


# How many words a question of what a thing is for takes at most.
_FOR_WORDS = 8


def question_kind(said: Sequence[str]) -> str | None:
    """The kind of question a text (as its `words`) asks, judged from its first words or
    else a phrase that asks it later, or None."""
    kind = _kind(said)
    # What a thing is for asks why one does it: "what is a warm-up for", "warm up is for what";
    # in a few words, not at the end of a longer message ("what is a warm up? I have a
    # marathon to train for").
    ending = tuple(said[-2:])
    if len(said) <= _FOR_WORDS and (
        (ending == ("for", "what") and kind is None)
        or (kind == "definition" and ending[-1:] == ("for",))
    ):
        return "cause"
    return "cause" if kind == "choice" and _asks_what_causes(said) else kind


def _asks_what_causes(said: Sequence[str]) -> bool:
    """Whether a question that asks to pick things picks reasons, or vague things that cause."""
    if not _REASONS.isdisjoint(said[:4]):
        return True
    # From the word that asks, which may follow the context ("my mum's bum is sore after
    # yoga, what sorts of things cause this").
    at = next((i for i, w in enumerate(said) if w in ("what", "which")), 0)
    asked = said[at : at + _CAUSED_WITHIN]
    vague = next((i for i, w in enumerate(asked) if w in _VAGUE_THINGS), None)
    if vague is None:
        return False
    verb = next((w for w in asked[vague + 1 :] if w not in _BEFORE_CAUSING), None)
    return verb in _CAUSING


def _kind(said: Sequence[str]) -> str | None:
    first = said[:4]
    # "Any idea how long", "any tips for": what follows asks, not "any".
    opens = bool(said) and not (said[0] == "any" and said[1:2] and said[1] in _ANY_ASKS_ON)
    found = _kind_at(said, 0, _FIRST) if opens else None
    if found:
        return found
    # A question asked after its context ("glutes hurt after squats, when will it stop"),
    # or a thing named right after "what", at the start or later ("what shoes").
    hedged = False
    for at, word in enumerate(said):
        if word in _LATER:
            found = _kind_at(said, at, _LATER)
            if found:
                return found
        if word != "what":
            continue
        if _what_to_do(said, at):
            return "method"
        if _names_next(said, at):
            if _picks(said, at):
                return "choice"
            hedged = True
    # "stretches for tight glutes": a thing named, then what it is for, asks to pick one;
    # "sore for 3 days" says how long instead.
    at = next((i for i in range(1, len(first)) if first[i] == "for"), 0)
    if at and names(first[at - 1]) and not _a_while(said[at + 1 : at + 3]):
        return "choice"
    # "no clue what stretches to do": with nothing else asked, what is not known is.
    return "choice" if hedged else None


_MODALS = frozenset("should can could would must".split())
# Who is to do it takes a few words at most ("what should my 14 year old do").
_DOER_WORDS = 4
# Words that open a clause of their own, whose "do" is another verb's ("what can cause pain
# when i do lunges", "what could be wrong if i do squats").
_SUBORDINATE = frozenset("when if after before while because".split())


def _what_to_do(said: Sequence[str], at: int) -> bool:
    """Whether a "what" at `at` asks what to do, whoever does it and however hedged ("what
    should my son do", "what can I actually do"); not what not to do."""
    if said[at] != "what" or at + 1 >= len(said) or said[at + 1] not in _MODALS:
        return False
    for end in range(at + 3, min(at + 3 + _DOER_WORDS, len(said))):
        if said[end - 1] in _SUBORDINATE or said[end - 1] in ("not", "never"):
            return False
        if said[end] == "do":
            return True
    return False


# Words before a "what" that says what is not known rather than asks it.
_UNKNOWING = frozenset("sure idea know knew tell clue".split())


def picked(said: Sequence[str]) -> Sequence[str]:
    """The three words after the "what" or "which" that asks to pick a thing, which name it
    ("what squat shoes should I buy": squat shoes should), or none."""
    for at, word in enumerate(said):
        if word in ("what", "which") and _picks(said, at):
            return said[at + 1 : at + 4]
    return ()


def _picks(said: Sequence[str], at: int) -> bool:
    """Whether the "what" (or "which") at `at` asks to pick a thing it names, at the start or
    after the context ("new to the gym, what warm up should I do"), rather than says what
    is not known ("not sure what muscle it is, but how long ...")."""
    return _names_next(said, at) and (at == 0 or said[at - 1] not in _UNKNOWING)


def _names_next(said: Sequence[str], at: int) -> bool:
    """Whether the word after `at` may name something."""
    return at + 1 < len(said) and names(said[at + 1])


# Words that after "for" say for how long ("for a week", "for ages", "for a couple of days").
_WHILE = frozenset(
    """
    second seconds sec secs minute minutes min mins hour hours day days night nights week
    weeks wk wks month months year years ages while long ever now good couple few some
    several one two three four five six seven eight nine ten
    """.split()
)


def _a_while(after: Sequence[str]) -> bool:
    """Whether the words after a "for" say how long ("3 days", "a week", "ages")."""
    if after and after[0] in ("a", "an", "the", "about", "over", "nearly", "almost"):
        after = after[1:]
    return bool(after) and (after[0].isdigit() or after[0] in _WHILE)
