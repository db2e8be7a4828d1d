"""Chat key bindings on top of prompt_toolkit's defaults (which already give Ctrl-L: clear)."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent


def chat_key_bindings() -> KeyBindings:
    """Alt+1 to Alt+9 pick that numbered option at once, as if the number had been typed."""
    bindings = KeyBindings()
    for digit in "123456789":
        bindings.add("escape", digit)(_picker(digit))
    return bindings


def _picker(digit: str) -> Callable[[KeyPressEvent], None]:
    def pick(event: KeyPressEvent) -> None:
        # Shown on the prompt line for the record, but kept out of history: a bare number
        # means nothing once the reply it referred to is gone.
        event.current_buffer.text = digit
        event.app.exit(result=digit)

    return pick
