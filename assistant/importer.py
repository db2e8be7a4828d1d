"""Draft a knowledge base from a plain-text or Markdown article (`assistant import`).

Drafting is pure: text in, a Draft out. Only `run_import` touches files and streams.
Paragraph numbers are the article's non-empty lines, as the loader counts them for `source:`.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from assistant.loader import read_text
from assistant.location import FaqError
from assistant.normalise import GENERIC, NEGATIONS, STOPWORDS, fold, stem, words
from assistant.render import clean

# Paragraphs at least this alike (rapidfuzz ratio of folded text, 0-100) are one paragraph
# said twice. The shipped article's reworded repeats score 88-100; unrelated paragraphs < 50.
DUPLICATE_THRESHOLD = 85.0
# Below this many words a few letters change the meaning ("use ice" / "use rice"), so short
# paragraphs merge only when exactly equal.
NEAR_DUPLICATE_MIN_WORDS = 8
# List items this long on average, and no two this alike, become one entry each.
LONG_ITEM_WORDS = 20
DISTINCT_ITEM_THRESHOLD = 60.0
# Hard-wrapped prose stays under this width, so a longer line is a paragraph on its own.
WRAP_WIDTH = 100
# Articles with at least this many paragraphs get a progress line on stderr.
PROGRESS_MIN = 200
MAX_ALTERNATES = 4
TITLE_WORDS = 8

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ITEM = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+(.+)$")
_LABEL = re.compile(r"^([^:.!?]{2,40}):\s+(.+)$")
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+(?=[A-Z0-9\"'\u201c(])")
_CONNECTIVE = re.compile(
    r"^(?:finally|additionally|also|furthermore|moreover|however|similarly|likewise|besides|"
    r"lastly|first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|in addition|for example|"
    r"for instance|in particular|in fact|of course)\b,?\s*",
    re.IGNORECASE,
)
_LEADING_CLAUSE = re.compile(
    r"^(?:given|when|if|after|before|because|although|while|since|once)\b[^,]{0,80},\s*",
    re.IGNORECASE,
)
_SUMMARY = re.compile(
    r"^(?:in conclusion|in summary|to sum up|to summari[sz]e|overall)\b[:,]?\s*", re.I
)
_PRONOUNS = frozenset("this these that those it they such he she we i you there here".split())
_AUXILIARIES = frozenset("is are was were can could may might will would should must".split())
_QUANTIFIERS = frozenset("several many some various certain most all both each other".split())
_PREPOSITIONS = frozenset(
    """about above after against along among around at before behind below beneath beside
    between beyond by during except for from in inside into near of off on onto out outside
    over past since through throughout to toward towards under until upon via with within
    without while because which that who where when""".split()
)
# Words after which a subject ends: auxiliaries and the verbs the patterns below look for.
_SUBJECT_END = frozenset(
    """is are was were be been can could may might will would should must has have had does
    do did refer refers result results stem stems arise arises cause causes lead leads pose
    poses contribute contributes involve involves include includes exhibit exhibits show
    shows require requires mean means help helps occur occurs develop develops also often
    typically usually""".split()
)
_IMPERATIVES = frozenset(
    """add apply ask avoid book build buy call check choose clean consider cool create do
    drink eat find follow get ice install keep make open pick plan prepare prevent read
    reduce remove replace rest run save see set sleep start stop strengthen stretch take treat try
    update use warm wash wear write""".split()
)
_GERUNDS = {
    "addressing": "address",
    "avoiding": "avoid",
    "choosing": "choose",
    "easing": "ease",
    "fixing": "fix",
    "healing": "heal",
    "managing": "manage",
    "preventing": "prevent",
    "reducing": "reduce",
    "relieving": "relieve",
    "stopping": "stop",
    "stretching": "stretch",
    "treating": "treat",
    "using": "use",
    "warming": "warm",
}


@dataclass(frozen=True)
class Block:
    """One piece of the article: a heading, a paragraph or a list item, with its line numbers."""

    kind: str
    text: str
    lines: tuple[int, ...]
    level: int = 0


@dataclass(frozen=True)
class Unit:
    """Text that becomes one entry, with what its questions can be drafted from."""

    text: str
    lines: tuple[int, ...]
    heading: str | None = None
    items: tuple[str, ...] = ()
    listed: bool = False


@dataclass
class Section:
    """Units under one topic; `title` is None until content names it."""

    title: str | None
    units: list[Unit] = field(default_factory=list)
    enumerated: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class DraftTopic:
    id: str
    title: str


@dataclass(frozen=True)
class DraftEntry:
    id: str
    topic: str
    question: str
    alternates: tuple[str, ...]
    answer: str
    source: tuple[int, ...]
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    title: str
    topics: tuple[DraftTopic, ...]
    entries: tuple[DraftEntry, ...]
    paragraphs: int
    merged: int


# --- Reading the article ---------------------------------------------------------------


def parse_blocks(text: str) -> list[Block]:
    """Headings, paragraphs and list items, each with the paragraph numbers it spans."""
    blocks: list[Block] = []
    number = 0
    open_block = False
    previous_long = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            open_block = False
            continue
        number += 1
        if not any(c.isalnum() for c in line):
            # Rules and setext underlines: a setext one turns the line above into a heading.
            if open_block and blocks[-1].kind == "paragraph" and len(blocks[-1].lines) == 1:
                level = 1 if line.startswith("=") else 2
                blocks[-1] = replace(blocks[-1], kind="heading", level=level)
            open_block = False
            continue
        line = _plain(line)
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        if heading:
            blocks.append(Block("heading", heading.group(2), (number,), len(heading.group(1))))
            open_block = False
        elif item:
            blocks.append(Block("item", item.group(1), (number,)))
            open_block = True
        elif open_block and not previous_long:
            last = blocks[-1]
            blocks[-1] = replace(last, text=f"{last.text} {line}", lines=(*last.lines, number))
        else:
            blocks.append(Block("paragraph", line, (number,)))
            open_block = True
        previous_long = len(line) > WRAP_WIDTH
    return blocks


def _plain(line: str) -> str:
    """A line without Markdown emphasis, code ticks and link targets."""
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return re.sub(r"(\*\*|__|`)", "", line)


def merge_duplicates(blocks: Sequence[Block]) -> tuple[list[Block], int]:
    """Drop repeated paragraphs and items, crediting their lines to the first copy."""
    kept: list[Block] = []
    keys: list[str] = []
    exact: dict[str, int] = {}
    # Word pairs -> kept blocks holding them, so a paragraph is compared only with those
    # sharing a quarter of its pairs, not with every earlier one (quadratic on long articles).
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for block in blocks:
        key = fold(block.text) if block.kind != "heading" else ""
        same = exact.get(key) if key else None
        if same is None and len(key.split()) >= NEAR_DUPLICATE_MIN_WORDS:
            same = _near_duplicate_of(key, keys, pairs)
        if same is not None:
            kept[same] = replace(kept[same], lines=(*kept[same].lines, *block.lines))
            continue
        exact.setdefault(key, len(kept))
        for pair in _word_pairs(key):
            pairs[pair].append(len(kept))
        kept.append(block)
        keys.append(key)
    return kept, len(blocks) - len(kept)


def _near_duplicate_of(
    key: str, keys: Sequence[str], pairs: dict[tuple[str, str], list[int]]
) -> int | None:
    """The earliest of the most alike earlier paragraphs at or above the threshold."""
    own = _word_pairs(key)
    shared = Counter(i for pair in own for i in pairs.get(pair, ()))
    scored = [
        (fuzz.ratio(key, keys[i], score_cutoff=DUPLICATE_THRESHOLD), -i)
        for i, count in shared.items()
        if 4 * count >= len(own)
    ]
    score, index = max(scored, default=(0.0, 0))
    return -index if score else None


def _word_pairs(key: str) -> set[tuple[str, str]]:
    return set(pairwise(key.split()))


# --- Sections and topics -----------------------------------------------------------------


def sections(blocks: Sequence[Block]) -> tuple[str | None, list[Section]]:
    """The article title (a lone top heading) and its sections, by headings or by content."""
    headings = [b for b in blocks if b.kind == "heading"]
    title = None
    if headings and blocks[0] is headings[0]:
        top = min(h.level for h in headings)
        if [h.level for h in headings].count(top) == 1 and headings[0].level == top:
            title = headings[0].text
            blocks = blocks[1:]
            headings = headings[1:]
    if headings:
        return title, _by_headings(blocks, min(h.level for h in headings), title)
    return title, _by_content(_units(blocks, None))


def _by_headings(blocks: Sequence[Block], level: int, title: str | None) -> list[Section]:
    """A topic per heading at the top level; deeper headings only title their units."""
    result = [Section("Introduction")]
    run: list[Block] = []
    heading = title

    def flush() -> None:
        result[-1].units.extend(_units(run, heading))
        run.clear()

    for block in blocks:
        if block.kind != "heading":
            run.append(block)
            continue
        flush()
        heading = block.text
        if block.level == level:
            result.append(Section(block.text))
    flush()
    return [s for s in result if s.units]


def _units(blocks: Sequence[Block], heading: str | None) -> list[Unit]:
    """Paragraphs become units; a list joins its lead-in, or splits if its items are long."""
    units: list[Unit] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind != "item":
            units.append(Unit(block.text, block.lines, heading))
            index += 1
            continue
        end = index
        while end < len(blocks) and blocks[end].kind == "item":
            end += 1
        items = list(blocks[index:end])
        lead = units.pop() if units and units[-1].text.endswith(":") else None
        units.extend(_list_units(lead, items, heading))
        index = end
    return units


def _list_units(lead: Unit | None, items: list[Block], heading: str | None) -> list[Unit]:
    texts = tuple(b.text for b in items)
    lines = tuple(n for b in items for n in b.lines)
    if _items_distinct(texts):
        parts = [Unit(b.text, b.lines, heading, listed=True) for b in items]
        if lead is not None:
            labels = tuple(_label(t) or _shorten(t, TITLE_WORDS) for t in texts)
            parts.insert(0, replace(lead, lines=(*lead.lines, *lines), items=labels))
        return parts
    text = "; ".join(t.rstrip(".;") for t in texts) + "."
    if lead is None:
        return [Unit(text, lines, heading)]
    return [Unit(f"{lead.text} {text}", (*lead.lines, *lines), heading)]


def _items_distinct(texts: Sequence[str]) -> bool:
    """Long items that do not repeat each other deserve an entry each."""
    if sum(len(t.split()) for t in texts) < LONG_ITEM_WORDS * len(texts):
        return False
    folded = [fold(t) for t in texts]
    return all(
        fuzz.token_set_ratio(a, b) < DISTINCT_ITEM_THRESHOLD
        for i, a in enumerate(folded)
        for b in folded[i + 1 :]
    )


def _by_content(units: Sequence[Unit]) -> list[Section]:
    """Consecutive paragraphs stay together when they continue or enumerate the lead's idea."""
    result: list[Section] = []
    for unit in units:
        sentence = first_sentence(unit.text)
        if result and (unit.listed or _continues(result[-1], sentence)):
            result[-1].units.append(unit)
        else:
            result.append(Section(None, [unit], _enumerated(unit.text)))
    result = _absorb_singletons(result)
    for section in result:
        section.title = topic_title(section.units[0])
    return result


