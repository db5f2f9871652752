"""The user's settings file (`config.toml`), validated with located messages.

[retention]
keep_last = 5     # attempts kept per question
keep_days = 90    # attempts younger than this are kept
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from simulator.bank.locate import LineIndex
from simulator.storage.retention import Retention

RETENTION_KEYS = ("keep_last", "keep_days")


class ConfigError(ValueError):
    """The settings file is wrong; the message is `PATH:LINE: what`."""


def load_retention(path: Path) -> Retention:
    """The retention setting of `path`; keep everything when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Retention()
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

    for key in data:
        if key != "retention":
            raise fail((key,), f'unknown setting "{key}" (known: [retention])')
    table = data.get("retention", {})
    if not isinstance(table, dict):
        raise fail(("retention",), '"retention" must be a table: [retention]')
    values: dict[str, int] = {}
    for key, value in table.items():
        if key not in RETENTION_KEYS:
            known = ", ".join(RETENTION_KEYS)
            raise fail(("retention", key), f'unknown key "{key}" in [retention] (known: {known})')
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail(("retention", key), f'"{key}" must be a whole number of 1 or more')
        values[key] = value
    return Retention(values.get("keep_last"), values.get("keep_days"))
