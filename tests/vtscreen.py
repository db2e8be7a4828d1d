"""A minimal VT100 screen for tests: enough of the protocol to read what prompt_toolkit drew.

prompt_toolkit redraws only the cells that changed, so the raw output stream does not hold
whole lines; replaying it onto a grid does.
"""

from __future__ import annotations

import re

_SEQUENCE = re.compile(
    r"\x1b\[(?P<params>[0-9;?]*)(?P<final>[@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, e.g. a title
    r"|\x1b[()][0-9A-Za-z]"  # character set selection
    r"|\x1b[^\[\]()]"  # other two-byte escapes
    r"|[\r\n\b\x07]"
    r"|[^\x1b\r\n\b\x07]+"
)


class Screen:
    """A grid of characters that escape sequences are replayed onto."""

    def __init__(self, rows: int, columns: int) -> None:
        self.rows, self.columns = rows, columns
        self.grid = [[" "] * columns for _ in range(rows)]
        self.row = self.col = 0

    def feed(self, data: str) -> None:
        """Apply output to the grid."""
        for m in _SEQUENCE.finditer(data):
            text = m.group()
            if m.group("final"):
                self._csi(m.group("params"), m.group("final"))
            elif text == "\r":
                self.col = 0
            elif text == "\n":
                self.row = min(self.row + 1, self.rows - 1)
            elif text == "\b":
                self.col = max(self.col - 1, 0)
            elif not text.startswith("\x1b") and text != "\x07":
                self._write(text)

    def _write(self, text: str) -> None:
        for char in text:
            if self.col < self.columns:
                self.grid[self.row][self.col] = char
            self.col += 1

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            return
        numbers = [int(p) if p else 0 for p in params.split(";")] if params else []
        n = max(numbers[0], 1) if numbers else 1
        if final in "Hf":
            row, col = [*numbers, 1, 1][:2]
            self.row, self.col = max(row, 1) - 1, max(col, 1) - 1
        elif final in "ABCD":
            dr, dc = {"A": (-n, 0), "B": (n, 0), "C": (0, n), "D": (0, -n)}[final]
            self.row = min(max(self.row + dr, 0), self.rows - 1)
            self.col = min(max(self.col + dc, 0), self.columns)
        elif final == "K":
            self.grid[self.row][self.col :] = [" "] * (self.columns - min(self.col, self.columns))
        elif final == "J":
            start = 0 if numbers and numbers[0] == 2 else self.row + 1
            if not numbers or numbers[0] == 0:
                self._csi("", "K")
            for row in range(start, self.rows):
                self.grid[row] = [" "] * self.columns

    def lines(self) -> list[str]:
        """Each row as text, trailing spaces removed."""
        return ["".join(row).rstrip() for row in self.grid]

    def text(self) -> str:
        """The whole screen, one row a line."""
        return "\n".join(self.lines())
