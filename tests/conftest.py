"""Shared fixtures: the bundled knowledge base and small ones written into tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.core import Assistant, Reply
from assistant.loader import load
from assistant.location import default_faq_path
from assistant.matcher import Matcher
from assistant.model import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def _untraced(item: pytest.Item) -> Iterator[None]:
    """Coverage paused for a test marked `sweep` (many questions): unit tests measure
    coverage, and tracing the sweeps would double the suite's time. (pytest-cov's own
    `no_cover` fails under --no-cov.)"""
    import coverage

    tracing = coverage.Coverage.current() if item.get_closest_marker("sweep") else None
    if tracing is not None:
        tracing.stop()
    try:
        yield
    finally:
        if tracing is not None:
            tracing.start()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    """A sweep's fixtures, which may read every dev question themselves, run untraced."""
    with _untraced(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """A sweep runs untraced."""
    with _untraced(item):
        return (yield)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(default_faq_path())


@pytest.fixture(scope="session")
def helper(kb: KnowledgeBase) -> Assistant:
    return Assistant(kb)


@pytest.fixture(scope="session")
def matcher(helper: Assistant) -> Matcher:
    return helper.matcher


class Remembering(Assistant):
    """An Assistant that keeps its replies, for the sweeps that each ask every dev question."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        self.replies: dict[tuple[str, int], Reply] = {}

    def reply(self, text: str, top: int = 3) -> Reply:
        known = self.replies.get((text, top))
        if known is None:
            known = self.replies[text, top] = super().reply(text, top)
        return known


@pytest.fixture(scope="session")
def sweeper(kb: KnowledgeBase) -> Assistant:
    """The shipped knowledge base's assistant for sweeps over every dev question."""
    return Remembering(kb)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented file into tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real entry point (`python -m assistant`) in a clean environment."""

    def _run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
        environ = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_FAQ", "NO_COLOR")}
        environ.update(
            XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache")
        )
        environ.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=environ,
            cwd=tmp_path,
            timeout=60,
        )

    return _run
