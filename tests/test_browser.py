"""The topic browser: its pure logic directly, and the Application driven through a pipe.

Keys go in through prompt_toolkit's pipe input; the VT100 output is replayed onto a screen
grid (tests/vtscreen.py), and each step waits until the expected text is drawn.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output
from vtscreen import Screen

from assistant.browser import build_app, run_browser
from assistant.browsing import (
    WIDE,
    Browser,
    State,
    Viewport,
    answer_lines,
    fit,
    follow,
    highlighted,
    key_help,
    list_view,
    page,
    plan,
)
from assistant.finder import Finder, Hit, highlight_spans
from assistant.loader import load
from assistant.matcher import Matcher
from assistant.model import KnowledgeBase

COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|38;|4[0-7]|48;|9[0-7])[0-9;]*m")
WAIT = 5.0
DOWN, UP, ENTER, ESC, CTRL_C, TAB = "\x1b[B", "\x1b[A", "\r", "\x1b", "\x03", "\t"


# --- the filter -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def finder(matcher: Matcher) -> Finder:
    return Finder(matcher.kb.entries, matcher.analyzer)


def marked(question: str, spans: tuple[tuple[int, int], ...]) -> str:
    out, last = "", 0
    for start, end in spans:
        out += question[last:start] + "[" + question[start:end] + "]"
        last = end
    return out + question[last:]


def test_filter_finds_synonyms_and_highlights_the_word_they_stand_for(finder: Finder) -> None:
    hits = finder.find("bum")
    assert hits and all("buttock" in h.entry.question.lower() for h in hits[:3])
    assert "[buttocks]" in marked(hits[0].entry.question, hits[0].spans)


def test_filter_matches_half_typed_words_and_highlights_the_typed_prefix(finder: Finder) -> None:
    top = finder.find("stre")[0]
    assert "[stre]tch" in marked(top.entry.question, top.spans)


def test_filter_tolerates_typos_and_needs_every_content_word(finder: Finder) -> None:
    assert any("stretch" in h.entry.question for h in finder.find("strech"))
    assert finder.find("shoes xylophone") == []
    assert finder.find("zzzz") == [] and finder.find("  ?! ") == []


def test_filter_ranks_literal_words_above_synonyms(finder: Finder) -> None:
    hits = finder.find("shoes")
    assert "shoes" in hits[0].entry.question
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_highlighted_styles_the_spans_of_the_cleaned_question(kb: KnowledgeBase) -> None:
    entry = replace(kb.entries[0], question="Bad \x1b stretch")
    frags = highlighted(Hit(entry, 100.0, ((6, 10),)))
    assert frags == [("", "Bad ␛ "), ("match", "stre"), ("", "tch")]


def test_highlight_spans_cover_whole_words_when_folding_changes_length() -> None:
    assert highlight_spans("Die Straße", ["stra"], [{"strasse": 100.0}]) == ((4, 10),)
    assert highlight_spans("Un café?", ["caf"], [{"cafe": 100.0}]) == ((3, 6),)


# --- state transitions -----------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(matcher: Matcher, finder: Finder) -> Browser:
    return Browser(matcher.kb, finder)


VIEW = Viewport(height=5, lines=40, marks=(10, 12, 14))


def test_enter_opens_a_topic_then_a_question_and_escape_goes_back_then_leaves(
    browser: Browser,
) -> None:
    state = browser.move(State(), 1, VIEW)
    assert state.topic == 1
    state = browser.enter(state)
    assert state.pane == "questions"
    state = browser.enter(browser.move(state, 1, VIEW))
    assert (state.pane, state.question) == ("answer", 1)
    back = browser.escape(state)
    assert back is not None and back.pane == "questions"
    top = browser.escape(back)
    assert top is not None and top.pane == "topics"
    assert browser.escape(top) is None


def test_moves_stop_at_the_ends(browser: Browser, kb: KnowledgeBase) -> None:
    assert browser.move(State(), -1, VIEW).topic == 0
    last = len(kb.topics) - 1
    assert browser.move(State(topic=last), 5, VIEW).topic == last


def test_typing_filters_and_escape_clears_keeping_the_question(browser: Browser) -> None:
    state = browser.type(State(), "shoe")
    assert state.pane == "questions" and state.query == "shoe"
    entry = browser.entry(state)
    assert entry is not None and "shoes" in entry.question
    cleared = browser.escape(state)
    assert cleared is not None and cleared.query == ""
    assert browser.entry(cleared) == entry
    assert browser.escape(cleared) is not None


def test_backspace_edits_the_filter(browser: Browser) -> None:
    state = browser.type(browser.type(State(), "sh"), "x")
    assert browser.backspace(state).query == "sh"
    entry = browser.entry(browser.type(State(), "s"))
    emptied = browser.backspace(browser.type(State(), "s"))
    assert emptied.query == "" and browser.entry(emptied) == entry
    assert browser.backspace(State()) == State()


def test_tab_skips_topics_while_filtering_and_arrows_stop_at_the_ends(browser: Browser) -> None:
    assert browser.switch(State(), 1).pane == "questions"
    assert browser.switch(State(pane="answer"), 1).pane == "topics"
    assert browser.switch(State(pane="answer"), 1, wrap=False).pane == "answer"
    assert browser.switch(State(), -1, wrap=False).pane == "topics"
    filtering = browser.type(State(), "pain")
    assert browser.switch(browser.switch(filtering, 1), 1).pane == "questions"


def test_enter_on_a_related_question_opens_it_in_its_topic(
    browser: Browser, kb: KnowledgeBase
) -> None:
    state = State(pane="answer")
    first = browser.entry(state)
    assert first is not None and first.related
    state = browser.move(state, 1, VIEW)
    assert state.related == 1 and state.scroll == follow(0, 12, 5)
    opened = browser.enter(state)
    target = kb.entry(first.related[1])
    assert browser.entry(opened) == target and opened.pane == "answer"


def test_clicks_select_and_focus(browser: Browser) -> None:
    assert browser.click(State(query="x", pane="questions"), "topics", 2) == State(topic=2)
    assert browser.click(State(), "questions", 1) == State(pane="questions", question=1)
    assert browser.click(State(), "answer", 2) == State(pane="answer", related=2)


def test_page_and_follow_keep_the_scroll_in_range() -> None:
    assert page(State(), 100, VIEW).scroll == 35
    assert page(State(scroll=3), -10, VIEW).scroll == 0
    assert follow(0, 3, 5) == 0 and follow(0, 7, 5) == 3 and follow(6, 2, 5) == 2


TINY = """
title: Tiny
topics: [{id: t, title: T}]
entries:
  - {id: a, topic: t, question: What is a?, answer: A., related: [b]}
  - {id: b, topic: t, question: What is b?, answer: B.}
