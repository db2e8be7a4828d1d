"""Where the chat keeps its history, and a file history that two chats can share safely."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

from prompt_toolkit.history import FileHistory, History, InMemoryHistory


def history_path() -> Path:
    """$XDG_STATE_HOME/assistant/history, else ~/.local/state/assistant/history."""
    state = os.environ.get("XDG_STATE_HOME", "")
    # The XDG spec says to ignore relative paths.
    base = Path(state) if os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "assistant" / "history"


class SharedFileHistory(FileHistory):
    """FileHistory's format, each entry written in one locked append so two chats never mix.

    A failed write keeps the entry in memory and records why in `failure`."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path
        self.failure: str | None = None

    def store_string(self, string: str) -> None:
        """Append one entry; on failure remember why instead of raising into the prompt."""
        lines = "".join(f"+{line}\n" for line in string.split("\n"))
        # A stray byte from the terminal arrives as a lone surrogate; store "?" instead.
        record = f"\n# {datetime.datetime.now()}\n{lines}".encode(errors="replace")
        try:
            _append(self.path, record)
        except OSError as exc:
            self.failure = f"cannot write {self.path} ({exc.strerror or exc})"


def _append(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def open_history(path: Path | None = None) -> tuple[History, str | None]:
    """A file history, or an in-memory one and the reason when the file is unusable."""
    try:
        path = path or history_path()
    except RuntimeError as exc:  # no $HOME and no password-file entry either
        return InMemoryHistory(), f"no home directory ({exc})"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600))
    except OSError as exc:
        return InMemoryHistory(), f"cannot write {path} ({exc.strerror or exc})"
    return SharedFileHistory(path), None
