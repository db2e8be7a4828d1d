"""The one entry point the CLI and the chat share: a message in, a reply out."""

from __future__ import annotations

from typing import NamedTuple

from assistant.matcher import Matcher, Result
from assistant.model import KnowledgeBase, SafetyRule, SmallTalk
from assistant.normalise import spoken_marks
from assistant.safety import SafetyCheck
from assistant.smalltalk import SmallTalkCheck

# Only this much of a message is read. No real question is longer, and typo repair grows
# faster than linearly with the length of a word: a 100 kB "word" took 20 s.
MAX_QUESTION_CHARS = 1_000


class Reply(NamedTuple):
    """Everything the assistant has to say to one message."""

    result: Result
    alert: SafetyRule | None = None
    smalltalk: SmallTalk | None = None

    @property
    def settled(self) -> bool:
        """True when nothing was left unanswered (small talk counts as answered)."""
        return self.smalltalk is not None or self.result.status == "answered"


class Assistant:
    """A knowledge base with its matcher, safety rules and small talk."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)
        read = self.matcher.analyzer.canonical
        self._safety = SafetyCheck(kb.safety, read)
        self._smalltalk = SmallTalkCheck(kb.smalltalk, read)

    def reply(self, text: str, top: int = 3) -> Reply:
        """Red flags, small talk and the answer for a message (its first MAX_QUESTION_CHARS)."""
        text = spoken_marks(text[:MAX_QUESTION_CHARS])
        finding = self._safety.check(text)
        talk = self._smalltalk.check(text)
        # A message that raised an alert is read whole: what it says besides its question
        # is its symptoms, and an answer must not rest on the question alone.
        alerted = finding.rule is not None
        result = self.matcher.match(text, top=top, ignore=finding.words, alerted=alerted)
        if talk is not None:
            # Small talk asks nothing: no entry answers "who are you", whatever words they share.
            result = result._replace(status="no_match", candidates=())
        return Reply(result, finding.rule, talk)