def _absorb_singletons(found: list[Section]) -> list[Section]:
    """A lone paragraph joins the topic before it, so plain prose is not a topic per line.

    The opening paragraph and signposted ones (summaries, labelled lead-ins) stand alone.
    """
    result = found[:1]
    for section in found[1:]:
        unit = section.units[0]
        first = _core(first_sentence(unit.text))
        alone = len(section.units) == 1 and not _SUMMARY.match(first) and not _label(first)
        if alone and not section.enumerated:
            result[-1].units.append(unit)
        else:
            result.append(section)
    return result


def _continues(section: Section, sentence: str) -> bool:
    if _CONNECTIVE.match(sentence):
        return True
    subject = _subject(sentence)
    if not subject or not section.enumerated:
        return False
    mine = _stems(subject)
    return any(len(mine & item) * 2 >= len(mine) > 0 for item in section.enumerated)


def _enumerated(text: str) -> tuple[frozenset[str], ...]:
    """The things a paragraph lists ("these factors include A, B and C"), as stem sets."""
    found = re.search(r"\binclude[sd]?\b:?\s+([^.;]+)", text, re.IGNORECASE)
    if not found:
        return ()
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+", found.group(1))
    return tuple(s for s in (_stems(p) for p in parts) if s)


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS)


def topic_title(unit: Unit) -> str:
    """A short topic title from what the unit's first sentence is about."""
    sentence = first_sentence(unit.text)
    if _SUMMARY.match(sentence):
        return "Summary"
    label = _label(sentence)
    if label:
        return _capital(label)
    core = _core(sentence)
    caused = re.search(r"\bcontribute to ([^.,;]+)", core, re.IGNORECASE)
    if caused:
        return "Causes of " + _shorten(_drop_possessive(caused.group(1)), TITLE_WORDS - 2)
    advice = _ADVICE.match(core)
    if advice:
        return _capital(_shorten(_drop_possessive(advice.group("v")), TITLE_WORDS))
    subject = _subject(core)
    return _capital(_shorten(subject or core, TITLE_WORDS))


