"""How durations and long texts are written everywhere: minutes and seconds ("1:05"), cut lines."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """`seconds` as m:ss, whole seconds rounded down (0 below zero)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when it was longer."""
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"
