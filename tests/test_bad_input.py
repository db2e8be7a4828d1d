"""Bad input through the real command: hostile files, odd questions, closed pipes, signals.

Every case must end in one calm line (or a normal reply), the documented exit status and no
traceback; the in-process timings prove "quickly" without the interpreter's start-up cost.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from assistant import loader
from assistant.core import MAX_QUESTION_CHARS, Assistant
from assistant.loader import load
from assistant.location import FaqError

RunCli = Callable[..., subprocess.CompletedProcess[str]]

ENTRY = "  - {id: e%d, topic: t, question: What is thing number %d?, answer: It is a thing.}\n"
GOOD = "topics: [{id: t, title: T}]\nentries:\n" + ENTRY % (1, 1)
# Our own limit, or the one libyaml has had since PyYAML 6.0.4, whichever comes first.
TOO_DEEP = r"(?:nested more than \d+ levels deep|YAML syntax error: exceeded maximum nesting depth)"


def alias_bomb() -> bytes:
    """The "billion laughs": nine aliases of nine aliases, nine levels deep, where it is read."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("bomb:\n" + "".join(f"  {line}\n" for line in lines) + "synonyms: *a9\n").encode()


def fifty_megabytes() -> bytes:
    """A well-formed knowledge base of about 50 MB: far beyond any curated FAQ."""
    body = "".join(ENTRY % (i, i) for i in range(2, 2000))
    return (GOOD + body * (50 * 2**20 // len(body) + 1)).encode()


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "syntax error": (b"topics: [\n", r":2: YAML syntax error"),
    "tab indentation": (b"title: x\n\tentries: []\n", r":2: YAML syntax error"),
    "empty file": (b"", r": file is empty"),
    "top level list": (b"- a\n- b\n", r":1: top level must be a mapping .* not a list"),
    "top level number": (b"42\n", r":1: top level must be a mapping .* not a number"),
    "non-UTF-8 bytes": (b"title: caf\xe9\n", r":1: not UTF-8 text \(byte 0xe9\)"),
    "NUL bytes": (b"title: x\n\x00\x00\n", r":2: contains a NUL byte"),
    "control character": (b"title: a\x1bb\n", r":1: character U\+001B is not allowed in YAML"),
    "python tag": (
        b"title: !!python/object/apply:os.system [touch pwned]\n" + GOOD.encode(),
        r":1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    "alias bomb": (alias_bomb(), r":\d+: aliases repeat more than [\d,]+ values"),
    "deep list": (b"[" * 100_000 + b"]" * 100_000, r":1: " + TOO_DEEP),
    "deep mapping": (
        b"{a: " * 100_000 + b"1" + b"}" * 100_000,
        r":1: " + TOO_DEEP,
    ),
    "deep block mapping": (
        "".join("  " * i + "a:\n" for i in range(2000)).encode(),
        r":\d+: " + TOO_DEEP,
    ),
    "alias inside its own anchor": (
        b"synonyms: &s [*s]\n",
        r":1: alias \*s has no complete anchor before it",
    ),
    "several documents": (GOOD.encode() + b"---\n" + GOOD.encode(), r":\d+: YAML syntax error"),
    "50 MB": (fifty_megabytes(), r": file too large \(50\.\d MiB; limit \d+ MiB\)"),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    content, message = BAD_FILES[request.param]
    path = tmp_path / "kb.yaml"
    path.write_bytes(content)
    return path, message


def assert_one_line(done: subprocess.CompletedProcess[str], path: Path, message: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert re.fullmatch(re.escape(str(path)) + message + r"[^\n]*\n", done.stderr), done.stderr


def test_a_bad_file_is_one_line_with_status_2(run_cli: RunCli, bad_file: tuple[Path, str]) -> None:
    path, message = bad_file
    assert_one_line(run_cli("--faq", str(path), "topics"), path, message)
    assert not (path.parent / "pwned").exists()


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_a_bad_file_is_refused_quickly(
    bad_file: tuple[Path, str], parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if parser == "python":  # as on an install of PyYAML without libyaml
        monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    path, message = bad_file
    started = time.perf_counter()
    with pytest.raises(FaqError) as caught:
        load(path)
    # PyYAML's own scanner looks up to 1024 characters ahead at every "[" it has not closed.
    assert time.perf_counter() - started < (0.5 if parser == "libyaml" else 2.0)
    [problem] = caught.value.problems
    assert re.fullmatch(re.escape(str(path)) + message + ".*", problem)


def test_a_directory_without_yaml_and_a_missing_path(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no YAML here")
    empty = run_cli("--faq", str(tmp_path / "empty"), "ask", "hi")
    assert_one_line(empty, tmp_path / "empty", r": no \.yaml or \.yml files in this directory")
    missing = run_cli("check", str(tmp_path / "missing.yaml"))
    assert_one_line(missing, tmp_path / "missing.yaml", r": no such file or directory")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(GOOD)
    path.chmod(0)
    assert_one_line(run_cli("check", str(path)), path, r": cannot read: Permission denied")


def test_a_source_article_that_cannot_be_read(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "article.txt").mkdir()  # unreadable even for root, unlike chmod 000
    path = tmp_path / "kb.yaml"
    path.write_text("source: article.txt\n" + GOOD)
    done = run_cli("check", str(path))
    assert_one_line(done, path, r":1: source article: .*article.txt: cannot read: Is a directory")


def test_a_byte_order_mark_is_read_as_utf8(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    done = run_cli("check", str(path))
    assert (done.returncode, done.stdout) == (0, "ok: 1 entries, 1 topics, 1 files\n")


def test_aliases_used_sparingly_still_work(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(
        "topics: [{id: &topic t, title: T}]\nentries:\n"
        "  - {id: a, topic: *topic, question: First?, answer: &same Same answer.}\n"
        "  - {id: b, topic: *topic, question: Second?, answer: *same}\n"
    )
    kb = load(path)
    assert [(e.topic, e.answer) for e in kb.entries] == [("t", "Same answer.")] * 2


HOSTILE = """
title: "Evil \\e]0;pwned\\a title"
source: article.txt
topics: [{id: t, title: "Top\\e[2Jic \\u202eesrever"}]
entries:
  - id: e
    topic: t
    question: "Where is the \\e[31mred\\e[0m bell?"
    answer: "Ring \\a ring. \\e[?1049h \\x9b31m"
    source: [1]
"""
PAYLOADS = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.mark.parametrize(
    "args", [("topics",), ("show", "e"), ("ask", "red bell"), ("ask", "--explain", "red bell")]
)
def test_escape_sequences_in_files_are_printed_harmlessly(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "article.txt").write_text("The \x1b[2J article \x07 rings.\n")
    (tmp_path / "kb.yaml").write_text(HOSTILE)
    done = run_cli("--faq", str(tmp_path / "kb.yaml"), *args)
    assert done.returncode in (0, 1) and done.stderr == ""
    assert "\u241b[" in done.stdout  # the escape drawn as a picture of itself
    for payload in PAYLOADS:
        assert payload not in done.stdout + done.stderr


def test_json_escapes_control_characters(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("Article.\n")
    (tmp_path / "kb.yaml").write_text(HOSTILE)
    for args in (("topics", "--json"), ("show", "e", "--json"), ("ask", "--json", "red bell")):
        out = run_cli("--faq", str(tmp_path / "kb.yaml"), *args).stdout
        assert "\\u001b[31mred" in out
        for payload in PAYLOADS[:3]:
            assert payload not in out


def test_error_messages_quote_file_content_cleaned_and_short(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "kb.yaml"
    key = "\x1b]0;pwned\x07" + "k" * 100_000
    # An explicit key (?), since YAML refuses implicit keys over 1024 characters.
    path.write_text(f'? "{key.encode("unicode_escape").decode()}"\n: 1\n' + GOOD)
    done = run_cli("check", str(path))
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{path}:1: top level: unknown field '\u241b]0;pwned\u2407kkk")
    assert len(line) < 300 and "\x1b" not in line and "\x07" not in line


def test_a_usage_error_quoting_the_user_is_cleaned(run_cli: RunCli) -> None:
    done = run_cli("show", "\x1b[2Jx")
    assert done.returncode == 2
    assert done.stderr == "assistant: no entry with id '\u241b[2Jx' (see 'assistant topics')\n"


QUESTIONS = {
    "empty": "",
    "only punctuation": "?!?... ,;:",
    "only stopwords": "the and of to a is it",
    "100 kB": "a" * 100_000,
    "100 kB of words": "why do my glutes hurt " * 5_000,
    "binary and NUL": "\x00\x01\x02 glutes \x00 hurt \x7f\x9b",
    "emoji": "\U0001f600 why do my \U0001f351 hurt \U0001f3cb\ufe0f",
    "zero width": "wh\u200by do my glu\u200dtes hu\u200crt\ufeff",
    "right to left": "\u202ewhy do my glutes hurt\u202c \u05e9\u05dc\u05d5\u05dd",
    "mixed scripts": "почему болят glutes после 运动 leg day مرحبا",
    "lone surrogate": "why \udcff hurt",
}


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=list(QUESTIONS))
def test_any_question_gets_a_reply_quickly(helper: Assistant, question: str) -> None:
    started = time.perf_counter()
    reply = helper.reply(question)
    assert time.perf_counter() - started < 0.5
    assert reply.result.status in ("answered", "ambiguous", "no_match")


def test_long_questions_are_read_up_to_the_cap(helper: Assistant) -> None:
    reply = helper.reply("why do my glutes hurt" + "!" * MAX_QUESTION_CHARS * 2)
    assert len(reply.result.query) == MAX_QUESTION_CHARS
    assert reply.result.status == "answered"


def test_odd_questions_through_ask_ask_dash_and_pipe_mode(run_cli: RunCli) -> None:
    lines = [q for q in QUESTIONS.values() if q.strip() and "\x00" not in q]
    for question in lines:
        done = run_cli("ask", question)
        assert done.returncode in (0, 1) and done.stderr == "", (question[:40], done.stderr)
    piped = "\n".join(q for q in QUESTIONS.values() if q.isprintable() or q.isascii()) + "\n"
    for args in (("ask", "-"), ()):
        done = run_cli(*args, stdin=piped)
        assert done.returncode in (0, 1) and done.stderr == "", done.stderr
        assert "\x1b" not in done.stdout and "\u202e" not in done.stdout


def run_bytes(
    args: list[str], stdin: bytes, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def strict_env(tmp_path: Path) -> dict[str, str]:
    """A UTF-8 locale's strict streams, where undecodable input used to raise."""
    environ = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_FAQ", "NO_COLOR")}
    environ.update(PYTHONIOENCODING="utf-8:strict", XDG_STATE_HOME=str(tmp_path / "state"))
    return environ


def test_undecodable_bytes_on_stdin_and_in_arguments(strict_env: dict[str, str]) -> None:
    stdin = b"why do my glutes hurt\n\xff\xfe\x00 bad bytes \xc3\n"
    for args in (["ask", "-"], ["ask", "--json", "-"], []):
        done = run_bytes(args, stdin, strict_env)
        assert done.returncode in (0, 1), done.stderr
        assert done.stderr == b""
        done.stdout.decode("utf-8")  # whatever came in, valid UTF-8 goes out
    argument = os.fsdecode(b"\xff\xfe glutes hurt")
    done = run_bytes(["ask", "--json", argument], b"", strict_env)
    assert done.returncode in (0, 1) and done.stderr == b""
    assert json.loads(done.stdout)["query"] == "\ufffd\ufffd glutes hurt"


def test_ask_dash_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("why do my glutes hurt\n" * 200)
    done = subprocess.run(
        f"'{sys.executable}' -m assistant ask - < '{questions}' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""


def interrupt_after(args: list[str], ready: bytes, cwd: Path) -> tuple[int, str]:
    """Start the command, wait until it writes `ready` on stderr, send SIGINT; status, stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", *args], stderr=subprocess.PIPE, cwd=cwd
    )
    assert process.stderr is not None
    seen = b""
    while ready not in seen:
        chunk = os.read(process.stderr.fileno(), 100)
        assert chunk, f"ended before {ready!r}: {seen!r}"
        seen += chunk
    process.send_signal(signal.SIGINT)
    err = seen + process.stderr.read()
    return process.wait(timeout=30), err.decode()


def test_sigint_during_a_long_eval_exits_130_quietly(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        + "".join(f"  - {{q: why do my glutes hurt {i}, expect: none}}\n" for i in range(20_000))
    )
    status, err = interrupt_after(["eval", str(cases)], b"scoring 20000 cases", tmp_path)
    assert status == 130
    assert "Traceback" not in err


def test_sigint_while_ask_waits_on_a_slow_stdin_exits_130_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"why do my glutes hurt\n")
    process.stdin.flush()
    assert process.stdout.readline()  # the first reply: it now waits for the next line
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in err


def test_a_bad_cases_file_for_eval_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_bytes(b"cases: " + b"[" * 100_000 + b"]" * 100_000)
    assert_one_line(run_cli("eval", str(cases)), cases, r":1: " + TOO_DEEP)
    cases.write_bytes(b"cases: !!python/object/apply:os.system [touch pwned]\n")
    assert_one_line(run_cli("eval", str(cases)), cases, r":1: YAML tag .* is not allowed")
    assert not (tmp_path / "pwned").exists()


def test_import_names_a_hostile_file_name_harmlessly(run_cli: RunCli, tmp_path: Path) -> None:
    article = tmp_path / "notes\x1b[2J.txt"
    article.write_text("Why stretch?\n\nStretching helps the muscles recover.\n")
    (tmp_path / "other\x07.yaml").write_text("title: mine\n")
    done = run_cli("import", str(article))
    assert done.returncode == 0, done.stderr
    assert "notes\u241b[2J.yaml: wrote" in done.stderr and "other\u2407.yaml" in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
