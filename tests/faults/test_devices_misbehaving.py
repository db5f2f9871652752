"""Issue 9: microphones that are slow to wake or never wake, devices that vanish mid-answer.

Real PulseAudio servers of our own (see conftest.py): a microphone without the suite's
keep-alive loopback, a `module-pipe-source` microphone that sends only what the test writes,
a remap source unloaded mid-answer, a sound server killed mid-answer, a speaker that goes away
while a replay or the question is playing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Label

from simulator.audio.player import Player
from simulator.audio.recorder import FIRST_AUDIO_TIMEOUT, Recorder, Recording, StopReason
from simulator.audio.speech import Speaker, Synthesizer
from simulator.audio.wav import inspect_wav, read_wav_int16
from simulator.bank import load_bank
from simulator.practice import Practice
from simulator.practice.startup import start_practice
from simulator.settings import Settings
from simulator.storage.history import HISTORY_FILE, History
from simulator.timefmt import clock
from simulator.ui.app import InterviewApp
from simulator.ui.screens.practice import Phase, PracticeScreen
from simulator.ui.screens.review import ReviewScreen
from tests.audio.sound_checks import find_exact, first_sound
from tests.conftest import SHIPPED_BANK
from tests.faults.conftest import LateMicrophone, find_module, pactl
from tests.functional.scripted import ScriptedEngine
from tests.speech_corpus import human_clips
from tests.virtual_audio import RATE, VirtualAudio

pytestmark = pytest.mark.audio
CLIP = human_clips()[0].path  # 7.1 s of LibriVox speech, 16 kHz mono
SILENCE = np.zeros(2 * RATE, dtype=np.int16)
"""Sent after a clip, as a live microphone would: the last partial block needs more audio."""
PROGRESS_TIMEOUT = 20.0
"""The longest any bounded wait for progress may take before the test fails."""


def wait_for(condition: Callable[[], bool], timeout: float = PROGRESS_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for progress"
        time.sleep(0.02)


async def wait_in_app(pilot: Pilot[None], condition: Callable[[], bool],
                      timeout: float = PROGRESS_TIMEOUT) -> None:  # fmt: skip
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)


def finished(recorder: Recorder, timeout: float = PROGRESS_TIMEOUT) -> Recording:
    result = recorder.wait(timeout)
    assert result is not None, "the recording did not end"
    return result


def assert_valid_wav_holding(result: Recording, seconds: float) -> npt.NDArray[np.int16]:
    """The WAV's header agrees with its data, which holds at least `seconds`; its samples."""
    info = inspect_wav(result.path)
    assert info.is_consistent, info
    assert info.declared_data_bytes == result.frames * 2
    recorded, rate = read_wav_int16(result.path)
    assert rate == RATE
    assert len(recorded) >= seconds * RATE
    return recorded


def record_clip(server: VirtualAudio, path: Path) -> tuple[Recording, npt.NDArray[np.int16]]:
    """Record while `server` plays the clip into the microphone; the result and its samples."""
    recorder = Recorder(path, max_seconds=30)
    recorder.start()
    server.play(CLIP).wait(timeout=30)
    time.sleep(0.3)
    recorder.stop()
    result = finished(recorder)
    return result, read_wav_int16(result.path)[0]


# 1. Slow to wake


def test_idle_microphone_without_keep_alive_records_the_whole_clip(
    quiet_audio: VirtualAudio, tmp_path: Path
) -> None:
    clip, _ = read_wav_int16(CLIP)
    recorder = Recorder(tmp_path / "woken.wav", max_seconds=30)
    recorder.start()
    opened = time.monotonic()
    player = quiet_audio.play(CLIP)
    assert recorder.audio_started.wait(FIRST_AUDIO_TIMEOUT)
    print(f"first block {time.monotonic() - opened:.2f} s after start() (no keep-alive)")
    player.wait(timeout=30)
    time.sleep(0.3)
    recorder.stop()
    result = finished(recorder)
    assert result.reason is StopReason.USER and result.error is None
    recorded = assert_valid_wav_holding(result, len(clip) / RATE)
    assert find_exact(recorded, clip) is not None  # all of it, sample for sample


