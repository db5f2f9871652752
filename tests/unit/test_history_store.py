"""The history database: schema and migrations, concurrent writers, retention, settings."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from simulator.storage.config import (
    DEFAULT_DRILL_SIZE,
    ConfigError,
    load_drill_size,
    load_retention,
)
from simulator.storage.history import HISTORY_FILE, MIGRATIONS, History
from simulator.storage.retention import Retention, expired
from tests.conftest import REPO_ROOT


def add(history: History, question: str = "q", status: str = "complete", **kw: object) -> int:
    return history.add_attempt("s1", question, f"text of {question}", "T", status,
                               Path(f"/r/s1/{question}.wav"), **kw)  # type: ignore[arg-type]  # fmt: skip


def test_new_database_is_at_the_latest_schema_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / HISTORY_FILE
    history = History(path)
    assert history.schema_version == len(MIGRATIONS)
    attempt = add(history)
    history.close()
    again = History(path)
    assert [a.id for a in again.attempts()] == [attempt]
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_migrations_bring_an_empty_version_0_file_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / HISTORY_FILE
    sqlite3.connect(path).execute("CREATE TABLE unrelated (x)").connection.commit()
    history = History(path)
    assert history.schema_version == len(MIGRATIONS)
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert {"sessions", "attempts", "unrelated"} <= tables


def test_attempt_lifecycle(tmp_path: Path) -> None:
    history = History(tmp_path / HISTORY_FILE)
    attempt = add(history, status="recording")
    assert [r.id for r in history.unfinished()] == [attempt]
    history.finish_attempt(attempt, "complete", 12.5)
    history.set_transcript(attempt, "hello", "whisper", "base", {"text": "hello", "words": []})
    history.set_feedback(attempt, {"content": {"score": 73}})
    record = history.attempt(attempt)
    assert (record.status, record.duration_seconds, record.transcript, record.score) == (
        "complete", 12.5, "hello", 73
    )  # fmt: skip
    assert history.unfinished() == []
    assert history.audio_paths() == {Path("/r/s1/q.wav")}
    history.delete_attempt(attempt)
    with pytest.raises(KeyError):
        history.attempt(attempt)


WRITER = """
import sys
from pathlib import Path
from simulator.storage.history import History
history = History(Path(sys.argv[1]))
for n in range(50):
    history.add_attempt("s2", f"other-{n}", "q", "T", "complete", None)
"""


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / HISTORY_FILE
    history = History(path)
    other = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=REPO_ROOT)
    for n in range(50):
        add(history, f"mine-{n}")
    assert other.wait(timeout=60) == 0
    records = history.attempts()
    assert len(records) == 100
    assert len({r.id for r in records}) == 100


def record_at(history: History, question: str, days_ago: float) -> int:
    return add(history, question, started_at=datetime.now(UTC) - timedelta(days=days_ago))


def test_retention_keeps_the_last_n_per_question_and_recent_days(tmp_path: Path) -> None:
    history = History(tmp_path / HISTORY_FILE)
    a = [record_at(history, "a", d) for d in (1, 2, 3, 40)]
    b = [record_at(history, "b", d) for d in (50,)]
    now = datetime.now(UTC)
    by_last = {r.id for r in expired(history.attempts(), Retention(keep_last=2), now)}
    assert by_last == {a[2], a[3]}
    by_days = {r.id for r in expired(history.attempts(), Retention(keep_days=30), now)}
    assert by_days == {a[3], b[0]}
    assert expired(history.attempts(), Retention(), now) == []
    add(history, "a", status="recording")
    assert all(r.status != "recording" for r in expired(history.attempts(), Retention(1), now))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[retention]\nkeep_last = 0\n", ':2: "keep_last" must be a whole number of 1 or more'),
        ("[retention]\nkeep_lats = 3\n", ':2: unknown key "keep_lats" in [retention] (known: '
                                         "keep_last, keep_days)"),
        ("[retension]\n", ':1: unknown setting "retension" (known: [retention], [practice])'),
        ("[practice]\ndrill_size = 0\n", ':2: "drill_size" must be a whole number of 1 or more'),
        ("[practice]\ndrill = 3\n", ':2: unknown key "drill" in [practice] (known: drill_size)'),
        ("practice = 3\n", ':1: "practice" must be a table: [practice]'),
        ("[retention\n", ": TOML syntax error: "),
    ],
)  # fmt: skip
def test_settings_file_errors_are_located(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    for load in (load_retention, load_drill_size):  # either reading checks the whole file
        with pytest.raises(ConfigError) as caught:
            load(path)
        assert str(caught.value).startswith(f"{path}{message}")


def test_settings_file_is_optional_and_read(tmp_path: Path) -> None:
    assert load_retention(tmp_path / "absent.toml") == Retention()
    path = tmp_path / "config.toml"
    path.write_text("[retention]\nkeep_last = 3\nkeep_days = 30\n")
    retention = load_retention(path)
    assert retention == Retention(3, 30)
    assert retention.describe() == "keep the last 3 per question and the last 30 days"
    assert load_drill_size(path) == DEFAULT_DRILL_SIZE == 5
    path.write_text("[retention]\nkeep_last = 3\n[practice]\ndrill_size = 8\n")
    assert (load_drill_size(path), load_retention(path)) == (8, Retention(3))