# --- Questions ------------------------------------------------------------------------------


def first_sentence(text: str) -> str:
    """The first sentence, apostrophes made plain so patterns see "it's"."""
    return sentences(text)[0] if text else ""


def sentences(text: str) -> list[str]:
    """The text split into sentences (a heuristic: end punctuation, then a capital)."""
    plain = text.replace("\u2019", "'").replace("\u2018", "'")
    return [s.strip() for s in _SENTENCE_END.split(plain) if s.strip()]


def _core(sentence: str) -> str:
    """The sentence without leading connectives and scene-setting clauses."""
    previous = None
    while previous != sentence:
        previous = sentence
        sentence = _CONNECTIVE.sub("", sentence, count=1)
        sentence = _LEADING_CLAUSE.sub("", sentence, count=1)
    return sentence.rstrip(" .!?;:\u2026\"'\u201d")


def _subject(sentence: str) -> str | None:
    """The words before the main verb, when that is a short noun phrase and not a pronoun."""
    tokens = _core(sentence).split()
    for index, token in enumerate(tokens[:10]):
        bare = token.strip(",;:()\"'").lower()
        if bare in _SUBJECT_END or token.endswith((",", ";", ":")):
            chunk = tokens[: index + 1] if token.endswith((",", ";", ":")) else tokens[:index]
            subject = " ".join(chunk).strip(",;: ")
            if subject and subject.split()[0].lower() not in _PRONOUNS:
                return _shorten(subject, TITLE_WORDS)
            return None
    return None


