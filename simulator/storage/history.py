"""The history of sessions and attempts, in SQLite next to the recordings.

WAL mode lets the app and a command (`interview-sim history`) read and write at once; every
write is one transaction, so a crash never leaves half a row. The schema carries a version,
and `MIGRATIONS` brings any older file up to date when it is opened.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HISTORY_FILE = "history.sqlite3"

MIGRATIONS: list[str] = [
    # 1: sessions and attempts
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        bank TEXT NOT NULL,
        started_at TEXT NOT NULL
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        question_id TEXT NOT NULL,
        question TEXT NOT NULL,
        topic TEXT NOT NULL,
        started_at TEXT NOT NULL,
        duration_seconds REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        audio_path TEXT,
        engine TEXT,
        model TEXT,
        transcript TEXT,
        transcript_json TEXT,
        feedback_json TEXT
    );
    CREATE INDEX attempts_by_question ON attempts(question_id, started_at);
    """,
    # 2: ratings the person chose for an answer on the review screen (keys 1-4). Only the
    # overrides are stored: every other rating follows from the answer's score, and the
    # schedule is replayed from the attempts, so existing attempts need no backfill.
    """
    CREATE TABLE rating_overrides (
        attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        set_at TEXT NOT NULL
    );
    """,
]


class HistoryError(RuntimeError):
    """The history database cannot be used; the message says why."""


class HistoryTooNewError(HistoryError):
    """The database was written by a newer interview-sim: use that version, touch nothing."""


class HistoryCorruptError(HistoryError):
    """The file is not a (sound) SQLite database: it can only be set aside."""


class HistoryWriteError(HistoryError, OSError):
    """A change could not be saved (the disk is full, the file went read-only).

    An OSError too, so code that already handles a failing disk handles this one alike.
    """


def describe_write_failure(path: Path, error: sqlite3.Error) -> str:
    """One line saying why the history could not be written."""
    text = str(error)
    if "full" in text:
        why = "the disk is full"
    elif "readonly" in text or "read-only" in text:
        why = "the folder is read-only"
    else:
        why = text
    return f"cannot save to the history {path}: {why}"


@dataclass(frozen=True)
class AttemptRecord:
    """One stored attempt."""

    id: int
    session_id: str
    question_id: str
    question: str
    topic: str
    started_at: datetime
    duration_seconds: float
    status: str
    """recording, complete, interrupted, typed or abandoned."""
    audio_path: Path | None
    engine: str | None
    model: str | None
    transcript: str | None
    transcript_data: dict[str, Any] | None
    feedback_data: dict[str, Any] | None

    @property
    def score(self) -> int | None:
        """The content score, once feedback has been computed."""
        if not self.feedback_data:
            return None
        value = self.feedback_data.get("content", {}).get("score")
        return int(value) if value is not None else None


@dataclass(frozen=True)
class ScoreRecord:
    """What the schedule needs of an attempt, read without its transcript or feedback."""

    id: int
    question_id: str
    started_at: datetime
    status: str
    score: int | None


def now() -> datetime:
    return datetime.now(UTC)


