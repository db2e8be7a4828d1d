"""Text normalisation shared by the matcher, the validator and the browser's filter.

Everything here is language-level (English); nothing knows about any knowledge base.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)
_WORD = re.compile(r"[^\W_]+")

# Function words, question words that carry no topic, and chat filler. A word here is
# neither matched nor counted as unknown.
STOPWORDS = frozenset(
    """
    a about above after again against all almost also am an and any anyone anything are
    around as at be because been before being below between both but by can could did do
    does doing done down during each either else even ever every few for from further get
    gets getting got had has have having he her here hers him his how i if in into is it
    its itself just let like lot lots me might mine more most much must my myself need
    needs no nor not now of off on once only or other our ours out over own per please
    quite rather really same she should so some someone something still such than that
    the their them then there these they thing things this those though through to too
    under until up upon us very was we were what whatever when where whether which while
    who whom whose will with within without would yet you your yours yourself
    im ive id dont doesnt didnt isnt arent wasnt cant couldnt shouldnt wouldnt whats
    thats theres hey hi hello ok okay yeah yes yo um uh hmm pls plz thanks thank tell
    know anybody guys guy bit kinda sorta gonna wanna gotta u ur r ya also always
    today yesterday tomorrow lately recently currently basically actually literally
    totally seriously super pretty kind sort way question explain mean anyway
    """.split()
)


def fold(text: str) -> str:
    """Unicode-normalised, case-folded, accent-free text with punctuation as single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    )
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return fold(text).split()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer so that stretch/stretches/stretching/stretched meet."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith(("ches", "shes", "xes", "zes", "sses")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ness", "ly"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and any(v in base for v in "aeiouy"):
            word = _undouble(base)
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
        return word[:-1]
    return word