def _label(text: str) -> str | None:
    """The "Label" of a "Label: explanation" item."""
    found = _LABEL.match(text)
    if not found or len(found.group(1).split()) > 5:
        return None
    label = _SUMMARY.sub("", found.group(1) + " ").strip()
    return label or None


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], list[str]]]
_X = r"(?P<x>[^,;:]{3,160}?)"
_ADVICE = re.compile(
    r"^it(?:'s| is) (?P<adj>essential|important|best|vital|crucial|key|wise|advisable) to "
    r"(?P<v>[^.;]+)",
    re.IGNORECASE,
)


def _rules() -> list[_Rule]:
    """First-sentence patterns, each drafting a main question and alternates."""
    return [
        (
            re.compile(
                r"^choose (?:an? |the )?(?P<x>.+?)(?: such as| with| that| which| for|,|$)", re.I
            ),
            lambda m: [
                f"Which {_np(m['x'])} should I choose?",
                f"What {_np(m['x'])} should I use?",
            ],
        ),
        (
            re.compile(r"^to (?P<v>[^,:;.]{3,80})[,:]", re.I),
            lambda m: [f"How do I {_np(m['v'])}?", f"How can I {_np(m['v'])}?"],
        ),
        (
            re.compile(r"^(?:you|we) should (?P<v>[^.;]+)", re.I),
            lambda m: [f"Should I {_np(m['v'])}?", f"Why should I {_np(m['v'])}?"],
        ),
        (
            _ADVICE,
            lambda m: [
                f"Why is it {m['adj'].lower()} to {_np(m['v'])}?",
                f"Should I {_np(m['v'])}?",
            ],
        ),
        (
            re.compile(rf"^{_X} refers? to\b", re.I),
            lambda m: [f"What {_be(m['x'])} {_np(m['x'])}?", f"What is meant by {_np(m['x'])}?"],
        ),
        (
            re.compile(rf"^{_X} (?:results?|stems?|arises?|comes?) from\b", re.I),
            lambda m: [f"What causes {_np(m['x'])}?", f"Why {_do(m['x'])} {_np(m['x'])} happen?"],
        ),
        (
            re.compile(rf"^{_X} (?:(?:could|can|may|might) )?contributes? to (?P<y>[^.,;]+)", re.I),
            lambda m: [
                f"What causes {_np(_drop_possessive(m['y']))}?",
                f"What contributes to {_np(m['y'])}?",
                f"Why do I have {_noun(_drop_possessive(m['y']))}?",
            ],
        ),
        (
            re.compile(
                rf"^{_X} (?:also )?(?:poses?|carr(?:y|ies)|increases?|raises?) (?:a |the )?"
                r"(?:\w+ )?risks? (?:for|of) (?P<y>[^.,;]+)",
                re.I,
            ),
            lambda m: [f"Can {_np(m['x'])} cause {_noun(m['y'])}?", f"Is {_np(m['x'])} risky?"],
        ),
        (
            re.compile(
                rf"^{_X} (?:(?:can|could|may|often|also) )?(?:causes?|leads? to) (?P<y>.+)", re.I
            ),
            lambda m: [
                f"Can {_np(m['x'])} cause {_noun(m['y'])}?",
                f"What {_do(m['x'])} {_np(m['x'])} cause?",
            ],
        ),
        (
            re.compile(rf"^{_X} (?:is|are) (?:(?:a|an|very|quite|fairly|so) )*common\b", re.I),
            lambda m: [f"Is {_np(m['x'])} common?", f"How common is {_np(m['x'])}?"],
        ),
        (
            re.compile(
                rf"^{_X} (?:typically |usually |often |commonly )?(?:exhibits?|shows?|has|have)"
                r" (?:the )?(?:signs|symptoms)\b",
                re.I,
            ),
            lambda m: [f"What are the symptoms of {_np(m['x'])}?"],
        ),
        (
            re.compile(rf"^{_X} (?:involves?|requires?|takes)\b", re.I),
            lambda m: [*_how(m["x"]), f"What does {_np(m['x'])} involve?"],
        ),
        (
            re.compile(rf"^{_X} can (?:be (?:\w+ )?helpful|help|reduce|prevent|relieve)\b", re.I),
            lambda m: [*_how(m["x"]), f"Can {_np(m['x'])} help?"],
        ),
        (
            re.compile(r"^(?P<x>[^,;:]{3,60}?) (?:is|are) (?:a|an) ", re.I),
            lambda m: [f"What {_be(m['x'])} {_np(m['x'])}?"],
        ),
    ]


