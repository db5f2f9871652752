"""The practice service: everything the UI and the commands ask of the sound layer and storage.

The Textual app gets one `Practice` and calls it from its workers (every method that reads the
disk or the history blocks); tests build it with real or scripted engines. Recordings go to
`recordings/<session>/<question-id>-<n>.wav`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.audio.transcribe import Engine, Progress, Transcript, load_audio
from simulator.audio.wav import InvalidWavError, repair_wav
from simulator.bank import Question, QuestionBank
from simulator.practice.attempt import Attempt, AttemptRating, AttemptSummary, question_hints
from simulator.practice.errors import DOCTOR_HINT, PlaybackError, RecordingsUnavailableError
from simulator.practice.recovery import wav_seconds
from simulator.practice.speech import SpeechOutput
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
from simulator.storage.history import History, HistoryError
from simulator.storage.sessions import SessionLock, is_live, reserve_session

if TYPE_CHECKING:  # numpy-backed modules load when an answer is recorded or assessed
    from simulator.audio.live import LiveTranscriber
    from simulator.audio.player import Player
    from simulator.audio.recorder import BlockSubscriber, Recorder, Recording
    from simulator.feedback import Feedback

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


RecorderFactory = Callable[[Path, float, tuple["BlockSubscriber", ...]], "Recorder"]
"""Opens the recorder for an answer (the microphone; a scripted one in UI tests)."""


def delete_attempt(history: History, attempt_id: int, audio_path: Path | None) -> None:
    """Delete an attempt's audio first, then its row (a crash between leaves a row that says
    its audio is missing, never an unaccounted file); OSError with a readable message."""
    if audio_path is not None:
        try:
            audio_path.unlink(missing_ok=True)
        except OSError as error:
            raise OSError(f"cannot delete {audio_path}: {error.strerror}") from None
    history.delete_attempt(attempt_id)


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
                attempt.seconds = wav_seconds(recording.path)
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
        delete_attempt(self.history, attempt_id, audio_path)

    def delete_attempt(self, attempt_id: int) -> None:
        """Delete an attempt of the history and its recording (as `delete`); KeyError if it is
        already gone."""
        record = self.history.attempt(attempt_id)
        self.delete(record.id, record.audio_path)

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

    def assess(self, attempt: Attempt, limit_seconds: float | None = None) -> Feedback:
        """Compute the attempt's feedback (coverage, score, delivery) and store it.

        `limit_seconds`: the answering time the attempt had, if not its question's now.
        """
        from simulator.feedback import assess, assess_recording

        if attempt.transcript is not None and attempt.audio_path is not None:
            feedback = assess_recording(
                attempt.question, attempt.transcript, attempt.audio_path, limit_seconds
            )
        else:
            feedback = assess(attempt.question, attempt.answer_text, limit_seconds=limit_seconds)
        attempt.feedback = feedback
        if attempt.id:
            with contextlib.suppress(HistoryError):  # computed again whenever it is shown
                self.history.set_feedback(attempt.id, feedback.to_dict())
        return feedback

    # what the screens list and open (blocking: call them from workers)

    def summaries(self, question_id: str | None = None) -> list[AttemptSummary]:
        """Every attempt (of one question), newest first, as the history list shows it."""
        return [AttemptSummary.of(record) for record in self.history.attempts(question_id)]

    def open_attempt(self, attempt_id: int) -> Attempt:
        """An attempt from the history with its feedback against the current bank; KeyError
        if it is no longer there."""
        record = self.history.attempt(attempt_id)
        attempt = Attempt.from_record(record, self.bank)
        if attempt.answer_text:
            self.assess(attempt, recorded_limit(record.feedback_data))
        return attempt

    def comparison(self, attempt_id: int) -> tuple[Attempt, Attempt] | None:
        """The attempt and the first (or, for the first, the latest) attempt of its question,
        earlier first; None when it is the only one."""
        record = self.history.attempt(attempt_id)
        same = self.history.attempts(record.question_id)  # newest first
        other = same[-1] if same[-1].id != record.id else same[0]
        if other.id == record.id:
            return None
        first, second = sorted((record, other), key=lambda r: (r.started_at, r.id))
        return self.open_attempt(first.id), self.open_attempt(second.id)

    def score(self, attempt_id: int) -> int | None:
        """The stored score of an attempt (None if it has none or is gone)."""
        try:
            return self.history.attempt(attempt_id).score
        except KeyError:
            return None

    def export_session(self, session_id: str, fmt: str = "md") -> Path:
        """Write the session's report (`report.md` in its folder, as `export` would print it);
        OSError with a readable message if it cannot be written."""
        from simulator.report import render, session_entries

        records = [r for r in self.history.attempts() if r.session_id == session_id]
        path = self.recordings_dir / session_id / f"report.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(session_id, session_entries(records, self.bank), fmt), "utf-8")
        return path

    def load_engine(self) -> None:
        """Load the speech-to-text model now (a worker), so the first answer waits for nothing."""
        self.engine.load()

    def fall_back_to_sphinx(self, reason: object) -> str:
        """Use pocketsphinx from now on (the model could not be loaded); the notice to show."""
        from simulator.audio.transcribe import SphinxEngine

        with self._transcribe_lock:
            self.engine = SphinxEngine()
        return f"{reason}. Using the sphinx engine instead (less accurate); {DOCTOR_HINT}."

    def play(self, attempt: Attempt, start_seconds: float = 0.0) -> Player:
        """Play the attempt's recording from `start_seconds` (reads the file and opens the
        speaker: call it from a worker); the player, or PlaybackError saying why not."""
        from simulator.audio.devices import AudioDeviceError
        from simulator.audio.player import Player

        if attempt.audio_path is None:
            raise PlaybackError("a typed answer has no recording")
        try:
            player = Player.from_wav(attempt.audio_path)
            player.seek(start_seconds)
            player.play()
            return player
        except (AudioDeviceError, InvalidWavError, OSError) as error:
            raise PlaybackError(str(error)) from None

    @property
    def reads_aloud(self) -> bool:
        """Whether text-to-speech is running (it may have failed to start)."""
        return self.speech is not None

    def stop_speech(self) -> None:
        """Silence what is being read (never record our own voice)."""
        if self.speech is not None:
            self.speech.stop()

    def close_speech(self) -> None:
        if self.speech is not None:
            self.speech.close()
            self.speech = None

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


def recorded_limit(feedback_data: dict[str, Any] | None) -> float | None:
    """The answering time an attempt had, as its first feedback stored it: the question's own
    may have changed since, or been overridden (`--answer-seconds`) when it was answered."""
    value = (feedback_data or {}).get("delivery", {}).get("limit_seconds")
    return float(value) if isinstance(value, int | float) and value > 0 else None


def question_plan(bank: QuestionBank, history: History, now: datetime) -> list[QuestionSchedule]:
    """Every question of `bank` in drill order as of `now`: what the app and `due` show."""
    reviews = reviews_by_question(history.scores(), history.rating_overrides())
    return plan([q.id for q in bank.questions], reviews, now)
