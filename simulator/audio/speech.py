"""Read text aloud: pyttsx3 synthesises to a WAV, our Player plays it.

Measured on espeak-ng: `runAndWait()` returns before speech ends, the engine hangs when two
threads use it, and `say()` shells out to `aplay` (blocking, uninterruptible, silent failure
with no device). So one thread owns the engine and only ever calls `save_to_file`; playback
goes through `Player`, which stops at once, says when it has really finished and reports a
missing speaker. The same code path uses SAPI5 or NSSS where pyttsx3 picks them.
"""

from __future__ import annotations

import contextlib
import io
import queue
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.audio.constants import DEFAULT_RATE
from simulator.audio.devices import AudioDeviceError
from simulator.audio.native_output import native_stderr_silenced
from simulator.audio.wav import InvalidWavError, inspect_wav

if TYPE_CHECKING:
    from simulator.audio.player import Player

SYNTH_TIMEOUT_SECONDS = 60.0
SYNTH_ATTEMPTS = 3


def _wait_for_complete_wav(path: Path, timeout: float) -> bool:
    """Wait until `path` is a WAV whose header agrees with its data, i.e. fully written.

    pyttsx3's espeak driver returns from `runAndWait()` before espeak (on its own thread) has
    written the file, names no utterance in its events, and can leave a stale stop request
    that cancels the next utterance. The file on disk is the one reliable signal.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            info = inspect_wav(path)
            if info.is_consistent and info.actual_data_bytes > 0:
                return True
        except (OSError, InvalidWavError):
            pass
        time.sleep(0.01)
    return False


class SpeechUnavailableError(RuntimeError):
    """No text-to-speech engine could be started; the message says why and what to install."""


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]


class Synthesizer:
    """Turns text into WAV files with pyttsx3, on the one thread that owns the engine."""

    def __init__(self, voice: str | None = None, rate: int = DEFAULT_RATE) -> None:
        self._jobs: queue.Queue[tuple[Callable[[Any], Any], Future[Any]] | None] = queue.Queue()
        self._ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._own_engine, args=(voice, rate), name="tts-engine", daemon=True
        )
        self._thread.start()
        self._ready.result()  # raises SpeechUnavailableError if the engine did not start

    def to_wav(self, text: str, path: Path) -> Path:
        """Synthesise `text` into `path` (a WAV file) and return it when complete."""

        def job(engine: Any) -> Path:
            for _attempt in range(SYNTH_ATTEMPTS):
                path.unlink(missing_ok=True)
                with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved"
                    engine.save_to_file(text, str(path))
                    engine.runAndWait()
                    if _wait_for_complete_wav(path, SYNTH_TIMEOUT_SECONDS / SYNTH_ATTEMPTS):
                        return path
            raise SpeechUnavailableError(f"the speech engine produced no audio for {text[:40]!r}")

        result: Path = self._run(job)
        return result

    def voices(self) -> list[Voice]:
        """Voices the engine offers."""

        def job(engine: Any) -> list[Voice]:
            return [
                Voice(str(v.id), str(v.name), tuple(str(lang) for lang in v.languages or ()))
                for v in engine.getProperty("voices")
            ]

        result: list[Voice] = self._run(job)
        return result

    def close(self) -> None:
        """Let the engine thread finish."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=5)

    def _run(self, job: Callable[[Any], Any]) -> Any:
        future: Future[Any] = Future()
        self._jobs.put((job, future))
        return future.result(timeout=SYNTH_TIMEOUT_SECONDS)

    def _own_engine(self, voice: str | None, rate: int) -> None:
        try:
            with native_stderr_silenced():
                import pyttsx3

                engine = pyttsx3.init()
                if voice:
                    engine.setProperty("voice", _find_voice(engine, voice))
                if rate:
                    engine.setProperty("rate", rate)
        except ValueError as error:  # an unknown voice
            self._ready.set_exception(SpeechUnavailableError(str(error)))
            return
        except Exception as error:  # pyttsx3 raises anything from ImportError to OSError
            self._ready.set_exception(
                SpeechUnavailableError(
                    f"text-to-speech is not available ({error}); on Debian install espeak-ng: "
                    "apt-get install espeak-ng libespeak-ng1"
                )
            )
            return
        self._ready.set_result(None)
        while (item := self._jobs.get()) is not None:
            job, future = item
            try:
                future.set_result(job(engine))
            except Exception as error:
                future.set_exception(error)


def _find_voice(engine: Any, wanted: str) -> str:
    """The id of the voice whose id or name is `wanted` (any case); ValueError if none."""
    for voice in engine.getProperty("voices"):
        if wanted.lower() in (str(voice.id).lower(), str(voice.name).lower()):
            return str(voice.id)
    raise ValueError(f"unknown voice {wanted!r}: `interview-sim say --voices` lists them")


class Utterance:
    """One text being read aloud; `finished` is set when the sound has really ended."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.finished = threading.Event()
        self.completed = False
        """True when all of it was played; False when stopped or failed."""
        self.error: Exception | None = None
        self._stop = threading.Event()
        self._player: Player | None = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        """Silence it at once; `finished` is set right after."""
        self._stop.set()
        with self._lock:
            if self._player is not None:
                self._player.stop()

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)


def _default_player(path: Path) -> Player:
    from simulator.audio.player import Player  # numpy and PortAudio load on first speech

    return Player.from_wav(path)


class Speaker:
    """Reads questions aloud, one at a time; a new `speak` interrupts the previous one."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        player_factory: Callable[[Path], Player] | None = None,
    ) -> None:
        self._synthesizer = synthesizer
        self._player_factory = player_factory or _default_player
        self._current: Utterance | None = None
        self._workdir = tempfile.TemporaryDirectory(prefix="interview-sim-tts-")

    def speak(self, text: str) -> Utterance:
        """Start reading `text` in the background and return its handle."""
        self.stop()
        utterance = Utterance(text)
        self._current = utterance
        threading.Thread(
            target=self._say, args=(utterance,), name="tts-playback", daemon=True
        ).start()
        return utterance

    def stop(self) -> None:
        """Stop whatever is being read."""
        if self._current is not None:
            self._current.stop()

    def close(self) -> None:
        self.stop()
        self._synthesizer.close()
        self._workdir.cleanup()

    def _say(self, utterance: Utterance) -> None:
        try:
            path = Path(self._workdir.name) / f"utterance-{id(utterance)}.wav"
            self._synthesizer.to_wav(utterance.text, path)
            with utterance._lock:
                if utterance._stop.is_set():
                    return
                player = utterance._player = self._player_factory(path)
                player.play()
            player.wait()
            if player.error:
                raise AudioDeviceError(player.error)
            utterance.completed = not utterance._stop.is_set()
            path.unlink(missing_ok=True)
        except (AudioDeviceError, SpeechUnavailableError, TimeoutError) as error:
            utterance.error = error
        finally:
            utterance.finished.set()