_RULES = _rules()


def pattern_questions(sentence: str) -> list[str]:
    """Questions from the first pattern the sentence fits, main question first."""
    core = _core(sentence)
    for pattern, make in _RULES:
        found = pattern.match(core)
        if found and not _vague_subject(found):
            return make(found)
    return []


def _vague_subject(found: re.Match[str]) -> bool:
    """A pronoun needs the sentence before it; an auxiliary means the match ran past the verb."""
    tokens = (found.groupdict().get("x") or "").lower().split()
    return bool(tokens) and (tokens[0] in _PRONOUNS or not _AUXILIARIES.isdisjoint(tokens))


def heading_questions(heading: str) -> list[str]:
    """Questions a heading or a list label asks: as written, as advice or as a topic."""
    text = heading.strip().rstrip(":")
    if text.endswith("?"):
        return [text]
    lowered = _lower_first(text)
    first = lowered.split()[0]
    if first in _IMPERATIVES:
        return [f"Should I {lowered}?", f"Why should I {lowered}?"]
    if first in _GERUNDS:
        rest = lowered.partition(" ")[2]
        return [f"Should I {_GERUNDS[first]} {rest}?", f"Why is {lowered} important?"]
    if first.endswith("ing"):
        return [f"What should I know about {lowered}?"]
    if len(text.split()) <= 3:
        return [f"What {_be(text)} {lowered}?", f"Tell me about {lowered}"]
    return [f"What should I know about {lowered}?"]


