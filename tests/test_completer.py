"""The chat completer, asked directly as prompt_toolkit would ask it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from assistant.chat import COMMANDS
from assistant.completer import ChatCompleter, threaded
from assistant.loader import load
from assistant.model import KnowledgeBase


@pytest.fixture(scope="module")
def completer(kb: KnowledgeBase) -> ChatCompleter:
    return ChatCompleter(kb, COMMANDS)


def complete(completer: Completer, text: str) -> list[Completion]:
    return list(completer.get_completions(Document(text), CompleteEvent()))


def texts(completer: Completer, text: str) -> list[str]:
    return [c.text for c in complete(completer, text)]


def test_slash_alone_offers_every_command_with_its_help(completer: ChatCompleter) -> None:
    completions = complete(completer, "/")
    assert [c.text for c in completions] == list(COMMANDS)
    assert all(c.display_meta_text for c in completions)


def test_command_prefix_narrows_and_replaces_what_was_typed(completer: ChatCompleter) -> None:
    completions = complete(completer, "/to")
    assert [c.text for c in completions] == ["/topics", "/topic"]
    assert {c.start_position for c in completions} == {-3}


def test_topic_argument_completes_topic_titles(completer: ChatCompleter, kb: KnowledgeBase) -> None:
    completions = complete(completer, "/topic warm")
    assert [c.text for c in completions] == ["Warming up"]
    assert completions[0].start_position == -len("warm")
    assert completions[0].display_meta_text == f"{len(kb.entries_in('warming-up'))} questions"


def test_show_argument_completes_entry_ids(completer: ChatCompleter, kb: KnowledgeBase) -> None:
    completions = complete(completer, "/show how-")
    assert {c.text for c in completions} == {e.id for e in kb.entries if e.id.startswith("how-")}
    assert all(c.display_meta_text for c in completions)


def test_other_commands_take_no_argument_completions(completer: ChatCompleter) -> None:
    assert texts(completer, "/help ") == []


def test_a_question_with_a_typo_completes_to_its_entry(
    completer: ChatCompleter, kb: KnowledgeBase
) -> None:
    completions = complete(completer, "how lomg does the pain last")
    first = completions[0]
    assert first.text == kb.entry("how-long").question  # type: ignore[union-attr]
    # The whole line is replaced, so accepting it leaves exactly the question.
    assert first.start_position == -len("how lomg does the pain last")
    assert first.display_meta_text == "About the pain"


def test_an_unfinished_misspelt_word_still_completes(completer: ChatCompleter) -> None:
    assert "Should I stretch after a workout?" in texts(completer, "strech")


def test_words_in_any_order_complete(completer: ChatCompleter, kb: KnowledgeBase) -> None:
    assert texts(completer, "pain long")[0] == kb.entry("how-long").question  # type: ignore[union-attr]


def test_alternate_phrasings_find_the_main_question(
    completer: ChatCompleter, kb: KnowledgeBase
) -> None:
    offered = texts(completer, "glutes")
    assert offered, "'glutes' is only in alternates, yet should find their entries"
    assert all("glutes" not in q.lower() for q in offered)
    assert len(offered) == len(set(offered)), "one line per entry, not per phrasing"


def test_the_best_covered_question_comes_first(completer: ChatCompleter) -> None:
    assert texts(completer, "what shoes")[0].startswith("What shoes should I wear")


@pytest.mark.parametrize("text", ["", " ", "w", "xyzzy plugh", "1"])
def test_too_little_or_nothing_known_offers_nothing(completer: ChatCompleter, text: str) -> None:
    assert texts(completer, text) == []


def test_threaded_wrapper_offers_the_same(completer: ChatCompleter) -> None:
    assert texts(threaded(completer), "warm up") == texts(completer, "warm up")


def test_text_from_files_is_offered_without_control_characters(
    write: Callable[[str, str], Path],
) -> None:
    path = write(
        "kb.yaml",
        """
        title: Hostile
        topics: [{id: t, title: "Top\\e[2Jic"}]
        entries:
          - id: e
            topic: t
            question: "Where is the \\e]0;pwned\\a bell?"
            answer: Nowhere.
        """,
    )
    completer = ChatCompleter(load(path), COMMANDS)
    shown = [*complete(completer, "where bell"), *complete(completer, "/topic ")]
    assert shown
    for completion in shown:
        for text in (completion.text, completion.display_text, completion.display_meta_text):
            assert "\x1b" not in text and "\x07" not in text
