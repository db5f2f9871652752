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
import tomllib
from pathlib import Path

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


def write_setting(path: Path, name: str, value: bool | int | str) -> None:
    """Set one setting (`practice.live_transcript`) in the file, keeping every other line.

    The key's line is rewritten (its comment kept), else the key goes under its section's
    header, else the section is added at the end. A file with problems is left alone: the
    SettingsFileError says why. The write is atomic.
    """
    spec = SPECS[name]
    spec.kind.check(value)
    read_settings_file(path)  # a broken (or unreadable) file is not touched
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    literal = json.dumps(value)
    lines = text.splitlines()
    index = LineIndex(text)
    if (at := index.line_at(spec.section, spec.key)) is not None:
        old = lines[at - 1]
        indent = old[: len(old) - len(old.lstrip())]
        comment = old[old.index("#") :] if "#" in old and not isinstance(value, str) else ""
        lines[at - 1] = f"{indent}{spec.key} = {literal}" + (f"  {comment}" if comment else "")
    elif (at := index.line_at(spec.section)) is not None:
        lines.insert(at, f"{spec.key} = {literal}")
    else:
        if lines and lines[-1].strip():
            lines.append("")
        lines += [f"[{spec.section}]", f"{spec.key} = {literal}"]
    new_text = "\n".join(lines) + "\n"
    try:
        written = tomllib.loads(new_text).get(spec.section, {}).get(spec.key)
    except (tomllib.TOMLDecodeError, AttributeError):
        written = None
    if written != value:  # a layout this simple editor does not follow (inline tables, ...)
        raise SettingsFileError([f"{shown_path(path)}: cannot set {name} here: edit it by hand"])
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(new_text, encoding="utf-8")
    temporary.replace(path)


def _unknown_section(name: str, value: object) -> str:
    owners = [spec.section for spec in SPECS.values() if spec.key == name]
    if owners and not isinstance(value, dict):
        return f'"{name}" must be in a section: it belongs in [{owners[0]}]'
    return f"unknown section [{name}]{did_you_mean(name, tuple(SECTIONS))}"
