"""Every setting, declared once: its type, default, meaning, environment variable and flag.

One dataclass per section of the settings file. Each field is declared with `setting()`, whose
metadata the file parser, the resolver, the command-line flags and `interview-sim config` all
read: nothing else names a setting one by one.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from simulator.audio.constants import DEFAULT_RATE, DEFAULT_WHISPER_MODEL, ENGINES
from simulator.bank.loader import ANSWER_SECONDS_RANGE, THINK_SECONDS_RANGE
from simulator.bank.model import QuestionBank
from simulator.settings.paths import QUESTIONS_ENV, RECORDINGS_ENV, bundled_questions
from simulator.settings.paths import default_recordings_dir as _default_recordings_dir

Source = Literal["flag", "env", "file", "default"]
"""Where a setting's value came from, strongest first."""

THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "catppuccin-latte",
    "dracula",
    "tokyo-night",
    "monokai",
    "solarized-light",
    "solarized-dark",
    "flexoki",
)
"""Themes the app offers (names of Textual's built-in themes; kept here as data, since only the
UI imports Textual)."""

DEFAULT_DRILL_SIZE = 5

TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


def did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    """`; did you mean "x"?` for a near miss, else the list of choices."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else f" (known: {', '.join(choices)})"


class Kind:
    """The type of a setting: how a TOML value is checked and how text (env, flag) is read."""

    @property
    def metavar(self) -> str:
        """The flag's placeholder in `--help`."""
        return "VALUE"

    def describe(self) -> str:
        """What a valid value is, for messages: `a whole number from 80 to 400`."""
        raise NotImplementedError

    def check(self, value: object) -> Any:
        """The value from the settings file, checked; ValueError saying what is expected."""
        raise NotImplementedError

    def parse(self, text: str) -> Any:
        """The value from an environment variable or a flag; ValueError when it is wrong."""
        return self.check(text)

    def to_json(self, value: Any) -> object:
        return value


