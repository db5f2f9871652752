"""The user's settings file (`config.toml`), validated with located messages.

[retention]
keep_last = 5     # attempts kept per question
keep_days = 90    # attempts younger than this are kept

[practice]
drill_size = 5    # at most this many questions in a drill
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.bank.locate import LineIndex
from simulator.storage.retention import Retention

RETENTION_KEYS = ("keep_last", "keep_days")
PRACTICE_KEYS = ("drill_size",)
SECTIONS = {"retention": RETENTION_KEYS, "practice": PRACTICE_KEYS}
DEFAULT_DRILL_SIZE = 5


class ConfigError(ValueError):
    """The settings file is wrong; the message is `PATH:LINE: what`."""


def load_retention(path: Path) -> Retention:
    """The retention setting of `path`; keep everything when the file does not exist."""
    values = _load_section(path, "retention")
    return Retention(values.get("keep_last"), values.get("keep_days"))


def load_drill_size(path: Path) -> int:
    """How many questions a drill takes at most (`[practice] drill_size`); 5 by default."""
    return _load_section(path, "practice").get("drill_size", DEFAULT_DRILL_SIZE)


def _load_section(path: Path, section: str) -> dict[str, int]:
    """The whole numbers (1 or more) of one section; the whole file is checked on the way."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: TOML syntax error: {error}") from None
    lines = LineIndex(text)

    def fail(where: tuple[str, ...], message: str) -> ConfigError:
        line = lines.line_of(*where)
        return ConfigError(f"{path}:{line}: {message}" if line else f"{path}: {message}")

    known_sections = ", ".join(f"[{name}]" for name in SECTIONS)
    for key in data:
        if key not in SECTIONS:
            raise fail((key,), f'unknown setting "{key}" (known: {known_sections})')
    sections = {name: _check_table(name, data.get(name, {}), fail) for name in SECTIONS}
    return sections[section]


def _check_table(
    name: str, table: Any, fail: Callable[[tuple[str, ...], str], ConfigError]
) -> dict[str, int]:
    if not isinstance(table, dict):
        raise fail((name,), f'"{name}" must be a table: [{name}]')
    values: dict[str, int] = {}
    for key, value in table.items():
        if key not in SECTIONS[name]:
            known = ", ".join(SECTIONS[name])
            raise fail((name, key), f'unknown key "{key}" in [{name}] (known: {known})')
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail((name, key), f'"{key}" must be a whole number of 1 or more')
        values[key] = value
    return values
