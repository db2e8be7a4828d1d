"""`assistant ask` and pipe mode: text, JSON Lines, --top, --explain, stdin, exit codes."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def test_answer_has_heading_answer_and_numbered_related(run_cli: RunCli) -> None:
    done = run_cli("ask", "why", "do", "my", "glutes", "hurt", "after", "leg", "day??")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "What causes buttock pain after working out?"
    assert "Related:" in lines
    assert "  1. What is a muscle strain?" in lines


def test_decline_is_polite_names_topics_and_exits_1(run_cli: RunCli) -> None:
    done = run_cli("ask", "how do i make pizza dough")
    assert done.returncode == 1
    assert done.stdout.startswith("Sorry, I don't have an answer to that.")
    # Titles as the curator wrote them ("I can help with about the pain" read badly).
    assert "Nearest topics: About the pain" in done.stdout.replace("\n", " ")
    assert "/topics" in done.stdout


def test_choices_say_why_they_are_offered(run_cli: RunCli) -> None:
    done = run_cli("ask", "sore bum running shoes")
    assert done.returncode == 1
    assert done.stdout.startswith("Did you mean one of these?\n  1. ")
    done = run_cli("ask", "pilates vs yoga, which is better?")
    assert done.returncode == 1
    assert done.stdout.startswith("I can't compare those two, but these may help:\n  1. ")


def test_json_lines_have_exactly_the_documented_keys(run_cli: RunCli) -> None:
    done = run_cli("ask", "--json", "what causes buttock pain after a workout")
    data = json.loads(done.stdout)
    assert set(data) == {"query", "status", "match", "candidates", "alert"}
    assert data["status"] == "answered" and data["match"]["id"] == "causes-overview"
    assert set(data["match"]) == {"id", "topic", "question", "answer", "score"}
    assert len(data["candidates"]) == 3 and data["alert"] is None
    scores = [c["score"] for c in data["candidates"]]
    assert scores == sorted(scores, reverse=True) and 0 <= min(scores) <= max(scores) <= 100


def test_json_carries_the_safety_alert(run_cli: RunCli) -> None:
    data = json.loads(run_cli("ask", "--json", "my groin is numb after squats").stdout)
    assert data["alert"]["id"] == "numbness" and "urgent" in data["alert"]["message"]


def test_stdin_questions_are_answered_in_order(run_cli: RunCli) -> None:
    questions = "why do my glutes hurt after exercise\nqwertyuiop\n"
    done = run_cli("ask", "--json", "--top", "5", "-", stdin=questions)
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["query"] == "why do my glutes hurt after exercise"
    assert len(first["candidates"]) == 5
    assert second["status"] == "no_match" and second["match"] is None
    assert done.returncode == 1


def test_explain_shows_the_reasoning(run_cli: RunCli) -> None:
    out = run_cli("ask", "--explain", "strecth for my bum").stdout
    assert "typos repaired: strecth -> stretch" in out
    assert "synonyms: bum -> buttock" in out
    assert "coverage" in out and "decision:" in out
    out = run_cli("ask", "--explain", "sore bum after running").stdout
    assert "context, when or who (weight x0.25): run" in out
    assert "kinds of a broader word (x0.15 lent to it): run -> exercis" in out
    out = run_cli(
        "ask", "--explain", "good warm up exercises for a hike so my bum doesnt ache"
    ).stdout
    assert "what it is for (weight x0.25): buttock, not, not:pain, pain" in out
    out = run_cli("ask", "--explain", "physio said i strained my glute, what is a strain").stdout
    assert "context, when or who (weight x0.25): rehab" in out
    story = (
        "newbie question before i book my first bootcamp at the leisure centre next month, my "
        "freind warned me my butt would hurt after. is it usualy just a mild ache or can it get "
        "proper bad? dont want to be caught off guard"
    )
    out = run_cli("ask", "--explain", story).stdout
    assert "answer it: is it usualy just a mild ache or can it get proper bad?" in out


def test_small_talk_is_answered_and_exits_0(run_cli: RunCli) -> None:
    done = run_cli("ask", "hello there")
    assert done.returncode == 0 and "Ask me anything" in done.stdout


def test_small_talk_in_json_answers_no_entry(run_cli: RunCli) -> None:
    # "who are you" shares a word with an entry; it still asks nothing the FAQ answers.
    done = run_cli("ask", "--json", "who are you")
    data = json.loads(done.stdout)
    assert done.returncode == 0
    assert data["status"] == "no_match" and data["match"] is None and data["candidates"] == []


def test_pipe_mode_answers_each_line_in_plain_text(run_cli: RunCli) -> None:
    done = run_cli(stdin="what is tendinitis\n\nhow long does it last\n")
    assert done.returncode == 0
    assert "What is tendinitis?" in done.stdout
    assert "How long does buttock pain after exercise last?" in done.stdout
    assert "\x1b" not in done.stdout and "ask>" not in done.stdout
