"""Where a knowledge base lives, and the error for one that cannot be used.

Kept apart from the loader so that a start from the cache needs no YAML parser.
"""

from __future__ import annotations

import os
from pathlib import Path


class FaqError(Exception):
    """Raised with every problem found; each line reads `path:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def default_faq_path() -> Path:
    """The bundled knowledge base: inside the installed package, else the source tree's faq/."""
    here = Path(__file__).resolve().parent
    bundled = here / "faq"
    return bundled if bundled.is_dir() else here.parent / "faq"


def resolve_faq_path(option: str | None) -> Path:
    """The knowledge base to use: --faq, then $ASSISTANT_FAQ, then the bundled one."""
    chosen = option or os.environ.get("ASSISTANT_FAQ")
    return Path(chosen) if chosen else default_faq_path()


def faq_files(path: Path) -> list[Path]:
    """The YAML files that make up a knowledge base at `path` (a file or a directory)."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not found:
            raise FaqError([f"{path}: no .yaml or .yml files in this directory"])
        return found
    if not path.exists():
        raise FaqError([f"{path}: no such file or directory"])
    return [path]
