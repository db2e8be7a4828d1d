"""The chat driven through a real PromptSession: keys in through a pipe, a VT100 screen out.

A feeder thread types while `run_chat` runs in the main thread, as in a terminal. It waits
for what the user would wait for (the prompt, a reply) rather than sleeping.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from assistant.chat import PROMPT, run_chat
from assistant.core import Assistant
from assistant.history import SharedFileHistory, history_path, open_history
from assistant.loader import load
from assistant.matcher import Matcher
from assistant.model import KnowledgeBase
from assistant.render import related_entries

ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Z]|[=>78])")
COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m")
WAIT = 5.0
# The renderer moves the cursor past trailing spaces instead of printing them.
READY = PROMPT.rstrip()


class Terminal:
    """The chat's terminal: keys go in through a pipe, the screen is read back as text."""

    def __init__(self, pipe: PipeInput) -> None:
        self.pipe = pipe
        self.stream = io.StringIO()
        self.output = Vt100_Output(
            self.stream, lambda: Size(rows=24, columns=80), term="xterm-256color", enable_cpr=False
        )
        self.seen = 0

    @property
    def raw(self) -> str:
        return self.stream.getvalue()

    @property
    def text(self) -> str:
        """The screen output without escape sequences."""
        return ESCAPE.sub("", self.raw).replace("\r", "")

    def expect(self, wanted: str) -> None:
        """Wait until `wanted` appears after the last thing expected."""
        deadline = time.monotonic() + WAIT
        while (found := self.text.find(wanted, self.seen)) < 0:
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {wanted!r}; the screen:\n{self.text}")
            time.sleep(0.01)
        self.seen = found + len(wanted)

    def type(self, keys: str) -> None:
        self.pipe.send_text(keys)

    def paste(self, text: str) -> None:
        """Paste text as a terminal does: one bracketed paste, not a key at a time."""
        self.pipe.send_text(f"\x1b[200~{text}\x1b[201~")

    def ask(self, line: str, wanted: str) -> None:
        """At the prompt, type a line and wait for `wanted` in the reply."""
        self.expect(READY)
        self.type(line + "\r")
        self.expect(wanted)


Script = Callable[[Terminal], None]
Chat = Callable[..., tuple[int, Terminal]]


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def chat(helper: Assistant) -> Chat:
    """Run the chat against a script; return its exit status and the terminal."""

    def run(script: Script, color: bool = False, using: Assistant = helper) -> tuple[int, Terminal]:
        failures: list[BaseException] = []
        with create_pipe_input() as pipe:
            terminal = Terminal(pipe)

            def feed() -> None:
                try:
                    script(terminal)
                except BaseException as exc:
                    failures.append(exc)
                    pipe.send_text("\x03\x04")  # cancel the line and leave, so run_chat ends

            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
            status = run_chat(using, color, input=pipe, output=terminal.output)
            feeder.join(WAIT)
        if failures:
            raise failures[0]
        return status, terminal

    return run


def leave(t: Terminal) -> None:
    t.expect(READY)
    t.type("\x04")


def test_welcome_then_a_question_with_a_typo_is_answered(chat: Chat, matcher: Matcher) -> None:
    question = "how lomg does the pain last"
    entry = matcher.match(question).match
    assert entry is not None

    def script(t: Terminal) -> None:
        for line in (matcher.kb.title, matcher.kb.disclaimer, "/help", "/browse", "Ctrl-D"):
            t.expect(line)
        t.ask(question, entry.entry.question)
        t.expect(entry.entry.answer[:40])
        t.expect("Related:")
        leave(t)

    status, terminal = chat(script)
    assert status == 0
    assert terminal.text.rstrip().endswith("Goodbye.")


def test_a_number_opens_that_related_answer(chat: Chat, kb: KnowledgeBase) -> None:
    entry = kb.entry("how-long")
    assert entry is not None
    second = related_entries(kb, entry)[1]

    def script(t: Terminal) -> None:
        t.ask(entry.question, "Related:")
        t.ask("2", second.question)
        t.expect(second.answer[:40])
        leave(t)

    chat(script)