def test_microphone_whose_first_audio_comes_late(late_mic: LateMicrophone, tmp_path: Path) -> None:
    clip, _ = read_wav_int16(CLIP)
    late_mic.connect()
    recorder = Recorder(tmp_path / "late.wav", max_seconds=30)
    recorder.start()
    time.sleep(5.0)  # the device is open and sends nothing
    assert not recorder.audio_started.is_set()
    assert not recorder.finished.is_set()
    assert recorder.seconds == 0
    late_mic.send(np.concatenate([clip, SILENCE]))
    assert recorder.audio_started.wait(FIRST_AUDIO_TIMEOUT)
    wait_for(lambda: recorder.seconds * RATE >= len(clip) or recorder.finished.is_set())
    assert not recorder.finished.is_set(), recorder.result
    recorder.stop()
    result = finished(recorder)
    assert result.reason is StopReason.USER and result.error is None
    recorded = assert_valid_wav_holding(result, len(clip) / RATE)
    assert np.array_equal(recorded[: len(clip)], clip)  # what the microphone sent, all of it
    assert not np.any(recorded[len(clip) :])


def test_microphone_that_never_sends_ends_with_a_clear_reason(
    late_mic: LateMicrophone, tmp_path: Path
) -> None:
    late_mic.connect()
    recorder = Recorder(tmp_path / "never.wav", max_seconds=30)
    recorder.start()
    result = finished(recorder, FIRST_AUDIO_TIMEOUT + PROGRESS_TIMEOUT)
    assert result.reason is StopReason.NO_AUDIO
    assert result.error == "the microphone sent no audio in 10 s"
    assert not recorder.audio_started.is_set()
    assert result.frames == 0
    info = inspect_wav(result.path)
    assert info.is_consistent and info.declared_data_bytes == 0


