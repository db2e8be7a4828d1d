"""`assistant eval` and the dev sets: the matcher's quality bars, held on every run."""

from __future__ import annotations

import json
import math
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.evaluate import Report, evaluate, load_cases
from assistant.loader import load
from assistant.location import FaqError
from assistant.normalise import stem, words

DEV = Path(__file__).parent / "dev"
RunCli = Callable[..., subprocess.CompletedProcess[str]]


def report(faq: Path, cases: str) -> Report:
    return evaluate(load_cases(DEV / cases), Assistant(load(faq)))


def test_dev_set_is_large_and_honest() -> None:
    cases = load_cases(DEV / "buttock-tune.yaml")
    outside = [c for c in cases if not c.expect]
    assert len(cases) >= 200 and len(outside) >= 50
    typos = (DEV / "buttock-tune.yaml").read_text().count("# typo")
    assert typos / len(cases) >= 0.2


# The bars sit at what the matcher reaches today (see the closing notes). One goes down
# only for a change that lifts the others more, said in its commit.
@pytest.mark.sweep
@pytest.mark.parametrize(
    ("cases", "top1", "top3", "answered", "declined"),
    [
        ("buttock-tune.yaml", 0.98, 0.99, 0.95, 0.99),
        ("buttock-holdout.yaml", 0.96, 0.99, 0.88, 0.99),
        ("buttock-fresh.yaml", 0.99, 0.99, 0.99, 0.99),
        ("buttock-fresh2.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-terse.yaml", 0.98, 0.99, 0.97, 0.99),
        ("buttock-chatty.yaml", 0.97, 0.99, 0.91, 0.99),
        ("buttock-fresh3.yaml", 0.99, 0.99, 0.98, 0.99),
        ("buttock-fresh4.yaml", 0.98, 0.99, 0.97, 0.99),
        ("buttock-fresh5.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-fresh6.yaml", 0.98, 0.98, 0.98, 0.99),
        ("buttock-fresh7.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-fresh8.yaml", 0.97, 0.99, 0.96, 0.99),
        ("buttock-fresh9.yaml", 0.98, 0.99, 0.92, 0.99),
        ("buttock-fresh10.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-fresh11.yaml", 0.99, 0.99, 0.99, 0.99),
        ("buttock-fresh12.yaml", 0.98, 0.99, 0.97, 0.99),
        ("buttock-fresh13.yaml", 0.99, 0.99, 0.99, 0.96),
        ("buttock-fresh14.yaml", 0.96, 0.99, 0.81, 0.99),
        ("buttock-fresh15.yaml", 0.99, 0.99, 0.98, 0.99),
        ("buttock-fresh16.yaml", 0.97, 0.99, 0.97, 0.99),
        ("buttock-fresh17.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-fresh18.yaml", 0.99, 0.99, 0.98, 0.99),
        ("buttock-fresh19.yaml", 0.99, 0.99, 0.96, 0.99),
        ("buttock-fresh20.yaml", 0.99, 0.99, 0.97, 0.99),
        ("buttock-fresh21.yaml", 0.96, 0.99, 0.85, 0.99),
        ("buttock-fresh22.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-fresh23.yaml", 0.98, 0.99, 0.95, 0.99),
        ("buttock-fresh24.yaml", 0.98, 0.99, 0.95, 0.99),
        ("buttock-fresh25.yaml", 0.99, 0.99, 0.96, 0.99),
        ("buttock-fresh26.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-fresh27.yaml", 0.99, 0.99, 0.99, 0.99),
        ("buttock-fresh28.yaml", 0.99, 0.99, 0.96, 0.99),
        ("buttock-fresh29.yaml", 0.97, 0.99, 0.93, 0.99),
        ("buttock-fresh30.yaml", 0.98, 0.99, 0.98, 0.99),
        ("buttock-fresh31.yaml", 0.99, 0.99, 0.99, 0.99),
        ("buttock-fresh32.yaml", 0.96, 0.98, 0.82, 0.99),
        ("buttock-fresh33.yaml", 0.98, 0.99, 0.97, 0.99),
        ("buttock-fresh34.yaml", 0.98, 0.98, 0.94, 0.97),
        ("buttock-fresh35.yaml", 0.99, 0.99, 0.98, 0.99),
        ("buttock-fresh36.yaml", 0.98, 0.99, 0.96, 0.97),
        ("buttock-fresh37.yaml", 0.98, 0.99, 0.98, 0.99),
        ("buttock-fresh38.yaml", 0.96, 0.99, 0.78, 0.99),
        ("buttock-fresh39.yaml", 0.98, 0.98, 0.97, 0.97),
        ("buttock-fresh40.yaml", 0.97, 0.99, 0.97, 0.99),
        ("buttock-fresh41.yaml", 0.99, 0.99, 0.98, 0.99),
        ("buttock-fresh42.yaml", 0.99, 0.99, 0.99, 0.97),
        ("buttock-fresh43.yaml", 0.99, 0.99, 0.95, 0.99),
        ("buttock-fresh44.yaml", 0.99, 0.99, 0.83, 0.99),
        ("buttock-fresh45.yaml", 0.99, 0.99, 0.96, 0.99),
        ("buttock-fresh46.yaml", 0.98, 0.99, 0.95, 0.97),
        ("buttock-fresh47.yaml", 0.95, 0.98, 0.92, 0.99),
        ("buttock-fresh48.yaml", 0.97, 0.99, 0.94, 0.97),
        ("buttock-fresh49.yaml", 0.99, 0.99, 0.99, 0.99),
        ("buttock-fresh50.yaml", 0.99, 0.99, 0.97, 0.97),
        ("buttock-fresh51.yaml", 0.97, 0.99, 0.92, 0.99),
        ("buttock-fresh52.yaml", 0.97, 0.98, 0.95, 0.99),
        ("buttock-fresh53.yaml", 0.96, 0.97, 0.95, 0.99),
        ("buttock-fresh54.yaml", 0.96, 0.98, 0.95, 0.99),
        ("buttock-fresh55.yaml", 0.98, 0.98, 0.94, 0.97),
        ("buttock-fresh56.yaml", 0.94, 0.96, 0.84, 0.99),
        ("buttock-fresh57.yaml", 0.98, 0.98, 0.94, 0.95),
        ("buttock-fresh58.yaml", 0.98, 0.98, 0.95, 0.97),
        ("buttock-fresh59.yaml", 0.95, 0.98, 0.95, 0.95),
        ("buttock-fresh60.yaml", 0.97, 0.99, 0.94, 0.97),
        ("buttock-fresh61.yaml", 0.99, 0.99, 0.99, 0.98),
        ("buttock-fresh62.yaml", 0.97, 0.99, 0.96, 0.99),
        ("buttock-fresh63.yaml", 0.98, 0.98, 0.95, 0.99),
        ("buttock-fresh64.yaml", 0.99, 0.99, 0.99, 0.95),
        ("buttock-fresh65.yaml", 0.95, 0.99, 0.88, 0.99),
        ("buttock-fresh66.yaml", 0.97, 0.98, 0.96, 0.97),
        ("buttock-fresh67.yaml", 0.97, 0.99, 0.97, 0.97),
        ("buttock-fresh68.yaml", 0.96, 0.98, 0.92, 0.99),
        ("buttock-fresh69.yaml", 0.97, 0.98, 0.88, 0.97),
        ("buttock-fresh70.yaml", 0.94, 0.99, 0.91, 0.99),
        ("buttock-fresh71.yaml", 0.98, 0.98, 0.96, 0.99),
        ("buttock-fresh72.yaml", 0.98, 0.99, 0.96, 0.99),
        ("buttock-fresh73.yaml", 0.98, 0.98, 0.95, 0.99),
        ("buttock-fresh74.yaml", 0.99, 0.99, 0.98, 0.99),
        ("buttock-fresh75.yaml", 0.97, 0.98, 0.94, 0.99),
        ("buttock-fresh76.yaml", 0.9, 0.97, 0.82, 0.99),
        ("buttock-fresh77.yaml", 0.97, 0.98, 0.92, 0.99),
        ("buttock-fresh78.yaml", 0.97, 0.99, 0.92, 0.99),
        ("buttock-fresh79.yaml", 0.99, 0.99, 0.92, 0.99),
        ("buttock-fresh80.yaml", 0.95, 0.99, 0.85, 0.99),
        ("buttock-fresh81.yaml", 0.97, 0.99, 0.95, 0.97),
        ("buttock-fresh82.yaml", 0.99, 0.99, 0.97, 0.99),
        ("buttock-fresh83.yaml", 0.99, 0.99, 0.96, 0.99),
        ("buttock-fresh84.yaml", 0.97, 0.99, 0.95, 0.95),
        ("buttock-fresh85.yaml", 0.95, 0.97, 0.9, 0.99),
        ("buttock-fresh86.yaml", 0.98, 0.99, 0.98, 0.97),
        ("buttock-fresh87.yaml", 0.99, 0.99, 0.97, 0.99),
        ("buttock-fresh88.yaml", 0.97, 0.98, 0.89, 0.99),
        ("buttock-fresh89.yaml", 0.99, 0.99, 0.99, 0.97),
        ("buttock-fresh90.yaml", 0.96, 0.97, 0.85, 0.97),
        ("buttock-fresh91.yaml", 0.95, 0.99, 0.9, 0.99),
        ("buttock-fresh92.yaml", 0.98, 0.99, 0.98, 0.99),
        ("buttock-fresh93.yaml", 0.97, 0.98, 0.95, 0.99),
        ("buttock-fresh94.yaml", 0.99, 0.99, 0.98, 0.99),
        ("buttock-fresh95.yaml", 0.98, 0.99, 0.94, 0.99),
        ("buttock-fresh96.yaml", 0.97, 0.98, 0.91, 0.95),
        ("buttock-fresh97.yaml", 0.99, 0.99, 0.97, 0.97),
        ("buttock-fresh98.yaml", 0.98, 0.99, 0.94, 0.97),
        ("buttock-fresh99.yaml", 0.98, 0.99, 0.94, 0.99),
        ("buttock-fresh100.yaml", 0.99, 0.99, 0.91, 0.99),
        ("buttock-fresh101.yaml", 0.96, 0.98, 0.95, 0.99),
        ("buttock-fresh102.yaml", 0.98, 0.99, 0.95, 0.97),
        ("buttock-fresh103.yaml", 0.97, 0.99, 0.92, 0.99),
        ("buttock-fresh104.yaml", 0.96, 0.99, 0.92, 0.99),
        ("buttock-fresh105.yaml", 0.98, 0.99, 0.92, 0.99),
        ("buttock-fresh106.yaml", 0.97, 0.99, 0.95, 0.99),
        ("buttock-fresh107.yaml", 0.98, 0.98, 0.92, 0.99),
        ("buttock-fresh108.yaml", 0.96, 0.99, 0.85, 0.99),
        ("buttock-fresh109.yaml", 0.96, 0.97, 0.84, 0.95),
        ("buttock-fresh110.yaml", 0.99, 0.99, 0.97, 0.97),
        ("buttock-fresh111.yaml", 0.98, 0.99, 0.98, 0.99),
        ("buttock-fresh112.yaml", 0.89, 0.95, 0.68, 0.97),
        ("buttock-fresh113.yaml", 0.97, 0.99, 0.92, 0.95),
        ("buttock-fresh114.yaml", 0.99, 0.99, 0.97, 0.99),
        ("buttock-fresh115.yaml", 0.98, 0.99, 0.93, 0.99),
        ("buttock-fresh116.yaml", 0.99, 0.99, 0.9, 0.99),
        ("buttock-fresh117.yaml", 0.97, 0.99, 0.94, 0.99),
        ("buttock-fresh118.yaml", 0.99, 0.99, 0.99, 0.99),
        ("buttock-fresh119.yaml", 0.98, 0.99, 0.92, 0.99),
        ("buttock-fresh120.yaml", 0.98, 0.98, 0.98, 0.99),
        ("buttock-fresh121.yaml", 0.97, 0.99, 0.97, 0.99),
        ("buttock-fresh122.yaml", 0.97, 0.99, 0.95, 0.99),
        ("buttock-fresh123.yaml", 0.97, 0.98, 0.93, 0.99),
        ("buttock-fresh124.yaml", 0.96, 0.98, 0.86, 0.99),
        ("buttock-fresh125.yaml", 0.93, 0.99, 0.85, 0.99),
        ("buttock-fresh126.yaml", 0.98, 0.98, 0.88, 0.99),
    ],
)
def test_shipped_knowledge_base_meets_its_bars(
    sweeper: Assistant, cases: str, top1: float, top3: float, answered: float, declined: float
) -> None:
    got = evaluate(load_cases(DEV / cases), sweeper)
    assert got.top1 >= top1, got.failures
    assert got.top3 >= top3
    assert got.answered_right >= answered
    assert got.declined >= declined