def test_alt_number_picks_at_once_and_stays_out_of_history(
    chat: Chat, kb: KnowledgeBase, tmp_path: Path
) -> None:
    entry = kb.entry("how-long")
    assert entry is not None
    first = related_entries(kb, entry)[0]

    def script(t: Terminal) -> None:
        t.ask(entry.question, "Related:")
        t.expect(READY)
        t.type("\x1b1")
        t.expect(first.answer[:40])
        leave(t)

    chat(script)
    stored = list(FileHistory(tmp_path / "state" / "assistant" / "history").load_history_strings())
    assert stored == [entry.question]


def test_topics_are_numbered_and_a_topic_opens_by_number_or_name(
    chat: Chat, kb: KnowledgeBase
) -> None:
    second = kb.topics[1]
    questions = kb.entries_in(second.id)

    def script(t: Terminal) -> None:
        t.ask("/topics", "Topics")
        for number, topic in enumerate(kb.topics, 1):
            t.expect(f"{number}. {topic.title}")
        t.ask("/topic 2", second.title)
        t.expect(f"1. {questions[0].question}")
        t.ask("3", questions[2].question)  # the topic's questions are the options now
        t.expect(questions[2].answer[:40])
        t.ask("/topics", "Topics")
        t.ask("1", kb.topics[0].title)  # and a number after /topics opens a topic
        t.ask("/topic warm", "Warming up")
        t.ask("/topic nothing like it", "No topic 'nothing like it'.")
        leave(t)

    chat(script)


def test_show_prints_an_entry_with_its_source(chat: Chat, kb: KnowledgeBase) -> None:
    entry = kb.entry("how-long")
    assert entry is not None

    def script(t: Terminal) -> None:
        t.ask("/show how-long", f"[how-long] {kb.topics[0].title}")
        t.expect(entry.question)
        t.expect(f"Source, paragraph {entry.source[0]}:")
        t.ask("/show nope", "No entry with id 'nope'.")
        leave(t)

    chat(script)


@pytest.mark.parametrize(
    ("typed", "suggested"), [("/topcis", "/topics"), ("/hlep", "/help"), ("/shwo x", "/show")]
)
def test_an_unknown_command_gets_the_closest_one(chat: Chat, typed: str, suggested: str) -> None:
    def script(t: Terminal) -> None:
        t.ask(typed, f"did you mean {suggested}?")
        leave(t)

    chat(script)


def test_help_lists_commands_and_keys(chat: Chat) -> None:
    def script(t: Terminal) -> None:
        t.ask("/help", "Commands")
        for text in ("/topics", "/topic", "/show", "/browse", "/clear", "/quit", "Keys", "Ctrl-L"):
            t.expect(text)
        leave(t)

    chat(script)


def test_numbers_without_options_or_out_of_range_explain_themselves(chat: Chat) -> None:
    def script(t: Terminal) -> None:
        t.ask("1", "Nothing to pick yet")
        t.ask("/topics", "Topics")
        t.ask("99", "Pick a number from 1 to 7.")
        leave(t)

    chat(script)


def test_ctrl_c_cancels_the_line_and_the_chat_goes_on(chat: Chat) -> None:
    def script(t: Terminal) -> None:
        t.expect(READY)
        t.type("what causes the pa")
        t.expect("what causes the pa")
        t.type("\x03")
        t.ask("/topics", "Topics")
        leave(t)

    status, terminal = chat(script)
    assert status == 0
    assert "Related:" not in terminal.text, "the cancelled line was answered"


def test_ctrl_d_on_an_empty_line_leaves_with_goodbye(chat: Chat) -> None:
    status, terminal = chat(leave)
    assert status == 0
    assert terminal.text.rstrip().endswith("Goodbye.")


