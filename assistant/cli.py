"""The `assistant` command line: a thin layer that parses flags and prints replies."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from assistant import __version__
from assistant.cache import load_assistant
from assistant.core import Assistant
from assistant.location import FaqError, resolve_faq_path
from assistant.model import KnowledgeBase
from assistant.render import CONTROLS, MAX_WIDTH, Fragments, clean, to_ansi, to_plain, wants_colour

# How JSON output writes what a terminal could act on.
_ESCAPES = {c: f"\\u{c:04x}" for c in CONTROLS}
USAGE_ERROR = 2
# Cases from which `eval` says on stderr that it is working.
EVAL_PROGRESS_MIN = 500


class UsageError(Exception):
    """A bad flag or argument; reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser(commands: Collection[str] | None = None) -> argparse.ArgumentParser:
    """Every command and flag, or only those commands'."""
    faq = _Parser(add_help=False)
    faq.add_argument(
        "--faq",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="knowledge base: a YAML file or a directory of them (default: $ASSISTANT_FAQ, "
        "else the bundled one)",
    )
    faq.add_argument(
        "--no-color",
        action="store_true",
        default=argparse.SUPPRESS,
        help="plain text, no colours (also: NO_COLOR=1)",
    )
    parser = _Parser(
        prog="assistant",
        parents=[faq],
        description="Answers questions from a curated FAQ, offline. "
        "With no command it opens the chat (or reads questions from a pipe).",
    )
    parser.add_argument("--version", action="version", version=f"assistant {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (text, add_arguments) in _COMMANDS.items():
        if commands is None or name in commands:
            add_arguments(sub.add_parser(name, parents=[faq], help=text))
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line parsed. Only the command it names is built when that parses it:
    each parser costs a start about 0.2 ms of argparse's message-catalogue look-ups."""
    argv = sys.argv[1:] if argv is None else list(argv)
    named = [a for a in argv if a in _COMMANDS][:1]
    # "--he" asks for help too: argparse takes any unambiguous prefix of an option.
    if not any(a == "-h" or (len(a) > 2 and "--help".startswith(a)) for a in argv):
        with contextlib.suppress(UsageError):
            return build_parser(named).parse_args(argv)
    # The whole parser, for help that lists every command and errors that name them.
    return build_parser().parse_args(argv)


def _ask_arguments(ask: argparse.ArgumentParser) -> None:
    ask.add_argument("question", nargs="+", help="the question, or - for one per stdin line")
    ask.add_argument("--top", type=_positive, default=3, metavar="N", help="candidates shown")
    ask.add_argument("--explain", action="store_true", help="show how the answer was chosen")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("path", nargs="?", help="file or directory (default: the one in use)")


def _json_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument("--json", action="store_true", help="print JSON")


def _show_arguments(show: argparse.ArgumentParser) -> None:
    show.add_argument("id", help="entry id (see 'assistant topics --json')")
    _json_argument(show)


def _eval_arguments(evaluate: argparse.ArgumentParser) -> None:
    evaluate.add_argument("cases", help="YAML file: cases: [{q: ..., expect: id | [ids] | none}]")
    _json_argument(evaluate)
    evaluate.add_argument("--min-top1", type=_fraction, metavar="X", help="fail below this")
    evaluate.add_argument("--min-declined", type=_fraction, metavar="X", help="fail below this")


def _import_arguments(importer: argparse.ArgumentParser) -> None:
    importer.add_argument("article", help="plain-text or Markdown article")
    importer.add_argument(
        "-o", "--output", metavar="FILE", help="where to write the YAML ('-' for stdout)"
    )
    importer.add_argument("--force", action="store_true", help="overwrite an existing file")


def _no_arguments(_: argparse.ArgumentParser) -> None:
    pass


_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "ask": ("answer a question ('-' reads stdin)", _ask_arguments),
    "check": ("validate a knowledge base", _check_arguments),
    "topics": ("list topics and their questions", _json_argument),
    "show": ("show one entry with its source", _show_arguments),
    "eval": ("score the matcher on labelled cases", _eval_arguments),
    "chat": ("open the interactive chat", _no_arguments),
    "browse": ("browse topics full-screen", _no_arguments),
    "import": ("draft a knowledge base from an article", _import_arguments),
}


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{text}'")
    return int(text)


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got '{text}'")
    return value


