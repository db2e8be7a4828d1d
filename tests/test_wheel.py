"""`pip install .` gives a working `assistant` that carries its knowledge base."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

from conftest import REPO


def test_installed_wheel_answers_from_any_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(REPO)],
        check=True,
    )  # fmt: skip
    [wheel] = wheels.glob("assistant-*.whl")
    # The test venv borrows the installed dependencies, so nothing is downloaded.
    venv.create(tmp_path / "venv", system_site_packages=True, with_pip=False)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--force-reinstall", str(wheel)],
        check=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ASSISTANT_FAQ"}
    script = tmp_path / "venv" / "bin" / "assistant"
    check = subprocess.run(
        [str(script), "check"], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert check.returncode == 0, check.stderr
    assert "26 entries" in check.stdout
    located = subprocess.run(
        [str(python), "-c", "import assistant.location as l; print(l.default_faq_path())"],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert "site-packages/assistant/faq" in located.stdout
    ask = subprocess.run(
        [str(script), "ask", "how lnog does my butt pian last"],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert "one day and several weeks" in ask.stdout
