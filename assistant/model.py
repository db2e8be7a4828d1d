"""The validated knowledge base: plain frozen dataclasses, no behaviour beyond look-ups.

Each has a docstring: without one, dataclass builds one from inspect.signature, which
costs a start about 0.1 ms a class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Topic:
    """A heading entries are grouped under, shown in this order."""

    id: str
    title: str
    order: int


@dataclass(frozen=True)
class Entry:
    """One question and its answer, with other ways to ask it and the article paragraphs it
    came from."""

    id: str
    topic: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    source: tuple[int, ...] = ()

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The main question followed by its alternates."""
        return (self.question, *self.alternates)


@dataclass(frozen=True)
class Settings:
    """Matcher thresholds (on the 0-100 score scale) and weights; see faq/README.md."""

    answer_threshold: float = 30.0
    suggest_threshold: float = 25.0
    ambiguity_margin: float = 5.0
    candidate_threshold: float = 5.0
    answer_weight: float = 0.8
    elsewhere_weight: float = 1.5


@dataclass(frozen=True)
class SafetyRule:
    """A red flag: phrases that trigger it and the message shown first."""

    id: str
    message: str
    triggers: tuple[str, ...]
    urgent: bool = False
    # Triggers also said in jest ("I can barely walk lol"): a message that laughs raises nothing.
    hyperbole: tuple[str, ...] = ()


@dataclass(frozen=True)
class SmallTalk:
    """A greeting, thanks or the like, and the reply in the assistant's voice."""

    id: str
    patterns: tuple[str, ...]
    reply: str


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from the FAQ files, validated."""

    title: str
    topics: tuple[Topic, ...]
    entries: tuple[Entry, ...]
    disclaimer: str = ""  # shown under the title when the chat opens
    synonyms: tuple[tuple[str, ...], ...] = ()
    elsewhere: tuple[str, ...] = ()
    broader: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a word, and the kinds of it
    settings: Settings = field(default_factory=Settings)
    paragraphs: tuple[str, ...] = ()
    article: Path | None = None
    safety: tuple[SafetyRule, ...] = ()
    smalltalk: tuple[SmallTalk, ...] = ()
    files: tuple[Path, ...] = ()

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        return self._entries_by_id.get(entry_id)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None."""
        return next((t for t in self.topics if t.id == topic_id), None)

    def entries_in(self, topic_id: str) -> tuple[Entry, ...]:
        """Entries of one topic, in file order."""
        return tuple(e for e in self.entries if e.topic == topic_id)

    def source_text(self, entry: Entry) -> tuple[tuple[int, str], ...]:
        """The article paragraphs an entry cites, as (number, text) pairs."""
        return tuple(
            (n, self.paragraphs[n - 1]) for n in entry.source if 0 < n <= len(self.paragraphs)
        )

    @cached_property
    def _entries_by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}
