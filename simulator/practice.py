"""The practice service: what an attempt does with the sound layer and storage, without UI.

The Textual app gets one `Practice` and calls it from its workers; tests build it with real or
scripted engines. Recordings go to `recordings/<session>/<question-id>-<n>.wav`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from simulator.audio.transcribe import Engine, Progress, Transcript, Word, load_audio
from simulator.audio.wav import InvalidWavError, inspect_wav, repair_wav
from simulator.bank import Question, QuestionBank
from simulator.schedule import (
    ProgressReport,
    QuestionSchedule,
    Rating,
    counts,
    drill,
    plan,
    progress,
    rating_for_score,
    reviews_by_question,
    schedule_question,
)
from simulator.settings.fields import DEFAULT_DRILL_SIZE
from simulator.storage.history import AttemptRecord, History, HistoryError
from simulator.storage.sessions import SessionLock, is_live, remove_stale, reserve_session

if TYPE_CHECKING:  # numpy-backed modules load when an answer is recorded or assessed
    from simulator.audio.live import LiveTranscriber
    from simulator.audio.recorder import BlockSubscriber, Recorder, Recording
    from simulator.feedback import Feedback


class Utterance(Protocol):
    finished: threading.Event
    completed: bool
    error: Exception | None

    def stop(self) -> None: ...


class SpeechOutput(Protocol):
    """Reads text aloud (the real `Speaker`, or a scripted one in UI tests)."""

    def speak(self, text: str) -> Utterance: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


DOCTOR_HINT = "run `interview-sim doctor` for details"
PREVIEW_TEXT = "Tell me about a system you designed, and what you would change in it today."
"""What `preview_voice` reads: a question-like sentence, long enough to judge a voice by."""
PREVIEW_TIMEOUT_SECONDS = 30.0

SpeechFactory = Callable[[str | None, int], SpeechOutput]
EngineFactory = Callable[[str, str], Engine]


def _speaker(voice: str | None, rate: int) -> SpeechOutput:
    """The real text-to-speech (SpeechUnavailableError when it cannot start)."""
    from simulator.audio.speech import Speaker, Synthesizer

    return Speaker(Synthesizer(voice, rate))


def _engine(name: str, model: str) -> Engine:
    """The real engine of that name, not loaded yet."""
    from simulator.audio.transcribe import SphinxEngine, WhisperEngine

    return SphinxEngine() if name == "sphinx" else WhisperEngine(model)


class RecordingsUnavailableError(OSError):
    """The recordings folder cannot be written: answers can only be typed."""


RecorderFactory = Callable[[Path, float, tuple["BlockSubscriber", ...]], "Recorder"]


@dataclass
class Attempt:
    """One answer to one question, as the app shows it."""

    id: int
    session_id: str
    question: Question
    number: int
    audio_path: Path | None
    started_at: datetime = field(default_factory=datetime.now)
    status: str = "recording"
    seconds: float = 0.0
    typed_text: str | None = None
    transcript: Transcript | None = None
    transcribe_error: str | None = None
    feedback: Feedback | None = None
    notice: str | None = None
    """Something the person should know about this attempt (the disk filled, it was not saved)."""

    @classmethod
    def from_record(cls, record: AttemptRecord, bank: QuestionBank) -> Attempt:
        """An attempt from the history, with its question from the bank when it is there."""
        try:
            question = bank.get(record.question_id)
        except KeyError:
            question = Question(
                record.question_id, record.topic or "?", record.question,
                "(this question is not in the current bank)", (), 120, 0,
            )  # fmt: skip
        data = record.transcript_data
        typed = record.status == "typed"
        return cls(
            id=record.id, session_id=record.session_id, question=question, number=0,
            audio_path=record.audio_path, started_at=record.started_at, status=record.status,
            seconds=record.duration_seconds,
            typed_text=record.transcript if typed else None,
            transcript=transcript_from_dict(data) if data and not typed else None,
        )  # fmt: skip

    @property
    def answer_text(self) -> str:
        """What the user said (or typed), as far as it is known."""
        if self.typed_text is not None:
            return self.typed_text
        return self.transcript.text if self.transcript else ""


def transcript_from_dict(data: dict[str, Any]) -> Transcript:
    """Rebuild a transcript stored with `Transcript.to_dict()`."""
    return Transcript(
        text=data["text"],
        words=tuple(Word(**w) for w in data.get("words", ())),
        engine=data.get("engine", ""),
        model=data.get("model", ""),
        audio_seconds=data.get("audio_seconds", 0.0),
        processing_seconds=data.get("processing_seconds", 0.0),
        load_seconds=data.get("load_seconds", 0.0),
        hints=tuple(data.get("hints", ())),
    )


@dataclass
class SessionRun:
    """Several questions answered in a row, and the attempts made on the way."""

    questions: list[Question]
    index: int = 0
    attempts: list[Attempt] = field(default_factory=list)
    drill: bool = False
    """A drill: the questions the schedule says are due, weakest first."""

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    @property
    def has_next(self) -> bool:
        return self.index + 1 < len(self.questions)

    @property
    def progress(self) -> str:
        """Position such as "3 / 10"."""
        return f"{self.index + 1} / {len(self.questions)}"

    def advance(self) -> Question:
        self.index += 1
        return self.current

    def latest_attempts(self) -> list[Attempt]:
        """The last attempt of each question answered, in question order."""
        latest: dict[str, Attempt] = {}
        for attempt in self.attempts:
            latest[attempt.question.id] = attempt
        return [latest[q.id] for q in self.questions if q.id in latest]


def question_hints(question: Question) -> list[str]:
    """Words to bias recognition toward: every key-point term of the question."""
    return [term for point in question.key_points for term in point.terms]


def repair_recordings(folder: Path) -> list[Path]:
    """Fix the header of every WAV a killed process left behind; the repaired files.

    Sessions of a copy of the app still running are left alone: their files are being written.
    """
    repaired = []
    for path in sorted(folder.glob("*/*.wav")):
        if is_live(folder, path.parent.name):
            continue
        try:
            if repair_wav(path):
                repaired.append(path)
        except (OSError, InvalidWavError):
            continue  # not ours or unreadable: leave it as it is
    return repaired


def _wav_seconds(path: Path) -> float:
    try:
        info = inspect_wav(path)
    except (OSError, InvalidWavError):
        return 0.0
    return info.actual_data_bytes / (info.sample_rate * info.channels * info.sample_width)


def recover(recordings_dir: Path, history: History, bank: QuestionBank) -> list[str]:
    """After a crash: repair audio, close attempts left recording, list stray recordings.

    Returns notices for the user. An attempt whose process died is marked interrupted with
    the length of the audio it left; a WAV the history does not know (its row was lost with
    a corrupt database) is added back as interrupted, so it can be found and transcribed.
    Sessions of another copy of the app that is still running are not touched. If the history
    cannot be written (a full disk), recovery waits for the next start.
    """
    try:
        return _recover(recordings_dir, history, bank)
    except HistoryError as error:
        return [f"Recordings left by a crash were not recovered: {error}; {DOCTOR_HINT}."]


def _recover(recordings_dir: Path, history: History, bank: QuestionBank) -> list[str]:
    notices = []
    remove_stale(recordings_dir)
    repaired = repair_recordings(recordings_dir)
    if repaired:
        notices.append(f"Repaired {len(repaired)} recording(s) cut short by a crash.")
    unfinished = [r for r in history.unfinished() if not is_live(recordings_dir, r.session_id)]
    for record in unfinished:
        seconds = _wav_seconds(record.audio_path) if record.audio_path else 0.0
        history.finish_attempt(record.id, "interrupted", seconds)
    known = {p.resolve() for p in history.audio_paths()}
    strays = 0
    for path in sorted(recordings_dir.glob("*/*.wav")):
        if path.resolve() in known:
            continue
        question_id, _, number = path.stem.rpartition("-")
        if not question_id or not number.isdigit() or is_live(recordings_dir, path.parent.name):
            continue
        try:
            question: Question | None = bank.get(question_id)
        except KeyError:
            question = None
        history.add_attempt(
            path.parent.name, question_id, question.text if question else question_id,
            question.topic if question else "", "interrupted", path,
            started_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
            duration_seconds=_wav_seconds(path),
        )  # fmt: skip
        strays += 1
    if unfinished or strays:
        notices.append(
            f"{len(unfinished) + strays} interrupted attempt(s) recovered: "
            "find them in the history (h)."
        )
    return notices


def _microphone_recorder(
    path: Path, seconds: float, subscribers: tuple[BlockSubscriber, ...]
) -> Recorder:
    from simulator.audio.recorder import Recorder

    return Recorder(path, seconds, subscribers)


class Practice:
    """Starts, finishes and transcribes attempts, and keeps every one."""

    def __init__(
        self,
        bank: QuestionBank,
        recordings_dir: Path,
        history: History,
        engine: Engine,
        speech: SpeechOutput | None,
        recorder_factory: RecorderFactory | None = None,
        unusable_reason: str | None = None,
    ) -> None:
        """`unusable_reason`: why the recordings folder cannot be written, if it cannot; then
        nothing is saved and answers can only be typed."""
        self.bank = bank
        self.recordings_dir = recordings_dir
        self.history = history
        self.engine = engine
        self.speech = speech
        self.unusable_reason = unusable_reason
        self._recorder_factory = recorder_factory or _microphone_recorder
        self._session_lock: SessionLock | None = None
        self._unsaved: set[int] = set()
        """Attempts whose history row could not be written, already told to the person."""
        self.session_id = self.new_session()
        self._transcribe_lock = threading.Lock()
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        """The clock the schedule is read with; tests freeze it."""
        self.drill_size = DEFAULT_DRILL_SIZE
        self.speech_factory: SpeechFactory = _speaker
        """Makes the speech output for a voice and rate; UI tests give a scripted one."""
        self.engine_factory: EngineFactory = _engine
        """Makes an engine by name and model (not loaded); UI tests give a scripted one."""
        self._voice: tuple[str | None, int] | None = None
        """The voice and rate `start_speech` was given (None: speech came from the caller)."""
        self._speech_lock = threading.Lock()
        self._preview: SpeechOutput | None = None
        self._preview_lock = threading.Lock()

    def close(self) -> None:
        """Give up this copy's claim on its session."""
        if self._session_lock is not None:
            self._session_lock.release()
            self._session_lock = None

    def left_untranscribed(self) -> list[Attempt]:
        """Complete answers with no transcript left by a copy of the app that was killed.

        Blocking (it reads the history): call it from a worker.
        """
        return [
            Attempt.from_record(record, self.bank)
            for record in self.history.untranscribed()
            if record.audio_path is not None
            and record.audio_path.is_file()
            and not is_live(self.recordings_dir, record.session_id)
        ]

    def start_speech(self, voice: str | None, rate: int) -> str | None:
        """Read the questions in `voice` at `rate` from the next one on; a notice for the user
        if text-to-speech cannot be had. Blocking (the engine starts): call it from a worker."""
        with self._speech_lock:
            self._voice = (voice, rate)
            return self._restart_speech(*self._voice)

    def _restart_speech(self, voice: str | None, rate: int) -> str | None:
        """(Holding the speech lock.) The old speech is closed before the new one starts:
        pyttsx3 gives every caller in a process the same engine, which hangs when two threads
        use it."""
        from simulator.audio.speech import SpeechUnavailableError

        old, self.speech = self.speech, None
        if old is not None:
            old.close()
        try:
            self.speech = self.speech_factory(voice, rate)
        except SpeechUnavailableError as error:
            return f"{error}. Questions will be shown but not read aloud; {DOCTOR_HINT}."
        return None

    def preview_voice(self, voice: str | None, rate: int) -> str | None:
        """Read a sample sentence in `voice` at `rate`, so that a person hears a setting before
        keeping it; a notice if it cannot be heard. Blocks until it has been heard (a newer
        sample stops it): call it from a worker.

        The questions' speech is closed meanwhile and started again after (one engine at a
        time, see `_restart_speech`); speech handed to the constructor (tests) is left alone.
        """
        from simulator.audio.speech import SpeechUnavailableError

        with self._preview_lock:
            if self._preview is not None:
                self._preview.stop()
        with self._speech_lock:
            questions = self._voice if self.speech is not None else None
            if questions is not None and self.speech is not None:
                self.speech.close()
                self.speech = None
            try:
                sample = self.speech_factory(voice, rate)
            except SpeechUnavailableError as error:
                notice: str | None = f"{error}; {DOCTOR_HINT}."
            else:
                notice = self._hear(sample)
            if questions is not None:
                self._restart_speech(*questions)
        return notice

    def _hear(self, sample: SpeechOutput) -> str | None:
        """Read `PREVIEW_TEXT` with `sample` to the end (or until stopped), then close it."""
        with self._preview_lock:
            self._preview = sample
        try:
            utterance = sample.speak(PREVIEW_TEXT)
            if not utterance.finished.wait(PREVIEW_TIMEOUT_SECONDS):
                return "The sample was not heard in time: the speaker may be busy or missing."
            if utterance.error is not None:
                return f"The sample could not be played: {utterance.error}."
        finally:
            with self._preview_lock:
                self._preview = None
            sample.close()
        return None

    def change_engine(self, name: str, model: str) -> str | None:
        """Transcribe with engine `name` (whisper with `model`) from the next answer on.

        The engine is loaded first, so a model that cannot be had changes nothing: the notice
        says why and which engine stays. Blocking (a model takes seconds to load): call it
        from a worker.
        """
        from simulator.audio.models import ModelUnavailableError
        from simulator.audio.transcribe import TranscriptionError

        try:
            engine = self.engine_factory(name, model)
            engine.load()
        except (ModelUnavailableError, TranscriptionError, OSError) as error:
            kept = self.engine
            return f"{error}. Still transcribing with {kept.name} ({kept.model})."
        with self._transcribe_lock:  # never in the middle of a transcription
            self.engine = engine
        return None

    def new_session(self) -> str:
        """Start a new session: its recordings go in a folder of their own.

        The id is reserved across processes (`simulator.storage.sessions`), so two copies of
        the app on one recordings folder never write to the same session or file.
        """
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        previous, self._session_lock = self._session_lock, None
        if previous is not None:
            previous.release()
        session_id = stamp
        if self.unusable_reason is None:
            try:
                self._session_lock = reserve_session(self.recordings_dir, stamp)
                session_id = self._session_lock.session_id
            except OSError as error:
                self.unusable_reason = error.strerror or str(error)
        self.session_id = session_id
        with contextlib.suppress(HistoryError):  # if not, it is written with the first attempt
            self.history.add_session(session_id, str(self.bank.path))
        return session_id

    def start_recording(
        self, question: Question, subscribers: tuple[BlockSubscriber, ...] = ()
    ) -> tuple[Attempt, Recorder]:
        """Open the microphone for an answer; AudioDeviceError if there is none.

        The history row comes first, so a crash at any moment leaves no file unaccounted for;
        a history that cannot be written (full disk) stops the recording before it starts, with
        an OSError saying why. Each file is created exclusively: never one written twice.
        """
        from simulator.audio.devices import AudioDeviceError

        if self.unusable_reason is not None:
            raise RecordingsUnavailableError(
                f"Nothing can be recorded: the recordings folder {self.recordings_dir} cannot be "
                f"used ({self.unusable_reason}); {DOCTOR_HINT}"
            )
        number = self.history.next_attempt_number(self.session_id, question.id)
        folder = self.recordings_dir / self.session_id
        folder.mkdir(parents=True, exist_ok=True)
        while True:
            path = folder / f"{question.id}-{number}.wav"
            try:
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
                break
            except FileExistsError:
                number += 1
        try:
            attempt_id = self.history.add_attempt(
                self.session_id, question.id, question.text, question.topic, "recording", path
            )
        except HistoryError:
            path.unlink(missing_ok=True)
            raise
        recorder = self._recorder_factory(path, question.answer_seconds, subscribers)
        try:
            recorder.start()
        except AudioDeviceError as error:
            self._forget(attempt_id, path)
            raise AudioDeviceError(f"{error}; {DOCTOR_HINT}") from None
        except BaseException:
            self._forget(attempt_id, path)
            raise
        return Attempt(attempt_id, self.session_id, question, number, path), recorder

    def _forget(self, attempt_id: int, path: Path) -> None:
        """Undo an attempt whose recording never started."""
        path.unlink(missing_ok=True)
        with contextlib.suppress(HistoryError):  # else its row says its audio is missing
            self.history.delete_attempt(attempt_id)

    @property
    def transcribes_live(self) -> bool:
        """Whether answers are transcribed while they are spoken (whisper; not sphinx)."""
        return self.engine.streams

    def live_transcriber(self, question: Question) -> LiveTranscriber | None:
        """A transcriber to feed with the answer's audio as it is recorded, if the engine can."""
        return self.engine.live(question_hints(question))

    def finish_recording(self, attempt: Attempt, recording: Recording) -> None:
        """Store how the recording ended; `attempt.notice` says what the person should know.

        Never raises for a full disk: the audio so far is on disk with a valid header, and a
        history row that could not be updated is put right by `recover` at the next start.
        """
        from simulator.audio.recorder import StopReason

        attempt.seconds = recording.seconds
        failed = recording.reason in (StopReason.DEVICE_FAILED, StopReason.NO_AUDIO)
        attempt.status = "interrupted" if failed else "complete"
        if recording.error:
            # A writer that failed (full disk) may leave its header behind the data: set it
            # from what is on disk now (in place, needing no space), as recovery would.
            try:
                repair_wav(recording.path)
                attempt.seconds = _wav_seconds(recording.path)
            except (OSError, InvalidWavError):
                pass
        if recording.error and os.strerror(errno.ENOSPC) in recording.error:
            attempt.notice = (
                f"The disk is full: {self.recordings_dir} has no space left, so the recording "
                f"stopped; the first {attempt.seconds:.1f} s were kept "
                f"({recording.path.name}). Free some space; {DOCTOR_HINT}."
            )
        try:
            self.history.finish_attempt(attempt.id, attempt.status, attempt.seconds)
        except HistoryError as error:
            self._unsaved.add(attempt.id)
            attempt.notice = (attempt.notice or "") + (
                f" The history was not updated ({error}); it will be at the next start."
            )
            attempt.notice = attempt.notice.strip()

    def abandon(self, attempt: Attempt, seconds: float) -> None:
        """Mark an attempt the user gave up; its audio stays on disk."""
        attempt.status, attempt.seconds = "abandoned", seconds
        try:
            self.history.finish_attempt(attempt.id, attempt.status, seconds)
        except HistoryError as error:
            attempt.notice = f"{error}; the audio is kept and recovered at the next start."

    def delete(self, attempt_id: int, audio_path: Path | None) -> None:
        """Delete an attempt: its audio first, then its row (a crash between leaves a row
        that says its audio is missing, never an unaccounted file). OSError (a readable one)
        if the folder cannot be changed: then nothing is deleted."""
        if self.unusable_reason is not None:
            raise RecordingsUnavailableError(
                f"Nothing can be deleted: the recordings folder {self.recordings_dir} cannot be "
                f"used ({self.unusable_reason})"
            )
        if audio_path is not None:
            try:
                audio_path.unlink(missing_ok=True)
            except OSError as error:
                raise OSError(f"cannot delete {audio_path}: {error.strerror}") from None
        self.history.delete_attempt(attempt_id)

    def save_typed(self, question: Question, text: str, seconds: float) -> Attempt:
        """Store a typed answer (one write); shown even when it cannot be saved."""
        number = self.history.next_attempt_number(self.session_id, question.id)
        attempt = Attempt(
            0, self.session_id, question, number, None, status="typed",
            seconds=seconds, typed_text=text,
        )  # fmt: skip
        try:
            attempt.id = self.history.add_typed(
                self.session_id, question.id, question.text, question.topic, text, seconds
            )
        except HistoryError as error:
            attempt.notice = f"Your typed answer is shown but was not saved: {error}."
        self.assess(attempt)
        return attempt

    def transcribe(
        self,
        attempt: Attempt,
        progress: Progress | None = None,
        live: LiveTranscriber | None = None,
    ) -> Transcript:
        """The attempt's transcript, stored with its feedback (blocking: call it from a worker).

        With `live`, the transcriber that heard the answer: only its open tail is left to
        decode. Without, or if it failed, the recording is transcribed from its file, through
        the same piece-by-piece path.
        """
        if attempt.audio_path is None:
            raise ValueError("a typed attempt has no audio")
        transcript = None
        if live is not None:
            from simulator.audio.transcribe import TranscriptionError

            while transcript is None:
                try:
                    transcript = live.result(timeout=0.2)
                except TimeoutError:
                    if progress is not None:
                        progress(live.progress.fraction_decoded)
                except TranscriptionError:
                    break  # decode the file instead
        if transcript is None:
            audio = load_audio(attempt.audio_path)
            with self._transcribe_lock:  # one model, one transcription at a time
                transcript = self.engine.transcribe(
                    audio, question_hints(attempt.question), progress
                )
        attempt.transcript = transcript
        try:
            self.history.set_transcript(
                attempt.id, transcript.text, transcript.engine, transcript.model,
                transcript.to_dict(),
            )  # fmt: skip
        except HistoryError as error:
            if attempt.id not in self._unsaved:  # one message per attempt: it was told already
                attempt.notice = (
                    f"The transcript is shown but was not saved: {error}. Press t in the "
                    "history (h) to make it again."
                )
        self.assess(attempt)
        return transcript

    def assess(self, attempt: Attempt) -> Feedback:
        """Compute the attempt's feedback (coverage, score, delivery) and store it."""
        from simulator.feedback import assess, assess_recording

        if attempt.transcript is not None and attempt.audio_path is not None:
            feedback = assess_recording(attempt.question, attempt.transcript, attempt.audio_path)
        else:
            feedback = assess(attempt.question, attempt.answer_text)
        attempt.feedback = feedback
        if attempt.id:
            with contextlib.suppress(HistoryError):  # computed again whenever it is shown
                self.history.set_feedback(attempt.id, feedback.to_dict())
        return feedback

    # the schedule: what is due, drills, and the ratings the person chooses

    def plan(self) -> list[QuestionSchedule]:
        """Every question of the bank in drill order, with its scores and when it is due."""
        return question_plan(self.bank, self.history, self.now())

    def drill(self, size: int | None = None) -> list[Question]:
        """The questions due now, weakest first then never tried, at most `size` (the
        person's drill size by default)."""
        due = drill(self.plan(), size or self.drill_size)
        return [self.bank.get(s.question_id) for s in due]

    def rating(self, attempt_id: int) -> AttemptRating | None:
        """The attempt's rating and its question's schedule; None when it does not count (or
        is no longer in the history)."""
        try:
            record = self.history.attempt(attempt_id)
        except KeyError:
            return None
        if not counts(record) or record.score is None:
            return None
        overrides = self.history.rating_overrides()
        chosen = overrides.get(attempt_id)
        same = (r for r in self.history.scores() if r.question_id == record.question_id)
        reviews = reviews_by_question(same, overrides)
        return AttemptRating(
            Rating(chosen) if chosen else rating_for_score(record.score),
            chosen is not None,
            schedule_question(record.question_id, reviews.get(record.question_id, []), self.now()),
        )

    def rate(self, attempt_id: int, rating: Rating) -> AttemptRating | None:
        """Override the attempt's rating (stored), and its question's schedule after it."""
        if self.rating(attempt_id) is None:
            return None
        self.history.set_rating_override(attempt_id, int(rating))
        return self.rating(attempt_id)

    def progress(self) -> ProgressReport:
        """Scores over time per topic and question, and the key points most often missed."""
        return progress(self.history.attempts())


@dataclass(frozen=True)
class AttemptRating:
    """An answer's rating, whether the person chose it, and its question's schedule."""

    rating: Rating
    overridden: bool
    schedule: QuestionSchedule


def question_plan(bank: QuestionBank, history: History, now: datetime) -> list[QuestionSchedule]:
    """Every question of `bank` in drill order as of `now`: what the app and `due` show."""
    reviews = reviews_by_question(history.scores(), history.rating_overrides())
    return plan([q.id for q in bank.questions], reviews, now)
