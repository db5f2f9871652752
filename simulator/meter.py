"""The input-level meter's scale, shared by the app's meter and `interview-sim record`."""

from __future__ import annotations

METER_FLOOR_DBFS = -60.0
"""The bottom of a level meter's scale: quieter than this shows as empty."""


def meter_fill(level_dbfs: float, width: int) -> int:
    """How many of `width` cells a meter fills for `level_dbfs` (-60 empty, 0 full)."""
    fraction = (level_dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS
    return round(width * min(1.0, max(0.0, fraction)))
