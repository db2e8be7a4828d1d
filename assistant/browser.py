"""`assistant browse`: the full-screen browser, prompt_toolkit wiring around browsing.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import (
    ConditionalContainer,
    Dimension,
    DynamicContainer,
    FormattedTextControl,
    HSplit,
    Layout,
    VSplit,
    Window,
)
from prompt_toolkit.mouse_events import MouseEvent, MouseEventType
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from assistant.browsing import (
    AnswerText,
    Browser,
    Pane,
    Plan,
    State,
    Viewport,
    answer_lines,
    fit,
    highlighted,
    key_help,
    list_view,
    page,
    plan,
)
from assistant.finder import Finder
from assistant.matcher import Matcher
from assistant.render import Fragments, clean, wants_colour
from assistant.style import colour_depth

if TYPE_CHECKING:
    from prompt_toolkit.key_binding.key_bindings import NotImplementedOrNone

    Handler = Callable[[MouseEvent], NotImplementedOrNone]

# Attributes only, so the browser reads well without colour (NO_COLOR, --no-color).
MONO = {
    "prompt": "bold",
    "placeholder": "italic",
    "title": "bold",
    "title.active": "bold reverse",
    "selected": "reverse",
    "current": "bold",
    "match": "bold underline",
    "heading": "bold",
    "number": "bold",
    "topic": "bold",
}
COLOUR = {
    **MONO,
    "prompt": "bold fg:ansicyan",
    "placeholder": "italic fg:ansibrightblack",
    "count": "fg:ansibrightblack",
    "title": "bold fg:ansicyan",
    "title.active": "bold bg:ansicyan fg:ansiblack",
    "selected": "bg:#3a3a4a bold noreverse",
    "match": "bold fg:ansiyellow",
    "heading": "bold fg:ansicyan",
    "number": "fg:ansiyellow",
    "muted": "fg:ansibrightblack",
    "help": "fg:ansibrightblack",
    "line": "fg:ansibrightblack",
}
# Lines the mouse wheel scrolls the answer by.
WHEEL = 3


class _Screen:
    """The browser's mutable state and the functions prompt_toolkit calls to draw it."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.state = State()
        self._offsets = {"topics": 0, "questions": 0}
        self._answer: tuple[tuple[str, int], AnswerText | None] = (("", 0), None)

    def plan(self) -> Plan:
        size = get_app().output.get_size()
        rows = len(self.browser.rows(self.state))
        return plan(size.columns, size.rows, self.state, len(self.browser.kb.topics), rows)

    def filter_line(self) -> StyleAndTextTuples:
        width = get_app().output.get_size().columns
        query = clean(self.state.query)
        hits = f"{len(self.browser.hits(self.state.query))}/{len(self.browser.kb.entries)}"
        count = f" {hits} " if query else ""
        hint = "" if query else "type to filter questions"
        pad = " " * max(width - 2 - len(query) - len(hint) - len(count), 0)
        return [
            ("class:prompt", "> "),
            ("", query),
            ("[SetCursorPosition]", ""),
            ("class:placeholder", hint),
            ("", pad),
            ("class:count", count),
        ]

    def title(self, pane: Pane) -> StyleAndTextTuples:
        state, topics = self.state, self.browser.kb.topics
        if pane == "answer":
            text = "Answer" + self._answer_position()
        elif pane == "questions" and state.query:
            text = f"Matches ({len(self.browser.rows(state))})"
        elif pane == "questions" and topics:
            text = clean(topics[state.topic].title)
        else:
            text = pane.capitalize()
        return [("", f" {text}")]

    def title_style(self, pane: Pane) -> str:
        return "class:title.active" if self.state.pane == pane else "class:title"

    @property
    def viewport(self) -> Viewport:
        """The answer pane's geometry, for scrolling and following related questions."""
        text, height = self._answer_text(), self.plan().answer
        return text.viewport(height) if text else Viewport(height)

    def _answer_position(self) -> str:
        view = self.viewport
        if view.lines <= view.height:
            return ""
        top = min(self.state.scroll, view.lines - view.height)
        return f"  {top + 1}-{top + view.height}/{view.lines}"

    def topics(self) -> StyleAndTextTuples:
        state, kb = self.state, self.browser.kb
        if state.query:
            hits = self.browser.rows(state)
            counts = [sum(h.entry.topic == t.id for h in hits) for t in kb.topics]
            current = self.browser.topic_index(self.browser.entry(state))
        else:
            counts = [len(kb.entries_in(t.id)) for t in kb.topics]
            current = state.topic
        rows = [
            [("" if n or not state.query else "muted", f"{clean(t.title)} ({n})")]
            for t, n in zip(kb.topics, counts, strict=True)
        ]
        return self._list("topics", rows, current, self.plan().topics)

    def questions(self) -> StyleAndTextTuples:
        hits = self.browser.rows(self.state)
        if not hits and self.state.query:
            return [("class:muted", " No question matches.")]
        rows = [highlighted(h) for h in hits]
        return self._list("questions", rows, self.state.question, self.plan().questions)

    def _list(
        self, pane: Pane, rows: list[Fragments], current: int, height: int
    ) -> StyleAndTextTuples:
        offset, shown = list_view(
            rows, current, self._offsets[pane], height, self.plan().left, self.state.pane == pane
        )
        self._offsets[pane] = offset
        return self._lines([(line, self._clicker(pane, i)) for i, line in shown])

    def _answer_text(self) -> AnswerText | None:
        entry = self.browser.entry(self.state)
        if entry is None:
            return None
        key = (entry.id, self.plan().answer_width - 2)
        if self._answer[0] != key:
            self._answer = (key, answer_lines(self.browser.kb, entry, key[1]))
        return self._answer[1]

    def answer(self) -> StyleAndTextTuples:
        text, height = self._answer_text(), self.plan().answer
        if text is None:
            return []
        top = min(self.state.scroll, max(len(text.lines) - height, 0))
        lines = []
        for line, owner in list(zip(text.lines, text.owners, strict=True))[top : top + height]:
            selected = owner == self.state.related and self.state.pane == "answer"
            marker = ">" if selected and line[0][0] == "number" else " "
            fitted = fit([("", marker), *line], self.plan().answer_width)
            styled = [(f"selected {s}".strip(), t) for s, t in fitted] if selected else fitted
            click = self._wheel if owner is None else self._clicker("answer", owner)
            lines.append((styled, click))
        return self._lines(lines)

    @staticmethod
    def _lines(lines: list[tuple[Fragments, Handler]]) -> StyleAndTextTuples:
        """Lines of fragments with style names as classes and a mouse handler on each."""
        out: StyleAndTextTuples = []
        for line, click in lines:
            out += [(" ".join(f"class:{n}" for n in s.split()), t, click) for s, t in line]
            out.append(("", "\n"))
        return out[:-1]

    def help(self) -> StyleAndTextTuples:
        return [("class:help", key_help(get_app().output.get_size().columns, self.state))]

    def _clicker(self, pane: Pane, index: int) -> Handler:
        def handle(event: MouseEvent) -> NotImplementedOrNone:
            if event.event_type == MouseEventType.MOUSE_UP:
                self.state = self.browser.click(self.state, pane, index)
                return None
            return self._wheel(event) if pane == "answer" else self._wheel_list(event, pane)

        return handle

    def _wheel(self, event: MouseEvent) -> NotImplementedOrNone:
        """The wheel scrolls the answer."""
        step = WHEEL * _direction(event)
        if not step:
            return NotImplemented
        self.state = page(self.state, step, self.viewport)
        return None

    def _wheel_list(self, event: MouseEvent, pane: Pane) -> NotImplementedOrNone:
        """The wheel over a list moves its selection, as in fuzzy finders."""
        step = _direction(event)
        if not step:
            return NotImplemented
        self.state = self.browser.move(replace(self.state, pane=pane), step, self.viewport)
        return None


