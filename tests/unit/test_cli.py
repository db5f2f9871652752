"""The command line's output and exit codes, run as a user runs it: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import __version__
from simulator.settings import QUESTIONS_ENV, RECORDINGS_ENV, Settings, bundled_questions
from tests.conftest import REPO_ROOT


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = REPO_ROOT
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in (QUESTIONS_ENV, RECORDINGS_ENV)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        cwd=cwd,
        timeout=60,
    )


def test_check_accepts_the_shipped_bank() -> None:
    result = run_cli("check")
    assert result.returncode == 0
    assert result.stdout == "questions.toml: 10 questions in 8 topics, OK\n"
    assert result.stderr == ""


def test_check_works_from_another_directory(tmp_path: Path) -> None:
    assert run_cli("check", cwd=tmp_path).returncode == 0


def test_check_rejects_a_bad_bank_with_located_messages(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank('[[questions]]\nid = "Bad Id"\ntopic = "T"\nquestion = "Q"\n')
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f'{path}:2: id "Bad Id" in question 1 is not allowed: use lower-case letters, digits and '
        "single hyphens, at most 64 characters (it becomes part of file names)",
        f'{path}:1: missing "sample_answer" in question 1',
    ]


@pytest.mark.parametrize("kind", ["directory", "binary", "empty", "missing"])
def test_bad_files_never_show_a_traceback(tmp_path: Path, kind: str) -> None:
    path = {"directory": tmp_path, "missing": tmp_path / "nope.toml"}.get(kind, tmp_path / "x.toml")
    if kind == "binary":
        path.write_bytes(bytes(range(256)))
    elif kind == "empty":
        path.write_bytes(b"")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}")
    assert "Traceback" not in result.stderr


def test_app_refuses_a_bad_bank_before_opening_the_screen(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank("questions = 3\n")
    result = run_cli("--questions", str(path))
    assert result.returncode == 2
    assert result.stderr == f'{path}:1: "questions" must be tables written as [[questions]]\n'


def test_questions_option_and_environment(write_bank) -> None:  # type: ignore[no-untyped-def]
    path = write_bank(
        '[[questions]]\nid = "a"\ntopic = "T"\nquestion = "Q"\nsample_answer = "A"\n',
        name="mine.toml",
    )
    assert (
        run_cli("--questions", str(path), "check").stdout
        == "mine.toml: 1 question in 1 topic, OK\n"
    )
    via_env = run_cli("check", env={QUESTIONS_ENV: str(path)})
    assert via_env.stdout == "mine.toml: 1 question in 1 topic, OK\n"


def test_settings_precedence(tmp_path: Path) -> None:
    env = {QUESTIONS_ENV: "/env/q.toml", RECORDINGS_ENV: "/env/rec"}
    none = tmp_path / "none.toml"
    via_env = Settings.resolve({}, env, none)
    assert (via_env.questions_path, via_env.recordings_dir) == (
        Path("/env/q.toml"),
        Path("/env/rec"),
    )
    flags = {"paths.questions": Path("a.toml"), "paths.recordings": Path("rec")}
    via_flags = Settings.resolve(flags, env, none)
    assert (via_flags.questions_path, via_flags.recordings_dir) == (Path("a.toml"), Path("rec"))
    defaults = Settings.resolve({}, {}, none)
    assert defaults.questions_path == bundled_questions()
    assert defaults.recordings_dir == REPO_ROOT / "recordings"


def test_version() -> None:
    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"interview-sim {__version__}\n")


def test_help_explains_every_option_and_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for word in (
        "--questions",
        "--recordings",
        "--version",
        "check",
        QUESTIONS_ENV,
        RECORDINGS_ENV,
    ):
        assert word in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
