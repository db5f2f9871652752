"""The settings file (`config.toml`), checked against the field table with located messages.

```toml
[speech]
voice = "gmw/en-us"
rate = 160
read_aloud = true

[practice]
answer_seconds = 90
```

Every problem is reported at once as `PATH:LINE: message`, with a "did you mean" for a
misspelt section or key, as for question banks.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

import tomlkit

from simulator.bank.loader import syntax_problem
from simulator.bank.locate import LineIndex
from simulator.bank.model import Problem
from simulator.settings.fields import SECTIONS, SPECS, Choice, did_you_mean


class SettingsFileError(ValueError):
    """The settings file is wrong; `problems` are `PATH:LINE: what` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def shown_path(path: Path) -> Path:
    """The path as messages show it: `~/...` under the home folder."""
    try:
        return Path("~") / path.relative_to(Path.home())
    except (ValueError, RuntimeError):
        return path


def read_settings_file(path: Path) -> dict[str, object]:
    """The values the file sets, by name (`speech.voice`); none when the file does not exist."""
    shown = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsFileError([f"{shown}: cannot be read: {error}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsFileError([str(syntax_problem(shown, text, error))]) from None
    lines = LineIndex(text)
    problems: list[str] = []

    def report(where: tuple[str, ...], message: str) -> None:
        problems.append(str(Problem(shown, lines.line_of(*where), message)))

    values: dict[str, object] = {}
    for section, table in data.items():
        if section not in SECTIONS:
            report((section,), _unknown_section(section, table))
            continue
        if not isinstance(table, dict):
            report((section,), f'"{section}" must be a table: [{section}]')
            continue
        keys = tuple(name.split(".")[1] for name in SPECS if name.startswith(f"{section}."))
        for key, value in table.items():
            spec = SPECS.get(f"{section}.{key}")
            if spec is None:
                report((section, key), f'unknown key "{key}" in [{section}]'
                                       f"{did_you_mean(key, keys)}")  # fmt: skip
                continue
            try:
                checked = spec.kind.check(value)
            except ValueError as error:
                got = json.dumps(value, default=str)
                if isinstance(spec.kind, Choice) and isinstance(value, str):
                    hint = did_you_mean(value, spec.kind.choices)
                    report((section, key), f"unknown {key} {got} in [{section}]{hint}")
                else:
                    report((section, key), f'"{key}" in [{section}] must be {error}, not {got}')
                continue
            if isinstance(checked, Path) and not checked.is_absolute():
                checked = path.parent / checked
            values[spec.name] = checked
    if problems:
        raise SettingsFileError(problems)
    return values


SettingValue = bool | int | str | Path | None
"""What can be written: None takes the key out of the file (back to its default)."""


def write_setting(path: Path, name: str, value: SettingValue) -> None:
    """Set one setting (`practice.live_transcript`) in the file; see `write_settings`."""
    write_settings(path, {name: value})


def write_settings(path: Path, values: Mapping[str, SettingValue]) -> None:
    """Set some settings (by `section.key`) in the file, keeping the person's comments and layout.

    tomlkit edits the document in place: a key's line keeps its comment, a new key goes at
    the end of its section, a new section at the end of the file; None removes the key. A
    file with problems is left alone (SettingsFileError says why), so a typo is never
    "fixed" by losing what was around it. The write is atomic: a crash leaves the old file.
    """
    literals = {name: _literal(name, value) for name, value in values.items()}
    read_settings_file(path)  # a broken (or unreadable) file is not touched
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    document = tomlkit.parse(text)
    for name, literal in literals.items():
        spec = SPECS[name]
        table = document.get(spec.section)
        if literal is None:
            if table is not None and spec.key in table:
                del table[spec.key]
            continue
        if table is None:
            table = tomlkit.table()
            document.add(spec.section, table)
        table[spec.key] = literal
    new_text = tomlkit.dumps(document)
    try:
        written = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        written = {}
    for name, literal in literals.items():
        spec = SPECS[name]
        if written.get(spec.section, {}).get(spec.key) != literal:
            where = shown_path(path)
            raise SettingsFileError([f"{where}: cannot set {name} here: edit it by hand"])
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(new_text)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)


def _literal(name: str, value: SettingValue) -> bool | int | str | None:
    """The TOML value for `name`, checked as the file's reader will check it (a path as text)."""
    if value is None:
        return None
    literal = str(value) if isinstance(value, Path) else value
    SPECS[name].kind.check(literal)
    return literal


def _unknown_section(name: str, value: object) -> str:
    owners = [spec.section for spec in SPECS.values() if spec.key == name]
    if owners and not isinstance(value, dict):
        return f'"{name}" must be in a section: it belongs in [{owners[0]}]'
    return f"unknown section [{name}]{did_you_mean(name, tuple(SECTIONS))}"
