"""The rating of an answer from its score: below 50 Again, 50-69 Hard, 70-89 Good, 90+ Easy.

The thresholds follow what a score means here (70 % of it is key-point coverage): under half
is a failed recall, a good answer covers most points, and 90 or more leaves little to add.
"""

from __future__ import annotations

from fsrs import Rating

HARD_FROM = 50
GOOD_FROM = 70
EASY_FROM = 90

RATING_KEYS: dict[str, Rating] = {str(int(r)): r for r in Rating}
"""Keys 1-4 of the review screen: 1 Again, 2 Hard, 3 Good, 4 Easy (FSRS's own numbers)."""


def rating_for_score(score: int) -> Rating:
    """The FSRS rating an answer scoring `score` (0-100) gets unless the person overrides it."""
    if score < HARD_FROM:
        return Rating.Again
    if score < GOOD_FROM:
        return Rating.Hard
    if score < EASY_FROM:
        return Rating.Good
    return Rating.Easy


__all__ = ["EASY_FROM", "GOOD_FROM", "HARD_FROM", "RATING_KEYS", "Rating", "rating_for_score"]
