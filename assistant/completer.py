"""Completion for the chat: slash commands and their arguments, and every question, fuzzily."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from prompt_toolkit.completion import (
    CompleteEvent,
    Completer,
    Completion,
    DynamicCompleter,
    ThreadedCompleter,
)
from prompt_toolkit.document import Document
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from assistant.model import Entry, KnowledgeBase
from assistant.render import clean

# Fewer typed characters match nearly every question, so the menu would only get in the way.
MIN_CHARS = 2
# A typed word counts as found when it is this close to the start of, or all of, a word;
# a phrasing is offered when the typed words average this much (so one stray word is fine).
WORD_CUTOFF = 75.0
PHRASING_CUTOFF = 70.0
LIMIT = 20


class ChatCompleter(Completer):
    """After "/": commands, topic names and entry ids. Otherwise: questions, best first."""

    def __init__(self, kb: KnowledgeBase, commands: Mapping[str, str]) -> None:
        self.kb = kb
        self.commands = commands
        # Every phrasing finds its entry, but the menu always offers the main question.
        self._phrasings = [
            (entry, default_process(p).split()) for entry in kb.entries for p in entry.phrasings
        ]
        self._vocabulary = sorted({w for _, words in self._phrasings for w in words})

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        """Completions for the text before the cursor."""
        text = document.text_before_cursor
        if text.startswith("/"):
            yield from self._command_completions(text)
        elif len(text.strip()) >= MIN_CHARS:
            yield from self._question_completions(text)

    def _command_completions(self, text: str) -> Iterator[Completion]:
        name, space, arg = text.partition(" ")
        if not space:
            for command, help_text in self.commands.items():
                if command.startswith(name.lower()):
                    yield Completion(command, -len(text), display_meta=help_text)
        elif name == "/topic":
            yield from self._topic_completions(arg)
        elif name == "/show":
            yield from self._id_completions(arg)

    def _topic_completions(self, arg: str) -> Iterator[Completion]:
        for topic in self.kb.topics:
            title = clean(topic.title)
            if arg.lower() in title.lower():
                count = len(self.kb.entries_in(topic.id))
                yield Completion(title, -len(arg), display_meta=f"{count} questions")

    def _id_completions(self, arg: str) -> Iterator[Completion]:
        for entry in self.kb.entries:
            if entry.id.startswith(arg):
                yield Completion(clean(entry.id), -len(arg), display_meta=clean(entry.question))

    def _question_completions(self, text: str) -> Iterator[Completion]:
        for entry in self.ranked(text)[:LIMIT]:
            topic = self.kb.topic(entry.topic)
            meta = clean(topic.title) if topic else ""
            yield Completion(clean(entry.question), -len(text), display_meta=meta)

    def ranked(self, text: str) -> list[Entry]:
        """Entries whose phrasings hold the typed words (fuzzily), the best covered first."""
        query = default_process(text)
        words = query.split()
        closeness = [_word_scores(self._vocabulary, w) for w in words]
        best: dict[str, tuple[float, float, int]] = {}
        entries: dict[str, Entry] = {}
        for order, (entry, phrasing) in enumerate(self._phrasings):
            found = [
                max((scores.get(w, 0.0) for w in phrasing), default=0.0) for scores in closeness
            ]
            mean = sum(found) / len(found) if found else 0.0
            if mean < PHRASING_CUTOFF:
                continue
            # Ties (common with short input) go to the phrasing that reads most like the input.
            key = (mean, fuzz.partial_ratio(query, " ".join(phrasing)), -order)
            if key > best.get(entry.id, (-1.0, -1.0, 0)):
                best[entry.id], entries[entry.id] = key, entry
        return [entries[i] for i in sorted(best, key=best.__getitem__, reverse=True)]


def _word_scores(vocabulary: Iterable[str], typed: str) -> dict[str, float]:
    """How close each known word is to a typed word, read as a possibly unfinished word."""
    scores = {}
    for word in vocabulary:
        score = max(fuzz.ratio(typed, word[: len(typed)]), fuzz.ratio(typed, word))
        if score >= WORD_CUTOFF:
            scores[word] = score
    return scores


def threaded(completer: ChatCompleter) -> ThreadedCompleter:
    """The completer wrapped as pgcli does: computed off the UI thread, swappable later."""
    return ThreadedCompleter(DynamicCompleter(lambda: completer))
