"""Turn results and entries into styled text fragments, plain text, ANSI or JSON.

Fragments are (style, text) pairs, the shape prompt_toolkit's FormattedText takes, so the
chat prints them with its own style while the CLI needs no prompt_toolkit at all.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.core import Reply
from assistant.matcher import (
    BACKGROUND_FACTOR,
    BROADER_SHARE,
    CONTEXT_FACTOR,
    SCENE_FACTOR,
    Candidate,
    Result,
)
from assistant.model import Entry, KnowledgeBase, SafetyRule

Fragments = list[tuple[str, str]]

# What a terminal could act on: C0 controls but newline, DEL, C1 controls, bidi overrides
# and isolates. A translation table, as the equivalent regex cost 0.5 ms of every start.
CONTROLS = (
    *range(0x0A),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
)
# C0 controls show as Unicode control pictures; the others cannot be drawn harmlessly and
# become U+FFFD. Nothing from a file can then move the cursor, recolour the screen, ring the
# bell or reorder the line.
_PICTURES = {c: chr(0x2400 + c) if c < 0x20 else "\ufffd" for c in CONTROLS}
# Answers wrap at the terminal's width, but no wider: long lines are hard to read.
MAX_WIDTH = 100

ANSI = {
    "heading": "\x1b[1;36m",
    "number": "\x1b[33m",
    "alert": "\x1b[1;33m",
    "alert.urgent": "\x1b[1;31m",
    "muted": "\x1b[2m",
    "error": "\x1b[31m",
    "topic": "\x1b[1m",
}
_RESET = "\x1b[0m"


def wants_colour(color: bool) -> bool:
    """Colour unless the caller or the NO_COLOR convention (https://no-color.org) says no."""
    return color and not os.environ.get("NO_COLOR")


def clean(text: str) -> str:
    """Text from a file or a user, made safe to print on a terminal."""
    return text.translate(_PICTURES)


def wrap(text: str, width: int, indent: str = "") -> str:
    """Wrap one paragraph to the width, keeping words whole."""
    return textwrap.fill(
        clean(text), width=max(width, 20), initial_indent=indent, subsequent_indent=indent
    )


def to_plain(fragments: Fragments) -> str:
    """The text alone, for pipes and NO_COLOR."""
    return "".join(text for _, text in fragments)


def to_ansi(fragments: Fragments) -> str:
    """The text with ANSI colours for a terminal."""
    out = []
    for style, text in fragments:
        code = ANSI.get(style)
        out.append(f"{code}{text}{_RESET}" if code and text.strip() else text)
    return "".join(out)


def numbered(items: Iterable[str], width: int) -> Fragments:
    """A numbered list, one item a line."""
    frags: Fragments = []
    for number, item in enumerate(items, 1):
        label = f"{number:>3}. "
        body = wrap(item, width - len(label), " " * len(label))[len(label) :]
        frags += [("number", label), ("", body + "\n")]
    return frags


def entry_reply(kb: KnowledgeBase, entry: Entry, width: int) -> Fragments:
    """An answer: the question as heading, the wrapped answer, numbered related questions."""
    frags: Fragments = [("heading", wrap(entry.question, width) + "\n"), ("", "\n")]
    frags.append(("", wrap(entry.answer, width) + "\n"))
    related = related_entries(kb, entry)
    if related:
        frags += [("", "\n"), ("muted", "Related:\n")]
        frags += numbered((e.question for e in related), width)
    return frags


def related_entries(kb: KnowledgeBase, entry: Entry) -> list[Entry]:
    """The entries an entry points to, in its order."""
    return [e for e in (kb.entry(i) for i in entry.related) if e is not None]


def result_reply(kb: KnowledgeBase, result: Result, width: int) -> Fragments:
    """The reply to a question: an answer, a "did you mean" list or a polite decline."""
    if result.match is not None:
        return entry_reply(kb, result.match.entry, width)
    if result.status == "ambiguous":
        # A comparison (which is better, how two things differ) no entry settles is no
        # misreading.
        heading = (
            "I can't compare those two, but these may help:"
            if result.compared
            else "Did you mean one of these?"
        )
        frags: Fragments = [("heading", heading + "\n")]
        return frags + numbered((c.entry.question for c in suggestions(kb, result)), width)
    return decline(kb, result, width)


def reply_fragments(kb: KnowledgeBase, reply: Reply, width: int) -> Fragments:
    """A whole reply: any safety alert first, then small talk or the answer."""
    if reply.alert is not None:
        alert = alert_fragments(reply.alert, width)
        # Below an alert only a real answer is worth showing, never a decline.
        if reply.result.match is None:
            return alert
        return [*alert, ("", "\n"), *entry_reply(kb, reply.result.match.entry, width)]
    if reply.smalltalk is not None:
        return [("", wrap(reply.smalltalk.reply, width) + "\n")]
    return result_reply(kb, reply.result, width)


def reply_options(kb: KnowledgeBase, reply: Reply) -> list[Entry]:
    """The entries a reply numbered, in order, so that a typed number can open one."""
    result = reply.result
    if result.match is not None:
        return related_entries(kb, result.match.entry)
    if reply.alert is None and reply.smalltalk is None and result.status == "ambiguous":
        return [c.entry for c in suggestions(kb, result)]
    return []


def alert_fragments(rule: SafetyRule, width: int) -> Fragments:
    """A red-flag alert, labelled as guidance that does not come from the article."""
    style = "alert.urgent" if rule.urgent else "alert"
    label = "URGENT: " if rule.urgent else ""
    text = f"{label}Safety note (general guidance, not from the article): {rule.message}"
    return [(style, wrap(text, width, "! ") + "\n")]


def suggestions(kb: KnowledgeBase, result: Result) -> list[Candidate]:
    """The candidates worth offering as "did you mean" choices."""
    floor = kb.settings.suggest_threshold
    return [c for c in result.candidates if c.score >= floor] or list(result.candidates[:1])


def decline(kb: KnowledgeBase, result: Result, width: int) -> Fragments:
    """A polite "I don't know" that names the closest topics."""
    topics = closest_topics(kb, result.candidates)
    text = (
        "Sorry, I don't have an answer to that. "
        f"Nearest topics: {_join([t.title for t in topics])}. "
        "Type /topics to browse everything I know."
    )
    return [("", wrap(text, width) + "\n")]


def closest_topics(kb: KnowledgeBase, candidates: Sequence[Candidate]) -> list[Any]:
    """Topics of the nearest candidates, else the first topics."""
    ids = list(dict.fromkeys(c.entry.topic for c in candidates))
    chosen = [t for t in (kb.topic(i) for i in ids) if t is not None][:3]
    return chosen or list(kb.topics[:3])


def _join(words: list[str]) -> str:
    words = [clean(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def topics_listing(kb: KnowledgeBase, width: int) -> Fragments:
    """Every topic in order, each with its numbered questions."""
    frags: Fragments = []
    for topic in kb.topics:
        frags.append(("topic", clean(topic.title) + "\n"))
        frags += numbered((e.question for e in kb.entries_in(topic.id)), width)
        frags.append(("", "\n"))
    return frags[:-1]


def entry_details(kb: KnowledgeBase, entry: Entry, width: int) -> Fragments:
    """An entry in full, with its id, topic and the quoted source paragraphs."""
    topic = kb.topic(entry.topic)
    frags = [("muted", f"[{clean(entry.id)}] {clean(topic.title if topic else entry.topic)}\n")]
    frags += entry_reply(kb, entry, width)
    for number, paragraph in kb.source_text(entry):
        frags += [("", "\n"), ("muted", f"Source, paragraph {number}:\n")]
        frags.append(("muted", wrap(paragraph, width, "  > ") + "\n"))
    return frags


def entry_json(entry: Entry) -> dict[str, Any]:
    """An entry as JSON-ready data."""
    return {
        "id": entry.id,
        "topic": entry.topic,
        "question": entry.question,
        "answer": entry.answer,
        "alternates": list(entry.alternates),
        "related": list(entry.related),
        "source": list(entry.source),
    }


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """One candidate as in `ask --json`."""
    e = candidate.entry
    return {
        "id": e.id,
        "topic": e.topic,
        "question": e.question,
        "answer": e.answer,
        "score": candidate.score,
    }


def reply_json(reply: Reply) -> dict[str, Any]:
    """The `ask --json` object for one question."""
    result = reply.result
    return {
        "query": result.query,
        "status": result.status,
        "match": candidate_json(result.match) if result.match else None,
        "candidates": [candidate_json(c) for c in result.candidates],
        "alert": {"id": reply.alert.id, "message": reply.alert.message} if reply.alert else None,
    }


def topics_json(kb: KnowledgeBase) -> dict[str, Any]:
    """The `topics --json` document."""
    return {
        "title": kb.title,
        "topics": [
            {
                "id": t.id,
                "title": t.title,
                "entries": [entry_json(e) for e in kb.entries_in(t.id)],
            }
            for t in kb.topics
        ],
    }


def _decision_reason(result: Result) -> str:
    """Why a decision differs from what the top score alone would give, if it does."""
    if result.compared:
        return f" (it compares two things, which no entry does: {', '.join(result.compared)})"
    if result.focus:
        return f" (the top entry scores low, but the sentences that ask answer it: {result.focus})"
    return ""


def explain(result: Result) -> Fragments:
    """Why the matcher decided as it did: the query's analysis and the score parts."""
    a = result.analysis
    lines = [
        f"normalised: {' '.join(a.words) or '(nothing)'}",
        f"terms: {' '.join(a.terms) or '(none)'}",
        "typos repaired: " + (", ".join(f"{w} -> {f}" for w, f in a.repairs) or "none"),
        "synonyms: " + (", ".join(f"{w} -> {s}" for w, s in a.synonyms) or "none"),
        "unknown words: " + (", ".join(result.unknown) or "none"),
        f"context, when or who (weight x{CONTEXT_FACTOR:g}): " + (", ".join(a.context) or "none"),
        f"what it is for (weight x{CONTEXT_FACTOR:g}): " + (", ".join(result.purpose) or "none"),
        f"unknown, outside the question (weight x{BACKGROUND_FACTOR:g}): "
        + (", ".join(result.background) or "none"),
        f"known, outside the question (weight x{SCENE_FACTOR:g}): "
        + (", ".join(result.scene) or "none"),
        "unknown, of another subject (faq elsewhere list): "
        + (", ".join(result.elsewhere) or "none"),
        f"kinds of a broader word (x{BROADER_SHARE:g} lent to it): "
        + (", ".join(f"{n} -> {w}" for n, w in result.lent) or "none"),
        f"decision: {result.status}" + _decision_reason(result),
    ]
    for c in result.candidates:
        lines.append(
            f"  {c.score:5.1f}  {c.entry.id}: coverage {c.coverage:.2f}, "
            f"specificity {c.specificity:.2f}, fuzzy {c.fuzzy:.2f}, bm25 {c.bm25:.2f}; "
            f"matched {' '.join(c.matched) or '-'}"
        )
    return [("muted", clean(line) + "\n") for line in lines]