async def test_app_waits_for_a_late_microphone_before_the_countdown(
    late_mic: LateMicrophone, tmp_path: Path
) -> None:
    clip, _ = read_wav_int16(CLIP)
    bank = load_bank(SHIPPED_BANK)
    settings = Settings(SHIPPED_BANK, tmp_path / "rec")
    practice, notices = start_practice(
        bank, settings.with_values({"transcription.engine": "sphinx"}), speech_now=False
    )
    assert notices == []
    late_mic.connect()
    app = InterviewApp(bank, settings, practice, notices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await wait_in_app(pilot, lambda: screen.phase is Phase.THINKING)
        await pilot.press("space")
        await wait_in_app(pilot, lambda: screen.phase is Phase.WAITING)
        await pilot.pause(3.0)  # the microphone is open and silent
        assert screen.phase is Phase.WAITING
        phase = screen.query_one("#phase", Label)
        assert "Waiting for the microphone" in str(phase.render())
        full_time = clock(screen.question.answer_seconds)
        assert screen.query_one("#countdown", Digits).value == full_time
        assert "countdown starts with the first sound" in str(
            screen.query_one("#clock", Label).render()
        )
        late_mic.send(np.concatenate([clip[: 3 * RATE], SILENCE]))
        await wait_in_app(pilot, lambda: screen.phase is Phase.RECORDING)
        assert "REC" in str(phase.render())
        session = screen.session
        assert session is not None
        await wait_in_app(pilot, lambda: session.recorded_seconds >= 3.0)
        await pilot.pause(0.2)
        assert screen.query_one("#countdown", Digits).value != full_time
        await pilot.press("space")
        await wait_in_app(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.attempt.status == "complete"
        assert review.attempt.audio_path is not None
        recorded, _ = read_wav_int16(review.attempt.audio_path)
        assert np.array_equal(recorded[: 3 * RATE], clip[: 3 * RATE])  # nothing lost
        assert not np.any(recorded[3 * RATE :])
        await wait_in_app(pilot, lambda: review.attempt.transcript is not None, timeout=60)
        await pilot.pause(0.3)


# 2. Vanishing devices


def test_microphone_removed_mid_answer_ends_the_recording(
    private_audio: VirtualAudio, tmp_path: Path
) -> None:
    recorder = Recorder(tmp_path / "removed.wav", max_seconds=60)
    recorder.start()
    player = private_audio.play(CLIP)
    wait_for(lambda: recorder.seconds >= 2.0)
    index, _ = find_module(private_audio, "module-remap-source", "source_name=vmic")
    pactl(private_audio, "unload-module", index)
    try:
        result = recorder.wait(timeout=PROGRESS_TIMEOUT)
        moved_to = pactl(private_audio, "info")
    finally:
        recorder.stop()
        player.wait(timeout=10)
    assert result is not None, f"still recording after the microphone was removed: {moved_to}"
    assert result.reason is StopReason.DEVICE_FAILED and result.error
    assert_valid_wav_holding(result, 2.0)


def test_microphone_plugged_back_records_without_restarting(
    private_audio: VirtualAudio, tmp_path: Path
) -> None:
    clip, _ = read_wav_int16(CLIP)
    recorder = Recorder(tmp_path / "before.wav", max_seconds=60)
    recorder.start()
    wait_for(lambda: recorder.seconds >= 2.0)
    index, arguments = find_module(private_audio, "module-remap-source", "source_name=vmic")
    pactl(private_audio, "unload-module", index)
    recorder.stop()
    first = finished(recorder)
    assert_valid_wav_holding(first, 2.0)
    assert "source_name=vmic" not in pactl(private_audio, "list", "short", "sources")
    pactl(private_audio, "load-module", "module-remap-source", *arguments.split())
    pactl(private_audio, "set-default-source", "vmic")
    result, recorded = record_clip(private_audio, tmp_path / "after.wav")  # no device rescan
    assert result.reason is StopReason.USER and result.error is None
    assert find_exact(recorded, clip) is not None


def test_sound_server_killed_mid_answer_then_back(
    private_audio: VirtualAudio, tmp_path: Path
) -> None:
    clip, _ = read_wav_int16(CLIP)
    recorder = Recorder(tmp_path / "cut.wav", max_seconds=60)
    recorder.start()
    player = private_audio.play(CLIP)
    wait_for(lambda: recorder.seconds >= 2.0)
    private_audio.kill()
    player.wait(timeout=10)
    result = finished(recorder)
    assert result.reason is StopReason.DEVICE_FAILED
    assert result.error
    recorded = assert_valid_wav_holding(result, 2.0)
    heard = recorded[first_sound(recorded) :]
    assert find_exact(clip, heard[:8_000]) is not None  # the kept audio is what was played

    private_audio.start(rescan=False)  # the server is back on the same socket
    again, recorded = record_clip(private_audio, tmp_path / "again.wav")
    assert again.reason is StopReason.USER and again.error is None
    assert find_exact(recorded, clip) is not None


async def test_app_keeps_an_answer_cut_short_by_a_vanishing_device(
    private_audio: VirtualAudio, tmp_path: Path
) -> None:
    clip, _ = read_wav_int16(CLIP)
    bank = load_bank(SHIPPED_BANK)
    recordings = tmp_path / "rec"
    history = History(recordings / HISTORY_FILE)
    practice = Practice(bank, recordings, history, ScriptedEngine("an answer"), speech=None)
    app = InterviewApp(bank, Settings(SHIPPED_BANK, recordings), practice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await wait_in_app(pilot, lambda: screen.phase is Phase.THINKING)
        await pilot.press("space")
        await wait_in_app(pilot, lambda: screen.phase is Phase.RECORDING)
        player = private_audio.play(CLIP)
        session = screen.session
        assert session is not None
        await wait_in_app(pilot, lambda: session.recorded_seconds >= 2.0)
        private_audio.kill()
        player.wait(timeout=10)
        await wait_in_app(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        assert isinstance(review, ReviewScreen)
        attempt = review.attempt
        assert attempt.status == "interrupted"
        assert attempt.seconds >= 2.0
        await pilot.pause(0.3)
        notices = [n for n in app._notifications if n.severity == "error"]
        assert [n.message for n in notices] == [
            "Recording ended early: the microphone stopped sending audio (unplugged or switched "
            f"off?). The {attempt.seconds:.0f} s recorded so far are kept. Press a to answer "
            "again (the microphone is looked for again), then t to type instead."
        ]
        assert attempt.audio_path is not None
        info = inspect_wav(attempt.audio_path)
        assert info.is_consistent
        assert info.declared_data_bytes == round(attempt.seconds * RATE) * 2
        (row,) = history.attempts()
        assert (row.status, row.duration_seconds) == ("interrupted", attempt.seconds)

        private_audio.start(rescan=False)  # the device is back
        await pilot.press("a")
        await wait_in_app(pilot, lambda: isinstance(app.screen, PracticeScreen))
        again = app.screen
        assert isinstance(again, PracticeScreen)
        await wait_in_app(pilot, lambda: again.phase is Phase.THINKING)
        await pilot.press("space")
        await wait_in_app(pilot, lambda: again.phase is Phase.RECORDING)
        private_audio.play(CLIP).wait(timeout=30)
        await pilot.pause(0.3)
        await pilot.press("space")
        await wait_in_app(pilot, lambda: isinstance(app.screen, ReviewScreen))
        second = app.screen
        assert isinstance(second, ReviewScreen)
        assert second.attempt.status == "complete"
        assert second.attempt.audio_path is not None
        recorded, _ = read_wav_int16(second.attempt.audio_path)
        assert find_exact(recorded, clip) is not None
        rows = sorted(history.attempts(), key=lambda row: row.id)
        assert [row.status for row in rows] == ["interrupted", "complete"]
        await wait_in_app(pilot, lambda: second.attempt.transcript is not None)
        await pilot.pause(0.3)


def test_replay_ends_with_an_error_when_the_speaker_is_killed(private_audio: VirtualAudio) -> None:
    player = Player.from_wav(CLIP)
    player.play()
    wait_for(lambda: player.position >= 1.0)
    private_audio.kill()
    assert player.wait(timeout=10)
    assert player.error == "the speaker stopped playing (unplugged or switched off?)"
    assert player.position < player.duration


def test_replay_ends_with_an_error_when_the_only_speaker_is_removed(
    quiet_audio: VirtualAudio,
) -> None:
    player = Player.from_wav(CLIP)
    player.play()
    wait_for(lambda: player.position >= 1.0)
    index, arguments = find_module(quiet_audio, "module-null-sink", "sink_name=vmic_sink")
    pactl(quiet_audio, "unload-module", index)  # no other sink to move the stream to
    try:
        assert player.wait(timeout=10)
        assert player.error == "the speaker stopped playing (unplugged or switched off?)"
        assert player.position < player.duration
    finally:
        player.stop()
        restore_quiet_devices(quiet_audio, arguments)


def restore_quiet_devices(server: VirtualAudio, sink_arguments: str) -> None:
    """Load the null sink (and the remap source that went with it) back, as the defaults."""
    pactl(server, "load-module", "module-null-sink", *sink_arguments.split())
    if "source_name=vmic\t" not in pactl(server, "list", "short", "sources"):
        pactl(server, "load-module", "module-remap-source", "master=vmic_sink.monitor",
              "source_name=vmic", f"rate={RATE}", "channels=1", "format=s16le",
              "channel_map=mono", "master_channel_map=mono",
              "source_properties=device.description=vmic")  # fmt: skip
    pactl(server, "set-default-sink", "vmic_sink")
    pactl(server, "set-default-source", "vmic")


def test_question_read_aloud_ends_with_an_error_when_the_speaker_is_killed(
    private_audio: VirtualAudio,
) -> None:
    speaker = Speaker(Synthesizer())
    try:
        utterance = speaker.speak("This question is long enough to outlast the speaker. " * 6)
        wait_for(lambda: utterance._player is not None and utterance._player.position >= 1.0)
        private_audio.kill()
        assert utterance.wait(timeout=PROGRESS_TIMEOUT)
        assert not utterance.completed
        assert utterance.error is not None
        assert "speaker stopped playing" in str(utterance.error)
    finally:
        speaker.close()
