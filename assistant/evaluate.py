"""Score the matcher on a labelled set of questions (`assistant eval`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.core import Assistant
from assistant.loader import compose
from assistant.location import FaqError
from assistant.matcher import Result

RANK_DEPTH = 10


@dataclass(frozen=True)
class Case:
    question: str
    expect: frozenset[str]  # empty: out of scope, the right reply is a decline


@dataclass(frozen=True)
class Failure:
    case: Case
    got: str  # the answered id, "ambiguous" or "no_match"
    top: str | None
    score: float


@dataclass(frozen=True)
class Report:
    in_scope: int
    out_of_scope: int
    top1: float
    top3: float
    mrr: float
    answered_right: float
    declined: float
    wrong_confident: int
    failures: tuple[Failure, ...]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary with every failure."""
        return {
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
            "mrr": round(self.mrr, 4),
            "answered_right": round(self.answered_right, 4),
            "declined": round(self.declined, 4),
            "wrong_confident": self.wrong_confident,
            "failures": [
                {
                    "q": f.case.question,
                    "expect": sorted(f.case.expect) or None,
                    "got": f.got,
                    "top": f.top,
                    "score": f.score,
                }
                for f in self.failures
            ],
        }


class _CaseReader(yaml.constructor.SafeConstructor):
    """Reads an unquoted date as the text it is ("expect: 2020-13-45" is no date to build)."""


def _as_text(reader: Any, node: yaml.Node) -> str:
    return str(node.value)


_CaseReader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)


def load_cases(path: Path) -> list[Case]:
    """Cases from a YAML file: `cases: [{q: ..., expect: id | [ids] | none}]`."""
    node = compose(path)
    try:
        data = _CaseReader().construct_document(node) if node else None
    except yaml.MarkedYAMLError as exc:  # such as a merge key (<<) on a list
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise FaqError([f"{path}:{line}: YAML error: {exc.problem}"]) from None
    items = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise FaqError([f"{path}: expected a mapping with a non-empty 'cases' list"])
    cases = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or "expect" not in item:
            raise FaqError([f"{path}: case {number}: needs 'q' (text) and 'expect'"])
        expect = item["expect"]
        ids = [] if expect in (None, "none") else expect if isinstance(expect, list) else [expect]
        if not all(isinstance(i, str) for i in ids):
            raise FaqError(
                [f"{path}: case {number}: 'expect' must be an id, a list of ids or none"]
            )
        cases.append(Case(item["q"], frozenset(ids)))
    return cases


def unknown_ids(cases: Sequence[Case], helper: Assistant) -> list[str]:
    """Expected ids that the knowledge base does not have."""
    return sorted({i for c in cases for i in c.expect if helper.kb.entry(i) is None})


def evaluate(cases: Sequence[Case], helper: Assistant) -> Report:
    """Score every case through `Assistant.reply`, as `ask` answers it."""
    hits1 = hits3 = right = declined = wrong = 0
    reciprocal = 0.0
    failures = []
    for case in cases:
        result = helper.reply(case.question, top=RANK_DEPTH).result
        ids = [c.entry.id for c in result.candidates]
        got = result.match.entry.id if result.match else result.status
        if case.expect:
            rank = next((r for r, i in enumerate(ids, 1) if i in case.expect), None)
            hits1 += rank == 1
            hits3 += rank is not None and rank <= 3
            reciprocal += 1 / rank if rank else 0.0
            right += got in case.expect
            wrong += result.match is not None and got not in case.expect
            ok = got in case.expect
        else:
            declined += result.match is None
            wrong += result.match is not None
            ok = result.match is None
        if not ok:
            failures.append(_failure(case, got, result))
    inside = sum(1 for c in cases if c.expect)
    outside = len(cases) - inside
    return Report(
        in_scope=inside,
        out_of_scope=outside,
        top1=_ratio(hits1, inside),
        top3=_ratio(hits3, inside),
        mrr=_ratio(reciprocal, inside),
        answered_right=_ratio(right, inside),
        declined=_ratio(declined, outside),
        wrong_confident=wrong,
        failures=tuple(failures),
    )


def _failure(case: Case, got: str, result: Result) -> Failure:
    top = result.candidates[0] if result.candidates else None
    return Failure(case, got, top.entry.id if top else None, top.score if top else 0.0)


def _ratio(part: float, whole: int) -> float:
    # Exact: rounded once, where it is shown.
    return part / whole if whole else 1.0
