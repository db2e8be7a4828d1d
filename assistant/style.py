"""Colours for the chat: one prompt_toolkit style for render.py's fragment names and the UI."""

from __future__ import annotations

from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles import Style

from assistant.render import Fragments

_COLOURS = {
    "heading": "bold ansicyan",
    "number": "ansiyellow",
    "alert": "bold ansiyellow",
    "alert.urgent": "bold ansired",
    "muted": "ansibrightblack",
    "error": "ansired",
    "topic": "bold ansimagenta",
    "prompt": "bold ansigreen",
    "bottom-toolbar": "noreverse bg:#303030 #b2b2b2",
    "bottom-toolbar.title": "bold #e4e4e4",
    "bottom-toolbar.key": "bold #87afd7",
}
# Without colour the menus and toolbar still need to show which item is which.
_PLAIN = {
    "heading": "bold",
    "alert": "bold",
    "topic": "bold",
    "prompt": "bold",
    "bottom-toolbar": "reverse",
    "bottom-toolbar.title": "bold",
    "completion-menu.completion.current": "reverse",
    "auto-suggestion": "underline",
}


def chat_style(colour: bool) -> Style:
    """The style for the chat, with or without colours."""
    return Style.from_dict(_COLOURS if colour else _PLAIN)


def colour_depth(colour: bool) -> ColorDepth | None:
    """One bit (attributes, no colours) when colour is off, else the terminal's own depth."""
    return None if colour else ColorDepth.DEPTH_1_BIT


def formatted(fragments: Fragments) -> FormattedText:
    """render.py fragments as prompt_toolkit text: each style name becomes a style class."""
    return FormattedText([(f"class:{style}" if style else "", text) for style, text in fragments])
