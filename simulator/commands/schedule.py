"""`due`: every question of the bank in drill order, with its last score and when it is due."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from simulator.bank import BankError, QuestionBank, load_bank
from simulator.commands.history import open_history
from simulator.errors import UserError
from simulator.practice import question_plan
from simulator.schedule import QuestionSchedule, describe_due
from simulator.settings import Settings


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the schedule sub-commands (`drill` opens the app, so cli.py registers it)."""
    due = commands.add_parser(
        "due",
        help="list the questions in drill order, with last score and when each is due",
        description="Every question of the bank in drill order: due now and weakest first, "
        "then never tried, then the rest by due date.",
    )
    due.add_argument("--json", action="store_true", help="print JSON, one object per question")
    due.set_defaults(handler=run_due)


def utc_now() -> datetime:
    """The time the schedule is read at (tests replace it)."""
    return datetime.now(UTC)


def as_json(schedule: QuestionSchedule, bank: QuestionBank) -> dict[str, Any]:
    question = bank.get(schedule.question_id)
    return {
        "id": schedule.question_id,
        "topic": question.topic,
        "question": question.text,
        "due": schedule.due.isoformat(),
        "due_now": schedule.due_now,
        "last_score": schedule.last_score,
        "trend": schedule.trend or None,
        "answers": len(schedule.scores),
        "last_rating": schedule.rating.name if schedule.rating is not None else None,
    }


def run_due(args: argparse.Namespace, settings: Settings) -> int:
    try:
        bank = load_bank(settings.questions_path)
    except BankError as error:
        raise UserError(str(error)) from None
    now = utc_now()
    planned = question_plan(bank, open_history(settings), now)
    if args.json:
        print(json.dumps([as_json(s, bank) for s in planned], indent=2, ensure_ascii=False))
        return 0
    print(f"{'#':>3}  {'due':<12}  {'last':>4}  {'':1}  question")
    for n, schedule in enumerate(planned, start=1):
        when = describe_due(schedule, now) if schedule.tried else "never tried"
        last = "—" if schedule.last_score is None else str(schedule.last_score)
        print(f"{n:>3}  {when:<12}  {last:>4}  {schedule.trend or ' '}  {schedule.question_id}")
    due = sum(s.due_now for s in planned)
    print(f"{due} of {len(planned)} due now; `interview-sim drill` practises them in this order.")
    return 0
