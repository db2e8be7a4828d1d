"""The command line through its real entry point: commands, flags, exit codes, output."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def test_version_and_help(run_cli: RunCli) -> None:
    assert run_cli("--version").stdout.startswith("assistant ")
    helped = run_cli("--help")
    assert helped.returncode == 0
    assert "Answers questions from a curated FAQ" in helped.stdout
    for command in ("ask", "check", "topics", "show", "eval", "browse", "import"):
        assert command in helped.stdout


def test_check_summarises_the_bundled_knowledge_base(run_cli: RunCli) -> None:
    done = run_cli("check")
    assert done.returncode == 0
    assert done.stdout.startswith("ok: 26 entries, 7 topics, ")


def test_check_reports_problems_one_per_line_with_status_2(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "topics: [{id: t, title: T}]\nentries:\n  - {id: e, topic: t, question: Q?, anwser: A}\n"
    )
    done = run_cli("check", str(bad))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert f"{bad}:3: entry: unknown field 'anwser' (did you mean 'answer'?)" in lines
    assert "Traceback" not in done.stderr


def test_topics_lists_titles_in_order_with_numbered_questions(run_cli: RunCli) -> None:
    out = run_cli("topics").stdout
    assert out.index("About the pain") < out.index("Causes") < out.index("Summary")
    assert "  1. Is it normal for my buttocks to hurt after exercise?" in out
    assert "\x1b" not in out


def test_topics_json_has_the_documented_shape(run_cli: RunCli) -> None:
    data = json.loads(run_cli("topics", "--json").stdout)
    first = data["topics"][0]
    assert set(first) == {"id", "title", "entries"}
    assert {"id", "question", "answer"} <= set(first["entries"][0])


def test_show_prints_entry_with_related_and_quoted_source(run_cli: RunCli) -> None:
    out = run_cli("show", "tendinitis").stdout
    assert out.splitlines()[1] == "What is tendinitis?"
    assert "Related:" in out and "What is an overuse injury?" in out
    assert "Source, paragraph" in out and "  > Overuse injuries result from" in out


def test_show_json_and_unknown_id(run_cli: RunCli) -> None:
    assert json.loads(run_cli("show", "massage", "--json").stdout)["source"] == [24]
    missing = run_cli("show", "nope")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "assistant: no entry with id 'nope' (see 'assistant topics')"


def test_faq_option_and_environment_select_another_knowledge_base(
    run_cli: RunCli, tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        "title: Other\ntopics: [{id: t, title: T}]\n"
        "entries: [{id: only, topic: t, question: Where is the only entry?, answer: Here.}]\n"
    )
    assert run_cli("--faq", str(other), "check").stdout.startswith("ok: 1 entries")
    assert run_cli("check", "--faq", str(other)).stdout.startswith("ok: 1 entries")
    env = {"ASSISTANT_FAQ": str(other)}
    assert run_cli("topics", env=env).stdout.startswith("T\n")


def test_bad_flags_get_one_line_and_status_2(run_cli: RunCli) -> None:
    for args in (("--bogus",), ("ask",), ("ask", "--top", "0", "hi"), ("frobnicate",)):
        done = run_cli(*args)
        assert done.returncode == 2, args
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stderr.startswith("assistant: ")


def test_missing_knowledge_base_is_one_line_status_2(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("--faq", str(tmp_path / "missing"), "topics")
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path / 'missing'}: no such file or directory\n"


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    import sys

    done = subprocess.run(
        f"'{sys.executable}' -m assistant topics | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.stdout == "About the pain\n"
    assert done.stderr == ""


def test_building_only_the_named_command_parses_as_the_whole_parser_does() -> None:
    from assistant.cli import build_parser, parse_args

    for argv in (
        ["ask", "show", "me", "stretches"],
        ["--faq", "chat", "ask", "why", "--top", "2"],
        ["--no-color", "topics", "--json"],
        ["eval", "cases.yaml", "--min-top1", "0.9"],
        [],
    ):
        assert parse_args(argv) == build_parser().parse_args(argv), argv
    for asked in (["--help"], ["--hel"], ["--he", "ask"], ["ask", "-h"]):
        with pytest.raises(SystemExit), contextlib.redirect_stdout(io.StringIO()) as lazily:
            parse_args(asked)
        with pytest.raises(SystemExit), contextlib.redirect_stdout(io.StringIO()) as whole:
            build_parser().parse_args(asked)
        assert lazily.getvalue() == whole.getvalue(), asked
    for bad in (["--faq", "chat", "ask"], ["ask", "--top", "0", "x"], ["frobnicate"]):
        assert _usage_error(parse_args, bad) == _usage_error(build_parser().parse_args, bad)


def _usage_error(parse: Callable[[list[str]], object], argv: list[str]) -> str:
    from assistant.cli import UsageError

    with pytest.raises(UsageError) as raised:
        parse(argv)
    return str(raised.value)
