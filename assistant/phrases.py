"""Finding short phrases in a message, for the safety and small-talk layers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# Reads a text as stems with synonyms resolved, the way the matcher does; the flag says
# whether to repair typos (a message's, yes; the file's own phrases, no).
Reader = Callable[[str, bool], list[str]]

# Where one clause ends and the next begins: a negation never reaches across these. A point
# or a comma inside a number ("38.9", "1,500") ends nothing. A "but" that is owned ("landed on
# my but") is a misspelt butt: it stays in its clause, which ends after it ("no pain in my but
# tingling in my foot"). The owners are faq/synonyms.yaml's for "my but".
# A look-behind must be of one width, so there is one per owner.
_OWNERS = ("my", "his", "our", "your", "their")
_CLAUSE_BREAK = re.compile(
    r"[;:!?()\n]|(?<!\d)[,.]|[,.](?!\d)|\b(?:however|though|although|yet)\b|"
    + "".join(rf"(?<!\b{owner} )" for owner in _OWNERS)
    + r"\bbut\b|"
    + "|".join(rf"(?<=\b{owner} but)\b" for owner in _OWNERS)
)


def clauses(text: str) -> list[str]:
    """The text cut at punctuation and at contrasting words."""
    if text.isascii():
        folded = text.lower()  # as NFKC and casefold would leave it, without their import
    else:
        import unicodedata

        folded = unicodedata.normalize("NFKC", text).casefold()
    return [part for part in _CLAUSE_BREAK.split(folded) if part.strip()]


def find_in_order(
    stems: list[str], parts: Sequence[tuple[str, int]], begin: int = 0
) -> tuple[int, int] | None:
    """The first span (start, end), from `begin` on, where the stems occur in order, each
    within its allowed gap.

    `parts` pairs each stem with how many words may come before it since the last one.
    """
    if not parts:
        return None
    first = parts[0][0]
    for start in range(begin, len(stems)):
        if stems[start] != first:
            continue
        end = _follow(stems, start + 1, parts[1:])
        if end is not None:
            return start, end
    return None


def _follow(stems: list[str], position: int, parts: Sequence[tuple[str, int]]) -> int | None:
    if not parts:
        return position
    wanted, gap = parts[0]
    for offset in range(gap + 1):
        at = position + offset
        if at < len(stems) and stems[at] == wanted:
            end = _follow(stems, at + 1, parts[1:])
            if end is not None:
                return end
    return None


def find_sequence(stems: list[str], phrase: tuple[str, ...]) -> int | None:
    """Where the phrase's stems occur as a contiguous run, else None."""
    size = len(phrase)
    for start in range(len(stems) - size + 1):
        if tuple(stems[start : start + size]) == phrase:
            return start
    return None