def draft_questions(unit: Unit, used: set[str]) -> list[str]:
    """Main question then alternates, none already asked by another entry."""
    parts = sentences(unit.text)
    first = parts[0] if parts else unit.text
    label = _label(first)
    candidates: list[str] = []
    summary = _SUMMARY.match(_core(first))
    if summary:
        about = _subject(first[summary.end() :]) or "this"
        candidates += [f"What are the key takeaways about {_np(about)}?", "Give me a summary"]
    if unit.heading and unit.heading.endswith("?"):
        candidates.append(unit.heading)
    if label and not summary:
        candidates += heading_questions(label)
        first = _LABEL.sub(r"\2", first)
    candidates += pattern_questions(first)
    if unit.heading:
        candidates += heading_questions(unit.heading)
    for later in parts[1:3]:
        candidates += pattern_questions(later)[:1]
    if not candidates:
        candidates.append(f"What does the article say about {_keywords(_core(unit.text))}?")
    phrase = _key_phrase(first)
    if phrase:
        candidates.append(phrase)
    return _unique_questions(candidates, used)


def _key_phrase(sentence: str) -> str | None:
    """The sentence's subject as a terse query ("overuse injuries"), if it says something."""
    subject = _subject(_SUMMARY.sub("", _core(sentence)))
    tokens = subject.split() if subject else []
    while tokens and tokens[0].lower() in _QUANTIFIERS:
        tokens = tokens[1:]
    return _np(" ".join(tokens)) if len(tokens) >= 2 else None


def _unique_questions(candidates: Iterable[str], used: set[str]) -> list[str]:
    chosen: list[str] = []
    for question in candidates:
        question = _capital(" ".join(question.split()))
        key = fold(question)
        if key and key not in used:
            used.add(key)
            chosen.append(question)
    return chosen[: 1 + MAX_ALTERNATES]


def _keywords(text: str, count: int = 3) -> str:
    """The first few content words, for a fallback question that is always answerable."""
    found = list(
        dict.fromkeys(
            w
            for w in words(text)
            if w not in STOPWORDS and w not in GENERIC and w not in NEGATIONS and len(w) > 2
        )
    )
    picked = found[:count] or ["this"]
    return ", ".join(picked[:-1]) + (" and " if len(picked) > 1 else "") + picked[-1]


def _how(subject: str) -> list[str]:
    """ "Preventing X" -> "How can I prevent X?", for gerunds we know the base of."""
    head, _, rest = _np(subject).partition(" ")
    base = _GERUNDS.get(head.lower())
    return [f"How can I {base} {_mine(rest)}?".replace(" ?", "?")] if base else []


def _np(phrase: str) -> str:
    """A phrase ready to sit inside a question: short, lower-case start, "your" as "my"."""
    return _mine(_lower_first(_shorten(phrase.strip(), TITLE_WORDS)))


def _noun(phrase: str) -> str:
    """The noun phrase a phrase starts with: up to a comma, preposition or -ing word."""
    kept: list[str] = []
    for token in phrase.split()[:4]:
        bare = token.strip(",;:.").lower()
        if kept and (bare in _PREPOSITIONS or bare.endswith(("ing", "ly"))):
            break
        kept.append(token.strip(",;:."))
        if token.endswith((",", ";", ":")):
            break
    return _np(" ".join(kept))


def _mine(phrase: str) -> str:
    swapped = re.sub(r"\byour\b", "my", phrase.strip(), flags=re.I)
    return re.sub(r"\byou\b", "I", swapped, flags=re.I)


def _drop_possessive(phrase: str) -> str:
    return re.sub(r"^(?:your|my|our|their)\s+", "", phrase.strip(), flags=re.I)


def _shorten(phrase: str, limit: int) -> str:
    """At most `limit` words, cut before a preposition when the phrase is too long."""
    tokens = phrase.split()
    if len(tokens) <= limit:
        return phrase.strip()
    cut = next(
        (i for i in range(limit, 2, -1) if tokens[i].lower().strip(",") in _PREPOSITIONS),
        limit,
    )
    return " ".join(tokens[:cut]).strip(",;: ")


def _plural(phrase: str) -> bool:
    head = _shorten(phrase, 3).split()[-1].lower() if phrase.split() else ""
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def _be(phrase: str) -> str:
    return "are" if _plural(phrase) else "is"


def _do(phrase: str) -> str:
    return "do" if _plural(phrase) else "does"