def test_ctrl_d_with_text_on_the_line_does_not_leave(chat: Chat) -> None:
    def script(t: Terminal) -> None:
        t.expect(READY)
        t.type("x/topics\x01\x04")  # Ctrl-A, then Ctrl-D deletes the "x"
        t.type("\r")
        t.expect("Topics")
        leave(t)

    chat(script)


def test_quit_leaves_with_goodbye(chat: Chat) -> None:
    def script(t: Terminal) -> None:
        t.ask("/quit", "Goodbye.")

    status, _ = chat(script)
    assert status == 0


def test_tab_completes_a_question_that_answers_exactly_that_entry(
    chat: Chat, matcher: Matcher, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = kb.entry("right-shoes")
    assert entry is not None

    def no_matching(query: str, top: int = 3, **_: object) -> None:
        raise AssertionError(f"re-matched {query!r}")

    monkeypatch.setattr(matcher, "match", no_matching)

    def script(t: Terminal) -> None:
        t.expect(READY)
        t.type("what shoes")
        t.expect(entry.question)  # in the completion menu
        t.type("\t")
        t.type("\r")
        t.expect(entry.answer[:40])
        leave(t)

    _, terminal = chat(script)
    assert "went wrong" not in terminal.text


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (RuntimeError("boom"), "Sorry, something went wrong: RuntimeError('boom')"),
        # Ctrl-C while a reply is being worked out cancels only that reply.
        (KeyboardInterrupt(), "Interrupted."),
    ],
)
def test_a_reply_that_fails_is_one_line_and_the_chat_goes_on(
    chat: Chat,
    matcher: Matcher,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    said: str,
) -> None:
    def broken(query: str, top: int = 3, **_: object) -> None:
        raise failure

    monkeypatch.setattr(matcher, "match", broken)

    def script(t: Terminal) -> None:
        t.ask("anything at all", said)
        t.ask("/topics", "Topics")
        leave(t)

    status, terminal = chat(script)
    assert status == 0
    assert "Traceback" not in terminal.text


def test_ctrl_l_and_clear_clear_the_screen(chat: Chat) -> None:
    def script(t: Terminal) -> None:
        t.expect(READY)
        t.type("\x0c")
        t.expect(READY)
        t.type("/clear\r")
        t.expect(READY)
        leave(t)

    _, terminal = chat(script)
    assert terminal.raw.count("\x1b[2J") >= 2


def test_colours_come_from_the_style(chat: Chat) -> None:
    _, terminal = chat(leave, color=True)
    assert COLOUR.search(terminal.raw)


def test_no_color_and_color_false_print_no_colours(
    chat: Chat, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb_first_topic = kb.topics[0].title

    def script(t: Terminal) -> None:
        t.ask("/topics", "Topics")
        t.ask("1", kb_first_topic)
        leave(t)

    _, plain = chat(script, color=False)
    monkeypatch.setenv("NO_COLOR", "1")
    _, no_color = chat(script, color=True)
    for terminal in (plain, no_color):
        assert not COLOUR.search(terminal.raw), COLOUR.search(terminal.raw)


def test_text_from_files_cannot_drive_the_terminal(
    chat: Chat, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "kb.yaml",
        """
        title: "Evil \\e]0;pwned\\a title"
        topics: [{id: t, title: "Top\\e[2Jic"}]
        entries:
          - id: e
            topic: t
            question: "Where is the \\e[31mred\\e[0m bell?"
            answer: "Ring \\a ring. \\e[?1049h"
        """,
    )

    def script(t: Terminal) -> None:
        t.ask("/show e", "Ring")
        t.ask("/topics", "Top")
        leave(t)

    _, terminal = chat(script, using=Assistant(load(path)))
    for payload in ("\x1b]0;pwned", "\x07", "\x1b[31mred", "\x1b[?1049h"):
        assert payload not in terminal.raw
    assert "\u241b[31mred" in terminal.text


def test_history_is_written_to_the_state_directory(chat: Chat, tmp_path: Path) -> None:
    def script(t: Terminal) -> None:
        t.ask("/topics", "Topics")
        leave(t)

    chat(script)
    file = tmp_path / "state" / "assistant" / "history"
    assert list(FileHistory(file).load_history_strings()) == ["/topics"]


def test_history_falls_back_to_memory_and_says_so_once(
    chat: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the state directory should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))

    def script(t: Terminal) -> None:
        t.expect("History is kept for this session only")
        t.ask("/topics", "Topics")
        t.expect(READY)
        t.type("\x1b[A")  # Up recalls the line from memory
        t.expect("/topics")
        t.type("\r")
        t.expect("Topics")
        leave(t)

    status, terminal = chat(script)
    assert status == 0
    assert terminal.text.count("History is kept for this session only") == 1
    assert blocker.read_text() == "a file where the state directory should be"