def _direction(event: MouseEvent) -> int:
    """-1 for the wheel turned up, 1 for down, 0 for anything else."""
    steps = {MouseEventType.SCROLL_UP: -1, MouseEventType.SCROLL_DOWN: 1}
    return steps.get(event.event_type, 0)


def _layout(screen: _Screen) -> Layout:
    """Filter line, the three panes side by side or stacked, and the key help."""

    def pane(
        name: Pane, body: Callable[[], StyleAndTextTuples], rows: Callable[[Plan], int]
    ) -> list[Window]:
        title = Window(
            FormattedTextControl(lambda: screen.title(name)),
            height=1,
            style=lambda: screen.title_style(name),
        )
        content = Window(
            FormattedTextControl(body), height=lambda: Dimension.exact(rows(screen.plan()))
        )
        return [title, content]

    topics = pane("topics", screen.topics, lambda p: p.topics)
    questions = pane("questions", screen.questions, lambda p: p.questions)
    answer = pane("answer", screen.answer, lambda p: p.answer)
    wide = VSplit(
        [
            HSplit([*topics, *questions], width=lambda: Dimension.exact(screen.plan().left)),
            Window(width=1, char="│", style="class:line"),
            HSplit(answer),
        ]
    )
    has_topics = Condition(lambda: screen.plan().topics > 0)
    narrow = HSplit([ConditionalContainer(HSplit(topics), has_topics), *questions, *answer])
    query = Window(FormattedTextControl(screen.filter_line, focusable=True), height=1)
    return Layout(
        HSplit(
            [
                query,
                DynamicContainer(lambda: wide if screen.plan().side_by_side else narrow),
                Window(FormattedTextControl(screen.help), height=1),
            ]
        ),
        focused_element=query,
    )


