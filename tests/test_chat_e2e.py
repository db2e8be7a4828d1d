"""The real program in a real pseudo-terminal (pexpect), and pipe mode through a subprocess.

On a timeout the failure shows the screen log, as pgcli's end-to-end tests do.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.model import KnowledgeBase
from assistant.render import related_entries

pexpect = pytest.importorskip("pexpect")

ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Z]|[=>78])")
READY = "ask>"


class Session:
    """A spawned `python -m assistant` and what it has shown so far."""

    def __init__(self, tmp_path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_FAQ", "NO_COLOR")}
        # No terminal emulator answers cursor-position requests behind a bare pty; say so,
        # as a terminal without CPR support would, instead of making every prompt wait.
        env.update(
            XDG_STATE_HOME=str(tmp_path / "state"),
            TERM="xterm-256color",
            PROMPT_TOOLKIT_NO_CPR="1",
        )
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "assistant"],
            env=env,
            cwd=str(tmp_path),
            dimensions=(24, 80),
            encoding="utf-8",
            codec_errors="replace",
            timeout=10,
        )
        self.child.logfile_read = self.log

    def expect(self, text: str) -> None:
        """Wait for literal text; on timeout or exit fail with the screen log."""
        try:
            self.child.expect_exact(text)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            screen = ESCAPE.sub("", self.log.getvalue()).replace("\r", "")
            raise AssertionError(
                f"never saw {text!r} ({type(exc).__name__}); the screen log:\n{screen}"
            ) from None

    def ask(self, line: str, wanted: str) -> None:
        self.expect(READY)
        self.child.send(line + "\r")
        self.expect(wanted)

    def leave(self) -> int:
        """Ctrl-D on an empty line; the exit status."""
        self.expect(READY)
        # The prompt may be redrawn before the chat is reading keys again; a Ctrl-D that
        # arrives while the terminal is between modes is taken by it and lost, so retry.
        for _ in range(3):
            self.child.sendeof()
            if self.child.expect_exact(["Goodbye.", pexpect.TIMEOUT], timeout=3) == 0:
                break
        else:
            self.expect("Goodbye.")
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    session = Session(tmp_path)
    yield session
    if session.child.isalive():
        session.child.terminate(force=True)


def test_typo_question_then_a_number_then_ctrl_d(session: Session, kb: KnowledgeBase) -> None:
    entry = kb.entry("how-long")
    assert entry is not None
    related = related_entries(kb, entry)[0]
    session.expect(kb.title)
    session.ask("how lomg does the pain last", entry.question)
    session.expect("Related:")
    session.ask("1", related.question)
    session.expect(related.answer[:30])
    assert session.leave() == 0


def test_tab_completes_a_question(session: Session, kb: KnowledgeBase) -> None:
    entry = kb.entry("right-shoes")
    assert entry is not None
    session.expect(READY)
    session.child.send("what shoes")
    session.expect(entry.question)  # the completion menu
    session.child.send("\t")
    session.child.send("\r")
    session.expect(entry.answer[:30])
    assert session.leave() == 0


def test_topics_are_listed(session: Session, kb: KnowledgeBase) -> None:
    session.ask("/topics", "Topics")
    for topic in kb.topics:
        session.expect(topic.title)
    assert session.leave() == 0


def test_history_is_written(session: Session, tmp_path: Path, kb: KnowledgeBase) -> None:
    session.ask("/topics", kb.topics[-1].title)
    session.ask("how long does the pain last", "Related:")
    assert session.leave() == 0
    history = (tmp_path / "state" / "assistant" / "history").read_text(encoding="utf-8")
    assert "+/topics\n" in history and "+how long does the pain last\n" in history


def test_pipe_mode_prints_plain_text_and_exits_0(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], kb: KnowledgeBase
) -> None:
    entry = kb.entry("how-long")
    assert entry is not None
    done = run_cli(stdin="how long does the pain last\n\nxyzzy plugh\n", env={"TERM": "xterm"})
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr
    assert entry.question in done.stdout
    assert "Sorry, I don't have an answer to that." in done.stdout
    assert READY not in done.stdout