def test_a_history_write_that_fails_later_is_reported_once(
    chat: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assistant.history._append", full_disk)

    def script(t: Terminal) -> None:
        t.ask("/topics", "No space left on device")
        t.ask("/topics", "Topics")
        leave(t)

    _, terminal = chat(script)
    assert terminal.text.count("History is kept for this session only") == 1


def test_browse_opens_the_browser_with_the_chat_colours(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = pytest.importorskip("assistant.browser")
    calls: list[tuple[Matcher, bool]] = []
    monkeypatch.setattr(
        browser, "run_browser", lambda matcher, color: calls.append((matcher, color)) or 0
    )

    def script(t: Terminal) -> None:
        t.ask("/browse", READY)
        leave(t)

    chat(script)
    assert [color for _, color in calls] == [False]


def test_history_path_follows_xdg_and_ignores_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert history_path() == tmp_path / "assistant" / "history"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert history_path() == tmp_path / ".local" / "state" / "assistant" / "history"


def test_an_unreadable_history_file_falls_back_to_memory(tmp_path: Path) -> None:
    file = tmp_path / "history"
    file.mkdir()  # a directory where the file should be fails for root too
    history, problem = open_history(file)
    assert isinstance(history, InMemoryHistory)
    assert problem is not None and str(file) in problem


def test_two_chats_writing_one_history_file_lose_nothing(tmp_path: Path) -> None:
    file = tmp_path / "history"
    # Long, multi-line entries are the ones a buffered writer would split and interleave.
    entries = {name: [f"{name} {i}\n" + name * 5000 for i in range(100)] for name in "ab"}

    def write(lines: list[str]) -> None:
        history = SharedFileHistory(file)
        for line in lines:
            history.store_string(line)

    threads = [threading.Thread(target=write, args=(lines,)) for lines in entries.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = list(FileHistory(file).load_history_strings())
    assert sorted(stored) == sorted(entries["a"] + entries["b"])


def test_odd_questions_get_a_reply_and_the_chat_goes_on(chat: Chat) -> None:
    odd = [
        "?!?...",
        "the and of to",
        "\U0001f600 why do my \U0001f351 hurt",
        "wh\u200by do my glu\u200dtes hurt",
        "\u202ewhy do my glutes hurt\u202c \u05e9\u05dc\u05d5\u05dd",
        "почему болят glutes 运动",
    ]

    def script(t: Terminal) -> None:
        for question in odd:
            t.expect(READY)
            t.type(question + "\r")
            t.expect("\n\n")  # a reply, set off by a blank line
        # Typed key by key, 3,000 keys take prompt_toolkit seconds under coverage.
        t.expect(READY)
        t.paste("x" * 3000)
        t.type("\r")
        t.expect("Sorry")  # declined, as a word it has never seen
        t.ask("/topics", "Topics")
        leave(t)

    status, terminal = chat(script)
    assert status == 0
    assert "went wrong" not in terminal.text, terminal.text
