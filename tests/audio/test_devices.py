"""Recording, playback and speech through a real (virtual) PulseAudio device."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from simulator.audio.devices import AudioDeviceError, default_device, list_devices
from simulator.audio.player import Player
from simulator.audio.recorder import Recorder, StopReason
from simulator.audio.speech import Speaker, Synthesizer
from simulator.audio.wav import inspect_wav, read_wav_int16, repair_wav
from tests.audio.sound_checks import find_exact, first_sound
from tests.conftest import REPO_ROOT
from tests.speech_corpus import human_clips
from tests.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio
CLIP = human_clips()[0].path  # 7.1 s of LibriVox speech, 16 kHz mono


def test_virtual_devices_are_the_defaults(virtual_audio: VirtualAudio) -> None:
    names = [d.name for d in list_devices()]
    assert "default" in names
    assert default_device("input").max_input_channels > 0
    assert default_device("output").max_output_channels > 0


def test_recorder_captures_what_the_microphone_hears_sample_for_sample(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    clip, rate = read_wav_int16(CLIP)
    recorder = Recorder(tmp_path / "answer.wav", max_seconds=30)
    recorder.start()
    virtual_audio.play(CLIP).wait(timeout=30)
    time.sleep(0.3)
    loudest_during = recorder.meter.peak_dbfs
    recorder.stop()
    result = recorder.wait(timeout=5)
    assert result is not None and result.reason is StopReason.USER and result.error is None
    recorded, recorded_rate = read_wav_int16(result.path)
    assert recorded_rate == rate == 16_000
    assert inspect_wav(result.path).is_consistent
    assert find_exact(recorded, clip) is not None
    assert loudest_during > -30


def test_recording_stops_at_the_time_limit(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    result = Recorder(tmp_path / "limited.wav", max_seconds=1.5).record()
    assert result.reason is StopReason.TIME_LIMIT
    assert result.frames == 24_000
    assert len(read_wav_int16(result.path)[0]) == 24_000


def test_device_failing_mid_recording_keeps_a_valid_file(tmp_path: Path) -> None:
    clip, _ = read_wav_int16(CLIP)
    server = VirtualAudio().start()
    try:
        recorder = Recorder(tmp_path / "cut.wav", max_seconds=30)
        recorder.start()
        player = server.play(CLIP)
        time.sleep(2.5)
        server.kill()
        player.wait(timeout=5)
        result = recorder.wait(timeout=10)
    finally:
        server.stop()
    assert result is not None
    assert result.reason is StopReason.DEVICE_FAILED
    assert result.error
    info = inspect_wav(result.path)
    assert info.is_consistent
    recorded, _ = read_wav_int16(result.path)
    assert len(recorded) >= 16_000
    start = first_sound(recorded)
    heard = recorded[start:]
    assert len(heard) > 8_000
    assert find_exact(clip, heard[:8_000]) is not None  # the kept audio is what was played


def test_killed_recording_is_repaired_not_lost(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    out = tmp_path / "killed.wav"
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator", "record", str(out), "--seconds", "20"],
        env=virtual_audio.env(), cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60  # a cold start (a fresh clone compiles every module) is slow
    while not (out.exists() and out.stat().st_size > 44) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the microphone's first audio is in the file
    playing = virtual_audio.play(CLIP)
    time.sleep(3.0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    playing.wait(timeout=10)  # let the sink fall silent before the next test
    info = inspect_wav(out)
    lost_seconds = (info.actual_data_bytes - info.declared_data_bytes) / 2 / 16_000
    assert 0 <= lost_seconds <= 1.0  # the header is kept true at least every half second
    # repaired if the kill came between two header updates (most of the time: the header is
    # rewritten every fifth block), left alone if it came right after one
    assert repair_wav(out) is (lost_seconds > 0)
    assert inspect_wav(out).is_consistent
    assert repair_wav(out) is False
    recorded, _ = read_wav_int16(out)
    assert len(recorded) / 16_000 >= 3.0
    clip, _ = read_wav_int16(CLIP)
    heard = recorded[first_sound(recorded) :]
    assert find_exact(clip, heard[:16_000]) is not None


def test_playback_reaches_the_speaker_whole(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    clip, _ = read_wav_int16(CLIP)
    capture = virtual_audio.record_monitor(tmp_path / "heard.wav")
    time.sleep(0.3)
    player = Player.from_wav(CLIP)
    player.play()
    assert player.wait(timeout=20)
    time.sleep(0.3)
    capture.terminate()
    capture.wait(timeout=5)
    heard, _ = read_wav_int16(tmp_path / "heard.wav")
    assert find_exact(heard, clip) is not None


def test_pause_resume_seek_and_position(virtual_audio: VirtualAudio) -> None:
    player = Player.from_wav(CLIP)
    player.play()
    time.sleep(0.5)
    player.pause()
    time.sleep(0.2)
    frozen = player.position
    time.sleep(0.5)
    assert player.position == frozen
    assert 0.2 < frozen < 1.5
    player.seek(5.0)
    assert player.position == pytest.approx(5.0)
    player.resume()
    time.sleep(0.5)
    assert 5.2 < player.position < 6.5
    player.skip(-10)
    assert player.position < 1.0
    player.stop()
    assert player.finished.is_set()


def test_speech_is_heard_and_reports_its_real_end(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    synthesizer = Synthesizer(rate=175)
    speaker = Speaker(synthesizer)
    try:
        capture = virtual_audio.record_monitor(tmp_path / "speech.wav")
        time.sleep(0.3)
        started = time.monotonic()
        utterance = speaker.speak("Explain the concept of CAP theorem.")
        assert utterance.wait(timeout=20)
        took = time.monotonic() - started
        capture.terminate()
        capture.wait(timeout=5)
        heard, _ = read_wav_int16(tmp_path / "speech.wav")
        spoken = np.flatnonzero(np.abs(heard.astype(np.int32)) > 300)
        speech_seconds = (spoken[-1] - spoken[0]) / 16_000
        assert utterance.completed and utterance.error is None
        assert 1.0 < speech_seconds <= took  # finished only after the sound had played
    finally:
        speaker.close()


def test_speech_stops_at_once(virtual_audio: VirtualAudio) -> None:
    speaker = Speaker(Synthesizer())
    try:
        utterance = speaker.speak("This sentence is long enough to be interrupted. " * 6)
        time.sleep(1.0)
        stopped = time.monotonic()
        utterance.stop()
        assert utterance.wait(timeout=1)
        assert time.monotonic() - stopped < 0.5
        assert not utterance.completed
    finally:
        speaker.close()


NO_SERVER = {"PULSE_SERVER": "unix:/nonexistent/socket", "PULSE_CLIENTCONFIG": "/dev/null"}


def run_without_devices(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    env.update(NO_SERVER, HOME=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], env=env, cwd=REPO_ROOT, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def test_no_microphone_is_a_clear_error_without_native_noise(tmp_path: Path) -> None:
    result = run_without_devices("record", str(tmp_path / "x.wav"), "--seconds", "1",
                                 tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "no microphone (input device) found. Devices PortAudio sees: none at all\n"
    )
    devices = run_without_devices("devices", tmp_path=tmp_path)
    assert (devices.returncode, devices.stdout, devices.stderr) == (
        0,
        "No audio devices found.\n",
        "",
    )


def test_no_speaker_is_a_clear_error(tmp_path: Path) -> None:
    result = run_without_devices("say", "hello", tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "cannot read aloud: no speaker (output device) found. Devices PortAudio sees: none at all\n"
    )


def test_command_line_record_and_devices_print_no_native_noise(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    env = virtual_audio.env()
    out = tmp_path / "check.wav"
    devices = subprocess.run([sys.executable, "-m", "simulator", "devices"], env=env,
                             capture_output=True, text=True, cwd=REPO_ROOT)  # fmt: skip
    assert devices.stderr == ""
    assert "default (ALSA)" in devices.stdout
    record = subprocess.run(
        [sys.executable, "-m", "simulator", "record", str(out), "--seconds", "1"], env=env,
        capture_output=True, text=True, cwd=REPO_ROOT,
    )  # fmt: skip
    assert record.returncode == 0, record.stderr
    assert record.stdout.startswith(f"{out}: 1.0 s recorded, peak ")
    assert record.stderr == "warning: the recording is digital silence: is the microphone muted?\n"


def test_missing_device_in_process(tmp_path: Path) -> None:
    saved = {k: os.environ.get(k) for k in NO_SERVER}
    os.environ.update(NO_SERVER)
    VirtualAudio.rescan_devices()
    try:
        with pytest.raises(AudioDeviceError, match="no microphone"):
            Recorder(tmp_path / "none.wav", max_seconds=1).start()
        assert not (tmp_path / "none.wav").exists()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        VirtualAudio.rescan_devices()