def _lower_first(text: str) -> str:
    first = text.split()[0] if text.split() else ""
    if len(first) > 1 and first[1:].lower() != first[1:]:
        return text
    return text[:1].lower() + text[1:]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- The draft ---------------------------------------------------------------------------


def draft(
    text: str, fallback_title: str, progress: Callable[[int, int], None] | None = None
) -> Draft:
    """A draft knowledge base for an article's text; FaqError-free, pure."""
    blocks, merged = merge_duplicates(parse_blocks(text))
    title, parts = sections(blocks)
    total = sum(len(s.units) for s in parts)
    topic_ids: set[str] = set()
    entry_ids: set[str] = set()
    used: set[str] = set()
    topics: list[DraftTopic] = []
    entries: list[DraftEntry] = []
    for section in parts:
        topic = DraftTopic(
            _unique_id(_id_words(section.title or "topic", 3), topic_ids), section.title or "Topic"
        )
        topics.append(topic)
        members: list[DraftEntry] = []
        for unit in section.units:
            questions = draft_questions(unit, used)
            if not questions:
                questions = _unique_questions([f"What does paragraph {unit.lines[0]} say?"], used)
            members.append(
                DraftEntry(
                    id=_unique_id(_id_words(questions[0]), entry_ids),
                    topic=topic.id,
                    question=questions[0],
                    alternates=tuple(questions[1:]),
                    answer=_answer(unit),
                    source=tuple(sorted(set(unit.lines))),
                )
            )
            if progress:
                progress(len(entries) + len(members), total)
        entries += _relate(members)
    return Draft(
        title=title or fallback_title,
        topics=tuple(topics),
        entries=tuple(entries),
        paragraphs=sum(1 for line in text.splitlines() if line.strip()),
        merged=merged,
    )


def _answer(unit: Unit) -> str:
    """The unit's text; a lead-in whose items became entries lists their labels."""
    if unit.items:
        return f"{unit.text} {'; '.join(unit.items)}."
    return unit.text


def _relate(members: list[DraftEntry]) -> list[DraftEntry]:
    """A topic's first entry points to the rest and they back to it."""
    if len(members) < 2:
        return members
    lead, rest = members[0], members[1:]
    return [
        replace(lead, related=tuple(e.id for e in rest[:5])),
        *(replace(e, related=(lead.id,)) for e in rest),
    ]


def _id_words(text: str, count: int = 4) -> str:
    content = [w for w in words(text) if w not in STOPWORDS and w not in ("article", "say")]
    return " ".join(content[:count]) or "entry"


def _unique_id(text: str, taken: set[str]) -> str:
    """Kebab-case ASCII, numbered when already taken."""
    base = "-".join(re.findall(r"[a-z0-9]+", fold(text).encode("ascii", "ignore").decode()))
    base = "-".join(base.split("-")[:5]) or "entry"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


# --- YAML --------------------------------------------------------------------------------


def to_yaml(result: Draft, source: str) -> str:
    """The draft in the curated files' layout, with comments marking it as a draft."""
    out = [
        f"# DRAFT made by `assistant import` from {source}: {len(result.entries)} entries "
        f"from {result.paragraphs} paragraphs",
        f"# ({result.merged} repeated paragraphs merged). Every question, alternate and answer",
        "# is a machine guess: review each entry, then remove its '# draft' comment.",
        "# Paragraph numbers in 'source' count the article's non-empty lines.",
        f"title: {_scalar(result.title)}",
        f"source: {_scalar(source)}",
        "",
        "topics:",
        *(f"  - {{id: {t.id}, title: {_scalar(t.title)}}}" for t in result.topics),
        "",
        "entries:",
    ]
    for entry in result.entries:
        out += _entry_yaml(entry)
    return "\n".join(out) + "\n"


def _entry_yaml(entry: DraftEntry) -> list[str]:
    lines = [
        f"  # draft: check the question, alternates and answer against paragraphs "
        f"{', '.join(map(str, entry.source))}",
        f"  - id: {entry.id}",
        f"    topic: {entry.topic}",
        f"    question: {_scalar(entry.question)}",
    ]
    if entry.alternates:
        lines.append("    alternates:")
        lines += [f"      - {_scalar(a)}" for a in entry.alternates]
    lines.append(f"    answer: {_block(entry.answer, '      ')}")
    if entry.related:
        lines.append(f"    related: [{', '.join(entry.related)}]")
    lines.append(f"    source: [{', '.join(map(str, entry.source))}]")
    return [*lines, ""]


