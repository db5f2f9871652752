"""One settings object, resolved once: command-line flag, environment, settings file, default."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.settings.fields import (
    SECTIONS,
    SPECS,
    PathSettings,
    PracticeSettings,
    RetentionSettings,
    Source,
    Spec,
    SpeechSettings,
    TranscriptionSettings,
    UiSettings,
)
from simulator.settings.file import SettingsFileError, read_settings_file, shown_path
from simulator.settings.paths import config_path

USING_DEFAULTS = "Using the defaults."


@dataclass(frozen=True, init=False)
class Settings:
    """Every setting of one run, each section a dataclass of `fields.py`.

    `Settings(questions_path, recordings_dir)` gives the defaults with those two paths (what most
    tests need); `Settings.resolve` reads flags, the environment and the settings file.
    """

    speech: SpeechSettings
    transcription: TranscriptionSettings
    practice: PracticeSettings
    ui: UiSettings
    retention: RetentionSettings
    paths: PathSettings
    sources: Mapping[str, Source]
    """Where each setting (by `section.key`) came from; "default" when absent."""
    file: Path | None
    """The settings file read (it may not exist), or None when none was looked at."""
    problems: tuple[str, ...]
    """What was wrong with the file or the environment, as sentences; those values are ignored."""
    file_ignored: bool
    """The file has problems, so none of its values are used."""

    def __init__(
        self,
        questions_path: Path | None = None,
        recordings_dir: Path | None = None,
        *,
        sections: Mapping[str, Any] | None = None,
        sources: Mapping[str, Source] | None = None,
        file: Path | None = None,
        problems: tuple[str, ...] = (),
        file_ignored: bool = False,
    ) -> None:
        given = dict(sections or {})
        for name, cls in SECTIONS.items():
            object.__setattr__(self, name, given.get(name) or cls())
        if questions_path is not None:
            object.__setattr__(
                self, "paths", dataclasses.replace(self.paths, questions=questions_path)
            )
        if recordings_dir is not None:
            object.__setattr__(
                self, "paths", dataclasses.replace(self.paths, recordings=recordings_dir)
            )
        object.__setattr__(self, "sources", dict(sources or {}))
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "problems", tuple(problems))
        object.__setattr__(self, "file_ignored", file_ignored)

    @classmethod
    def resolve(
        cls,
        flags: Mapping[str, object] | None = None,
        environ: Mapping[str, str] = os.environ,
        file: Path | None = None,
    ) -> Settings:
        """Each setting from `flags` (by `section.key`, already checked), else its environment
        variable, else the settings file (`file`, default `config_path()`), else its default.

        A broken file is ignored as a whole and a bad variable on its own; `problems` says so.
        """
        flags = flags or {}
        file = config_path(environ) if file is None else file
        problems: list[str] = []
        ignored = False
        try:
            in_file = read_settings_file(file)
        except SettingsFileError as error:
            in_file, ignored = {}, True
            problems.extend(error.problems[:-1])
            last = error.problems[-1]
            problems.append(f"{last}{'' if last.endswith(('.', '?')) else '.'} {USING_DEFAULTS}")
        values: dict[str, dict[str, object]] = {name: {} for name in SECTIONS}
        sources: dict[str, Source] = {}
        for name, spec in SPECS.items():
            found = _lookup(spec, flags, environ, in_file, problems)
            if found is not None:
                values[spec.section][spec.key], sources[name] = found
        sections = {name: cls_(**values[name]) for name, cls_ in SECTIONS.items()}
        return cls(sections=sections, sources=sources, file=file, problems=tuple(problems),
                   file_ignored=ignored)  # fmt: skip

    @property
    def questions_path(self) -> Path:
        """The question bank (`[paths] questions`)."""
        return self.paths.questions

    @property
    def recordings_dir(self) -> Path:
        """Audio and history (`[paths] recordings`)."""
        return self.paths.recordings

    def value(self, name: str) -> object:
        """The value of `section.key`."""
        section, key = name.split(".")
        return getattr(getattr(self, section), key)

    def with_values(self, values: Mapping[str, object]) -> Settings:
        """A copy with some settings (by `section.key`) changed, their sources kept."""
        sections = {name: getattr(self, name) for name in SECTIONS}
        for name, value in values.items():
            section, key = name.split(".")
            sections[section] = dataclasses.replace(sections[section], **{key: value})
        return Settings(sections=sections, sources=self.sources, file=self.file,
                        problems=self.problems, file_ignored=self.file_ignored)  # fmt: skip

    def saved(self, values: Mapping[str, object]) -> Settings:
        """The settings once `values` (by `section.key`; None: back to the default) are in the
        file, as a new `resolve` would find them.

        A setting given by a flag or a variable keeps that value: the file's applies on a
        run without them.
        """
        written = {n: v for n, v in values.items() if self.source(n) in ("file", "default")}
        changed = self.with_values(
            {n: SPECS[n].default if v is None else v for n, v in written.items()}
        )
        sources = dict(self.sources)
        for name, value in written.items():
            sources[name] = "default" if value is None else "file"
        sections = {name: getattr(changed, name) for name in SECTIONS}
        return Settings(sections=sections, sources=sources, file=self.file,
                        problems=self.problems, file_ignored=self.file_ignored)  # fmt: skip

    def source(self, name: str) -> Source:
        return self.sources.get(name, "default")

    def entries(self) -> Iterator[tuple[Spec, object, Source]]:
        """Every setting with its value and source, in table order."""
        for name, spec in SPECS.items():
            yield spec, self.value(name), self.source(name)

    def to_json(self) -> dict[str, dict[str, dict[str, object]]]:
        """`{section: {key: {"value": ..., "source": ...}}}`."""
        data: dict[str, dict[str, dict[str, object]]] = {name: {} for name in SECTIONS}
        for spec, value, source in self.entries():
            shown = None if value is None else spec.kind.to_json(value)
            data[spec.section][spec.key] = {"value": shown, "source": source}
        return data

    @property
    def shown_file(self) -> str:
        return str(shown_path(self.file)) if self.file is not None else "(none)"


def _lookup(
    spec: Spec,
    flags: Mapping[str, object],
    environ: Mapping[str, str],
    in_file: Mapping[str, object],
    problems: list[str],
) -> tuple[object, Source] | None:
    if flags.get(spec.name) is not None:
        return flags[spec.name], "flag"
    text = environ.get(spec.env, "") if spec.env else ""
    if text:
        try:
            return spec.kind.parse(text), "env"
        except ValueError as error:
            problems.append(f"${spec.env} must be {error}, not {json.dumps(text)}; it is ignored.")
    if spec.name in in_file:
        return in_file[spec.name], "file"
    return None
