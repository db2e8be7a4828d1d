"""Load knowledge-base YAML files and validate them into a KnowledgeBase.

Every problem is collected with its file and line, so a curator sees all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from assistant.analyzer import phrase_key
from assistant.collector import collector_paused
from assistant.location import FaqError, faq_files
from assistant.model import Entry, KnowledgeBase, SafetyRule, Settings, SmallTalk, Topic
from assistant.normalise import words

# The C loader when PyYAML was built with libyaml; both build plain data only.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A curated FAQ is kilobytes; 4 MiB is some 18,000 entries and still loads in seconds,
# where 50 MB would take minutes and gigabytes to index.
MAX_FILE_BYTES = 4 * 1024 * 1024
# A knowledge base nests five levels; anything far deeper is a mistake or an attack.
MAX_DEPTH = 32
# Aliases repeat values without repeating text; past this many it is an alias bomb.
MAX_REPEATED = 100_000
# Values quoted in messages are cut to this many characters.
MAX_QUOTED = 60
# Warnings that read every entry (near-duplicate questions are compared pairwise) are left
# out past this many, where they would take seconds.
CHECK_ALL_MAX_ENTRIES = 3000
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
# An unquoted date ("title: 2020-01-01") resolves to this: plain data, read as a date.
_DATE = "tag:yaml.org,2002:timestamp"
_SAFE_TAGS = {
    _STR,
    _INT,
    _FLOAT,
    _BOOL,
    _NULL,
    _DATE,
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_TOP_KEYS = (
    "title",
    "disclaimer",
    "source",
    "topics",
    "entries",
    "synonyms",
    "elsewhere",
    "broader",
    "settings",
    "safety",
    "smalltalk",
)


@dataclass
class _File:
    """What one file contributed, before cross-file checks."""

    path: Path
    # Its top-level keys' values, for the line of a problem found across files.
    nodes: dict[str, yaml.Node] = field(default_factory=dict)
    title: str | None = None
    disclaimer: str | None = None
    paragraphs: tuple[str, ...] | None = None
    article: Path | None = None
    settings: Settings | None = None


class _Problems:
    """Problems and warnings found so far, reported all at once."""

    def __init__(self, warn: bool) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []
        # Near-duplicate warnings cost a comparison of every pair: only `check` wants them.
        self.warn = warn

    def add(self, path: Path, node: yaml.Node | None, message: str) -> None:
        self.problems.append(f"{_where(path, node)}: {message}")


def _where(path: Path, node: yaml.Node | None) -> str:
    return f"{path}:{node.start_mark.line + 1}" if node is not None else str(path)


def load(path: Path) -> KnowledgeBase:
    """Load and validate a knowledge base; raise FaqError listing every problem."""
    return _load(path, _Problems(warn=False))[0]


def load_with_warnings(path: Path) -> tuple[KnowledgeBase, list[str]]:
    """Like load, also returning non-fatal warnings (near-duplicate questions)."""
    return _load(path, _Problems(warn=True))


def _load(path: Path, out: _Problems) -> tuple[KnowledgeBase, list[str]]:
    files = faq_files(path)
    parts: list[tuple[_File, dict[str, list[Any]]]] = []
    # A large knowledge base makes millions of nodes, marks and entries, none of them
    # garbage: with the collector scanning them again and again, loading 100,000 entries
    # took 14 s instead of 5.
    with collector_paused():
        for file in files:
            root = _compose(file, out)
            if root is not None:
                parts.append(_read_file(file, root, out))
        kb = _merge(path, parts, out)
    if out.problems:
        raise FaqError(out.problems)
    return kb, out.warnings


def read_text(path: Path) -> str:
    """A file's text as UTF-8 (a byte-order mark is allowed, a NUL byte not); FaqError
    otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 2**20
            raise FaqError([f"{path}: file too large ({size / 2**20:.1f} MiB; limit {limit} MiB)"])
        data = path.read_bytes()
    except OSError as exc:
        raise FaqError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FaqError(
            [f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FaqError([f"{path}:{line}: contains a NUL byte; this is not a text file"])
    return text


def compose(path: Path) -> yaml.Node | None:
    """A file's one YAML document as nodes (None when empty); FaqError with one problem."""
    text = read_text(path)
    try:
        return _document(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        what = exc.problem or exc.context or "invalid YAML"
        raise FaqError([f"{where}: YAML syntax error: {what}"]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise FaqError([f"{path}:{line}: character U+{code:04X} is not allowed in YAML"]) from None
    except _Refused as exc:
        raise FaqError([f"{path}:{exc.mark.line + 1}: {exc}"]) from None
    except yaml.YAMLError as exc:
        raise FaqError([f"{path}: YAML error: {quoted(str(exc))}"]) from None


class _Refused(Exception):
    """Well-formed YAML that is not read: too deep, too many aliases, an unsafe tag."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark


def _document(text: str) -> yaml.Node | None:
    """The one document, composed from parser events without recursion.

    PyYAML's composers recurse (libyaml's crashes the interpreter 100,000 levels down) and
    would let aliases multiply a small file into billions of values; this one refuses both.
    """
    parser = _Loader(text)
    try:
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()  # document start
        root = _nodes(parser)
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            extra = parser.get_event()
            raise yaml.composer.ComposerError(
                None, None, "expected one document, found another", extra.start_mark
            )
        return root
    finally:
        parser.dispose()


def _nodes(parser: Any) -> yaml.Node:
    """Build the node tree of one document with an explicit stack."""
    anchors: dict[str, tuple[yaml.Node, int]] = {}  # node and its size with aliases expanded
    # Each open collection: the node, the count when it opened, its anchor, a pending key.
    stack: list[tuple[yaml.Node, int, str | None, list[yaml.Node]]] = []
    count = repeated = 0
    while True:
        event: Any = parser.get_event()
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node, start, anchor, _ = stack.pop()
            node.end_mark = event.end_mark
            if anchor is not None:
                anchors[anchor] = (node, count - start + 1)
            if not stack:
                return node
            continue
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise _Refused(
                    event.start_mark,
                    f"alias *{quoted(str(event.anchor))} has no complete anchor before it",
                )
            node, size = anchors[event.anchor]
            count += size
            repeated += size
            if repeated > MAX_REPEATED:
                raise _Refused(
                    event.start_mark, f"aliases repeat more than {MAX_REPEATED:,} values"
                )
        else:
            node = _node(parser, event)
            count += 1
            if isinstance(node, yaml.ScalarNode) and event.anchor is not None:
                anchors[event.anchor] = (node, 1)
        if stack:
            parent, _, _, key = stack[-1]
            if isinstance(parent, yaml.SequenceNode):
                parent.value.append(node)
            elif key:
                parent.value.append((key.pop(), node))
            else:
                key.append(node)
        if isinstance(node, yaml.CollectionNode) and not isinstance(event, yaml.AliasEvent):
            if len(stack) >= MAX_DEPTH:
                raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
            stack.append((node, count, event.anchor, []))
        elif not stack:
            return node


def _node(parser: Any, event: Any) -> yaml.Node:
    """A new node for a scalar or collection-start event, its tag resolved as PyYAML does."""
    kind: type[yaml.Node]
    if isinstance(event, yaml.ScalarEvent):
        kind = yaml.ScalarNode
    elif isinstance(event, yaml.SequenceStartEvent):
        kind = yaml.SequenceNode
    else:
        kind = yaml.MappingNode
    tag = event.tag
    if tag is None or tag == "!":
        value = event.value if kind is yaml.ScalarNode else None
        tag = parser.resolve(kind, value, event.implicit)
    elif tag not in _SAFE_TAGS:
        # Refused before anything could build it: only plain data is ever read.
        raise _Refused(
            event.start_mark, f"YAML tag '{quoted(tag)}' is not allowed (only plain data is read)"
        )
    if kind is yaml.ScalarNode:
        return yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    return kind(tag, [], event.start_mark, None, event.flow_style)


def quoted(text: str) -> str:
    """Text from a file as a message quotes it: one line, at most MAX_QUOTED characters."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_QUOTED else line[: MAX_QUOTED - 1] + "\u2026"


def _compose(path: Path, out: _Problems) -> yaml.MappingNode | None:
    try:
        node = compose(path)
    except FaqError as exc:
        out.problems.extend(exc.problems)
        return None
    if node is None:
        out.problems.append(f"{path}: file is empty; expected a mapping with topics and entries")
        return None
    if not isinstance(node, yaml.MappingNode):
        out.problems.append(
            f"{_where(path, node)}: top level must be a mapping (topics:, entries:, ...), "
            f"not a {_kind(node)}"
        )
        return None
    return node


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return {_INT: "number", _FLOAT: "number", _BOOL: "boolean", _NULL: "null", _DATE: "date"}.get(
        node.tag, "string"
    )


def _pairs(
    path: Path, node: yaml.MappingNode, allowed: tuple[str, ...], what: str, out: _Problems
) -> dict[str, yaml.Node]:
    """A mapping's values by key; unknown, duplicate and non-string keys are reported."""
    found: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if not isinstance(name, str) or key.tag != _STR:
            out.add(path, key, f"{what}: keys must be plain words")
        elif name in found:
            out.add(path, key, f"{what}: field '{quoted(name)}' appears twice")
        elif name not in allowed:
            hint = _closest(name, allowed)
            out.add(
                path,
                key,
                f"{what}: unknown field '{quoted(name)}'"
                + (f" (did you mean '{hint}'?)" if hint else f"; allowed: {', '.join(allowed)}"),
            )
        else:
            found[name] = value
    return found


def _closest(word: str, options: tuple[str, ...]) -> str | None:
    from rapidfuzz import process

    best = process.extractOne(word, options, score_cutoff=60)
    return str(best[0]) if best else None


def _check_tag(path: Path, node: yaml.Node, out: _Problems) -> bool:
    if node.tag not in _SAFE_TAGS:
        out.add(
            path, node, f"YAML tag '{quoted(node.tag)}' is not allowed (only plain data is read)"
        )
        return False
    return True


def _text(path: Path, node: yaml.Node | None, field: str, out: _Problems) -> str | None:
    """A required non-empty string field."""
    if node is None:
        return None
    if not _check_tag(path, node, out):
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
        # Unquoted, "yes" reads as a boolean, "2020-01-01" as a date and "42" as a number.
        quote = isinstance(node, yaml.ScalarNode) and not node.style and node.tag != _NULL
        hint = ": put it in quotes" if quote else ""
        out.add(path, node, f"'{field}' must be text, not a {_kind(node)}{hint}")
        return None
    value = str(node.value).strip()
    if not value:
        out.add(path, node, f"'{field}' is empty")
        return None
    return value


def _integer(path: Path, node: yaml.Node, field: str, out: _Problems) -> int | None:
    if not _check_tag(path, node, out):
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag != _INT:
        out.add(path, node, f"'{field}' must be a whole number, not a {_kind(node)}")
        return None
    try:
        return int(str(node.value).replace("_", ""), 0)
    except ValueError:
        out.add(path, node, f"'{field}' must be a whole number")
        return None


def _number(path: Path, node: yaml.Node, field: str, out: _Problems) -> float | None:
    if not _check_tag(path, node, out):
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (_INT, _FLOAT):
        out.add(path, node, f"'{field}' must be a number, not a {_kind(node)}")
        return None
    try:
        return float(str(node.value).replace("_", ""))
    except ValueError:
        out.add(path, node, f"'{field}' must be a number")
        return None


def _items(path: Path, node: yaml.Node, field: str, out: _Problems) -> list[yaml.Node]:
    if not _check_tag(path, node, out):
        return []
    if not isinstance(node, yaml.SequenceNode):
        out.add(path, node, f"'{field}' must be a list, not a {_kind(node)}")
        return []
    return list(node.value)


def _texts(
    path: Path,
    node: yaml.Node | None,
    field: str,
    out: _Problems,
    problem: Callable[[str], str] | None = None,
) -> tuple[str, ...]:
    """A list's texts; with `problem`, only those it finds nothing wrong with (it says what)."""
    if node is None:
        return ()
    kept = []
    for item in _items(path, node, field, out):
        value = _text(path, item, field, out)
        wrong = problem(value) if value is not None and problem else ""
        if wrong:
            out.add(path, item, f"'{field}': {wrong}")
        elif value is not None:
            kept.append(value)
    return tuple(kept)


def _quoting(trigger: str) -> str:
    """What is wrong with a trigger's double quotes, if anything: each holds one word."""
    quoted = trigger.split('"')[1::2]
    if trigger.count('"') % 2 or any(not w.strip() or " " in w.strip() for w in quoted):
        return "quote one word at a time, as '\"leg\" gave way'"
    return ""


def _mappings(
    path: Path, node: yaml.Node, field: str, out: _Problems
) -> Iterator[yaml.MappingNode]:
    for item in _items(path, node, field, out):
        if isinstance(item, yaml.MappingNode) and _check_tag(path, item, out):
            yield item
        elif _check_tag(path, item, out):
            out.add(path, item, f"each item of '{field}' must be a mapping, not a {_kind(item)}")


def _required(
    path: Path,
    node: yaml.Node,
    values: dict[str, yaml.Node],
    names: tuple[str, ...],
    what: str,
    out: _Problems,
) -> bool:
    missing = [n for n in names if n not in values]
    for name in missing:
        out.add(path, node, f"{what}: missing required field '{name}'")
    return not missing


def _identifier(path: Path, node: yaml.Node, field: str, out: _Problems) -> str | None:
    value = _text(path, node, field, out)
    if value is not None and not _ID.match(value):
        out.add(
            path, node, f"'{field}' '{quoted(value)}' must be kebab-case (like 'muscle-strain')"
        )
        return None
    return value


def _read_file(
    path: Path, root: yaml.MappingNode, out: _Problems
) -> tuple[_File, dict[str, list[Any]]]:
    """Validate one file's shape; return its parts with the node each came from."""
    top = _pairs(path, root, _TOP_KEYS, "top level", out)
    file = _File(path, top)
    collected: dict[str, list[Any]] = {
        key: []
        for key in ("topics", "entries", "synonyms", "elsewhere", "broader", "safety", "smalltalk")
    }
    if "title" in top:
        file.title = _text(path, top["title"], "title", out)
    if "disclaimer" in top:
        file.disclaimer = _text(path, top["disclaimer"], "disclaimer", out)
    if "source" in top:
        file.article, file.paragraphs = _read_article(path, top["source"], out)
    if "settings" in top:
        file.settings = _read_settings(path, top["settings"], out)
    readers: dict[str, Callable[[Path, yaml.MappingNode, int, _Problems], Any]] = {
        "topics": _read_topic,
        "entries": _read_entry,
        "safety": _read_safety,
        "smalltalk": _read_smalltalk,
    }
    for key, reader in readers.items():
        if key in top:
            for index, item in enumerate(_mappings(path, top[key], key, out)):
                value = reader(path, item, index, out)
                if value is not None:
                    collected[key].append((value, item))
    if "synonyms" in top:
        for group in _items(path, top["synonyms"], "synonyms", out):
            words = _texts(path, group, "synonyms", out)
            if isinstance(group, yaml.SequenceNode) and len(words) < 2:
                out.add(path, group, "a synonym group needs at least two words")
            elif len(words) >= 2:
                collected["synonyms"].append((words, group))
    if "elsewhere" in top:
        for node in _items(path, top["elsewhere"], "elsewhere", out):
            word = _word(path, node, "elsewhere", out)
            if word is not None:
                collected["elsewhere"].append((word, node))
    if "broader" in top:
        collected["broader"] = _read_broader(path, top["broader"], out)
    return file, collected


def _word(path: Path, node: yaml.Node, field: str, out: _Problems) -> str | None:
    """A text field of one word."""
    word = _text(path, node, field, out)
    if word is not None and len(word.split()) != 1:
        out.add(path, node, f"each item of '{field}' must be one word, not '{quoted(word)}'")
        return None
    return word


# A broader word, and each word naming a kind of it with the node it was read from.
Broader = tuple[str, tuple[tuple[str, yaml.Node], ...]]


def _read_broader(path: Path, node: yaml.Node, out: _Problems) -> list[tuple[Broader, yaml.Node]]:
    """`broader: {word: [narrower words]}`, each one word, with the node of each word."""
    if not _check_tag(path, node, out):
        return []
    if not isinstance(node, yaml.MappingNode):
        out.add(
            path, node, f"'broader' must be a mapping of a word to its kinds, not a {_kind(node)}"
        )
        return []
    found: list[tuple[Broader, yaml.Node]] = []
    seen: set[str] = set()
    for key, value in node.value:
        word = _word(path, key, "broader", out)
        if word is None:
            continue
        if word in seen:
            out.add(path, key, f"'broader': '{quoted(word)}' appears twice")
            continue
        seen.add(word)
        if not (isinstance(value, yaml.SequenceNode) and value.value):
            if _check_tag(path, value, out):
                shape = (
                    "an empty list" if isinstance(value, yaml.SequenceNode) else f"a {_kind(value)}"
                )
                out.add(
                    path,
                    value,
                    f"'broader': '{quoted(word)}' needs a list of words for its kinds, not {shape}",
                )
            continue
        kinds = tuple(
            (kind, item) for item in value.value if (kind := _word(path, item, "broader", out))
        )
        if kinds:
            found.append(((word, kinds), key))
    return found


def _read_article(
    path: Path, node: yaml.Node, out: _Problems
) -> tuple[Path | None, tuple[str, ...] | None]:
    """The article's path and its paragraphs (non-empty lines), or Nones if unreadable."""
    name = _text(path, node, "source", out)
    if name is None:
        return None, None
    article = path.parent / name
    try:
        text = read_text(article)
    except FaqError as exc:
        out.add(path, node, f"source article: {exc.problems[0]}")
        return None, None
    return article, tuple(line.strip() for line in text.splitlines() if line.strip())


def _read_settings(path: Path, node: yaml.Node, out: _Problems) -> Settings | None:
    if not isinstance(node, yaml.MappingNode):
        out.add(path, node, f"'settings' must be a mapping, not a {_kind(node)}")
        return None
    names = tuple(f.name for f in fields(Settings))
    values: dict[str, float] = {}
    for name, value_node in _pairs(path, node, names, "settings", out).items():
        value = _number(path, value_node, name, out)
        limit = 1.0 if name == "answer_weight" else 100.0
        if value is not None and not 0 <= value <= limit:
            out.add(path, value_node, f"'{name}' must be between 0 and {limit:g}")
        elif value is not None:
            values[name] = value
    return Settings(**values)


def _read_topic(path: Path, node: yaml.MappingNode, index: int, out: _Problems) -> Topic | None:
    values = _pairs(path, node, ("id", "title", "order"), "topic", out)
    if not _required(path, node, values, ("id", "title"), "topic", out):
        return None
    topic_id = _identifier(path, values["id"], "id", out)
    title = _text(path, values["title"], "title", out)
    order = _integer(path, values["order"], "order", out) if "order" in values else index
    if topic_id is None or title is None or order is None:
        return None
    return Topic(topic_id, title, order)


def _read_entry(path: Path, node: yaml.MappingNode, index: int, out: _Problems) -> Entry | None:
    names = ("id", "topic", "question", "answer", "alternates", "related", "source")
    values = _pairs(path, node, names, "entry", out)
    if not _required(path, node, values, names[:4], "entry", out):
        return None
    entry_id = _identifier(path, values["id"], "id", out)
    topic = _text(path, values["topic"], "topic", out)
    question = _text(path, values["question"], "question", out)
    answer = _text(path, values["answer"], "answer", out)
    alternates = _texts(path, values.get("alternates"), "alternates", out)
    related = _texts(path, values.get("related"), "related", out)
    source: list[int] = []
    if "source" in values:
        for item in _items(path, values["source"], "source", out):
            number = _integer(path, item, "source", out)
            if number is not None and number < 1:
                out.add(path, item, "'source' paragraph numbers start at 1")
            elif number is not None:
                source.append(number)
    if entry_id is None or topic is None or question is None or answer is None:
        return None
    return Entry(entry_id, topic, question, answer, alternates, related, tuple(source))


def _read_safety(
    path: Path, node: yaml.MappingNode, index: int, out: _Problems
) -> SafetyRule | None:
    keys = ("id", "message", "triggers", "urgent", "hyperbole")
    values = _pairs(path, node, keys, "safety rule", out)
    if not _required(path, node, values, ("id", "message", "triggers"), "safety rule", out):
        return None
    rule_id = _identifier(path, values["id"], "id", out)
    message = _text(path, values["message"], "message", out)
    triggers = _texts(path, values["triggers"], "triggers", out, _quoting)
    hyperbole = _texts(path, values.get("hyperbole"), "hyperbole", out, _quoting)
    for phrase in set(triggers).intersection(hyperbole):
        out.add(path, values["hyperbole"], f"'hyperbole': '{phrase}' is also in 'triggers'")
    urgent = False
    if "urgent" in values:
        flag = values["urgent"]
        if not (isinstance(flag, yaml.ScalarNode) and flag.tag == _BOOL):
            out.add(path, flag, "'urgent' must be true or false")
        else:
            urgent = str(flag.value).lower() in ("true", "yes", "on")
    if not triggers:
        out.add(path, node, "safety rule: 'triggers' needs at least one phrase")
    if rule_id is None or message is None or not triggers:
        return None
    return SafetyRule(rule_id, message, triggers, urgent, hyperbole)


def _read_smalltalk(
    path: Path, node: yaml.MappingNode, index: int, out: _Problems
) -> SmallTalk | None:
    values = _pairs(path, node, ("id", "patterns", "reply"), "small talk", out)
    if not _required(path, node, values, ("id", "patterns", "reply"), "small talk", out):
        return None
    talk_id = _identifier(path, values["id"], "id", out)
    patterns = _texts(path, values["patterns"], "patterns", out)
    reply = _text(path, values["reply"], "reply", out)
    if talk_id is None or reply is None or not patterns:
        return None
    return SmallTalk(talk_id, patterns, reply)


def _single(files: list[_File], get: Callable[[_File], Any], what: str, out: _Problems) -> Any:
    """A value at most one file may set."""
    setters = [f for f in files if get(f) is not None]
    for extra in setters[1:]:
        first = _where(setters[0].path, setters[0].nodes.get(what))
        out.add(extra.path, extra.nodes.get(what), f"'{what}' is already set in {first}")
    return get(setters[0]) if setters else None


def _merge(
    path: Path, parts: list[tuple[_File, dict[str, list[Any]]]], out: _Problems
) -> KnowledgeBase:
    files = [f for f, _ in parts]
    title = _single(files, lambda f: f.title, "title", out) or path.stem
    disclaimer = _single(files, lambda f: f.disclaimer, "disclaimer", out) or ""
    paragraphs = _single(files, lambda f: f.paragraphs, "source", out) or ()
    article = next((f.article for f in files if f.article is not None), None)
    settings = _single(files, lambda f: f.settings, "settings", out) or Settings()

    def located(key: str) -> list[tuple[Path, Any, yaml.Node]]:
        return [(f.path, v, n) for f, c in parts for v, n in c[key]]

    topics = _unique(located("topics"), "topic", out)
    entries = _unique(located("entries"), "entry", out)
    safety = _unique(located("safety"), "safety rule", out)
    smalltalk = _unique(located("smalltalk"), "small talk", out)
    topic_ids = {t.id for t, _, _ in topics}
    entry_ids = {e.id for e, _, _ in entries}
    for entry, file, node in entries:
        if entry.topic not in topic_ids:
            out.add(file, node, f"entry '{entry.id}': unknown topic '{quoted(entry.topic)}'")
        for other in entry.related:
            if other not in entry_ids:
                out.add(
                    file,
                    node,
                    f"entry '{entry.id}': related entry '{quoted(other)}' does not exist",
                )
        for number in entry.source:
            if number > len(paragraphs):
                out.add(
                    file,
                    node,
                    f"entry '{entry.id}': source paragraph {number} does not exist "
                    f"(the article has {len(paragraphs)})",
                )
    if not entries and not out.problems:
        out.problems.append(f"{path}: no entries; a knowledge base needs at least one")
    _check_questions(entries, out)
    kb = KnowledgeBase(
        title=title,
        disclaimer=disclaimer,
        topics=tuple(sorted((t for t, _, _ in topics), key=lambda t: t.order)),
        entries=tuple(e for e, _, _ in entries),
        synonyms=_synonyms(located("synonyms"), out),
        elsewhere=tuple(word for _, word, _ in located("elsewhere")),
        broader=_broader(located("broader"), out),
        settings=settings,
        paragraphs=paragraphs,
        article=article,
        safety=tuple(r for r, _, _ in safety),
        smalltalk=tuple(s for s, _, _ in smalltalk),
        files=tuple(f.path for f in files),
    )
    if out.warn and not out.problems:
        out.warnings.extend(_unused_broader(located("broader"), kb))
    return kb


def _synonyms(
    items: list[tuple[Path, tuple[str, ...], yaml.Node]], out: _Problems
) -> tuple[tuple[str, ...], ...]:
    """The synonym groups of every file, no phrase in two of them: the matcher would read it
    as the first group's word and the second listing would do nothing."""
    first: dict[tuple[str, ...], tuple[int, str, Path, yaml.Node]] = {}
    groups: set[int] = set()
    for number, (file, _, group) in enumerate(items):
        # A group repeated through a YAML alias says the same twice: no clash.
        if id(group) in groups:
            continue
        groups.add(id(group))
        for node in group.value:
            # Only text, as `_text` reads it: anything else is reported already.
            if not (isinstance(node, yaml.ScalarNode) and node.tag == _STR):
                continue
            key = phrase_key(node.value)
            group_of, said, where_file, where_node = first.setdefault(
                key, (number, node.value, file, node)
            )
            if key and group_of != number:
                same = words(said) == words(node.value)
                alike = "" if same else f" reads as '{quoted(said)}', which"
                out.add(
                    file,
                    node,
                    f"synonyms: '{quoted(node.value)}'{alike} is already in another group "
                    f"({_where(where_file, where_node)}); a phrase belongs to one group",
                )
    return tuple(group_words for _, group_words, _ in items)


def _broader(
    items: list[tuple[Path, Broader, yaml.Node]], out: _Problems
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The `broader` words of every file: each listed once, and a word a kind of one broader
    word at most, never of itself nor of one of its kinds."""
    listed: dict[str, tuple[Path, yaml.Node]] = {}
    owner: dict[str, tuple[str, Path, yaml.Node]] = {}
    broad = {word for _, (word, _), _ in items}
    for file, (word, kinds), key in items:
        first_file, first_key = listed.setdefault(word, (file, key))
        if first_key is not key:
            out.add(
                file,
                key,
                f"'broader': '{word}' is already listed at {_where(first_file, first_key)}",
            )
        for kind, node in kinds:
            owner_word, owner_file, owner_node = owner.setdefault(kind, (word, file, node))
            if kind in broad:
                out.add(file, node, f"'broader': '{kind}' is itself a broader word, not a kind")
            elif owner_node is not node:
                where = _where(owner_file, owner_node)
                out.add(
                    file, node, f"'broader': '{kind}' is already a kind of '{owner_word}' ({where})"
                )
    return tuple((word, tuple(k for k, _ in kinds)) for _, (word, kinds), _ in items)


def _unused_broader(items: list[tuple[Path, Broader, yaml.Node]], kb: KnowledgeBase) -> list[str]:
    """Warnings for broader words and kinds that read as no single word the entries use:
    the matcher leaves them out."""
    from assistant.analyzer import Analyzer
    from assistant.indexing import index_entries

    if not items or len(kb.entries) > CHECK_ALL_MAX_ENTRIES:
        return []
    analyzer = Analyzer(kb.synonyms)
    # The terms the matcher's index holds, which are those it lends between.
    used = index_entries(kb.entries, analyzer)[0].terms
    warnings = []
    for file, (word, kinds), key in items:
        named = [(f"broader word '{word}'", word, key)]
        named += [(f"kind '{kind}' of '{word}'", kind, node) for kind, node in kinds]
        for what, said, node in named:
            if analyzer.term_of(said) not in used:
                warnings.append(
                    f"{_where(file, node)}: warning: {what} matches no single word of the "
                    "entries, so it is left out"
                )
    return warnings


def _unique(
    items: list[tuple[Path, Any, yaml.Node]], what: str, out: _Problems
) -> list[tuple[Any, Path, yaml.Node]]:
    seen: dict[str, tuple[Path, yaml.Node]] = {}
    kept = []
    for file, value, node in items:
        if value.id in seen:
            first, first_node = seen[value.id]
            out.add(
                file,
                node,
                f"duplicate {what} id '{value.id}' (first at {_where(first, first_node)})",
            )
        else:
            seen[value.id] = (file, node)
            kept.append((value, file, node))
    return kept


def _check_questions(entries: list[tuple[Entry, Path, yaml.Node]], out: _Problems) -> None:
    """The same question under two entries is an error; a near-identical one a warning."""
    from assistant.normalise import fold

    owner: dict[str, tuple[Entry, Path, yaml.Node]] = {}
    for entry, file, node in entries:
        for phrasing in entry.phrasings:
            key = fold(phrasing)
            first = owner.setdefault(key, (entry, file, node))
            if first[0].id != entry.id:
                out.add(
                    file,
                    node,
                    f"entry '{entry.id}': question '{quoted(phrasing)}' is also under entry "
                    f"'{first[0].id}' ({_where(first[1], first[2])})",
                )
    if out.warn:
        out.warnings.extend(_near_duplicates(entries))


def _near_duplicates(entries: list[tuple[Entry, Path, yaml.Node]]) -> list[str]:
    from rapidfuzz import fuzz, process

    from assistant.normalise import fold

    if len(entries) > CHECK_ALL_MAX_ENTRIES:
        return []
    folded = [fold(e.question) for e, _, _ in entries]
    warnings = []
    for i, (entry, file, node) in enumerate(entries):
        for _, score, j in process.extract(
            folded[i], folded, scorer=fuzz.ratio, score_cutoff=90, limit=None
        ):
            if j > i:
                other = entries[j][0]
                warnings.append(
                    f"{_where(file, node)}: warning: question of '{entry.id}' is nearly the same "
                    f"as that of '{other.id}' ({score:.0f}% alike); matching may confuse them"
                )
    return warnings