"""


def test_up_and_down_scroll_an_answer_without_related_questions(
    write: Callable[[str, str], Path],
) -> None:
    matcher = Matcher(load(write("kb.yaml", TINY)))
    browser = Browser(matcher.kb, Finder(matcher.kb.entries, matcher.analyzer))
    state = browser.enter(State(pane="answer"))
    assert (state.question, state.pane) == (1, "answer")
    assert browser.move(state, 1, VIEW).scroll == 1


# --- layout and lines ------------------------------------------------------------------


def test_layout_is_side_by_side_when_wide_and_stacked_when_narrow() -> None:
    assert plan(WIDE, 24, State(), 7, 9).side_by_side
    narrow = plan(WIDE - 1, 24, State(), 7, 9)
    assert not narrow.side_by_side and narrow.topics > 0
    focused = plan(40, 20, State(pane="answer"), 7, 9)
    assert focused.topics == 0 and focused.answer > narrow.answer
    assert plan(40, 20, State(), 7, 2).questions == 2


@pytest.mark.parametrize("width", [20, 40, 79, 80, 120, 250])
@pytest.mark.parametrize("height", [6, 10, 20, 24, 60])
@pytest.mark.parametrize("pane", ["topics", "questions", "answer"])
@pytest.mark.parametrize("n_rows", [0, 3, 30])
def test_layout_fills_the_screen_exactly(width: int, height: int, pane: str, n_rows: int) -> None:
    state = State(pane=pane)  # type: ignore[arg-type]
    p = plan(width, height, state, 7, n_rows)
    body = height - 2
    if p.side_by_side:
        assert 2 + p.topics + p.questions == body == 1 + p.answer
        assert p.left + 1 + p.answer_width == width
    else:
        titles = 3 if p.topics else 2
        assert titles + p.topics + p.questions + p.answer == body
    assert min(p.topics, p.questions, p.answer) >= 0 and p.answer >= 1


def test_fit_cuts_with_an_ellipsis_or_pads() -> None:
    assert fit([("", "ab"), ("match", "cdef")], 4) == [("", "ab"), ("match", "c"), ("match", "…")]
    assert fit([("", "ab")], 4) == [("", "ab"), ("", "  ")]
    assert fit([("", "abc")], 0) == []


def test_list_view_scrolls_to_the_current_row_and_marks_it() -> None:
    rows = [[("", f"q{i}")] for i in range(10)]
    offset, shown = list_view(rows, 7, 0, 3, 6, focused=True)
    assert offset == 5 and [i for i, _ in shown] == [5, 6, 7]
    assert shown[-1][1][0] == ("selected", "> ")
    _, shown = list_view(rows, 0, 0, 3, 6, focused=False)
    assert shown[0][1][0] == ("current", "> ") and shown[1][1][0] == ("", "  ")


def test_answer_lines_mark_each_related_question_and_quote_the_source(
    kb: KnowledgeBase,
) -> None:
    entry = kb.entries[0]
    text = answer_lines(kb, entry, 30)
    view = text.viewport(10)
    assert len(view.marks) == len(entry.related) and view.lines == len(text.lines)
    flat = ["".join(t for _, t in line) for line in text.lines]
    assert any("Source, paragraph" in line for line in flat)
    assert all(len(line) <= 30 for line in flat)
    wrapped = [i for i, owner in enumerate(text.owners) if owner == 0]
    assert wrapped[0] == view.marks[0]


@pytest.mark.parametrize("width", [30, 40, 80, 120])
def test_key_help_fits_one_line(width: int) -> None:
    for state in (State(), State(pane="answer"), State(query="x", pane="questions")):
        assert len(key_help(width, state)) <= width
    assert "Esc clear" in key_help(80, State(query="x"))


# --- the Application -------------------------------------------------------------------


class Terminal:
    """The browser in a fake terminal: keys in through a pipe, a screen grid out."""

    def __init__(self, pipe: PipeInput, rows: int, columns: int) -> None:
        self.pipe = pipe
        self.stream = io.StringIO()
        self.size = Size(rows=rows, columns=columns)
        self.output = Vt100_Output(
            self.stream, lambda: self.size, term="xterm-256color", enable_cpr=False
        )

    def screen(self) -> str:
        grid = Screen(self.size.rows, self.size.columns)
        grid.feed(self.stream.getvalue())
        return grid.text()

    async def press(self, keys: str, until: str | Callable[[str], bool]) -> str:
        """Send keys, then wait until the screen shows the text (or passes the check)."""
        self.pipe.send_text(keys)
        check = until if callable(until) else lambda screen: until in screen
        for _ in range(int(WAIT / 0.01)):
            await asyncio.sleep(0.01)
            if check(screen := self.screen()):
                return screen
        raise AssertionError(f"timed out waiting for {until!r}; screen:\n{self.screen()}")


def right_pane(screen: str) -> str:
    """The answer pane's text in the side-by-side layout, wrapped lines joined."""
    text = " ".join(" ".join(line.split("│", 1)[1:]) for line in screen.splitlines())
    return " ".join(text.split())