def _bm25_top1(kb_path: Path, cases: str) -> float:
    """Plain Okapi BM25 over question and answer, the baseline the issue names."""
    kb = load(kb_path)
    docs = [Counter(stem(w) for w in words(f"{e.question} {e.answer}")) for e in kb.entries]
    average = sum(sum(d.values()) for d in docs) / len(docs)
    df = Counter(t for d in docs for t in d)
    idf = {t: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for t, n in df.items()}

    def score(doc: Counter[str], query: list[str]) -> float:
        norm = 1.5 * (0.25 + 0.75 * sum(doc.values()) / average)
        return sum(idf[t] * doc[t] * 2.5 / (doc[t] + norm) for t in query if t in doc)

    inside = [c for c in load_cases(DEV / cases) if c.expect]
    hits = 0
    for case in inside:
        query = [stem(w) for w in words(case.question)]
        best = max(range(len(docs)), key=lambda i: score(docs[i], query))
        hits += kb.entries[best].id in case.expect
    return hits / len(inside)


def test_generality_on_another_domain_beats_bm25() -> None:
    """A second knowledge base (developer FAQ): no synonyms, no alternates."""
    ours = report(DEV / "tech-faq", "tech-cases.yaml")
    baseline = _bm25_top1(DEV / "tech-faq", "tech-cases.yaml")
    assert ours.top1 >= baseline + 0.05, (ours.top1, baseline)
    assert ours.declined >= 0.95


