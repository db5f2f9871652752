"""`doctor`: one command to run when something is off; every part checked, with its fix.

Each check is a small function returning a `Check` (name, verdict, detail, fix). The verdict is
`ok` (works), `warn` (works, but not well: answers will suffer) or `fail` (broken). The command
prints a table and exits 0 only when every check it ran is `ok`.

The microphone is judged on 3 s recorded through the app's own `Recorder`, by the sample peak
(dBFS, int16 full scale):
- clipping: `CLIP_RUN` or more consecutive samples at full scale (±32767): the input gain is
  too high and the words are distorted;
- silent: digital silence, or a peak below `SILENT_PEAK_DBFS` (-70): nothing reaches it;
- too quiet: a peak below `QUIET_PEAK_DBFS` (-40): speech at a normal distance peaks around
  -20 to -6, and Whisper loses words below about -40;
- fine otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from simulator.settings import PACKAGE_DIR, Settings, log_dir

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Verdict = Literal["ok", "warn", "fail"]

MIC_SECONDS = 3.0
SILENT_PEAK_DBFS = -70.0
QUIET_PEAK_DBFS = -40.0
FULL_SCALE = 32767
CLIP_RUN = 3
"""Consecutive samples at full scale that mean clipping (one alone can be a loud click)."""
LOW_DISK_BYTES = 200 * 1024 * 1024
"""Below this, warn: about 50 minutes of answers (16 kHz mono 16-bit is 1.9 MB a minute)."""
FULL_DISK_BYTES = 10 * 1024 * 1024
"""Below this, fail: a long answer would fill the disk."""
CHECK_CLIP = PACKAGE_DIR / "audio" / "assets" / "doctor-check.wav"
CHECK_CLIP_WORDS = ("the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog")
"""What the clip says (espeak-ng); at least `CHECK_CLIP_MIN_WORDS` must come out."""
CHECK_CLIP_MIN_WORDS = 5
PACKAGES = (
    "interview-simulator", "textual", "faster-whisper", "ctranslate2", "sounddevice",
    "pyttsx3", "SpeechRecognition", "pocketsphinx", "numpy",
)  # fmt: skip
SETUP_FIX = "run `make setup` in the checkout (or reinstall: pip install interview-simulator)"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table."""

    name: str
    verdict: Verdict
    detail: str
    fix: str = ""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `doctor`."""
    doctor = commands.add_parser(
        "doctor",
        help="check everything the app needs, with the fix for each problem",
        description="Check Python and packages, audio devices, the microphone (3 s), "
        "text-to-speech, the speech-to-text model, the recordings folder and the history. "
        "Exits 0 only if every check passes.",
    )
    doctor.add_argument(
        "--check",
        action="append",
        choices=tuple(CHECKS),
        metavar="NAME",
        help=f"run only this check (repeatable): {', '.join(CHECKS)}",
    )
    doctor.add_argument("--json", action="store_true", help="print JSON, one object per check")
    doctor.set_defaults(handler=run_doctor)


# the checks


def check_python() -> Check:
    versions, missing = [], []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(package)
    detail = f"Python {platform.python_version()}; " + ", ".join(versions)
    if missing:
        return Check("python", "fail", f"{detail}; missing: {', '.join(missing)}", SETUP_FIX)
    return Check("python", "ok", detail)


def check_devices() -> Check:
    from simulator.audio.devices import AudioDeviceError, default_device, list_devices

    try:
        devices = list_devices()
        microphone = default_device("input")
    except AudioDeviceError as error:
        return Check("devices", "fail", str(error), _SOUND_FIX)
    try:
        speaker = f"speaker: {default_device('output').name}"
    except AudioDeviceError:
        return Check("devices", "warn", f"microphone: {microphone.name}; no speaker",
                     "connect a speaker or headphones to hear the questions")  # fmt: skip
    return Check(
        "devices", "ok", f"{len(devices)} devices; microphone: {microphone.name}; {speaker}"
    )


_SOUND_FIX = (
    "connect a microphone and check the sound server runs (`pactl info`; start it with "
    "`pulseaudio --start`); `interview-sim devices` lists what PortAudio sees"
)


def peak_dbfs(samples: npt.NDArray[np.int16]) -> float:
    """The largest sample's level in dBFS (-96 for digital silence)."""
    import numpy as np

    peak = int(np.max(np.abs(samples.astype(np.int32)))) if samples.size else 0
    return max(-96.0, 20 * math.log10(peak / 32768)) if peak else -96.0


