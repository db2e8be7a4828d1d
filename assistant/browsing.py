"""The browser's logic without a terminal: state, key transitions, layout and answer lines.

Everything here is pure, so it is tested directly; assistant/browser.py only wires it to
prompt_toolkit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from assistant.finder import Finder, Hit
from assistant.model import Entry, KnowledgeBase
from assistant.render import Fragments, clean, entry_details, related_entries

Pane = Literal["topics", "questions", "answer"]
PANES: tuple[Pane, ...] = ("topics", "questions", "answer")
# Side by side from this width; stacked below it.
WIDE = 80


@dataclass(frozen=True)
class State:
    """Where the user is: the focused pane, the selections, the answer's scroll and filter."""

    pane: Pane = "topics"
    topic: int = 0
    question: int = 0
    related: int = 0
    scroll: int = 0
    query: str = ""


@dataclass(frozen=True)
class Viewport:
    """What the answer pane last showed: its height, line count and related-question lines."""

    height: int = 1
    lines: int = 0
    marks: tuple[int, ...] = ()


class Browser:
    """One knowledge base's topics, questions and filter; every transition returns a new State."""

    def __init__(self, kb: KnowledgeBase, finder: Finder) -> None:
        self.kb = kb
        self._finder = finder
        self._found: tuple[str, list[Hit]] = ("", [])

    def hits(self, query: str) -> list[Hit]:
        """The filter's matches for a query, cached for the last one since panes ask often."""
        if self._found[0] != query:
            self._found = (query, self._finder.find(query))
        return self._found[1]

    def rows(self, state: State) -> list[Hit]:
        """The questions pane: filter matches, or the selected topic's questions."""
        if state.query:
            return self.hits(state.query)
        topic = self.kb.topics[state.topic].id if self.kb.topics else ""
        return [Hit(e, 0.0) for e in self.kb.entries_in(topic)]

    def entry(self, state: State) -> Entry | None:
        """The selected question's entry, shown in the answer pane."""
        rows = self.rows(state)
        return rows[state.question].entry if state.question < len(rows) else None

    def related(self, state: State) -> list[Entry]:
        """The selected entry's related questions."""
        entry = self.entry(state)
        return related_entries(self.kb, entry) if entry else []

    def panes(self, state: State) -> tuple[Pane, ...]:
        """Panes Tab cycles through: filter matches span topics, so no topics pane then."""
        return PANES[1:] if state.query else PANES

    def move(self, state: State, delta: int, view: Viewport) -> State:
        """Up or down in the focused pane."""
        if state.pane == "topics":
            topic = _clamp(state.topic + delta, len(self.kb.topics))
            return replace(state, topic=topic, question=0, related=0, scroll=0)
        if state.pane == "questions":
            question = _clamp(state.question + delta, len(self.rows(state)))
            return replace(state, question=question, related=0, scroll=0)
        count = len(self.related(state))
        if not count:
            return page(state, delta, view)
        related = _clamp(state.related + delta, count)
        if related >= len(view.marks):
            return replace(state, related=related)
        return replace(
            state, related=related, scroll=follow(state.scroll, view.marks[related], view.height)
        )

    def switch(self, state: State, delta: int, wrap: bool = True) -> State:
        """To the next (or previous) pane; Left and Right stop at the ends, Tab wraps."""
        panes = self.panes(state)
        index = panes.index(state.pane) + delta if state.pane in panes else 0
        if not wrap and not 0 <= index < len(panes):
            return state
        return replace(state, pane=panes[index % len(panes)])

    def type(self, state: State, text: str) -> State:
        """Printable text extends the filter and jumps to its best match."""
        return replace(
            state, query=state.query + text, pane="questions", question=0, related=0, scroll=0
        )

    def backspace(self, state: State) -> State:
        """Delete the filter's last character, keeping the selected question when it empties."""
        if not state.query:
            return state
        shorter = replace(state, query=state.query[:-1], question=0, related=0, scroll=0)
        return self._keep(state, shorter) if not shorter.query else shorter

    def escape(self, state: State) -> State | None:
        """Clear the filter, else go back a pane; None means leave the browser."""
        if state.query:
            return self._keep(state, replace(state, query=""))
        if state.pane == "topics":
            return None
        return replace(state, pane=PANES[PANES.index(state.pane) - 1])

    def enter(self, state: State) -> State:
        """Open: a topic's questions, a question's answer, or the selected related question."""
        if state.pane == "topics":
            return replace(state, pane="questions")
        if state.pane == "questions":
            return replace(state, pane="answer") if self.entry(state) else state
        related = self.related(state)
        if state.related >= len(related):
            return state
        return self.show(related[state.related], "answer")

    def show(self, entry: Entry, pane: Pane) -> State:
        """A fresh state with this entry selected in its topic."""
        question = self.kb.entries_in(entry.topic).index(entry)
        return State(pane=pane, topic=max(self.topic_index(entry), 0), question=question)

    def topic_index(self, entry: Entry | None) -> int:
        """Where the entry's topic is in the topics pane, or -1."""
        ids = [t.id for t in self.kb.topics]
        return ids.index(entry.topic) if entry and entry.topic in ids else -1

    def _keep(self, old: State, new: State) -> State:
        """Leaving the filter keeps the question the user was on."""
        entry = self.entry(old)
        return self.show(entry, old.pane) if entry else new

    def click(self, state: State, pane: Pane, index: int) -> State:
        """A mouse click selects a row in a pane and focuses it."""
        if pane == "topics":
            return State(topic=index)
        if pane == "questions":
            return replace(state, pane=pane, question=index, related=0, scroll=0)
        return replace(state, pane=pane, related=index)