class History:
    """Sessions and attempts; safe to use from several threads of one process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except HistoryTooNewError:
            self._db.close()
            raise
        except (sqlite3.OperationalError, OSError) as error:  # full, read-only, missing
            raise HistoryError(f"{path}: cannot open the history database: {error}") from None
        except sqlite3.DatabaseError as error:  # not a database, or a malformed one
            raise HistoryCorruptError(
                f"{path}: cannot open the history database: {error}"
            ) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @classmethod
    def snapshot(cls, path: Path) -> History:
        """An in-memory copy of the history at `path` (empty if there is none or it cannot be
        read): for a recordings folder that cannot be written, nothing is ever saved."""
        history = cls(Path(":memory:"))
        if path.is_file():
            try:
                source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                try:
                    with history._lock:
                        source.backup(history._db)
                finally:
                    source.close()
                history._migrate()
            except sqlite3.DatabaseError:
                pass  # unreadable: the snapshot stays empty
        history.path = path
        return history

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write; HistoryWriteError (an OSError) if it cannot be saved, with nothing changed."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise HistoryWriteError(describe_write_failure(self.path, error)) from None
            try:
                yield self._db
            except sqlite3.OperationalError as error:
                self._rollback()
                raise HistoryWriteError(describe_write_failure(self.path, error)) from None
            except BaseException:
                self._rollback()
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as error:
                self._rollback()
                raise HistoryWriteError(describe_write_failure(self.path, error)) from None

    def _rollback(self) -> None:
        if self._db.in_transaction:
            with contextlib.suppress(sqlite3.OperationalError):  # SQLite already rolled back
                self._db.execute("ROLLBACK")

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise HistoryTooNewError(
                f"{self.path} was written by a newer interview-sim (schema {version}); "
                "upgrade interview-sim to use it"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._transaction() as db:
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def add_session(self, session_id: str, bank: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO sessions (id, bank, started_at) VALUES (?, ?, ?)",
                (session_id, bank, now().isoformat()),
            )

    def add_attempt(
        self,
        session_id: str,
        question_id: str,
        question: str,
        topic: str,
        status: str,
        audio_path: Path | None,
        started_at: datetime | None = None,
        duration_seconds: float = 0.0,
    ) -> int:
        """Record an attempt (before its audio exists, so no file is ever unaccounted for)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO sessions (id, bank, started_at) VALUES (?, '', ?)",
                (session_id, (started_at or now()).isoformat()),
            )
            cursor = db.execute(
                "INSERT INTO attempts (session_id, question_id, question, topic, started_at, "
                "status, audio_path, duration_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, question_id, question, topic, (started_at or now()).isoformat(),
                 status, str(audio_path) if audio_path else None, duration_seconds),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def add_typed(
        self,
        session_id: str,
        question_id: str,
        question: str,
        topic: str,
        text: str,
        seconds: float,
    ) -> int:
        """Record a typed answer, finished and with its text, in one transaction."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO sessions (id, bank, started_at) VALUES (?, '', ?)",
                (session_id, now().isoformat()),
            )
            cursor = db.execute(
                "INSERT INTO attempts (session_id, question_id, question, topic, started_at, "
                "status, duration_seconds, engine, model, transcript, transcript_json) "
                "VALUES (?, ?, ?, ?, ?, 'typed', ?, 'typed', '', ?, ?)",
                (session_id, question_id, question, topic, now().isoformat(), seconds, text,
                 json.dumps({"text": text})),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def delete_attempt(self, attempt_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM rating_overrides WHERE attempt_id = ?", (attempt_id,))
            db.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))

    def set_feedback(self, attempt_id: int, data: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE attempts SET feedback_json = ? WHERE id = ?", (json.dumps(data), attempt_id)
            )

    def unfinished(self) -> list[AttemptRecord]:
        """Attempts still marked as recording: their process died mid-answer."""
        return self._select("WHERE status = 'recording'", ())

    def untranscribed(self) -> list[AttemptRecord]:
        """Spoken attempts that ended normally but have no transcript.

        The app transcribes every complete answer at once, so one of these was left by a
        process killed between the end of the answer and the transcript being stored (or whose
        transcription failed). Interrupted attempts are not listed: the person chooses whether
        to transcribe those (`t` in the history).
        """
        return self._select(
            "WHERE status = 'complete' AND audio_path IS NOT NULL AND transcript IS NULL", ()
        )

    def integrity_problems(self) -> list[str]:
        """What `PRAGMA integrity_check` finds; empty when the database is sound."""
        with self._lock:
            rows = self._db.execute("PRAGMA integrity_check").fetchall()
        return [str(r[0]) for r in rows if r[0] != "ok"]

    def audio_paths(self) -> set[Path]:
        """Every audio file the history accounts for."""
        with self._lock:
            rows = self._db.execute("SELECT audio_path FROM attempts WHERE audio_path IS NOT NULL")
            return {Path(r[0]) for r in rows.fetchall()}

    def finish_attempt(self, attempt_id: int, status: str, duration_seconds: float) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE attempts SET status = ?, duration_seconds = ? WHERE id = ?",
                (status, duration_seconds, attempt_id),
            )

    def set_transcript(
        self, attempt_id: int, text: str, engine: str, model: str, data: dict[str, Any]
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE attempts SET transcript = ?, engine = ?, model = ?, transcript_json = ? "
                "WHERE id = ?",
                (text, engine, model, json.dumps(data), attempt_id),
            )

    def attempt(self, attempt_id: int) -> AttemptRecord:
        rows = self._select("WHERE id = ?", (attempt_id,))
        if not rows:
            raise KeyError(f"no attempt {attempt_id}")
        return rows[0]

    def attempts(self, question_id: str | None = None) -> list[AttemptRecord]:
        """Attempts, newest first; of one question when given."""
        if question_id is None:
            return self._select("", ())
        return self._select("WHERE question_id = ?", (question_id,))

    def next_attempt_number(self, session_id: str, question_id: str) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM attempts WHERE session_id = ? AND question_id = ?",
                (session_id, question_id),
            ).fetchone()
        return int(row[0]) + 1

    def last_practised(self) -> dict[str, datetime]:
        """When each question was last attempted."""
        with self._lock:
            rows = self._db.execute(
                "SELECT question_id, MAX(started_at) FROM attempts "
                "WHERE status != 'abandoned' GROUP BY question_id"
            ).fetchall()
        return {qid: datetime.fromisoformat(at) for qid, at in rows}

    def scores(self) -> list[ScoreRecord]:
        """Every attempt with a score, oldest first: a light read for the schedule (measured:
        2000 attempts in a few ms, where `attempts()` parses every transcript)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, question_id, started_at, status, "
                "json_extract(feedback_json, '$.content.score') FROM attempts "
                "WHERE feedback_json IS NOT NULL ORDER BY started_at, id"
            ).fetchall()
        return [
            ScoreRecord(r[0], r[1], datetime.fromisoformat(r[2]), r[3],
                        int(r[4]) if r[4] is not None else None)
            for r in rows
        ]  # fmt: skip

    def set_rating_override(self, attempt_id: int, rating: int | None) -> None:
        """Store the rating (1-4: Again, Hard, Good, Easy) the person chose for an attempt;
        None goes back to the rating its score gives."""
        with self._transaction() as db:
            if rating is None:
                db.execute("DELETE FROM rating_overrides WHERE attempt_id = ?", (attempt_id,))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO rating_overrides (attempt_id, rating, set_at) "
                    "VALUES (?, ?, ?)",
                    (attempt_id, rating, now().isoformat()),
                )

    def rating_overrides(self) -> dict[int, int]:
        """Every rating the person chose, by attempt id."""
        with self._lock:
            rows = self._db.execute("SELECT attempt_id, rating FROM rating_overrides").fetchall()
        return {int(a): int(r) for a, r in rows}

    def _select(self, where: str, params: tuple[Any, ...]) -> list[AttemptRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, session_id, question_id, question, topic, started_at, "
                "duration_seconds, status, audio_path, engine, model, transcript, transcript_json, "
                f"feedback_json FROM attempts {where} ORDER BY started_at DESC, id DESC",
                params,
            ).fetchall()
        return [
            AttemptRecord(
                id=r[0],
                session_id=r[1],
                question_id=r[2],
                question=r[3],
                topic=r[4],
                started_at=datetime.fromisoformat(r[5]),
                duration_seconds=r[6],
                status=r[7],
                audio_path=Path(r[8]) if r[8] else None,
                engine=r[9],
                model=r[10],
                transcript=r[11],
                transcript_data=json.loads(r[12]) if r[12] else None,
                feedback_data=json.loads(r[13]) if r[13] else None,
            )
            for r in rows
        ]
