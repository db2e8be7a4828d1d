"""The interactive chat: a prompt loop over the matcher, with numbered picks and slash commands.

Only this module and the browser import prompt_toolkit, so other commands start fast.
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application.current import create_app_session, get_app_session
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import clear
from rapidfuzz import process

from assistant.completer import ChatCompleter, threaded
from assistant.core import Assistant
from assistant.history import SharedFileHistory, open_history
from assistant.keys import chat_key_bindings
from assistant.model import Entry, Topic
from assistant.render import (
    MAX_WIDTH,
    Fragments,
    clean,
    entry_details,
    entry_reply,
    numbered,
    related_entries,
    reply_fragments,
    reply_options,
    wants_colour,
)
from assistant.style import chat_style, colour_depth, formatted

COMMANDS = {
    "/help": "commands and keys",
    "/topics": "list the topics",
    "/topic": "one topic's questions: /topic NAME or NUMBER",
    "/show": "an answer with its source: /show ID",
    "/browse": "browse the topics full-screen",
    "/clear": "clear the screen",
    "/quit": "leave (or Ctrl-D)",
}
KEYS = {
    "Tab": "complete a question or command",
    "1-9, Alt+1-9": "pick a numbered option",
    "Up/Down": "history",
    "Ctrl-C": "cancel the line",
    "Ctrl-L": "clear the screen",
    "Ctrl-D": "leave",
}
PROMPT = "ask> "

Option = Entry | Topic


def run_chat(
    assistant: Assistant,
    color: bool,
    *,
    input: Input | None = None,
    output: Output | None = None,
) -> int:
    """Run the chat until the user leaves; return the exit status (0)."""
    with create_app_session(input=input, output=output):
        return Chat(assistant, wants_colour(color)).run()


class Chat:
    """One chat session: the prompt, the last reply's numbered options and the commands."""

    def __init__(self, assistant: Assistant, colour: bool) -> None:
        self.assistant = assistant
        self.kb = assistant.kb
        self.colour = colour
        self.style = chat_style(colour)
        self.completer = ChatCompleter(self.kb, COMMANDS)
        self.history, self.history_problem = open_history()
        self.options: list[Option] = []
        self.by_question = {clean(e.question): e for e in reversed(self.kb.entries)}
        self.commands: dict[str, Callable[[str], None]] = {
            "/help": self.show_help,
            "/topics": self.show_topics,
            "/topic": self.show_topic,
            "/show": self.show_entry,
            "/browse": self.browse,
            "/clear": lambda _: clear(),
        }

    def run(self) -> int:
        """Greet, then answer line after line until Ctrl-D or /quit."""
        session = self.session()
        self.welcome()
        while True:
            try:
                line = session.prompt()
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if line.strip().lower() in ("/quit", "/exit", "/q"):
                break
            self.handle_safely(line)
            self.report_history_failure()
        self.say([("muted", "Goodbye.\n")])
        return 0

    def session(self) -> PromptSession[str]:
        """The prompt, built in one place as pgcli does."""
        return PromptSession(
            [("class:prompt", PROMPT)],
            completer=threaded(self.completer),
            complete_while_typing=True,
            auto_suggest=AutoSuggestFromHistory(),
            history=self.history,
            bottom_toolbar=self.toolbar(),
            key_bindings=chat_key_bindings(),
            style=self.style,
            color_depth=colour_depth(self.colour),
            reserve_space_for_menu=6,
        )

    def toolbar(self) -> FormattedText:
        """Knowledge base, its size, and the keys worth knowing."""
        kb = self.kb
        return FormattedText(
            [
                ("class:bottom-toolbar.title", f" {clean(kb.title)} "),
                ("", f" {len(kb.topics)} topics, {len(kb.entries)} answers "),
                ("class:bottom-toolbar.key", " Tab"),
                ("", " complete "),
                ("class:bottom-toolbar.key", " 1-9"),
                ("", " pick "),
                ("class:bottom-toolbar.key", " /help "),
                ("class:bottom-toolbar.key", " Ctrl-D"),
                ("", " quit "),
            ]
        )

    def welcome(self) -> None:
        """Title, disclaimer, how to get going, and any history problem."""
        frags: Fragments = [
            ("heading", clean(self.kb.title) + "\n"),
            *([("muted", clean(self.kb.disclaimer) + "\n")] if self.kb.disclaimer else []),
            ("", "Ask a question in your own words.\nType "),
            ("topic", "/help"),
            ("", " for commands, "),
            ("topic", "/topics"),
            ("", " or "),
            ("topic", "/browse"),
            ("", " to look around, "),
            ("topic", "Ctrl-D"),
            ("", " to quit.\n\n"),
        ]
        self.say(frags)
        if self.history_problem:
            self.say_history_problem(self.history_problem)

    def handle_safely(self, line: str) -> None:
        """Handle one line; whatever goes wrong is one line on screen, never a traceback."""
        try:
            self.handle(line.strip())
        except KeyboardInterrupt:
            self.say([("muted", "Interrupted.\n")])
        except Exception as exc:  # the chat must outlive any one reply
            self.say([("error", clean(f"Sorry, something went wrong: {exc!r}") + "\n")])

    def handle(self, line: str) -> None:
        """A number picks an option, "/" starts a command, anything else is a question."""
        if not line:
            return
        if line.isdigit():
            self.pick(int(line))
        elif line.startswith("/"):
            self.command(line)
        elif line in self.by_question:
            # A completed question answers exactly that entry, whatever the matcher thinks.
            self.show_answer(self.by_question[line])
        else:
            self.ask(line)

    def ask(self, question: str) -> None:
        """Reply to a message; its numbered lines become the options."""
        reply = self.assistant.reply(question)
        self.reply(reply_fragments(self.kb, reply, self.width()))
        self.options = list(reply_options(self.kb, reply))

    def pick(self, number: int) -> None:
        """Open the numbered option of the last reply."""
        if not self.options:
            self.say([("error", "Nothing to pick yet: ask a question or type /topics.\n")])
        elif not 1 <= number <= len(self.options):
            self.say([("error", f"Pick a number from 1 to {len(self.options)}.\n")])
        else:
            option = self.options[number - 1]
            if isinstance(option, Topic):
                self.show_topic_questions(option)
            else:
                self.show_answer(option)

    def show_answer(self, entry: Entry) -> None:
        """One entry's answer; its related questions become the options."""
        self.reply(entry_reply(self.kb, entry, self.width()))
        self.options = list(related_entries(self.kb, entry))

    def command(self, line: str) -> None:
        """Run a slash command, or suggest the closest one."""
        name, _, arg = line.partition(" ")
        handler = self.commands.get(name.lower())
        if handler is not None:
            handler(arg.strip())
            return
        guess = process.extractOne(name.lower(), list(COMMANDS), score_cutoff=50)
        hint = f"did you mean {guess[0]}?" if guess else "type /help for the commands."
        self.say([("error", clean(f"Unknown command {name}: ") + hint + "\n")])

    def show_help(self, _: str) -> None:
        """Commands and keys, aligned."""
        frags: Fragments = [("heading", "Commands\n")]
        frags += [*_table(COMMANDS), ("", "\n"), ("heading", "Keys\n"), *_table(KEYS)]
        frags += [("", "\nAnything else is a question. A number alone picks that option.\n")]
        self.reply(frags)

    def show_topics(self, _: str) -> None:
        """Topics, numbered; a number then opens one."""
        titles = [f"{t.title} ({len(self.kb.entries_in(t.id))})" for t in self.kb.topics]
        self.reply([("heading", "Topics\n"), *numbered(titles, self.width())])
        self.options = list(self.kb.topics)

    def show_topic(self, arg: str) -> None:
        """One topic, by number (as in /topics) or by name, fuzzily."""
        topic = self.find_topic(arg)
        if topic is None:
            self.say([("error", clean(f"No topic '{arg}'.") + " Type /topics to list them.\n")])
        else:
            self.show_topic_questions(topic)

    def find_topic(self, arg: str) -> Topic | None:
        """The topic a user means by a number, id or (part of a) title."""
        topics = self.kb.topics
        if arg.isdigit():
            return topics[int(arg) - 1] if 1 <= int(arg) <= len(topics) else None
        if not arg:
            return None
        names = {t.id: f"{t.id} {t.title}".lower() for t in topics}
        best = process.extractOne(arg.lower(), names, score_cutoff=60)
        return self.kb.topic(best[2]) if best else None

    def show_topic_questions(self, topic: Topic) -> None:
        """A topic's questions, numbered and pickable."""
        entries = list(self.kb.entries_in(topic.id))
        questions = numbered((e.question for e in entries), self.width())
        self.reply([("topic", clean(topic.title) + "\n"), *questions])
        self.options = list(entries)

    def show_entry(self, arg: str) -> None:
        """An entry in full, with its source paragraphs."""
        entry = self.kb.entry(arg)
        if entry is None:
            hint = "Tab after /show lists the ids."
            self.say([("error", clean(f"No entry with id '{arg}'. ") + hint + "\n")])
            return
        self.reply(entry_details(self.kb, entry, self.width()))
        self.options = list(related_entries(self.kb, entry))

    def browse(self, _: str) -> None:
        """The full-screen browser; back to the chat when it closes."""
        from assistant.browser import run_browser

        run_browser(self.assistant.matcher, color=self.colour)

    def report_history_failure(self) -> None:
        """Say once that history could not be saved (it stays in memory)."""
        history = self.history
        if (
            isinstance(history, SharedFileHistory)
            and history.failure
            and self.history_problem is None
        ):
            self.history_problem = history.failure
            self.say_history_problem(history.failure)

    def say_history_problem(self, problem: str) -> None:
        """The one notice that history lives in memory only."""
        self.say([("muted", clean(f"History is kept for this session only: {problem}.") + "\n")])

    def width(self) -> int:
        """The width replies wrap to: the terminal's, up to a comfortable reading width."""
        return min(get_app_session().output.get_size().columns, MAX_WIDTH)

    def reply(self, fragments: Fragments) -> None:
        """A reply, set off from the prompt by blank lines."""
        self.say([("", "\n"), *fragments, ("", "\n")])

    def say(self, fragments: Fragments) -> None:
        """Print fragments in the chat's style."""
        print_formatted_text(
            formatted(fragments), style=self.style, color_depth=colour_depth(self.colour), end=""
        )


def _table(rows: dict[str, str]) -> Fragments:
    """Two aligned columns: a highlighted name and its description."""
    width = max(map(len, rows)) + 2
    frags: Fragments = []
    for name, text in rows.items():
        frags += [("number", f"  {name:<{width}}"), ("", text + "\n")]
    return frags
