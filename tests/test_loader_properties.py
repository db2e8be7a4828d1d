"""The loader on any bytes: it loads or raises FaqError with one-line problems, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.loader import load
from assistant.location import FaqError

# Fragments of YAML and of knowledge bases, so that examples get past the first character.
PIECES = [
    "topics:",
    "entries:",
    "synonyms:",
    "settings:",
    "- ",
    "  ",
    "\t",
    "\n",
    ":",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!!str ",
    "? ",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "id: e",
    "topic: t",
    "question: Q?",
    "answer: A.",
    "{id: t, title: T}",
    "<<: ",
    "\x00",
    "\ufeff",
    "\x1b[2J",
    "\u202e",
    "1e3",
    "~",
    "yes",
]
TEXTS = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=30).map("".join)
BYTES = st.one_of(st.binary(max_size=200), TEXTS.map(lambda t: t.encode("utf-8", "replace")))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=BYTES)
def test_loader_on_any_bytes_loads_or_raises_faq_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "kb.yaml"  # one file, rewritten for every example
    path.write_bytes(data)
    try:
        kb = load(path)
    except FaqError as exc:
        assert exc.problems
        assert all(p.startswith(str(path)) and "\n" not in p for p in exc.problems)
    else:
        assert kb.entries