@pytest.fixture
def terminal() -> Iterator[Callable[..., Terminal]]:
    with create_pipe_input() as pipe:
        yield lambda rows=24, columns=80: Terminal(pipe, rows, columns)


def drive(
    matcher: Matcher,
    term: Terminal,
    steps: Callable[[Terminal], object],
    color: bool = False,
) -> int:
    """Run the browser while `steps` types into it; the browser's exit status."""

    async def main() -> int:
        app = build_app(matcher, color=color, input=term.pipe, output=term.output)
        task = asyncio.create_task(app.run_async())
        await term.press("", "Topics")
        await steps(term)  # type: ignore[misc]
        return await asyncio.wait_for(task, WAIT)

    return asyncio.run(main())


def test_filter_open_back_and_quit(matcher: Matcher, terminal: Callable[..., Terminal]) -> None:
    term = terminal()

    async def steps(t: Terminal) -> None:
        screen = await t.press("shoes", "Matches (2)")
        assert "> What shoes should I wear" in screen and "2/26" in screen
        screen = await t.press(DOWN + ENTER, "Enter related")
        assert "Can the wrong shoes or equipment cause buttock pain?" in right_pane(screen)
        assert "Related:" in screen and "Source, paragraph" in screen
        screen = await t.press(ESC, "type to filter")
        assert (
            "Esc back" in screen and "> Can the wrong shoes" in screen and "Equipment (2)" in screen
        )
        await t.press(ESC, "Enter open")
        await t.press(ESC, "Esc quit")
        t.pipe.send_text(ESC)

    assert drive(matcher, term, steps) == 0


def test_ctrl_c_leaves_with_status_zero(
    matcher: Matcher, terminal: Callable[..., Terminal]
) -> None:
    term = terminal()

    async def steps(t: Terminal) -> None:
        await t.press("stretch" + DOWN, "Matches")
        t.pipe.send_text(CTRL_C)

    assert drive(matcher, term, steps) == 0


def test_run_browser_returns_zero_on_ctrl_c(matcher: Matcher) -> None:
    with create_pipe_input() as pipe:
        pipe.send_text(CTRL_C)
        out = Vt100_Output(io.StringIO(), lambda: Size(24, 80), enable_cpr=False)
        assert run_browser(matcher, color=False, input=pipe, output=out) == 0


