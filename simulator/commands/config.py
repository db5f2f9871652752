"""`interview-sim config`: every setting's effective value and where it came from."""

from __future__ import annotations

import argparse
import json
import sys

from simulator.errors import EXIT_BAD_INPUT
from simulator.settings import Settings


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `config`."""
    config = commands.add_parser(
        "config",
        help="show the effective settings and where each came from",
        description="Show every setting: its value and its source (flag, env, file or default). "
        "Exits 2, after saying why, when the settings file or a variable is wrong.",
    )
    config.add_argument(
        "--json",
        action="store_true",
        help='print {section: {key: {"value": ..., "source": ...}}}',
    )
    config.set_defaults(handler=run_config)


def run_config(args: argparse.Namespace, settings: Settings) -> int:
    """Print the settings; the problems go to stderr and make the exit code 2."""
    for problem in settings.problems:
        print(problem, file=sys.stderr)
    if args.json:
        print(json.dumps(settings.to_json(), indent=2))
    else:
        if settings.file_ignored:
            state = " (ignored: it has problems)"
        elif settings.file is None or not settings.file.is_file():
            state = " (none)"
        else:
            state = ""
        print(f"settings file: {settings.shown_file}{state}")
        rows = [(spec.name, spec.show(value), source) for spec, value, source in settings.entries()]
        name_width = max(len(name) for name, _, _ in rows)
        value_width = max(len(value) for _, value, _ in rows)
        for name, value, source in rows:
            print(f"{name:<{name_width}}  {value:<{value_width}}  ({source})")
    return EXIT_BAD_INPUT if settings.problems else 0