class Output:
    """Where replies go, and whether they may carry colour."""

    def __init__(self, stream: TextIO, no_color: bool) -> None:
        self.stream = stream
        self.color = stream.isatty() and wants_colour(not no_color)
        self.width = min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)

    def write(self, fragments: Fragments) -> None:
        """Print fragments, coloured only on a terminal."""
        self.stream.write(to_ansi(fragments) if self.color else to_plain(fragments))

    def line(self, text: str = "") -> None:
        """Print a plain line."""
        self.stream.write(text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        _tolerate_bad_bytes()
        return _run(parse_args(argv))
    except UsageError as exc:
        print(clean(f"assistant: {exc}"), file=sys.stderr)
        return USAGE_ERROR
    except FaqError as exc:
        for problem in exc.problems:
            print(clean(problem), file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`assistant topics | head -1`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run() -> NoReturn:
    """The console script: `main`, then an exit that skips tearing the interpreter down."""
    status = main()
    # Teardown would trace every object still alive (the whole index) for cycles, then free
    # them one by one, for a process that is ending: over a sixth of a cold `ask`. All that
    # was written is flushed first; nothing else is pending.
    with contextlib.suppress(OSError):  # a reader that went away (`| head -1`)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(status)


def _tolerate_bad_bytes() -> None:
    """Undecodable input becomes U+FFFD instead of an exception, whatever the locale."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def _readable(text: str) -> str:
    """An argument as text: bytes the file-system encoding could not decode become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _json(data: object, indent: int | None = None) -> str:
    """JSON with every character a terminal could act on escaped, as clean() would draw it."""
    import json  # only JSON output needs it: kept off the start-up path

    # json.dumps escapes C0 controls only, leaving C1 controls and bidi overrides raw.
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return text.translate(_ESCAPES)


def _run(args: argparse.Namespace) -> int:
    no_color = getattr(args, "no_color", False)
    out = Output(sys.stdout, no_color)
    faq_path = resolve_faq_path(getattr(args, "faq", None))
    if args.command == "import":
        from assistant.importer import run_import

        return run_import(Path(args.article), args.output, force=args.force)
    if args.command == "check":
        return _check(Path(args.path) if args.path else faq_path, out)
    helper = load_assistant(faq_path)
    kb = helper.kb
    if args.command == "topics":
        return _topics(kb, args, out)
    if args.command == "show":
        return _show(kb, args, out)
    if args.command == "ask":
        return _ask(helper, args, out)
    if args.command == "eval":
        return _eval(helper, args, out)
    if args.command == "browse":
        from assistant.browser import run_browser

        return run_browser(helper.matcher, color=not no_color)
    if args.command == "chat" or (args.command is None and sys.stdin.isatty()):
        from assistant.chat import run_chat

        return run_chat(helper, color=not no_color)
    return _answer_lines(helper, sys.stdin, out)


def _check(path: Path, out: Output) -> int:
    from assistant.loader import load_with_warnings

    kb, warnings = load_with_warnings(path)
    for warning in warnings:
        print(warning, file=sys.stderr)
    out.line(
        f"ok: {len(kb.entries)} entries, {len(kb.topics)} topics, {len(kb.files)} files"
        + (f", {len(warnings)} warnings" if warnings else "")
    )
    return 0


def _topics(kb: KnowledgeBase, args: argparse.Namespace, out: Output) -> int:
    from assistant.render import topics_json, topics_listing

    if args.json:
        out.line(_json(topics_json(kb), indent=2))
    else:
        out.write(topics_listing(kb, out.width))
    return 0


def _show(kb: KnowledgeBase, args: argparse.Namespace, out: Output) -> int:
    from assistant.render import entry_details, entry_json

    entry = kb.entry(args.id)
    if entry is None:
        raise UsageError(f"no entry with id '{args.id}' (see 'assistant topics')")
    if args.json:
        out.line(_json(entry_json(entry), indent=2))
    else:
        out.write(entry_details(kb, entry, out.width))
    return 0


def _questions(args: argparse.Namespace) -> Iterator[str]:
    if args.question == ["-"]:
        yield from (line.rstrip("\n") for line in sys.stdin)
    else:
        yield _readable(" ".join(args.question))


def _ask(helper: Assistant, args: argparse.Namespace, out: Output) -> int:
    from assistant.render import explain, reply_fragments, reply_json

    status = 0
    for number, question in enumerate(_questions(args)):
        reply = helper.reply(question, top=args.top)
        status = status or int(not reply.settled)
        if args.json:
            out.line(_json(reply_json(reply)))
            continue
        if number:
            out.line()
        out.write(reply_fragments(helper.kb, reply, out.width))
        if args.explain:
            out.line()
            out.write(explain(reply.result))
    return status


def _answer_lines(helper: Assistant, lines: TextIO, out: Output) -> int:
    """Pipe mode: one reply per non-empty input line, plain text, exit 0 at the end."""
    from assistant.render import reply_fragments

    first = True
    for line in lines:
        if not line.strip():
            continue
        if not first:
            out.line()
        first = False
        out.write(reply_fragments(helper.kb, helper.reply(line), out.width))
        out.stream.flush()
    return 0


def _eval(helper: Assistant, args: argparse.Namespace, out: Output) -> int:
    from assistant.evaluate import evaluate, load_cases, unknown_ids

    cases = load_cases(Path(args.cases))
    missing = unknown_ids(cases, helper)
    if missing:
        raise UsageError(f"{args.cases}: expected ids not in the knowledge base: {missing}")
    if len(cases) >= EVAL_PROGRESS_MIN:
        print(f"scoring {len(cases)} cases...", file=sys.stderr, flush=True)
    report = evaluate(cases, helper)
    if args.json:
        out.line(_json(report.as_dict(), indent=2))
    else:
        for f in report.failures:
            expect = ", ".join(sorted(f.case.expect)) or "none"
            out.line(
                f"FAIL {f.case.question!r}: expected {expect}, got {f.got} "
                f"(top {f.top} at {f.score:.1f})"
            )
        out.line(
            f"in scope {report.in_scope}: top-1 {report.top1:.1%}, top-3 {report.top3:.1%}, "
            f"MRR {report.mrr:.3f}, answered right {report.answered_right:.1%}"
        )
        out.line(
            f"out of scope {report.out_of_scope}: declined {report.declined:.1%}; "
            f"wrong confident answers: {report.wrong_confident}"
        )
    below = (args.min_top1 is not None and report.top1 < args.min_top1) or (
        args.min_declined is not None and report.declined < args.min_declined
    )
    return 1 if below else 0