def test_moving_and_tab_follow_the_selection(
    matcher: Matcher, terminal: Callable[..., Terminal]
) -> None:
    term = terminal()

    async def steps(t: Terminal) -> None:
        screen = await t.press(DOWN, "> Causes")
        assert "What causes buttock pain after working out?" in right_pane(screen)
        await t.press(TAB + "\x0e", "> What is a muscle strain?")  # Ctrl-N
        screen = await t.press("\x10" + TAB, "Enter related")  # Ctrl-P, then the answer pane
        assert "What causes buttock pain after working out?" in right_pane(screen)
        assert "> What causes buttock pain" in screen
        t.pipe.send_text(CTRL_C)

    assert drive(matcher, term, steps) == 0


def test_page_down_scrolls_a_long_answer(
    matcher: Matcher, terminal: Callable[..., Terminal]
) -> None:
    term = terminal()

    async def steps(t: Terminal) -> None:
        screen = await t.press("\x1b[C\x1b[C", "Enter related")
        first = re.search(r"Answer  1-(\d+)/(\d+)", screen)
        assert first is not None
        screen = await t.press("\x1b[6~", f"Answer  {first.group(1)}-")
        await t.press("\x1b[5~", "Answer  1-")
        t.pipe.send_text(CTRL_C)

    assert drive(matcher, term, steps) == 0


def test_mouse_click_selects_a_topic(matcher: Matcher, terminal: Callable[..., Terminal]) -> None:
    term = terminal()

    async def steps(t: Terminal) -> None:
        row = next(i for i, line in enumerate(t.screen().splitlines()) if "Equipment" in line)
        click = f"\x1b[<0;5;{row + 1}M\x1b[<0;5;{row + 1}m"
        screen = await t.press(click, "> Equipment (2)")
        assert "What shoes should I wear when working out?" in right_pane(screen)
        t.pipe.send_text(CTRL_C)

    assert drive(matcher, term, steps) == 0


def test_stacked_layout_at_40_by_20(matcher: Matcher, terminal: Callable[..., Terminal]) -> None:
    term = terminal(rows=20, columns=40)

    async def steps(t: Terminal) -> None:
        screen = t.screen()
        assert "│" not in screen and max(map(len, screen.splitlines())) <= 40
        screen = await t.press("warm", "Matches")
        screen = await t.press(ENTER, "⏎ related")
        assert " Topics" not in screen and "Answer" in screen
        t.pipe.send_text(CTRL_C)

    assert drive(matcher, term, steps) == 0


def test_without_colour_only_attributes_are_sent(
    matcher: Matcher, terminal: Callable[..., Terminal]
) -> None:
    term = terminal()

    async def steps(t: Terminal) -> None:
        await t.press("shoe", "Matches")
        t.pipe.send_text(CTRL_C)

    assert drive(matcher, term, steps, color=False) == 0
    assert not COLOUR.search(term.stream.getvalue())
    assert "\x1b[7m" in term.stream.getvalue() or ";7m" in term.stream.getvalue()


def test_colour_is_used_unless_no_color_is_set(
    matcher: Matcher, terminal: Callable[..., Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def steps(t: Terminal) -> None:
        await t.press("shoe", "Matches")
        t.pipe.send_text(CTRL_C)

    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = terminal()
    drive(matcher, coloured, steps, color=True)
    assert COLOUR.search(coloured.stream.getvalue())
    monkeypatch.setenv("NO_COLOR", "1")
    plain = terminal()
    drive(matcher, plain, steps, color=True)
    assert not COLOUR.search(plain.stream.getvalue())


HOSTILE = """
title: "Evil \\e]0;pwned\\a"
source: article.txt
topics:
  - {id: t, title: "Topic \\e[2J\\e[31mred"}
entries:
  - id: e
    topic: t
    question: "Why \\e]0;title\\a ring \\a here?"
    answer: "Clear \\e[2J the screen \\e[31m now"
    source: [1]
"""


def test_escape_sequences_in_files_are_drawn_harmlessly(
    write: Callable[[str, str], Path], terminal: Callable[..., Terminal]
) -> None:
    write("article.txt", "A paragraph \x1b[2J with \x07 a bell.\n")
    hostile = Matcher(load(write("kb.yaml", HOSTILE)))
    term = terminal()

    async def steps(t: Terminal) -> None:
        screen = await t.press("\x1b[C\x1b[C", "Enter related")
        assert "␛[2J the screen ␛[31m now" in screen and "␇ a bell" in screen
        await t.press("ring", "Matches (1)")
        t.pipe.send_text(CTRL_C)

    assert drive(hostile, term, steps) == 0
    raw = term.stream.getvalue()
    assert "\x07" not in raw and "\x1b]" not in raw and "\x1b[2J" not in raw
    assert "\x1b[31m" not in raw
