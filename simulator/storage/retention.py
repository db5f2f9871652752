"""Which attempts a retention setting lets go: pure selection, no deleting here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from simulator.storage.history import AttemptRecord


@dataclass(frozen=True)
class Retention:
    """Keep the last `keep_last` attempts per question and/or those of the last `keep_days`."""

    keep_last: int | None = None
    """Attempts kept per question, newest first; None keeps all."""
    keep_days: int | None = None
    """Attempts younger than this many days are kept; None keeps all."""

    @property
    def active(self) -> bool:
        return self.keep_last is not None or self.keep_days is not None

    def describe(self) -> str:
        parts = []
        if self.keep_last is not None:
            parts.append(f"the last {self.keep_last} per question")
        if self.keep_days is not None:
            parts.append(f"the last {self.keep_days} days")
        return "keep " + " and ".join(parts) if parts else "keep everything"


def expired(
    records: list[AttemptRecord], retention: Retention, now: datetime
) -> list[AttemptRecord]:
    """The attempts outside the retention window; never one still being recorded."""
    seen: dict[str, int] = {}
    result = []
    for record in sorted(records, key=lambda r: (r.started_at, r.id), reverse=True):
        if record.status == "recording":
            continue
        rank = seen[record.question_id] = seen.get(record.question_id, 0) + 1
        too_many = retention.keep_last is not None and rank > retention.keep_last
        too_old = retention.keep_days is not None and (
            now - record.started_at > timedelta(days=retention.keep_days)
        )
        if too_many or too_old:
            result.append(record)
    return result


KEEP_EVERYTHING = Retention()
