"""`history` and `replay`: the stored attempts from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from simulator.errors import UserError
from simulator.practice.errors import DOCTOR_HINT
from simulator.settings import Settings
from simulator.storage.history import (
    HISTORY_FILE,
    AttemptRecord,
    History,
    HistoryError,
    HistoryTooNewError,
)
from simulator.storage.sessions import write_problem
from simulator.timefmt import clock

BAR_WIDTH = 30


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the history sub-commands."""
    history = commands.add_parser("history", help="list every attempt, newest first")
    history.add_argument("--json", action="store_true", help="print JSON, one object per attempt")
    history.set_defaults(handler=run_history)

    replay = commands.add_parser("replay", help="play an attempt's recording")
    replay.add_argument("attempt", metavar="ATTEMPT", type=int, help="attempt id (see history)")
    replay.set_defaults(handler=run_replay)


def open_history(settings: Settings) -> History:
    """The history, opened by the app's own start-up (`practice.startup`): a corrupt one kept
    aside, a crash put right, retention applied. In a folder that cannot be written, a
    read-only copy of it instead. Notes go to stderr, so `--json` output stays clean; a
    UserError if it cannot be read at all."""
    from simulator.bank import BankError, load_bank
    from simulator.practice.startup import open_for_command

    path = settings.recordings_dir / HISTORY_FILE
    problem = write_problem(settings.recordings_dir)
    if problem is not None:
        if not path.is_file():
            raise UserError(
                f"{settings.recordings_dir} cannot be used ({problem}); {DOCTOR_HINT}",
                exit_code=1,
            )
        print(f"note: {settings.recordings_dir} is {problem}: showing the history read-only",
              file=sys.stderr)  # fmt: skip
        try:
            return History.snapshot(path)
        except HistoryError as error:
            raise UserError(f"{error}; {DOCTOR_HINT}", exit_code=1) from None
    try:
        bank = load_bank(settings.questions_path)
    except BankError:
        bank = None  # the bank's own command reports it; recovery waits for a good bank
    try:
        history, notices = open_for_command(settings, bank)
    except HistoryTooNewError as error:
        raise UserError(str(error), exit_code=1) from None
    except HistoryError as error:
        raise UserError(f"{error}; {DOCTOR_HINT}", exit_code=1) from None
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    return history


def as_json(record: AttemptRecord) -> dict[str, Any]:
    words = (record.transcript_data or {}).get("words", [])
    return {
        "id": record.id,
        "session": record.session_id,
        "question_id": record.question_id,
        "question": record.question,
        "topic": record.topic,
        "start": record.started_at.isoformat(),
        "duration_seconds": round(record.duration_seconds, 3),
        "status": record.status,
        "score": record.score,
        "audio_path": str(record.audio_path) if record.audio_path else None,
        "engine": record.engine,
        "model": record.model,
        "transcript": record.transcript,
        "words": words,
        "feedback": record.feedback_data,
    }


def run_history(args: argparse.Namespace, settings: Settings) -> int:
    records = open_history(settings).attempts()
    if args.json:
        print(json.dumps([as_json(r) for r in records], indent=2))
        return 0
    if not records:
        print("No attempts yet.")
        return 0
    print(f"{'id':>4}  {'start':<16}  {'time':>5}  {'status':<11}  {'score':>5}  question")
    for r in records:
        score = "—" if r.score is None else str(r.score)
        print(
            f"{r.id:>4}  {r.started_at.astimezone():%Y-%m-%d %H:%M}  "
            f"{clock(r.duration_seconds)}  {r.status:<11}  {score:>5}  {r.question_id}"
        )
    return 0


def run_replay(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.audio.devices import AudioDeviceError
    from simulator.audio.player import Player
    from simulator.audio.wav import InvalidWavError

    try:
        record = open_history(settings).attempt(args.attempt)
    except KeyError:
        raise UserError(f"no attempt {args.attempt}: `interview-sim history` lists them") from None
    if record.audio_path is None:
        raise UserError(f"attempt {record.id} was typed: it has no recording")
    try:
        player = Player.from_wav(record.audio_path)
        player.play()
    except FileNotFoundError:
        raise UserError(f"the recording {record.audio_path} is missing", exit_code=1) from None
    except (AudioDeviceError, InvalidWavError, OSError) as error:
        raise UserError(str(error), exit_code=1) from None
    live = sys.stdout.isatty()
    try:
        while not player.wait(0.1):
            if live:
                done = round(BAR_WIDTH * player.position / (player.duration or 1))
                print(
                    f"\r▶ {player.position:5.1f}/{player.duration:.1f}s "
                    f"[{'=' * done}{' ' * (BAR_WIDTH - done)}]",
                    end="",
                    flush=True,
                )
    except KeyboardInterrupt:
        player.stop()
    print(("\n" if live else "") + f"played attempt {record.id} ({player.duration:.1f} s)")
    return 0
