"""`assistant import`: drafts that load and answer, and files that are never clobbered."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

from assistant import importer
from assistant.cli import main
from assistant.loader import load
from assistant.location import default_faq_path
from assistant.matcher import Matcher
from assistant.model import KnowledgeBase
from assistant.normalise import fold

ARTICLE = default_faq_path() / "article.txt"

MARKDOWN = """\
# Running shoes

A short guide to choosing, caring for and replacing **running shoes**.

## Choosing shoes

Choose shoes with a cushioned sole and a wide toe box. Fit matters more than
the brand, so try them on late in the day when your feet are largest.

Arch support refers to the raised part of the insole that holds up the middle
of the foot.

## Caring for shoes

To keep shoes in good shape:

- dry them away from direct heat
- clean them with a soft brush
- store them somewhere airy

## Replacing shoes

Replace running shoes every 500 to 800 kilometres, or sooner when the
cushioning feels flat.
"""

PLAIN = """\
Overwatering is a common mistake among new owners of houseplants. Most plants die from too much water rather than too little.

Root rot refers to the decay of roots that sit in wet soil for too long. Yellow leaves and a musty smell are the usual signs.

Leaf drop results from sudden changes in light or temperature, such as moving a plant next to a radiator.

Choose a pot with drainage holes so that extra water can escape.
"""  # noqa: E501


def imported(article: Path, output: Path) -> KnowledgeBase:
    assert main(["import", str(article), "-o", str(output)]) == 0
    return load(output)


def answer(kb: KnowledgeBase, question: str) -> tuple[int, ...]:
    """The source paragraphs of the entry that answers, so tests do not pin drafted ids."""
    result = Matcher(kb).match(question)
    assert result.match is not None, (question, result.status, result.candidates[:2])
    return result.match.entry.source


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return imported(ARTICLE, tmp_path_factory.mktemp("draft") / "draft.yaml")


def test_shipped_article_has_no_duplicate_entries(shipped: KnowledgeBase) -> None:
    answers = [fold(e.answer) for e in shipped.entries]
    for i, a in enumerate(answers):
        for b in answers[i + 1 :]:
            assert fuzz.ratio(a, b) < importer.DUPLICATE_THRESHOLD
    assert len(shipped.entries) < len(shipped.paragraphs)


def test_shipped_article_covers_every_paragraph(shipped: KnowledgeBase) -> None:
    covered = {n for e in shipped.entries for n in e.source}
    assert covered == set(range(1, len(shipped.paragraphs) + 1))


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        ("what causes buttock pain after working out", 2),
        ("what are muscle strains", 3),
        ("what causes overuse injuries", 4),
        ("which footwear should I choose", 9),
        ("can massage therapy help", 24),
        ("give me a summary", 25),
    ],
)
def test_shipped_draft_answers(shipped: KnowledgeBase, question: str, paragraph: int) -> None:
    assert paragraph in answer(shipped, question)


def test_markdown_headings_become_topics_and_a_short_list_one_entry(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    kb = imported(write("shoes.md", MARKDOWN), tmp_path / "shoes.yaml")
    assert kb.title == "Running shoes"
    assert [t.title for t in kb.topics] == [
        "Introduction",
        "Choosing shoes",
        "Caring for shoes",
        "Replacing shoes",
    ]
    lead = kb.paragraphs.index("To keep shoes in good shape:") + 1
    assert answer(kb, "how do I keep my shoes in good shape") == tuple(range(lead, lead + 4))
    assert answer(kb, "what is arch support") == (6, 7)
    assert answer(kb, "which shoes should I choose") == (4, 5)
    assert "**" not in " ".join(e.answer for e in kb.entries)


def test_long_distinct_list_items_become_entries() -> None:
    items = [
        "1) Warm up: five minutes of easy jogging raises your heart rate and loosens "
        "the hips, knees and ankles before any fast running starts.",
        "2) Cool down: walking slowly for a while after the session lets breathing settle "
        "and stops blood pooling in tired legs, which prevents dizziness.",
    ]
    result = importer.draft("Before and after each run:\n" + "\n".join(items), "Runs")
    assert len(result.entries) == 3
    assert result.entries[0].related == tuple(e.id for e in result.entries[1:])
    assert result.entries[1].question == "Should I warm up?"


def test_plain_text_article(write: Callable[[str, str], Path], tmp_path: Path) -> None:
    kb = imported(write("plants.txt", PLAIN), tmp_path / "plants.yaml")
    assert answer(kb, "what is root rot") == (2,)
    assert answer(kb, "why do leaves drop") == (3,)
    assert answer(kb, "which pot should I choose") == (4,)
    assert len(kb.topics) == 1


def test_pattern_questions() -> None:
    assert importer.pattern_questions("Shin splints refer to pain along the shin.")[0] == (
        "What are shin splints?"
    )
    assert importer.pattern_questions("Blisters result from friction.")[0] == (
        "What causes blisters?"
    )
    assert importer.pattern_questions("Choose socks with a wool blend.")[0] == (
        "Which socks should I choose?"
    )
    assert importer.pattern_questions("They refer to pain.") == []


@pytest.mark.parametrize(
    "text",
    ['He said: "no"', "# not a comment", "- not a list", "a\tb \x07 c", "caf\u00e9 \u2028 x", "@x"],
)
def test_yaml_scalars_round_trip(text: str) -> None:
    entry = importer.DraftEntry("a", "t", text, (text,), text, (1,))
    loaded = yaml.safe_load("entries:\n" + "\n".join(importer._entry_yaml(entry)))
    flat = " ".join(text.split())
    assert loaded["entries"][0]["question"] == text
    assert loaded["entries"][0]["answer"] in (text, flat)


def test_end_to_end_through_the_command(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], write: Callable[[str, str], Path]
) -> None:
    article = write("notes/plants.txt", PLAIN)
    made = run_cli("import", str(article))
    assert made.returncode == 0, made.stderr
    draft = article.with_suffix(".yaml")
    assert "source: plants.txt" in draft.read_text(encoding="utf-8")
    checked = run_cli("--faq", str(draft), "check")
    assert checked.returncode == 0, checked.stderr
    asked = run_cli("--faq", str(draft), "ask", "what is root rot")
    assert "decay of roots" in asked.stdout


def test_existing_output_is_refused_then_forced(
    write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    article = write("plants.txt", PLAIN)
    target = write("plants.yaml", "mine\n")
    assert main(["import", str(article)]) == 2
    assert target.read_text() == "mine\n"
    assert capsys.readouterr().err.strip() == (
        f"{target}: already exists; use --force to overwrite it"
    )
    assert main(["import", str(article), "--force"]) == 0
    assert load(target).entries
    assert sorted(p.name for p in target.parent.iterdir()) == ["plants.txt", "plants.yaml"]


def test_output_to_stdout(
    write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    article = write("plants.txt", PLAIN)
    assert main(["import", str(article), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert yaml.safe_load(out)["source"] == article.as_posix()
    assert not article.with_suffix(".yaml").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"caf\xe9\n", "not UTF-8 text"),
        (b" \n\n\t\n", "the article is empty"),
        (None, "cannot read"),
        (b"a\x00b", "NUL byte"),
    ],
)
def test_bad_articles_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    article = tmp_path / "article.txt"
    if content is not None:
        article.write_bytes(content)
    assert main(["import", str(article)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(str(article)) and message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "article.yaml").exists()


def test_the_article_itself_is_never_the_output(
    write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    article = write("notes.yaml", PLAIN)
    assert main(["import", str(article), "--force"]) == 2
    assert article.read_text(encoding="utf-8") == PLAIN
    assert "is the article itself" in capsys.readouterr().err


def test_missing_file_through_the_command(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    done = run_cli("import", "nowhere.txt")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "nowhere.txt: cannot read: No such file or directory"
    ]


def test_interrupt_leaves_no_file_and_exits_130(
    write: Callable[[str, str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    article = write("plants.txt", PLAIN)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)
    assert main(["import", str(article)]) == 130
    assert sorted(p.name for p in article.parent.iterdir()) == ["plants.txt"]
    assert "Traceback" not in capsys.readouterr().err


def test_progress_line_for_long_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        f"Item {hashlib.sha1(str(i).encode()).hexdigest()} refers to "
        f"{hashlib.sha256(str(i).encode()).hexdigest()}."
        for i in range(importer.PROGRESS_MIN)
    ]
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join(lines), encoding="utf-8")
    assert main(["import", str(article)]) == 0
    assert "drafting" in capsys.readouterr().err
    assert len(load(tmp_path / "long.yaml").entries) == importer.PROGRESS_MIN


def test_setext_headings_and_rules() -> None:
    text = "Blisters\n===\n\nAbout feet.\n\n***\n\nCauses\n---\n\nBlisters result from rubbing.\n"
    result = importer.draft(text, "Feet")
    assert result.title == "Blisters"
    assert [t.title for t in result.topics] == ["Introduction", "Causes"]
    assert result.entries[-1].question == "What causes blisters?"
    assert result.entries[-1].source == (7,)  # underlines and rules are numbered lines too


def test_short_paragraphs_merge_only_when_equal() -> None:
    blocks = importer.parse_blocks("- Use ice.\n- Use rice.\n- Use ice.\n")
    kept, merged = importer.merge_duplicates(blocks)
    assert [b.text for b in kept] == ["Use ice.", "Use rice."]
    assert kept[0].lines == (1, 3) and merged == 1


def test_a_draft_beside_another_knowledge_base_is_flagged(
    write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    article = write("plants.txt", PLAIN)
    write("faq.yaml", "title: mine\n")
    assert main(["import", str(article)]) == 0
    assert "also holds faq.yaml" in capsys.readouterr().err


def test_sigint_during_a_long_import(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text(
        "\n\n".join(
            f"Item {hashlib.sha1(str(i).encode()).hexdigest()} refers to thing {i}."
            for i in range(4000)
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "import", str(article)],
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stderr is not None
    assert os.read(process.stderr.fileno(), 100).startswith(b"drafting")
    process.send_signal(signal.SIGINT)
    err = process.stderr.read().decode()
    assert process.wait(timeout=30) == 130
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.txt"]
