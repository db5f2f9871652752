"""What to practise next: a spaced-repetition schedule per question, replayed from its answers.

Every scored answer to a question is one review of that question's card in FSRS (the Free
Spaced Repetition Scheduler, package `fsrs`). Its rating comes from the answer's score:

| score    | rating |
| -------- | ------ |
| below 50 | Again  |
| 50-69    | Hard   |
| 70-89    | Good   |
| 90-100   | Easy   |

The person may override the rating of an answer (keys 1-4 on the review screen). The card is
never stored: it is rebuilt by replaying a question's reviews in time order, so the schedule
follows from the history alone, and a history older than the schedule gets one at once.

Pure functions only: no Textual, no SQLite, and "now" is always an argument.

* `simulator.schedule.rating`: the score to rating mapping;
* `simulator.schedule.replay`: reviews to an FSRS card (the deterministic scheduler);
* `simulator.schedule.plan`: per question what is due, and the drill order;
* `simulator.schedule.weak_points`: key points most often missed;
* `simulator.schedule.attempts`: which stored attempts count, as reviews and progress series.
"""

from __future__ import annotations

from simulator.schedule.attempts import (
    ProgressReport,
    Series,
    counts,
    progress,
    reviews_by_question,
)
from simulator.schedule.plan import QuestionSchedule, describe_due, drill, plan, schedule_question
from simulator.schedule.rating import RATING_KEYS, Rating, rating_for_score
from simulator.schedule.replay import SCHEDULER, Review, replay
from simulator.schedule.weak_points import Assessed, MissedPoint, most_missed

__all__ = [
    "RATING_KEYS",
    "SCHEDULER",
    "Assessed",
    "MissedPoint",
    "ProgressReport",
    "QuestionSchedule",
    "Rating",
    "Review",
    "Series",
    "counts",
    "describe_due",
    "drill",
    "most_missed",
    "plan",
    "progress",
    "rating_for_score",
    "replay",
    "reviews_by_question",
    "schedule_question",
]
