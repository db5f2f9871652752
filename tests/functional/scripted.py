"""Scripted stand-ins for the engines, for tests of UI logic only.

The real engines are tested through real devices in tests/audio and in the end-to-end test
of the practice loop; these make screens deterministic (no timing, no model) for Pilot and
snapshot tests.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from textual.pilot import Pilot

from simulator.audio.recorder import BlockSubscriber, Recorder, Recording, StopReason
from simulator.audio.transcribe import Audio, Progress, Transcript, Word
from simulator.audio.wav import StreamingWavWriter
from simulator.bank import QuestionBank
from simulator.practice import Practice
from simulator.storage.history import HISTORY_FILE, History


class ScriptedUtterance:
    def __init__(self, finish_at_once: bool) -> None:
        self.finished = threading.Event()
        self.completed = finish_at_once
        self.error: Exception | None = None
        if finish_at_once:
            self.finished.set()

    def stop(self) -> None:
        self.finished.set()


class ScriptedSpeech:
    """Records what it was asked to say; utterances end at once unless `hold` is set."""

    def __init__(self, hold: bool = False) -> None:
        self.hold = hold
        self.spoken: list[str] = []
        self.current: ScriptedUtterance | None = None

    def speak(self, text: str) -> ScriptedUtterance:
        self.stop()  # like the real Speaker: a new reading interrupts the previous one
        self.spoken.append(text)
        self.current = ScriptedUtterance(finish_at_once=not self.hold)
        return self.current

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()

    def close(self) -> None:
        self.stop()


class ScriptedEngine:
    """Returns a fixed transcript; `release` holds it back until the test allows."""

    name = "scripted"
    model = "none"
    streams = False

    def __init__(self, text: str, unsure: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.unsure = unsure
        """Words given a low probability (0.2), as Whisper gives a word it is unsure of."""
        self.release = threading.Event()
        self.release.set()

    def load(self) -> float:
        return 0.0

    def live(self, hints: Sequence[str] = ()) -> None:
        return None

    def transcribe(
        self, audio: Audio, hints: Sequence[str] = (), progress: Progress | None = None
    ) -> Transcript:
        self.release.wait(10)
        words = tuple(
            Word(w, i * 0.5, i * 0.5 + 0.4, 0.2 if w in self.unsure else None)
            for i, w in enumerate(self.text.split())
        )
        return Transcript(self.text, words, self.name, self.model, audio.seconds, 0.0)


class ScriptedRecorder(Recorder):
    """Writes `seconds` of a tone to the WAV when stopped, instead of opening a microphone."""

    def __init__(self, path: Path, max_seconds: float, subscribers: tuple[BlockSubscriber, ...],
                 seconds: float = 3.0) -> None:  # fmt: skip
        super().__init__(path, max_seconds, subscribers)
        self.fake_seconds = seconds

    def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.audio_started.set()  # a microphone that is awake at once

    def stop(self) -> None:
        if self.finished.is_set():
            return
        writer = StreamingWavWriter(self.path, self.sample_rate)
        t = np.arange(int(self.fake_seconds * self.sample_rate)) / self.sample_rate
        writer.write((np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16))
        writer.close()
        self.result = Recording(self.path, writer.frames, self.sample_rate, StopReason.USER)
        self.finished.set()


def scripted_practice(
    bank: QuestionBank, recordings: Path, transcript: str = "an answer about kafka and events",
    hold_speech: bool = False, unsure: frozenset[str] = frozenset(),
) -> Practice:  # fmt: skip
    """A Practice whose engines are all scripted, also those a settings change makes."""
    practice = Practice(
        bank, recordings, History(recordings / HISTORY_FILE), ScriptedEngine(transcript, unsure),
        ScriptedSpeech(hold=hold_speech),
        recorder_factory=lambda path, seconds, subs: ScriptedRecorder(path, seconds, subs),
    )  # fmt: skip
    practice.speech_factory = lambda voice, rate: ScriptedSpeech(hold=hold_speech)
    practice.engine_factory = lambda name, model: ScriptedEngine(transcript, unsure)
    return practice


async def record_answer(pilot: Pilot[None]) -> None:
    """On the practice screen: start answering, end the answer, wait for the review and
    for what its workers read (the transcript, unless the test holds the engine back, and
    the rating line) to be drawn.

    Waiting on the workers, not for a fixed time: a fresh clone on a busy machine once
    took longer than 0.4 s to read the rating, and a test saw an empty line.
    """
    await pilot.pause(0.1)
    await pilot.press("space")
    await pilot.pause(0.2)
    await pilot.press("space")
    await pilot.pause(0.4)
    engine = pilot.app.practice.engine  # type: ignore[attr-defined]
    held = isinstance(engine, ScriptedEngine) and not engine.release.is_set()
    groups = {"rating"} | (set() if held else {"transcribe"})
    for _ in range(20):  # a transcript drawn starts a new read of the rating
        await pilot.pause(0.05)
        running = [w for w in pilot.app.workers if w.group in groups and not w.is_finished]
        if not running:
            return
        await pilot.app.workers.wait_for_complete(running)
    raise AssertionError(f"workers still running after the answer: {running}")