def page(state: State, delta: int, view: Viewport) -> State:
    """Scroll the answer by delta lines, within its length."""
    most = max(0, view.lines - view.height)
    return replace(state, scroll=min(max(0, state.scroll + delta), most))


def follow(offset: int, line: int, height: int) -> int:
    """The smallest scroll that keeps a line visible, so lists move only when they must."""
    if line < offset:
        return line
    if line >= offset + height:
        return line - max(height, 1) + 1
    return offset


def highlighted(hit: Hit) -> Fragments:
    """The question with the filter's matched characters styled "match"."""
    text = clean(hit.entry.question)
    out: Fragments = []
    last = 0
    for start, end in hit.spans:
        out += [("", text[last:start]), ("match", text[start:end])]
        last = end
    return [f for f in (*out, ("", text[last:])) if f[1]]


def fit(line: Fragments, width: int) -> Fragments:
    """A line cut to the width with an ellipsis, or padded with spaces to fill it."""
    total = sum(len(text) for _, text in line)
    if total <= width:
        return [*line, ("", " " * (width - total))]
    if width <= 0:
        return []
    out: Fragments = []
    room = width - 1
    for style, text in line:
        if room <= 0:
            break
        out.append((style, text[:room]))
        room -= len(text)
    return [*out, (out[-1][0] if out else "", "…")]


def list_view(
    rows: Sequence[Fragments], current: int, offset: int, height: int, width: int, focused: bool
) -> tuple[int, list[tuple[int, Fragments]]]:
    """The new scroll offset and the visible rows, the current one marked and styled."""
    offset = min(follow(offset, max(current, 0), height), max(len(rows) - height, 0))
    shown = []
    for index in range(offset, min(offset + height, len(rows))):
        if index != current:
            shown.append((index, fit([("", "  "), *rows[index]], width)))
            continue
        base = "selected" if focused else "current"
        line = fit([("", "> "), *rows[index]], width)
        shown.append((index, [(f"{base} {s}".strip(), t) for s, t in line]))
    return offset, shown


def _clamp(index: int, count: int) -> int:
    return min(max(index, 0), max(count - 1, 0))


@dataclass(frozen=True)
class Plan:
    """Pane sizes for one terminal size: rows of content under each pane's title line."""

    side_by_side: bool
    left: int
    answer_width: int
    topics: int
    questions: int
    answer: int


def plan(width: int, height: int, state: State, n_topics: int, n_rows: int) -> Plan:
    """Side by side when wide; stacked below, where the answer gets every row not in use."""
    body = max(height - 2, 0)  # the filter line and the key help
    if width >= WIDE:
        left = min(max(32, width * 9 // 20), 56)
        topics = min(n_topics, max(body // 3, 1), max(body - 3, 0))
        questions = max(body - 2 - topics, 0)
        return Plan(True, left, width - left - 1, topics, questions, max(body - 1, 0))
    if state.pane == "answer" or state.query or body < 6 or not n_topics:
        # The topics pane goes, so narrow screens keep room for what is in use.
        rest = max(body - 2, 0)
        questions = min(3 if state.pane == "answer" else rest, rest // 2, max(n_rows, 1))
        return Plan(False, width, width, 0, questions, rest - questions)
    topics = min(n_topics, max((body - 3) // 4, 1))
    rest = body - 3 - topics
    questions = min((rest + 1) // 2, max(n_rows, 1))
    return Plan(False, width, width, topics, questions, rest - questions)


@dataclass(frozen=True)
class AnswerText:
    """An entry laid out in lines, with the related question (if any) each line belongs to."""

    lines: tuple[Fragments, ...]
    owners: tuple[int | None, ...]

    def viewport(self, height: int) -> Viewport:
        """The answer pane's geometry at this height."""
        marks = tuple(self.owners.index(i) for i in dict.fromkeys(self.owners) if i is not None)
        return Viewport(height, len(self.lines), marks)


def answer_lines(kb: KnowledgeBase, entry: Entry, width: int) -> AnswerText:
    """The entry in full (question, answer, related questions, source), one list per line."""
    lines: list[Fragments] = [[]]
    for style, text in entry_details(kb, entry, width):
        first, *rest = text.split("\n")
        lines[-1].append((style, first))
        lines += [[(style, part)] for part in rest]
    lines = [[f for f in line if f[1]] for line in lines]
    if not lines[-1]:
        lines.pop()
    owners: list[int | None] = []
    related = -1
    for line in lines:
        # entry_details labels each related question with a "number" fragment and indents
        # its wrapped lines; anything else ends the list.
        if line and line[0][0] == "number":
            related += 1
        elif not (owners and owners[-1] is not None and line and line[0][1].startswith(" ")):
            owners.append(None)
            continue
        owners.append(related)
    return AnswerText(tuple(lines), tuple(owners))


def key_help(width: int, state: State) -> str:
    """One line of key help for the focused pane, shortened to fit."""
    esc = "Esc clear" if state.query else "Esc back" if state.pane != "topics" else "Esc quit"
    action = "related" if state.pane == "answer" else "open"
    full = f"↑↓ move  Tab/←→ pane  Enter {action}  PgUp/PgDn scroll  {esc}  Ctrl-C quit"
    for text in (f"{full}  type to filter", full, f"↑↓←→ move  ⏎ {action}  {esc}  ^C quit"):
        if len(text) <= width:
            return text
    return text[:width]