@dataclass(frozen=True)
class WholeNumber(Kind):
    low: int
    high: int | None = None
    unit: str = ""

    @property
    def metavar(self) -> str:
        return "N"

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.high is None:
            return f"a whole number of {self.low} or more{unit}"
        return f"a whole number from {self.low} to {self.high}{unit}"

    def check(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(self.describe())
        if value < self.low or (self.high is not None and value > self.high):
            raise ValueError(self.describe())
        return value

    def parse(self, text: str) -> int:
        if not text.strip().isdigit():
            raise ValueError(self.describe())
        return self.check(int(text))


@dataclass(frozen=True)
class Boolean(Kind):
    def describe(self) -> str:
        return "true or false"

    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValueError(self.describe())
        return value

    def parse(self, text: str) -> bool:
        word = text.strip().lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise ValueError(f"{'/'.join(TRUE_WORDS)} or {'/'.join(FALSE_WORDS)}")


@dataclass(frozen=True)
class Choice(Kind):
    choices: tuple[str, ...]

    @property
    def metavar(self) -> str:
        return "|".join(self.choices) if len(self.choices) <= 3 else "NAME"

    def describe(self) -> str:
        return "one of " + ", ".join(f'"{c}"' for c in self.choices)

    def check(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(self.describe())
        if value not in self.choices:
            raise ValueError(self.describe())
        return value


@dataclass(frozen=True)
class Text(Kind):
    placeholder: str = "TEXT"

    @property
    def metavar(self) -> str:
        return self.placeholder

    def describe(self) -> str:
        return "a non-empty string"

    def check(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(self.describe())
        return value.strip()


@dataclass(frozen=True)
class PathValue(Kind):
    @property
    def metavar(self) -> str:
        return "PATH"

    def describe(self) -> str:
        return "a path (a non-empty string)"

    def check(self, value: object) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(self.describe())
        return Path(value).expanduser()

    def to_json(self, value: Any) -> object:
        return str(value)


def setting(
    kind: Kind,
    doc: str,
    *,
    default: object = None,
    default_factory: Callable[[], object] | None = None,
    env: str | None = None,
    flag: str | None = None,
    unset: str = "",
) -> Any:
    """Declare one setting. `unset` says what None means when None is its default."""
    metadata = {"kind": kind, "doc": doc, "env": env, "flag": flag, "unset": unset}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class SpeechSettings:
    """[speech]: how the questions are read aloud."""

    voice: str | None = setting(
        Text("VOICE"),
        "Voice that reads the questions (an id `say --voices` lists).",
        env="INTERVIEW_SIM_VOICE",
        flag="--voice",
        unset="the system's default voice",
    )
    rate: int = setting(
        WholeNumber(80, 400, "words per minute"),
        "Reading speed in words per minute.",
        default=DEFAULT_RATE,
        env="INTERVIEW_SIM_RATE",
        flag="--rate",
    )
    read_aloud: bool = setting(
        Boolean(),
        "Read each question aloud; when false the app starts muted (the question is shown).",
        default=True,
        env="INTERVIEW_SIM_READ_ALOUD",
        flag="--read-aloud",
    )


@dataclass(frozen=True)
class TranscriptionSettings:
    """[transcription]: how answers become text (both engines run offline)."""

    engine: str = setting(
        Choice(ENGINES),
        "Speech-to-text engine: whisper (accurate) or sphinx (light, less accurate).",
        default="whisper",
        env="INTERVIEW_SIM_ENGINE",
        flag="--engine",
    )
    model: str = setting(
        Text("NAME|PATH"),
        "Whisper model: base or tiny.en (bundled), a model folder, or a hub name (small.en).",
        default=DEFAULT_WHISPER_MODEL,
        env="INTERVIEW_SIM_MODEL",
        flag="--model",
    )


@dataclass(frozen=True)
class PracticeSettings:
    """[practice]: timing, drills and what the practice screen shows."""

    think_seconds: int | None = setting(
        WholeNumber(*THINK_SECONDS_RANGE, "seconds"),
        "Think time for every question, overriding the bank's.",
        env="INTERVIEW_SIM_THINK_SECONDS",
        flag="--think-seconds",
        unset="each question's own",
    )
    answer_seconds: int | None = setting(
        WholeNumber(*ANSWER_SECONDS_RANGE, "seconds"),
        "Answering countdown for every question, overriding the bank's.",
        env="INTERVIEW_SIM_ANSWER_SECONDS",
        flag="--answer-seconds",
        unset="each question's own",
    )
    drill_size: int = setting(
        WholeNumber(1),
        "At most this many questions in a drill.",
        default=DEFAULT_DRILL_SIZE,
        env="INTERVIEW_SIM_DRILL_SIZE",
        flag="--drill-size",
    )
    live_transcript: bool = setting(
        Boolean(),
        "Show the transcript under the countdown while answering (`l` toggles it for the run).",
        default=True,
        env="INTERVIEW_SIM_LIVE_TRANSCRIPT",
        flag="--live-transcript",
    )

    def apply(self, bank: QuestionBank) -> QuestionBank:
        """The bank with the think and answer overrides applied to every question."""
        changes = {
            name: value
            for name in ("think_seconds", "answer_seconds")
            if (value := getattr(self, name)) is not None
        }
        if not changes:
            return bank
        questions = tuple(dataclasses.replace(q, **changes) for q in bank.questions)
        return dataclasses.replace(bank, questions=questions)


@dataclass(frozen=True)
class UiSettings:
    """[ui]: how the app looks."""

    theme: str = setting(
        Choice(THEMES),
        "Colour theme of the app (`ctrl+p` can switch it for a run).",
        default="textual-dark",
        env="INTERVIEW_SIM_THEME",
        flag="--theme",
    )


@dataclass(frozen=True)
class RetentionSettings:
    """[retention]: which old attempts are deleted at start-up (audio and history rows)."""

    keep_last: int | None = setting(
        WholeNumber(1),
        "Attempts kept per question, newest first.",
        env="INTERVIEW_SIM_KEEP_LAST",
        unset="all of them",
    )
    keep_days: int | None = setting(
        WholeNumber(1, unit="days"),
        "Attempts younger than this many days are kept.",
        env="INTERVIEW_SIM_KEEP_DAYS",
        unset="all of them",
    )


@dataclass(frozen=True)
class PathSettings:
    """[paths]: where the question bank and the recordings are."""

    questions: Path = setting(
        PathValue(),
        "The question bank (TOML). A relative path in the file is relative to the file.",
        default_factory=bundled_questions,
        env=QUESTIONS_ENV,
        flag="--questions",
    )
    recordings: Path = setting(
        PathValue(),
        "Where recordings and the history are kept: recordings/ in a checkout, else the user "
        "data folder.",
        default_factory=_default_recordings_dir,
        env=RECORDINGS_ENV,
        flag="--recordings",
    )


SECTIONS: dict[str, type] = {
    "speech": SpeechSettings,
    "transcription": TranscriptionSettings,
    "practice": PracticeSettings,
    "ui": UiSettings,
    "retention": RetentionSettings,
    "paths": PathSettings,
}
"""The sections of the settings file, in the order `config` lists them."""


@dataclass(frozen=True)
class Spec:
    """One setting as the generic code sees it."""

    section: str
    key: str
    kind: Kind
    doc: str
    env: str | None
    flag: str | None
    unset: str

    @property
    def name(self) -> str:
        """`section.key`, e.g. `speech.voice`."""
        return f"{self.section}.{self.key}"

    @property
    def default(self) -> object:
        """The value when nothing sets it (a fresh section's field)."""
        return getattr(SECTIONS[self.section](), self.key)

    def flag_for(self, value: object) -> str | None:
        """The flag that gives `value`: `--no-read-aloud` for false, as the person typed it."""
        if self.flag and value is False and isinstance(self.kind, Boolean):
            return self.flag.replace("--", "--no-", 1)
        return self.flag

    def show(self, value: object) -> str:
        """The value as `config` prints it."""
        if value is None:
            return f"none ({self.unset})" if self.unset else "none"
        if isinstance(value, bool):
            return str(value).lower()
        return str(value)


SPECS: dict[str, Spec] = {
    f"{section}.{f.name}": Spec(
        section,
        f.name,
        f.metadata["kind"],
        f.metadata["doc"],
        f.metadata["env"],
        f.metadata["flag"],
        f.metadata["unset"],
    )
    for section, cls in SECTIONS.items()
    for f in dataclasses.fields(cls)
}
"""Every setting by name, in declaration order."""
