"""Where the chat keeps state, when that place is missing, unwritable or shared."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from prompt_toolkit.history import FileHistory, InMemoryHistory

from assistant.history import SharedFileHistory, open_history

pexpect = pytest.importorskip("pexpect")


def test_no_home_directory_at_all_keeps_history_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    # No $HOME and no password-file entry: Path.home() cannot answer.
    monkeypatch.setattr("pwd.getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    history, problem = open_history()
    assert isinstance(history, InMemoryHistory)
    assert problem is not None and "home directory" in problem


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_state_directory_without_write_permission_keeps_history_in_memory(
    tmp_path: Path,
) -> None:
    tmp_path.joinpath("state").mkdir(mode=0o500)
    history, problem = open_history(tmp_path / "state" / "assistant" / "history")
    assert isinstance(history, InMemoryHistory)
    assert problem is not None and "Permission denied" in problem


def test_undecodable_input_is_stored_without_raising(tmp_path: Path) -> None:
    file = tmp_path / "history"
    history = SharedFileHistory(file)
    history.store_string("why \udcff hurt")  # how a terminal hands over a stray byte
    assert history.failure is None
    assert list(FileHistory(file).load_history_strings()) == ["why ? hurt"]


def spawn(tmp_path: Path, **env: str) -> pexpect.spawn:
    environ = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_FAQ", "NO_COLOR")}
    environ.pop("XDG_STATE_HOME", None)
    environ.update(TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1", **env)
    return pexpect.spawn(
        sys.executable,
        ["-m", "assistant"],
        env=environ,
        cwd=str(tmp_path),
        dimensions=(24, 80),
        timeout=10,
    )


def test_the_chat_with_an_unusable_home_and_stray_bytes_goes_on(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("a file where the home directory should be")
    child = spawn(tmp_path, HOME=str(home))
    try:
        child.expect_exact("History is kept for this session only")
        child.expect_exact("ask>")
        child.send(b"why do my glutes \xff\xfe hurt\r")
        child.expect(["Related:", "Did you mean"])
        child.expect_exact("ask>")
        # Typed text waits in the terminal whatever its mode; a Ctrl-D sent while the chat
        # is between prompts could be taken as end-of-line by the terminal and lost.
        child.send("/quit\r")
        child.expect_exact("Goodbye.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert home.read_text() == "a file where the home directory should be"


def test_history_only_ever_appends_to_the_users_file(tmp_path: Path) -> None:
    file = tmp_path / "history"
    file.write_bytes(b"\n# earlier\n+an old question\n")
    history, problem = open_history(file)
    assert problem is None
    history.store_string("a new question")
    assert file.read_bytes().startswith(b"\n# earlier\n+an old question\n")
    assert list(FileHistory(file).load_history_strings()) == ["a new question", "an old question"]