def _bindings(screen: _Screen) -> KeyBindings:
    """Keys: each one asks browsing.py for the next state."""
    kb = KeyBindings()
    b = screen.browser

    def on(*keys: str | Keys, action: Callable[[State], State | None]) -> None:
        @kb.add(*keys)
        def _(event: KeyPressEvent) -> None:
            state = action(screen.state)
            if state is None:
                event.app.exit(result=0)
            else:
                screen.state = state

    def mover(delta: int) -> Callable[[State], State]:
        return lambda s: b.move(s, delta, screen.viewport)

    for key, delta in (("up", -1), ("c-p", -1), ("down", 1), ("c-n", 1)):
        on(key, action=mover(delta))
    on("tab", action=lambda s: b.switch(s, 1))
    on("s-tab", action=lambda s: b.switch(s, -1))
    on("right", action=lambda s: b.switch(s, 1, wrap=False))
    on("left", action=lambda s: b.switch(s, -1, wrap=False))
    on("enter", action=b.enter)
    on("escape", action=b.escape)
    on("backspace", action=b.backspace)
    on("c-u", action=lambda s: replace(s, query="") if s.query else s)
    on("pageup", action=lambda s: page(s, 1 - screen.viewport.height, screen.viewport))
    on("pagedown", action=lambda s: page(s, screen.viewport.height - 1, screen.viewport))
    on("c-c", action=lambda s: None)

    @kb.add(Keys.Any)
    @kb.add(Keys.BracketedPaste)
    def _(event: KeyPressEvent) -> None:
        # Pasted text may hold newlines and tabs; a filter is one line.
        data = (
            " ".join(event.data.split())
            if event.key_sequence[0].key == Keys.BracketedPaste
            else event.data
        )
        text = "".join(c for c in data if c.isprintable())
        if text:
            screen.state = b.type(screen.state, text)

    return kb


def build_app(
    matcher: Matcher, *, color: bool, input: Input | None = None, output: Output | None = None
) -> Application[int]:
    """The browser as a prompt_toolkit Application whose result is the exit status."""
    screen = _Screen(Browser(matcher.kb, Finder(matcher.kb.entries, matcher.analyzer)))
    color = wants_colour(color)
    app: Application[int] = Application(
        layout=_layout(screen),
        key_bindings=_bindings(screen),
        style=Style.from_dict(COLOUR if color else MONO),
        color_depth=colour_depth(color),
        full_screen=True,
        mouse_support=True,
        input=input,
        output=output,
    )
    # A lone Esc is a key here, not the start of a sequence worth waiting half a second for.
    app.ttimeoutlen = 0.05
    return app


def run_browser(
    matcher: Matcher, *, color: bool, input: Input | None = None, output: Output | None = None
) -> int:
    """Browse the knowledge base full-screen until Esc or Ctrl-C; the exit status is 0."""
    return build_app(matcher, color=color, input=input, output=output).run()
