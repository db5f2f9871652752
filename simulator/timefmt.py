"""How durations are written everywhere: minutes and seconds, "1:05"."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """`seconds` as m:ss, whole seconds rounded down (0 below zero)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
