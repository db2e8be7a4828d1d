"""The built-assistant cache: used when current, rebuilt when anything about it is off."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import assistant.cache
import assistant.loader
from assistant.cache import cache_dir, load_assistant

KB = """
title: Tiny
topics: [{id: t, title: T}]
entries:
  - {id: shoes, topic: t, question: What shoes should I wear?, answer: Running shoes.}
"""


@pytest.fixture
def kb_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "kb.yaml"
    path.write_text(KB)
    return path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every path the loader really parses."""
    seen: list[Path] = []
    real: Callable[[Path], object] = assistant.loader.load

    def counting(path: Path) -> object:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(assistant.loader, "load", counting)
    return seen


def test_the_second_start_comes_from_the_cache(kb_path: Path, builds: list[Path]) -> None:
    first = load_assistant(kb_path)
    second = load_assistant(kb_path)
    assert builds == [kb_path]
    assert second.kb == first.kb
    assert second.reply("what shoes").result.match is not None
    assert len(list(cache_dir().glob("*.pickle"))) == 1


def test_a_changed_file_is_noticed(kb_path: Path, builds: list[Path]) -> None:
    load_assistant(kb_path)
    kb_path.write_text(KB.replace("Running shoes.", "Trail shoes."))
    assert load_assistant(kb_path).kb.entries[0].answer == "Trail shoes."
    assert len(builds) == 2


def test_a_same_size_edit_keeping_the_change_time_is_noticed(
    kb_path: Path, builds: list[Path]
) -> None:
    load_assistant(kb_path)
    before = kb_path.stat()
    kb_path.write_text(KB.replace("Running shoes.", "Jogging shoes."))
    os.utime(kb_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_assistant(kb_path).kb.entries[0].answer == "Jogging shoes."
    assert len(builds) == 2


def test_files_unchanged_since_well_before_the_entry_are_not_read_again(
    kb_path: Path, builds: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_ago = kb_path.stat().st_mtime_ns - 60 * 10**9
    os.utime(kb_path, ns=(long_ago, long_ago))
    load_assistant(kb_path)
    read: list[Path] = []
    monkeypatch.setattr(assistant.cache, "_digest", lambda path: read.append(path) or "")
    load_assistant(kb_path)
    assert builds == [kb_path] and read == []


def test_a_corrupt_cache_is_ignored_and_rebuilt(kb_path: Path, builds: list[Path]) -> None:
    load_assistant(kb_path)
    [entry] = cache_dir().glob("*.pickle")
    entry.write_bytes(b"\x80\x05garbage")
    assert load_assistant(kb_path).kb.title == "Tiny"
    assert load_assistant(kb_path).kb.title == "Tiny"
    assert len(builds) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_is_simply_not_kept(kb_path: Path, builds: list[Path]) -> None:
    cache_dir().mkdir(parents=True)
    cache_dir().chmod(0o500)
    try:
        assert load_assistant(kb_path).kb.title == "Tiny"
        assert load_assistant(kb_path).kb.title == "Tiny"
    finally:
        cache_dir().chmod(0o700)
    assert len(builds) == 2


def test_a_cache_path_that_is_a_file_still_works(
    kb_path: Path, builds: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blocked").write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    assert load_assistant(kb_path).kb.title == "Tiny"
    assert len(builds) == 1


def test_a_cache_others_could_write_is_not_read(kb_path: Path, builds: list[Path]) -> None:
    load_assistant(kb_path)
    [entry] = cache_dir().glob("*.pickle")
    entry.chmod(0o666)
    load_assistant(kb_path)
    assert len(builds) == 2


def test_an_entry_built_by_other_code_is_rebuilt(
    kb_path: Path, builds: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.cache

    load_assistant(kb_path)
    monkeypatch.setattr(assistant.cache, "_code_stamp", lambda: "another version")
    load_assistant(kb_path)
    load_assistant(kb_path)
    assert len(builds) == 2
