"""`feedback` and `export`: assess a recording, write a session report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.audio.constants import ENGINES
from simulator.bank import BankError, load_bank
from simulator.commands.common import load_question
from simulator.commands.history import open_history
from simulator.errors import UserError
from simulator.report import FORMATS, render, session_entries
from simulator.settings import Settings


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the feedback sub-commands."""
    feedback = commands.add_parser(
        "feedback", help="transcribe a recorded answer and assess it against a question"
    )
    feedback.add_argument("answer", metavar="ANSWER.wav", type=Path)
    feedback.add_argument("--question", metavar="ID", required=True, help="the question answered")
    feedback.add_argument("--engine", choices=ENGINES, default=argparse.SUPPRESS)
    feedback.add_argument("--model", metavar="NAME|PATH", default=argparse.SUPPRESS)
    feedback.add_argument("--json", action="store_true", help="print JSON")
    feedback.set_defaults(handler=run_feedback)

    export = commands.add_parser("export", help="write a session report")
    export.add_argument("--session", metavar="ID", help="session id (default: the latest)")
    export.add_argument("--format", choices=FORMATS, default="md", help="md (default), html, json")
    export.add_argument("--output", metavar="FILE", type=Path, help="write here, not to stdout")
    export.set_defaults(handler=run_export)


def run_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.audio.transcribe import TranscriptionError, load_audio, open_engine
    from simulator.audio.wav import InvalidWavError
    from simulator.feedback import assess_recording
    from simulator.practice import question_hints

    question = load_question(settings, args.question)
    try:
        audio = load_audio(args.answer)
        engine, notice = open_engine(
            getattr(args, "engine", settings.transcription.engine),
            getattr(args, "model", settings.transcription.model),
        )
        if notice:
            print(f"warning: {notice}", file=sys.stderr)
        transcript = engine.transcribe(audio, question_hints(question))
        feedback = assess_recording(question, transcript, args.answer)
    except (TranscriptionError, InvalidWavError) as error:
        raise UserError(str(error)) from None
    if args.json:
        print(json.dumps({"question_id": question.id, "transcript": transcript.to_dict(),
                          "feedback": feedback.to_dict()}, indent=2))  # fmt: skip
        return 0
    content, delivery = feedback.content, feedback.delivery
    print(f"Transcript: {transcript.text}\n")
    print(f"Score {content.score}/100: {content.explanation}")
    for item in feedback.coverage:
        print(f"  {'✓' if item.covered else '✗'} {item.point.label}")
    print(
        f"\n{delivery.speaking_seconds:.0f} s of {delivery.limit_seconds:.0f} s, "
        f"{delivery.words_per_minute:.0f} words per minute, {delivery.filler_count} fillers, "
        f"longest pause {delivery.longest_silence_seconds:.1f} s ({delivery.long_pauses} long)"
    )
    return 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    history = open_history(settings)
    records = history.attempts()
    if not records:
        raise UserError("nothing to export: no attempts yet", exit_code=1)
    session = args.session or records[0].session_id
    chosen = [r for r in records if r.session_id == session]
    if not chosen:
        raise UserError(f"no session {session!r}: `interview-sim history --json` lists them")
    try:
        bank = load_bank(settings.questions_path)
    except BankError as error:
        raise UserError(str(error)) from None
    report = render(session, session_entries(chosen, bank), args.format)
    if args.output:
        try:
            args.output.write_text(report, encoding="utf-8")
        except OSError as error:
            raise UserError(f"cannot write {args.output}: {error.strerror}", exit_code=1) from None
        print(args.output)
    else:
        print(report, end="")
    return 0
