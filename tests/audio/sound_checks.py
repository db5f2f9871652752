"""Comparisons of captured audio against what was played."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def find_exact(haystack: npt.NDArray[np.int16], needle: npt.NDArray[np.int16]) -> int | None:
    """Index where `needle` appears sample for sample inside `haystack`, or None."""
    if len(needle) == 0 or len(needle) > len(haystack):
        return None
    for start in np.flatnonzero(haystack[: len(haystack) - len(needle) + 1] == needle[0]):
        if np.array_equal(haystack[start : start + len(needle)], needle):
            return int(start)
    return None


def first_sound(samples: npt.NDArray[np.int16], threshold: int = 64) -> int:
    """Index of the first sample louder than `threshold`."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    return int(loud[0]) if len(loud) else len(samples)
