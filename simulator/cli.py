"""The `interview-sim` command line: the app by default, and sub-commands for the parts."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime

from simulator import __version__
from simulator.audio.constants import DEFAULT_RATE
from simulator.bank import BankError, load_bank
from simulator.commands import audio, doctor, feedback, history, schedule
from simulator.errors import EXIT_BAD_INPUT, UserError
from simulator.settings import QUESTIONS_ENV, RECORDINGS_ENV, Settings, config_path, log_dir

EXIT_OK = 0
EXIT_FAILURE = 1

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    """The parser for every option and sub-command."""
    parser = argparse.ArgumentParser(
        prog="interview-sim",
        description=(
            "Practise spoken interview answers in the terminal. With no sub-command, opens the "
            "full-screen app on the question bank."
        ),
        epilog=f"Environment: {QUESTIONS_ENV} and {RECORDINGS_ENV} set the defaults of "
        "--questions and --recordings.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--questions",
        metavar="PATH",
        help=f"question bank (TOML) to use; default: ${QUESTIONS_ENV} or the bundled bank",
    )
    parser.add_argument(
        "--recordings",
        metavar="DIR",
        help=f"where recordings and history are kept; default: ${RECORDINGS_ENV} or recordings/ "
        "in the checkout (the user data directory when installed)",
    )
    parser.add_argument(
        "--engine",
        choices=("whisper", "sphinx"),
        default="whisper",
        help="speech-to-text engine for the app (default: whisper; both run offline)",
    )
    parser.add_argument(
        "--model",
        metavar="NAME|PATH",
        help="whisper model for the app: base (default), tiny.en, or a model folder",
    )
    parser.add_argument("--voice", help="voice that reads the questions (see `say --help`)")
    parser.add_argument(
        "--rate",
        type=int,
        default=DEFAULT_RATE,
        help=f"reading speed in words per minute (default {DEFAULT_RATE})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate a question bank",
        description="Validate a question bank and report every problem with its line.",
    )
    check.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="bank to check; default: the bank --questions selects",
    )
    check.set_defaults(handler=run_check)
    drill = commands.add_parser(
        "drill",
        help="open the app straight into a drill of the questions due now",
        description="Open the app in a drill: the questions due now, weakest first, then those "
        "never tried (the order `due` lists), at most the drill size.",
    )
    drill.add_argument(
        "--drill-size",
        type=whole_number,
        metavar="N",
        help="at most N questions (default: [practice] drill_size in the settings file, or 5)",
    )
    drill.set_defaults(handler=run_drill)
    schedule.add_commands(commands)
    audio.add_commands(commands)
    history.add_commands(commands)
    feedback.add_commands(commands)
    doctor.add_commands(commands)
    return parser


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """`interview-sim check`: one summary line and exit 0, or every problem and exit 2."""
    path = (
        settings.questions_path if args.path is None else Settings.resolve(args.path).questions_path
    )
    try:
        bank = load_bank(path)
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{bank.summary()}, OK")
    return EXIT_OK


def whole_number(text: str) -> int:
    """An argument that must be a whole number of 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def run_drill(args: argparse.Namespace, settings: Settings) -> int:
    """`interview-sim drill`: the app, opened straight into a drill."""
    return run_app(args, settings, start_drill=True)


def run_app(args: argparse.Namespace, settings: Settings, start_drill: bool = False) -> int:
    """Open the full-screen app on the selected bank (in a drill with `start_drill`)."""
    try:
        bank = load_bank(settings.questions_path)
    except BankError as error:
        raise UserError(str(error)) from None
    from simulator.storage.config import ConfigError, load_drill_size, load_retention
    from simulator.storage.history import HistoryTooNewError
    from simulator.ui.run import run_fullscreen  # Textual loads only when the app runs

    try:
        retention = load_retention(config_path())
        drill_size = getattr(args, "drill_size", None) or load_drill_size(config_path())
    except ConfigError as error:
        raise UserError(str(error)) from None
    try:
        return run_fullscreen(
            bank, settings, args.engine, args.model, args.voice, args.rate, retention,
            drill_size=drill_size, start_drill=start_drill,
        )  # fmt: skip
    except HistoryTooNewError as error:
        raise UserError(str(error), exit_code=1) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Never shows a traceback to the user."""
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.resolve(args.questions, args.recordings)
    handler: Command = getattr(args, "handler", run_app)
    try:
        return handler(args, settings)
    except UserError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except Exception as error:  # the last line of defence: log the details, show one line
        return _report_crash(error)


def _report_crash(error: Exception) -> int:
    detail = "".join(traceback.format_exception(error))
    try:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        log = directory / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        log.write_text(detail, encoding="utf-8")
        where = f"; details in {log}"
    except OSError:
        where = ""
    print(f"interview-sim: unexpected error: {error}{where}", file=sys.stderr)
    return EXIT_FAILURE