def longest_clipped_run(samples: npt.NDArray[np.int16]) -> int:
    """The longest run of consecutive samples at full scale (either sign)."""
    import numpy as np

    clipped = np.abs(samples.astype(np.int32)) >= FULL_SCALE
    if not clipped.any():
        return 0
    edges = np.diff(np.concatenate(([0], clipped.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int(np.max(ends - starts))


def judge_level(samples: npt.NDArray[np.int16]) -> tuple[Verdict, str, str]:
    """(verdict, label, fix) for a microphone recording, by the rules of the module docstring."""
    peak = peak_dbfs(samples)
    run = longest_clipped_run(samples)
    if run >= CLIP_RUN:
        return ("warn", f"clipping ({run} samples in a row at full scale)",
                "lower the input gain: `pactl set-source-volume @DEFAULT_SOURCE@ 70%`, or move "
                "back from the microphone")  # fmt: skip
    if peak < SILENT_PEAK_DBFS:
        return ("fail", "silent" + (" (digital silence)" if peak <= -96 else ""),
                "unmute the microphone and check it is the default input: "
                "`pactl set-source-mute @DEFAULT_SOURCE@ 0`; `interview-sim devices` lists "
                "the inputs")  # fmt: skip
    if peak < QUIET_PEAK_DBFS:
        return ("warn", "too quiet",
                "raise the input gain: `pactl set-source-volume @DEFAULT_SOURCE@ 100%`, or "
                "speak closer to the microphone")  # fmt: skip
    return "ok", "fine", ""


def check_microphone(seconds: float = MIC_SECONDS) -> Check:
    """Record `seconds` from the default microphone and judge its level."""
    from simulator.audio.devices import AudioDeviceError
    from simulator.audio.recorder import Recorder
    from simulator.audio.wav import InvalidWavError, read_wav_int16

    with tempfile.TemporaryDirectory(prefix="interview-sim-doctor-") as folder:
        recorder = Recorder(Path(folder) / "microphone.wav", seconds)
        try:
            result = recorder.record()
        except (AudioDeviceError, OSError) as error:
            return Check("microphone", "fail", str(error), _SOUND_FIX)
        try:
            samples, _rate = read_wav_int16(result.path)
        except (OSError, InvalidWavError) as error:
            return Check("microphone", "fail", f"the recording is unreadable: {error}", _SOUND_FIX)
    if result.error:
        return Check("microphone", "fail",
                     f"recording stopped after {result.seconds:.1f} s: {result.error}",
                     _SOUND_FIX)  # fmt: skip
    verdict, label, fix = judge_level(samples.reshape(-1))
    detail = (
        f"{label}: peak {peak_dbfs(samples):.1f} dBFS, loudest 0.1 s "
        f"{recorder.meter.peak_dbfs:.1f} dBFS over {result.seconds:.1f} s"
    )
    return Check("microphone", verdict, detail, fix)


def check_speech() -> Check:
    """Text-to-speech: the engine starts, has voices, and synthesises audio."""
    from simulator.audio.speech import SpeechUnavailableError, Synthesizer
    from simulator.audio.wav import InvalidWavError, inspect_wav

    try:
        synthesizer = Synthesizer()
    except SpeechUnavailableError as error:
        return Check("speech", "fail", str(error),
                     "apt-get install espeak-ng libespeak-ng1")  # fmt: skip
    try:
        voices = synthesizer.voices()
        if not voices:
            return Check("speech", "fail", "the engine has no voices",
                         "apt-get install espeak-ng-data")  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="interview-sim-doctor-") as folder:
            path = synthesizer.to_wav("Microphone check.", Path(folder) / "speech.wav")
            info = inspect_wav(path)
            seconds = info.actual_data_bytes / (info.sample_rate * info.channels * 2)
    except (SpeechUnavailableError, TimeoutError, OSError, InvalidWavError) as error:
        return Check("speech", "fail", f"synthesis failed: {error}",
                     "apt-get install --reinstall espeak-ng libespeak-ng1")  # fmt: skip
    finally:
        synthesizer.close()
    return Check(
        "speech", "ok", f"{len(voices)} voices; synthesis works ({seconds:.1f} s of audio)"
    )


def check_model(model: str = "base") -> Check:
    """Speech-to-text: the model is there, its sha256 matches, it loads and hears a known clip."""
    from simulator.audio.models import ModelUnavailableError, resolve_model
    from simulator.audio.transcribe import TranscriptionError, WhisperEngine, load_audio

    fallback = "; until then the app uses pocketsphinx (less accurate)"
    try:
        folder = resolve_model(model)  # checks the sha256 of the bundled models
        engine = WhisperEngine(model)
        engine.load()
        transcript = engine.transcribe(load_audio(CHECK_CLIP))
    except ModelUnavailableError as error:
        fix = str(error).rpartition("reinstall: ")[2] if "reinstall: " in str(error) else SETUP_FIX
        return Check("model", "fail", str(error), f"{fix}{fallback}")
    except TranscriptionError as error:
        return Check("model", "fail", str(error), SETUP_FIX)
    heard = set(re.findall(r"[a-z]+", transcript.text.lower()))
    found = [w for w in CHECK_CLIP_WORDS if w in heard]
    detail = f"whisper {model} in {folder}: loads; heard {transcript.text!r}"
    if len(found) < CHECK_CLIP_MIN_WORDS:
        return Check("model", "fail", detail, f"{SETUP_FIX}{fallback}")
    return Check("model", "ok", detail)


def check_disk(recordings_dir: Path) -> Check:
    """The recordings folder: can files be made there, and is there room."""
    from simulator.storage.sessions import write_problem

    problem = write_problem(recordings_dir)
    if problem is not None:
        return Check(
            "disk", "fail", f"{recordings_dir}: cannot write: {problem}",
            "remount it read-write, or choose another folder: --recordings DIR or "
            "$INTERVIEW_SIM_RECORDINGS; until then answers are typed only, and not saved",
        )  # fmt: skip
    free = shutil.disk_usage(recordings_dir).free
    detail = (
        f"{recordings_dir}: writable, {_size(free)} free (about {free // 1_920_000} min of answers)"
    )
    if free < FULL_DISK_BYTES:
        return Check(
            "disk", "fail", detail, "free some space on that disk, or use --recordings DIR"
        )
    if free < LOW_DISK_BYTES:
        return Check(
            "disk", "warn", detail, "free some space on that disk, or use --recordings DIR"
        )
    return Check("disk", "ok", detail)


def check_history(recordings_dir: Path) -> Check:
    """The history database: readable, its schema known, `PRAGMA integrity_check` clean.

    Opened read-only: the doctor changes nothing.
    """
    from simulator.storage.history import HISTORY_FILE, MIGRATIONS

    path = recordings_dir / HISTORY_FILE
    if not path.exists():
        return Check("history", "ok", f"{path}: none yet (made with the first answer)")
    corrupt_fix = (
        "start the app: it keeps this file aside as history.sqlite3.corrupt-<date> and starts a "
        "new history (recordings are added back from their files)"
    )
    try:
        with _read_only(path) as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            problems = [str(r[0]) for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
            attempts = int(db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return Check("history", "fail", f"{path}: {error}", corrupt_fix)
    if version > len(MIGRATIONS):
        return Check("history", "fail", f"{path}: schema {version}, newer than this version's "
                     f"{len(MIGRATIONS)}", "upgrade interview-sim")  # fmt: skip
    if problems:
        return Check("history", "fail", f"{path}: integrity check: {'; '.join(problems[:3])}",
                     corrupt_fix)  # fmt: skip
    return Check("history", "ok", f"{path}: schema {version}, integrity ok, {attempts} attempts")


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """The database opened read-only; `immutable` where its folder cannot take WAL files."""
    uri = path.resolve().as_uri()
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        db.execute("PRAGMA user_version").fetchone()
    except sqlite3.OperationalError:
        db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    try:
        yield db
    finally:
        db.close()


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n //= 1024
    return f"{n} B"  # pragma: no cover - the loop always returns


CHECKS: dict[str, Callable[[Settings], Check]] = {
    "python": lambda settings: check_python(),
    "devices": lambda settings: check_devices(),
    "microphone": lambda settings: check_microphone(),
    "speech": lambda settings: check_speech(),
    "model": lambda settings: check_model(),
    "disk": lambda settings: check_disk(settings.recordings_dir),
    "history": lambda settings: check_history(settings.recordings_dir),
}


def run_checks(settings: Settings, names: Sequence[str] | None = None) -> list[Check]:
    """Run the named checks (all by default), each turning any surprise into a failed line."""
    results = []
    for name in names or CHECKS:
        try:
            results.append(CHECKS[name](settings))
        except Exception as error:  # a check must never stop the others
            results.append(Check(name, "fail", f"unexpected error: {error}", SETUP_FIX))
    return results


def render(results: Sequence[Check]) -> str:
    """The aligned table: name, verdict, detail; the fix on the line below a problem."""
    width = max(len(r.name) for r in results)
    lines = [f"{'check':<{width}}  {'result':<6}  detail"]
    for r in results:
        lines.append(f"{r.name:<{width}}  {r.verdict.upper() if r.verdict != 'ok' else 'ok':<6}  "
                     f"{r.detail}")  # fmt: skip
        if r.fix:
            lines.append(f"{'':<{width}}  {'':<6}  fix: {r.fix}")
    bad = [r.name for r in results if r.verdict != "ok"]
    if bad:
        lines.append(f"\n{len(bad)} of {len(results)} checks need attention: {', '.join(bad)}.")
    else:
        lines.append(f"\nAll {len(results)} checks passed.")
    return "\n".join(lines)


@contextlib.contextmanager
def _native_output_to_log() -> Iterator[None]:
    """Native libraries (ALSA, espeak, CTranslate2) write to descriptor 2: send it to the log."""
    from simulator.audio.native_output import divert_native_stderr

    saved = os.dup(2)
    with contextlib.suppress(OSError):  # no log folder: native output shows, then the table
        divert_native_stderr(log_dir() / "native.log").close()
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def run_doctor(args: argparse.Namespace, settings: Settings) -> int:
    with _native_output_to_log():
        results = run_checks(settings, args.check)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(render(results))
    return 0 if all(r.verdict == "ok" for r in results) else 1
