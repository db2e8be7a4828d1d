"""Loading and validating knowledge-base files: every problem reported with file:line."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.loader import load, load_with_warnings
from assistant.location import FaqError, resolve_faq_path

GOOD = textwrap.dedent(
    """
    title: Tiny
    topics:
      - {id: basics, title: Basics}
    entries:
      - id: first
        topic: basics
        question: What is the first thing?
        answer: The first thing.
        alternates: [first thing please]
        related: [second]
      - id: second
        topic: basics
        question: What is the second thing?
        answer: The second thing.
    """
).lstrip()

Write = Callable[[str, str], Path]


def problems(path: Path) -> list[str]:
    with pytest.raises(FaqError) as caught:
        load(path)
    return caught.value.problems


def test_loads_a_valid_file_into_the_model(write: Write) -> None:
    kb = load(write("kb.yaml", GOOD))
    assert kb.title == "Tiny"
    assert [t.id for t in kb.topics] == ["basics"]
    first = kb.entry("first")
    assert first is not None
    assert first.alternates == ("first thing please",)
    assert first.related == ("second",)


def test_merges_topics_and_entries_across_files_in_a_directory(write: Write) -> None:
    write("kb/a.yaml", "topics: [{id: t, title: T}]\n")
    write("kb/b.yml", "entries: [{id: e, topic: t, question: Q?, answer: A.}]\n")
    write("kb/notes.txt", "not yaml, ignored")
    kb = load(write("kb/a.yaml", "topics: [{id: t, title: T}]\n").parent)
    assert [e.id for e in kb.entries] == ["e"]
    assert len(kb.files) == 2


def test_the_disclaimer_is_data_that_one_file_sets(write: Write) -> None:
    assert load(write("kb.yaml", GOOD)).disclaimer == ""
    write("kb/a.yaml", "disclaimer: Not advice.\ntopics: [{id: t, title: T}]\n")
    kb = load(write("kb/b.yaml", "entries: [{id: e, topic: t, question: Q?, answer: A.}]\n").parent)
    assert kb.disclaimer == "Not advice."
    twice = write("kb/c.yaml", "disclaimer: Also not advice.\n")
    assert problems(twice.parent) == [
        f"{twice}:1: 'disclaimer' is already set in {twice.parent / 'a.yaml'}:1"
    ]


def test_a_safety_rule_may_list_triggers_also_said_in_jest(write: Write) -> None:
    rule = """
    safety:
      - id: severe
        message: See a doctor.
        triggers: [unbearable]
        hyperbole: [barely walk]
    """
    kb = load(write("kb.yaml", GOOD + textwrap.dedent(rule)))
    assert kb.safety[0].triggers == ("unbearable",)
    assert kb.safety[0].hyperbole == ("barely walk",)
    bad = write("bad.yaml", GOOD + textwrap.dedent(rule).replace("[barely walk]", "{a: b}"))
    assert problems(bad) == [f"{bad}:20: 'hyperbole' must be a list, not a mapping"]
    both = write("both.yaml", GOOD + textwrap.dedent(rule).replace("[barely walk]", "[unbearable]"))
    assert problems(both) == [f"{both}:20: 'hyperbole': 'unbearable' is also in 'triggers'"]


def test_a_quoted_trigger_word_is_one_word_in_closed_quotes(write: Write) -> None:
    rule = """
    safety:
      - id: weak
        message: See a doctor.
        triggers: ['"leg" gave way', '"leg gave way', '"leg day" pain']
    """
    path = write("kb.yaml", GOOD + textwrap.dedent(rule))
    wrong = f"{path}:19: 'triggers': quote one word at a time, as '\"leg\" gave way'"
    assert problems(path) == [wrong, wrong]


def test_topics_follow_their_order_field(write: Write) -> None:
    kb = load(
        write(
            "kb.yaml",
            """
            topics: [{id: b, title: B, order: 2}, {id: a, title: A, order: 1}]
            entries: [{id: e, topic: a, question: Q?, answer: A.}]
            """,
        )
    )
    assert [t.id for t in kb.topics] == ["a", "b"]


def test_unknown_field_is_named_with_a_suggestion_and_line(write: Write) -> None:
    path = write("kb.yaml", GOOD.replace("answer: The second thing.", "anwser: The second."))
    found = problems(path)
    assert f"{path}:14: entry: unknown field 'anwser' (did you mean 'answer'?)" in found
    assert any("missing required field 'answer'" in p for p in found)


def test_every_problem_is_reported_at_once(write: Write) -> None:
    text = """
        topics: [{id: t, title: T}]
        entries:
          - {id: Bad_Id, topic: t, question: Q?, answer: A.}
          - {id: e2, topic: nowhere, question: Q2?, answer: A.}
          - {id: e3, topic: t, question: "", answer: A., related: [ghost]}
          - {id: e4, topic: t, question: [a list], answer: A., source: [0, x]}
    """
    found = problems(write("kb.yaml", text))
    joined = "\n".join(found)
    assert "must be kebab-case" in joined
    assert "unknown topic 'nowhere'" in joined
    assert "'question' is empty" in joined
    assert "'question' must be text, not a list" in joined
    assert "source' paragraph numbers start at 1" in joined
    assert "'source' must be a whole number, not a string" in joined
    assert all(p.startswith(str(write("x", "").parent)) for p in found)


def test_unquoted_dates_and_booleans_are_named_with_the_fix(write: Write) -> None:
    text = """
        title: 2020-01-01
        topics: [{id: t, title: T}]
        entries:
          - {id: e1, topic: t, question: "Q?", answer: yes}
          - {id: e2, topic: t, question: "Q2?", answer: "yes"}
    """
    path = write("kb.yaml", text)
    assert problems(path) == [
        f"{path}:1: 'title' must be text, not a date: put it in quotes",
        f"{path}:4: 'answer' must be text, not a boolean: put it in quotes",
    ]


def test_duplicate_ids_across_files_name_both_places(write: Write) -> None:
    write(
        "kb/a.yaml",
        "topics: [{id: t, title: T}]\nentries: [{id: e, topic: t, question: Q?, answer: A.}]\n",
    )
    path = write("kb/b.yaml", "entries: [{id: e, topic: t, question: Other?, answer: B.}]\n")
    [problem] = problems(path.parent)
    assert problem.startswith(f"{path}:1: duplicate entry id 'e' (first at ")
    assert "a.yaml:2" in problem


def test_same_question_under_two_entries_is_an_error(write: Write) -> None:
    text = GOOD.replace("What is the second thing?", "what is the FIRST thing")
    assert any("is also under entry 'first'" in p for p in problems(write("kb.yaml", text)))


def test_near_identical_questions_are_warnings(write: Write) -> None:
    text = GOOD.replace("What is the second thing?", "What is the first things?")
    kb, warnings = load_with_warnings(write("kb.yaml", text))
    assert len(kb.entries) == 2
    assert len(warnings) == 1 and "nearly the same" in warnings[0]


def test_python_tags_are_refused_and_never_run(write: Write, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\n" + GOOD.split("\n", 1)[1]
    found = problems(write("kb.yaml", text))
    assert any(
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in p
        for p in found
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "file is empty"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("42\n", "top level must be a mapping (topics:, entries:, ...), not a number"),
        ("topics: [\n", "YAML syntax error"),
        ("title: x\n\tentries: []\n", "YAML syntax error"),
    ],
)
def test_malformed_files_get_one_line_each(write: Write, content: str, message: str) -> None:
    [problem] = problems(write("kb.yaml", content))
    assert message in problem and "\n" not in problem


def test_syntax_errors_carry_the_line(write: Write) -> None:
    path = write("kb.yaml", "title: ok\ntopics:\n  - {id: a, title: A\nentries: []\n")
    [problem] = problems(path)
    assert problem.startswith(f"{path}:4: YAML syntax error")


def test_non_utf8_bytes_are_reported_with_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(b"title: ok\ntopics: []\nentries: [\xff]\n")
    assert problems(path) == [f"{path}:3: not UTF-8 text (byte 0xff); save it as UTF-8"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path, write: Write) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + write("kb.yaml", GOOD).read_bytes())
    assert load(path).title == "Tiny"


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope") == [f"{tmp_path / 'nope'}: no such file or directory"]
    (tmp_path / "empty").mkdir()
    assert "no .yaml or .yml files" in problems(tmp_path / "empty")[0]


def test_source_article_paragraphs_are_loaded_and_checked(write: Write) -> None:
    write("article.txt", "First paragraph.\n\nSecond paragraph.\n")
    text = "source: article.txt\n" + GOOD.replace("related: [second]", "source: [2, 3]")
    found = problems(write("kb.yaml", text))
    assert (
        found == [found[0]] and "source paragraph 3 does not exist (the article has 2)" in found[0]
    )
    kb = load(
        write("kb.yaml", "source: article.txt\n" + GOOD.replace("related: [second]", "source: [2]"))
    )
    entry = kb.entry("first")
    assert entry is not None
    assert kb.source_text(entry) == ((2, "Second paragraph."),)


def test_settings_are_validated(write: Write) -> None:
    found = problems(write("kb.yaml", GOOD + "settings: {answer_threshold: 150, speed: 3}\n"))
    assert any("'answer_threshold' must be between 0 and 100" in p for p in found)
    assert any("unknown field 'speed'" in p for p in found)


def test_elsewhere_words_are_merged_across_files_and_checked(write: Write) -> None:
    write("kb/a.yaml", GOOD + "elsewhere: [knee, wrist]\n")
    kb = load(write("kb/b.yaml", "elsewhere: [elbow]\n").parent)
    assert kb.elsewhere == ("knee", "wrist", "elbow")
    path = write("bad.yaml", GOOD + "elsewhere: [knee, [wrist]]\n")
    [problem] = problems(path)
    assert problem == f"{path}:15: 'elsewhere' must be text, not a list"
    path = write("bad.yaml", GOOD + "elsewhere:\n  - knee\n  - lower back\n")
    [problem] = problems(path)
    assert problem == f"{path}:17: each item of 'elsewhere' must be one word, not 'lower back'"


def test_broader_words_are_merged_across_files_and_checked(write: Write) -> None:
    write("kb/a.yaml", GOOD + "broader:\n  exercise: [run, lift]\n")
    kb = load(write("kb/b.yaml", "broader: {stretch: [yoga]}\n").parent)
    assert kb.broader == (("exercise", ("run", "lift")), ("stretch", ("yoga",)))
    path = write("bad.yaml", GOOD + "broader: [run, lift]\n")
    [problem] = problems(path)
    assert problem == f"{path}:15: 'broader' must be a mapping of a word to its kinds, not a list"
    path = write("bad.yaml", GOOD + "broader:\n  exercise: [run, leg day]\n  sport: []\n  gym:\n")
    assert problems(path) == [
        f"{path}:16: each item of 'broader' must be one word, not 'leg day'",
        f"{path}:17: 'broader': 'sport' needs a list of words for its kinds, not an empty list",
        f"{path}:18: 'broader': 'gym' needs a list of words for its kinds, not a null",
    ]
    path = write("bad.yaml", GOOD + "broader:\n  exercise: [run]\n  exercise: [lift]\n")
    assert problems(path) == [f"{path}:17: 'broader': 'exercise' appears twice"]
    path = write("bad.yaml", GOOD + "broader:\n  exercise: [run, exercise]\n")
    assert problems(path) == [
        f"{path}:16: 'broader': 'exercise' is itself a broader word, not a kind"
    ]


def test_a_word_listed_twice_in_broader_names_both_places(write: Write) -> None:
    first = write("two/a.yaml", GOOD + "broader: {exercise: [run]}\n")
    path = write("two/b.yaml", "broader:\n  sport:\n    - swim\n    - run\n  exercise: [lift]\n")
    assert problems(path.parent) == [
        f"{path}:4: 'broader': 'run' is already a kind of 'exercise' ({first}:15)",
        f"{path}:5: 'broader': 'exercise' is already listed at {first}:15",
    ]
    path = write("kb.yaml", GOOD + "broader:\n  exercise: [run, lift, run]\n")
    assert problems(path) == [
        f"{path}:16: 'broader': 'run' is already a kind of 'exercise' ({path}:16)"
    ]


def test_a_synonym_in_two_groups_names_both_places(write: Write) -> None:
    first = write("two/a.yaml", GOOD + "synonyms:\n  - [go, head off]\n")
    path = write("two/b.yaml", "synonyms:\n  - [prevent, ward off]\n  - [stop, heads off]\n")
    assert problems(path.parent) == [
        f"{path}:3: synonyms: 'heads off' reads as 'head off', which is already in another "
        f"group ({first}:16); a phrase belongs to one group"
    ]
    path = write("kb.yaml", GOOD + 'synonyms:\n  - [bum, butt, bum]\n  - [sore, "bum "]\n')
    assert problems(path) == [
        f"{path}:17: synonyms: 'bum' is already in another group ({path}:16); a phrase "
        "belongs to one group"
    ]
    # A group repeated through an alias says the same twice; a member that is no text is
    # reported once, as no text.
    path = write("kb.yaml", GOOD + "synonyms:\n  - &g [bum, seat]\n  - *g\n")
    assert load(path).synonyms == (("bum", "seat"), ("bum", "seat"))
    path = write("kb.yaml", GOOD + "synonyms:\n  - [bum, &h seat]\n  - [chair, *h]\n")
    assert problems(path) == [
        f"{path}:16: synonyms: 'seat' is already in another group ({path}:16); a phrase "
        "belongs to one group"
    ]
    path = write("kb.yaml", GOOD + 'synonyms:\n  - [yes, agree, accept]\n  - [okay, "yes"]\n')
    assert problems(path) == [
        f"{path}:16: 'synonyms' must be text, not a boolean: put it in quotes"
    ]


def test_broader_words_no_entry_uses_are_warnings(write: Write) -> None:
    path = write("kb.yaml", GOOD + "broader:\n  thing: [first, excercise, the]\n")
    kb, warnings = load_with_warnings(path)
    assert kb.broader == (("thing", ("first", "excercise", "the")),)
    assert warnings == [
        f"{path}:16: warning: kind '{word}' of 'thing' matches no single word of the entries, "
        "so it is left out"
        for word in ("excercise", "the")
    ]


def test_faq_path_comes_from_option_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_FAQ", "/from/env")
    assert resolve_faq_path("/from/option") == Path("/from/option")
    assert resolve_faq_path(None) == Path("/from/env")
    monkeypatch.delenv("ASSISTANT_FAQ")
    assert (resolve_faq_path(None) / "buttock-pain.yaml").is_file()