def test_eval_command_prints_the_figures_and_failures(run_cli: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - {q: what is tendinitis, expect: tendinitis}\n"
        "  - {q: how do i bake bread, expect: none}\n"
        "  - {q: what is tendinitis, expect: [summary]}\n"
    )
    done = run_cli("eval", str(cases))
    assert done.returncode == 0
    assert "in scope 2: top-1 50.0%" in done.stdout
    assert "out of scope 1: declined 100.0%" in done.stdout
    assert "FAIL 'what is tendinitis': expected summary, got tendinitis" in done.stdout
    data = json.loads(run_cli("eval", str(cases), "--json").stdout)
    assert data["top1"] == 0.5 and len(data["failures"]) == 1
    assert run_cli("eval", str(cases), "--min-top1", "0.9").returncode == 1
    assert run_cli("eval", str(cases), "--min-declined", "1").returncode == 0


def test_eval_percentages_are_rounded_once(run_cli: RunCli, tmp_path: Path) -> None:
    # 14 of 17 is 82.35...%: rounded to four places first, it would print as 82.3%.
    cases = tmp_path / "cases.yaml"
    right = "  - {q: what is tendinitis, expect: tendinitis}\n" * 14
    wrong = "  - {q: what is tendinitis, expect: [summary]}\n" * 3
    cases.write_text("cases:\n" + right + wrong)
    assert "top-1 82.4%" in run_cli("eval", str(cases)).stdout
    assert json.loads(run_cli("eval", str(cases), "--json").stdout)["top1"] == 0.8235


def test_eval_rejects_unknown_ids_and_bad_files(run_cli: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - {q: hello, expect: no-such-entry}\n")
    done = run_cli("eval", str(cases))
    assert done.returncode == 2 and "no-such-entry" in done.stderr
    cases.write_text("cases: [\n")
    assert run_cli("eval", str(cases)).returncode == 2
    # An unquoted date that is no date is read as the text it is, never built.
    cases.write_text("cases:\n  - {q: hello, expect: 2020-13-45}\n")
    done = run_cli("eval", str(cases))
    assert done.returncode == 2 and "2020-13-45" in done.stderr and "Traceback" not in done.stderr
    with pytest.raises(FaqError):
        load_cases(tmp_path / "missing.yaml")
