"""Read and validate a question bank, reporting every problem at once with its line."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from simulator.bank.locate import LineIndex
from simulator.bank.model import BankError, KeyPoint, Problem, Question, QuestionBank

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 64
DEFAULT_ANSWER_SECONDS = 120
DEFAULT_THINK_SECONDS = 10
ANSWER_SECONDS_RANGE = (5, 1800)
"""An answer shorter than 5 s or longer than 30 min is a typo, not a practice setting."""
THINK_SECONDS_RANGE = (0, 600)
"""Zero think time is allowed: recording starts right after the question is read."""

TOP_LEVEL_KEYS = ("title", "defaults", "questions")
DEFAULTS_KEYS = ("answer_seconds", "think_seconds")
QUESTION_KEYS = (
    "id",
    "topic",
    "question",
    "sample_answer",
    "key_points",
    "answer_seconds",
    "think_seconds",
)
KEY_POINT_KEYS = ("label", "terms")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def load_bank(path: Path) -> QuestionBank:
    """Load the bank at `path`, or raise BankError listing every problem found."""
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BankError([syntax_problem(path, text, error)]) from None
    return _Validator(path, LineIndex(text)).bank(data)


def _read_text(path: Path) -> str:
    def fail(message: str) -> BankError:
        return BankError([Problem(path, None, message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not a question bank file") from None
    except PermissionError:
        raise fail("permission denied: the file cannot be read") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror or error}") from None
    if b"\x00" in raw:
        raise fail("is a binary file, not a TOML question bank")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BankError(
            [
                Problem(
                    path, line, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8"
                )
            ]
        ) from None


def syntax_problem(path: Path, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """The TOML parser's complaint, located by line (the settings file uses it too)."""
    message = str(error)
    if match := _TOML_POSITION.search(message):
        reason = message[: match.start()]
        return Problem(
            path, int(match.group(1)), f"TOML syntax error: {reason} (column {match.group(2)})"
        )
    if match := _TOML_END.search(message):
        return Problem(
            path,
            text.count("\n") + 1,
            f"TOML syntax error: {message[: match.start()]} (at end of file)",
        )
    return Problem(path, None, f"TOML syntax error: {message}")


