"""`assistant browse` end to end in a pseudo-terminal, at 80x24 and at 40x20.

The output is replayed onto a screen grid; each step waits for the expected text and a
timeout fails with the screen as the user would have seen it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest
from vtscreen import Screen

WAIT = 10.0


class Pty:
    """The real program in a pseudo-terminal, read back through a screen grid."""

    def __init__(self, rows: int, columns: int, cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_FAQ", "NO_COLOR")}
        env.update(TERM="xterm-256color", XDG_STATE_HOME=str(cwd / "state"))
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "assistant", "browse"],
            dimensions=(rows, columns),
            env=env,
            cwd=str(cwd),
            encoding="utf-8",
        )
        self.screen = Screen(rows, columns)

    def resize(self, rows: int, columns: int) -> None:
        self.child.setwinsize(rows, columns)
        self.screen = Screen(rows, columns)

    def wait_for(self, text: str) -> str:
        """Read output until the screen shows the text."""
        deadline = time.monotonic() + WAIT
        while text not in self.screen.text():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out waiting for {text!r}; screen:\n{self.screen.text()}"
                )
            try:
                self.screen.feed(self.child.read_nonblocking(65536, timeout=0.05))
            except pexpect.TIMEOUT:
                continue
        return self.screen.text()

    def send(self, keys: str, then: str) -> str:
        self.child.send(keys)
        return self.wait_for(then)

    def quit(self) -> int | None:
        self.child.send("\x03")
        self.child.expect(pexpect.EOF, timeout=WAIT)
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def pty(tmp_path: Path) -> Iterator[Callable[[int, int], Pty]]:
    spawned: list[Pty] = []

    def spawn(rows: int, columns: int) -> Pty:
        spawned.append(Pty(rows, columns, tmp_path))
        return spawned[-1]

    yield spawn
    for p in spawned:
        p.child.terminate(force=True)


def test_browse_at_80_by_24(pty: Callable[[int, int], Pty]) -> None:
    term = pty(24, 80)
    assert "│" in term.wait_for("Ctrl-C quit")  # the key help is drawn last
    term.send("glute stretch", "Matches")
    screen = term.wait_for("> Which stretches help with buttock")
    screen = term.send("\r", "Enter related")
    assert "pigeon" in screen and "Source, paragraph" in screen
    assert term.quit() == 0


def test_browse_at_40_by_20_and_after_a_resize(pty: Callable[[int, int], Pty]) -> None:
    term = pty(20, 40)
    screen = term.wait_for("^C quit")  # the key help is drawn last
    assert "│" not in screen and "⏎ open" in screen
    term.send("shoes", "Matches (2)")
    screen = term.send("\r", "⏎ related")
    assert "What shoes should I wear when" in screen and " Topics" not in screen
    term.resize(24, 100)
    assert "│" in term.wait_for("PgUp/PgDn scroll")
    assert term.quit() == 0