def _scalar(text: str) -> str:
    """One YAML scalar on one line, quoted only when YAML needs it."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 30, default_flow_style=True)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _block(text: str, indent: str) -> str:
    """A folded block for ordinary prose, like the curated files; quoted otherwise."""
    flat = " ".join(text.split())
    if not flat.isprintable() or flat != text.strip() or flat.startswith(("#", "-")):
        return _scalar(flat)
    wrapped = textwrap.wrap(flat, 88, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(indent + line for line in wrapped)


# --- Files -------------------------------------------------------------------------------


def run_import(article: Path, output: str | None, *, force: bool) -> int:
    """Draft a knowledge base from `article` and write it; FaqError for every refusal."""
    text = read_text(article)
    if not text.strip():
        raise FaqError([f"{article}: the article is empty; nothing to import"])
    target = None if output == "-" else Path(output) if output else article.with_suffix(".yaml")
    if target is not None:
        _check_target(article, target, force)
    result = draft(text, _humanise(article.stem), _progress_reporter(text))
    if target is None:
        sys.stdout.write(to_yaml(result, article.as_posix()))
        return 0
    write_atomic(target, to_yaml(result, _relative(article, target)), force=force)
    _report(target, result)
    return 0


def _report(target: Path, result: Draft) -> None:
    """What was written and what to do next, on stderr so stdout stays clean."""
    topics = len(result.topics)
    print(
        clean(
            f"{target}: wrote {len(result.entries)} draft entries under {topics} topic"
            f"{'s' if topics != 1 else ''}; review them, then run: assistant --faq {target} check"
        ),
        file=sys.stderr,
    )
    others = sorted(
        p.name for p in target.parent.iterdir() if p.suffix in (".yaml", ".yml") and p != target
    )
    if others:
        # A directory is loaded as one knowledge base; a draft beside another one joins it.
        print(
            clean(
                f"{target}: note: {target.parent} also holds {others[0]}; "
                "move the draft before using that directory with --faq"
            ),
            file=sys.stderr,
        )


def _check_target(article: Path, target: Path, force: bool) -> None:
    if target.resolve() == article.resolve():
        raise FaqError([f"{target}: is the article itself; choose another output with -o"])
    if target.is_dir():
        raise FaqError([f"{target}: is a directory; give a file name with -o"])
    if target.exists() and not force:
        raise _exists(target)


def write_atomic(target: Path, text: str, *, force: bool) -> None:
    """Write through a temporary file in the same directory, so readers never see half a file."""
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise FaqError([f"{target}: cannot write: {exc.strerror or exc}"]) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        _publish(temp, target, force)
    except OSError as exc:
        raise FaqError([f"{target}: cannot write: {exc.strerror or exc}"]) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _publish(temp: str, target: Path, force: bool) -> None:
    """Rename into place; without --force a hard link refuses, atomically, to clobber."""
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError:
        # File systems without hard links: the exists check above is the best we can do.
        if target.exists():
            raise _exists(target) from None
        os.replace(temp, target)


def _exists(target: Path) -> FaqError:
    return FaqError([f"{target}: already exists; use --force to overwrite it"])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _relative(article: Path, target: Path) -> str:
    """The article as the loader will look for it: relative to the output file's directory."""
    try:
        return Path(os.path.relpath(article.resolve(), target.resolve().parent)).as_posix()
    except ValueError:
        return article.resolve().as_posix()


def _humanise(stem_name: str) -> str:
    return _capital(" ".join(re.split(r"[-_\s]+", stem_name)).strip()) or "Imported article"


def _progress_reporter(text: str) -> Callable[[int, int], None] | None:
    """Counts entries on stderr for long articles; one line, rewritten on a terminal."""
    if sum(1 for line in text.splitlines() if line.strip()) < PROGRESS_MIN:
        return None
    tty = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        if tty and (done % 25 == 0 or done == total):
            sys.stderr.write(f"\rdrafting entries: {done}/{total}")
        elif done == 1:
            sys.stderr.write(f"drafting {total} entries...")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report
