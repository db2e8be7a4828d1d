"""A cache of the built assistant, so a large knowledge base starts fast the second time.

An entry is kept under $XDG_CACHE_HOME/assistant, one per knowledge-base path, and is
used only when every file it was built from still has the same content. Anything odd
about it (unreadable, corrupt, another version, not ours) and it is rebuilt. It holds a
pickle, so it is read only from a directory and a file that belong to this user and
that no one else may write.

A file whose size and change time are those recorded, from well before the entry was
written, is taken as unchanged; any other is read and its SHA-256 compared, as git
does for its index. A start from the cache then reads no file twice and needs no hashing.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import zlib
from pathlib import Path
from typing import Any

try:
    # The C pickler alone: importing the pickle module around it costs 1.8 ms of every
    # start, and only load and dump are used.
    import _pickle as pickle
except ImportError:  # not CPython
    import pickle  # type: ignore[no-redef]

from assistant import __version__
from assistant.collector import collector_paused
from assistant.core import Assistant
from assistant.location import faq_files


def _code_stamp() -> str:
    """Which code built an entry: the version, and every module's size and change time, so
    that an edited or upgraded package never reads an index an older one built."""
    # os.scandir rather than Path.glob: a third of the time, on every start.
    with os.scandir(os.path.dirname(__file__)) as found:
        stamp = ";".join(
            sorted(
                f"{e.name}:{info.st_size}:{info.st_mtime_ns}"
                for e in found
                if e.name.endswith(".py")
                for info in (e.stat(),)
            )
        )
    return f"{__version__}/{_checksum(stamp.encode())}"


def _checksum(data: bytes) -> str:
    """A short checksum to tell names and code states apart (not file content)."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def cache_dir() -> Path:
    """Where cache entries live: $XDG_CACHE_HOME/assistant, else ~/.cache/assistant."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "assistant"


def load_assistant(path: Path) -> Assistant:
    """The assistant for a knowledge base: from the cache when it is current, else built."""
    files = [str(f) for f in faq_files(path)]
    slot = _slot(path)
    cached = _read(slot, files)
    if cached is not None:
        return cached
    from assistant.loader import load  # only now: a start from the cache needs no YAML

    assistant = Assistant(load(path))
    sources = [*assistant.kb.files, *([assistant.kb.article] if assistant.kb.article else [])]
    header = {
        "format": _code_stamp(),
        "files": files,
        "sources": {str(p): _state(p) for p in sources},
        "written": time.time_ns(),
    }
    _write(slot, header, assistant)
    return assistant


def _slot(path: Path) -> Path | None:
    try:
        return cache_dir() / f"{_checksum(str(path.resolve()).encode())}.pickle"
    except (OSError, RuntimeError):  # no home directory, or a path that cannot resolve
        return None


# A change time this close to the entry's writing could hide a later change in the same
# clock tick: such files are always read.
_RACY_NS = 2_000_000_000


def _state(path: Path) -> tuple[int, int, str]:
    """A file's size, change time and content digest."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns, _digest(path)


def _digest(path: Path) -> str:
    import hashlib  # only for a file that may have changed, or a new entry

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unchanged(sources: dict[str, tuple[int, int, str]], written: int) -> bool:
    """Whether every file still has the content recorded."""
    for name, (size, changed, digest) in sources.items():
        path = Path(name)
        info = path.stat()
        if info.st_size != size:
            return False
        if info.st_mtime_ns == changed and changed < written - _RACY_NS:
            continue
        if _digest(path) != digest:
            return False
    return True


def _read(slot: Path | None, files: list[str]) -> Assistant | None:
    if slot is None:
        return None
    try:
        with slot.open("rb") as stream:
            if not (_private(slot.parent) and _private(slot)):
                return None
            header = pickle.load(stream)
            current = (
                header["format"] == _code_stamp()
                and header["files"] == files
                and _unchanged(header["sources"], header["written"])
            )
            if not current:
                return None
            # Unpickling makes thousands of objects: over a third of the load time went to
            # the collector scanning them.
            with collector_paused():
                assistant = pickle.load(stream)
    except Exception:  # a cache is never trusted: anything wrong and it is rebuilt
        return None
    return assistant if isinstance(assistant, Assistant) else None


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else."""
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(slot: Path | None, header: dict[str, Any], assistant: Assistant) -> None:
    """Store an entry atomically; a cache that cannot be written is simply not kept."""
    if slot is None:
        return
    import tempfile  # only when writing: a start from the cache should not pay for it

    try:
        slot.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=slot.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(header, out, protocol=-1)
            pickle.dump(assistant, out, protocol=-1)
        os.replace(temporary, slot)
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
