"""The benchmark script (bench/) cannot rot: deterministic data, and a tiny run end to end."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.loader import load

REPO = Path(__file__).resolve().parent.parent
# bench/ is not installed with the package; plain `pytest` does not put the root on the path.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import benchmark  # noqa: E402
from bench.generate import generate  # noqa: E402


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 120, queries=30, seed=3)
    again = generate(tmp_path / "b", 120, queries=30, seed=3)
    other = generate(tmp_path / "c", 120, queries=30, seed=4)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert first == again
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
    assert first != other


def test_generated_knowledge_base_loads_and_queries_point_into_it(tmp_path: Path) -> None:
    queries = generate(tmp_path, 6_000, queries=50)
    kb = load(tmp_path)
    assert len(kb.entries) == 6_000
    assert len(list(tmp_path.glob("entries-*.yaml"))) == 2
    assert all(len(e.alternates) == 2 for e in kb.entries)
    ids = {e.id for e in kb.entries}
    sources = [q.source for q in queries]
    assert all(s in ids for s in sources if s is not None)
    assert 0 < sources.count(None) < len(queries) // 2


def test_ours_still_ranks_paraphrases_first(tmp_path: Path) -> None:
    ours = [m for m in benchmark.methods()[0] if m.ours]
    (row,) = benchmark.measure_size(300, 60, 10.0, tmp_path, ours, memory=False, cold=False)
    assert sum(row.top1) / len(row.top1) >= 0.8
    assert all(row.declined)


@pytest.mark.sweep
def test_tiny_run_prints_the_whole_table(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--sizes", "300", "--queries", "30", "--runs", "1", "--budget", "5"]
    assert benchmark.main(args) == 0
    out = capsys.readouterr().out
    assert benchmark.HEADER in out
    rows = [line for line in out.splitlines() if line.startswith("    300")]
    assert [r for r in rows if "ours (Matcher)" in r and " / " in r]  # with its cold starts
    assert any("rapidfuzz WRatio scan" in r for r in rows)
    assert "cold start, shipped FAQ" in out
    assert "chat to first prompt" in out


def test_missing_baselines_print_n_a(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # None in sys.modules makes the import fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, "bm25s", None)
    monkeypatch.setitem(sys.modules, "rank_bm25", None)
    # Replying to every dev-set question takes seconds, and the run above times it already.
    monkeypatch.setattr(benchmark, "shipped_query_times", lambda count: [0.0005])
    args = ["--sizes", "200", "--queries", "10", "--no-cold", "--no-memory"]
    assert benchmark.main(args) == 0
    out = capsys.readouterr().out
    for name in ("bm25s", "rank_bm25 BM25Okapi"):
        (line,) = [r for r in out.splitlines() if r.startswith("    200") and f" {name} " in r]
        assert "n/a" in line and "not installed" in line
    assert "ours / bm25s median        n/a" in out