def _did_you_mean(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else f" (allowed: {', '.join(allowed)})"


class _Validator:
    """Checks parsed TOML against the bank format, collecting problems instead of stopping."""

    def __init__(self, path: Path, lines: LineIndex) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []

    def report(self, where: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.line_of(*where), message))

    def bank(self, data: dict[str, Any]) -> QuestionBank:
        if not data:
            self.report((), "the file is empty: a bank needs at least one [[questions]] table")
            raise BankError(self.problems)
        self.unknown_keys(data, TOP_LEVEL_KEYS, (), "at the top level")
        title = data.get("title", self.path.stem)
        if not isinstance(title, str) or not title.strip():
            self.report(("title",), '"title" must be a non-empty string')
            title = self.path.stem
        answer_default, think_default = self.defaults(data.get("defaults", {}))
        questions = self.questions(data.get("questions"), answer_default, think_default)
        if self.problems:
            raise BankError(self.problems)
        return QuestionBank(path=self.path, title=title.strip(), questions=tuple(questions))

    def unknown_keys(
        self,
        table: dict[str, Any],
        allowed: tuple[str, ...],
        where: tuple[str | int, ...],
        scope: str,
    ) -> None:
        for key in table:
            if key not in allowed:
                self.report(
                    (*where, key), f'unknown key "{key}" {scope}{_did_you_mean(key, allowed)}'
                )

    def defaults(self, table: object) -> tuple[int, int]:
        if not isinstance(table, dict):
            self.report(("defaults",), '"defaults" must be a table: [defaults]')
            return DEFAULT_ANSWER_SECONDS, DEFAULT_THINK_SECONDS
        self.unknown_keys(table, DEFAULTS_KEYS, ("defaults",), "in [defaults]")
        answer = self.seconds(
            table,
            "answer_seconds",
            ("defaults",),
            "in [defaults]",
            DEFAULT_ANSWER_SECONDS,
            ANSWER_SECONDS_RANGE,
        )
        think = self.seconds(
            table,
            "think_seconds",
            ("defaults",),
            "in [defaults]",
            DEFAULT_THINK_SECONDS,
            THINK_SECONDS_RANGE,
        )
        return answer, think

    def seconds(
        self,
        table: dict[str, Any],
        key: str,
        where: tuple[str | int, ...],
        scope: str,
        default: int,
        bounds: tuple[int, int],
    ) -> int:
        if key not in table:
            return default
        value = table[key]
        low, high = bounds
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(
                (*where, key),
                f'"{key}" {scope} must be a whole number of seconds, not {_describe(value)}',
            )
            return default
        if not low <= value <= high:
            lowest = "positive" if low > 0 else "zero or more"
            self.report(
                (*where, key),
                f'"{key}" {scope} is {value}: it must be {lowest}, '
                f"between {low} and {high} seconds",
            )
            return default
        return value

    def questions(self, items: object, answer_default: int, think_default: int) -> list[Question]:
        if items is None:
            self.report((), "no questions: add at least one [[questions]] table")
            return []
        if not isinstance(items, list) or not all(isinstance(q, dict) for q in items):
            self.report(("questions",), '"questions" must be tables written as [[questions]]')
            return []
        if not items:
            self.report(("questions",), "no questions: add at least one [[questions]] table")
            return []
        seen: dict[str, int] = {}
        result = []
        for index, table in enumerate(items):
            where: tuple[str | int, ...] = ("questions", index)
            scope = f"in question {index + 1}"
            self.unknown_keys(table, QUESTION_KEYS, where, scope)
            question_id = self.question_id(table, where, scope, seen, index)
            if question_id:
                scope = f'in question "{question_id}"'
            topic = self.text(table, "topic", where, scope)
            text = self.text(table, "question", where, scope)
            sample = self.text(table, "sample_answer", where, scope)
            key_points = self.key_points(table.get("key_points"), where, scope)
            answer = self.seconds(
                table, "answer_seconds", where, scope, answer_default, ANSWER_SECONDS_RANGE
            )
            think = self.seconds(
                table, "think_seconds", where, scope, think_default, THINK_SECONDS_RANGE
            )
            if question_id and topic and text and sample:
                result.append(Question(question_id, topic, text, sample, key_points, answer, think))
        return result

    def question_id(
        self,
        table: dict[str, Any],
        where: tuple[str | int, ...],
        scope: str,
        seen: dict[str, int],
        index: int,
    ) -> str:
        question_id = self.text(table, "id", where, scope)
        if not question_id:
            return ""
        if len(question_id) > MAX_ID_LENGTH or not ID_PATTERN.match(question_id):
            self.report(
                (*where, "id"),
                f'id "{question_id}" {scope} is not allowed: use lower-case '
                f"letters, digits and single hyphens, at most {MAX_ID_LENGTH} characters "
                "(it becomes part of file names)",
            )
            return ""
        if question_id in seen:
            first = self.lines.line_of("questions", seen[question_id], "id")
            at = f" at line {first}" if first else ""
            self.report((*where, "id"), f'duplicate id "{question_id}": already used{at}')
            return ""
        seen[question_id] = index
        return question_id

    def text(
        self, table: dict[str, Any], key: str, where: tuple[str | int, ...], scope: str
    ) -> str:
        if key not in table:
            self.report(where, f'missing "{key}" {scope}')
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.report((*where, key), f'"{key}" {scope} must be a string, not {_describe(value)}')
            return ""
        if not value.strip():
            self.report((*where, key), f'"{key}" {scope} is empty')
            return ""
        return value.strip()

    def key_points(
        self, items: object, where: tuple[str | int, ...], scope: str
    ) -> tuple[KeyPoint, ...]:
        if items is None:
            return ()
        here = (*where, "key_points")
        if not isinstance(items, list) or not all(isinstance(k, dict) for k in items):
            self.report(
                here, f'"key_points" {scope} must be tables written as [[questions.key_points]]'
            )
            return ()
        if not items:
            self.report(here, f'"key_points" {scope} is empty: remove it or add a key point')
            return ()
        points = []
        for number, table in enumerate(items, start=1):
            point_where = (*here, number - 1)
            point_scope = f"in key point {number} of {scope.removeprefix('in ')}"
            self.unknown_keys(table, KEY_POINT_KEYS, point_where, point_scope)
            label = self.text(table, "label", point_where, point_scope)
            terms = self.terms(table, point_where, point_scope)
            if label and terms:
                points.append(KeyPoint(label, terms))
        return tuple(points)

    def terms(
        self, table: dict[str, Any], where: tuple[str | int, ...], scope: str
    ) -> tuple[str, ...]:
        value = table.get("terms")
        if value is None:
            self.report(where, f'missing "terms" {scope}: list the words that count as covering it')
            return ()
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            self.report((*where, "terms"), f'"terms" {scope} must be a list of strings')
            return ()
        terms = tuple(t.strip() for t in value if t.strip())
        if not terms:
            self.report(
                (*where, "terms"),
                f'"terms" {scope} has no terms: list the words that count as covering it',
            )
        elif len(terms) != len(value):
            self.report((*where, "terms"), f'"terms" {scope} contains an empty term')
            return ()
        return terms


def _describe(value: object) -> str:
    names = {
        bool: "true/false",
        str: "a string",
        float: "a decimal number",
        list: "a list",
        dict: "a table",
        int: "a number",
    }
    return names.get(type(value), type(value).__name__)
