"""The `interview-sim` command line: the app by default, and sub-commands for the parts."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from simulator import __version__
from simulator.bank import BankError, load_bank
from simulator.commands import audio, config, doctor, feedback, history, schedule
from simulator.errors import EXIT_BAD_INPUT, UserError
from simulator.settings import CONFIG_ENV, SPECS, Settings, Spec, config_path, log_dir
from simulator.settings.fields import Boolean

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
        epilog="Each option's default comes from its environment variable, then the settings "
        f"file ({config_path()} or ${CONFIG_ENV}); `interview-sim config` shows them all.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_setting_flags(parser)
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
    add_setting_flags(drill, ("practice.drill_size",))
    drill.set_defaults(handler=run_drill)
    config.add_commands(commands)
    schedule.add_commands(commands)
    audio.add_commands(commands)
    history.add_commands(commands)
    feedback.add_commands(commands)
    doctor.add_commands(commands)
    return parser


def add_setting_flags(parser: argparse.ArgumentParser, names: Sequence[str] | None = None) -> None:
    """A flag for each setting of the table that has one (only `names` when given).

    Values absent from the command line stay absent (they fall back to the environment, the
    file, then the default); given ones land under `section.key`.
    """
    defaults = Settings()
    for name, spec in SPECS.items():
        if spec.flag is None or (names is not None and name not in names):
            continue
        where = f"${spec.env}, " if spec.env else ""
        default = spec.show(defaults.value(name))
        help_text = f"{spec.doc} Default: {where}[{spec.section}] {spec.key}, or {default}."
        if isinstance(spec.kind, Boolean):
            parser.add_argument(spec.flag, dest=name, action=argparse.BooleanOptionalAction,
                                default=argparse.SUPPRESS, help=help_text)  # fmt: skip
            continue
        parser.add_argument(
            spec.flag, dest=name, type=_flag_type(spec), metavar=spec.kind.metavar,
            default=argparse.SUPPRESS, help=help_text.replace("%", "%%"),
        )  # fmt: skip


def _flag_type(spec: Spec) -> Callable[[str], object]:
    def parse(text: str) -> object:
        try:
            return spec.kind.parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"{text!r}: must be {error}") from None

    return parse


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """`interview-sim check`: one summary line and exit 0, or every problem and exit 2."""
    path = settings.questions_path if args.path is None else Path(args.path).expanduser()
    try:
        bank = load_bank(path)
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{bank.summary()}, OK")
    return EXIT_OK


def run_drill(args: argparse.Namespace, settings: Settings) -> int:
    """`interview-sim drill`: the app, opened straight into a drill."""
    return run_app(args, settings, start_drill=True)


def run_app(args: argparse.Namespace, settings: Settings, start_drill: bool = False) -> int:
    """Open the full-screen app on the selected bank (in a drill with `start_drill`)."""
    try:
        bank = settings.practice.apply(load_bank(settings.questions_path))
    except BankError as error:
        raise UserError(str(error)) from None
    from simulator.launch import run_fullscreen  # Textual loads only when the app runs
    from simulator.storage.history import HistoryTooNewError

    try:
        return run_fullscreen(bank, settings, start_drill=start_drill)
    except HistoryTooNewError as error:
        raise UserError(str(error), exit_code=1) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Never shows a traceback to the user."""
    parser = build_parser()
    args = parser.parse_args(argv)
    flags = {name: value for name, value in vars(args).items() if name in SPECS}
    settings = Settings.resolve(flags)
    handler: Command = getattr(args, "handler", run_app)
    if handler not in (run_app, run_drill, config.run_config):  # those show the problems
        for problem in settings.problems:
            print(f"interview-sim: {problem}", file=sys.stderr)
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
