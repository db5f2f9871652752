"""Replay that follows the words, heard through the virtual speaker; kill -9 mid-answer."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from simulator.audio.transcribe import WhisperEngine, load_audio
from simulator.audio.wav import inspect_wav, read_wav_int16
from simulator.bank import load_bank
from simulator.practice import Attempt
from simulator.practice.startup import start_practice
from simulator.settings import Settings
from simulator.storage.history import HISTORY_FILE, History
from simulator.ui.app import InterviewApp
from simulator.ui.screens.review import ReviewScreen
from simulator.ui.widgets.transcript_view import TranscriptView, word_at
from tests.audio.sound_checks import find_exact
from tests.conftest import REPO_ROOT, SHIPPED_BANK
from tests.functional.scripted import scripted_practice
from tests.functional.test_end_to_end import wait_until
from tests.speech_corpus import human_clips, normalize
from tests.virtual_audio import VirtualAudio

pytestmark = [pytest.mark.audio, pytest.mark.slow]
CLIP = human_clips()[0]


async def test_replay_highlights_the_spoken_word_and_plays_from_a_chosen_word(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    audio = tmp_path / "s1" / "distributed-tracing-1.wav"
    audio.parent.mkdir()
    shutil.copyfile(CLIP.path, audio)
    transcript = WhisperEngine().transcribe(load_audio(audio))
    attempt_id = practice.history.add_attempt(
        "s1", "distributed-tracing", "q", "Observability", "complete", audio, duration_seconds=7.1
    )
    practice.history.set_transcript(attempt_id, transcript.text, "whisper", "base",
                                    transcript.to_dict())  # fmt: skip
    app = InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), practice)
    capture = virtual_audio.record_monitor(tmp_path / "heard.wav")
    time.sleep(0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause(0.2)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        view = review.query_one("#answer-text", TranscriptView)
        assert view.words == transcript.words
        await pilot.press("p")
        await pilot.pause(2.0)
        assert review.player is not None
        position = review.player.position
        assert view.playing is not None
        expected = word_at(transcript.words, position)
        assert expected is not None and abs(view.playing - expected) <= 1
        await wait_until(pilot, lambda: bool(review.player and review.player.finished.is_set()),
                         timeout=15)  # fmt: skip
        await pilot.pause(0.3)
        await pilot.press("w", "w", "w", "w")
        chosen = view.cursor_word()
        assert chosen == transcript.words[3]
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert chosen.start < review.player.position < chosen.start + 1.0
    capture.terminate()
    capture.wait(timeout=5)
    heard, _ = read_wav_int16(tmp_path / "heard.wav")
    clip, _ = read_wav_int16(CLIP.path)
    start = find_exact(heard, clip[:8_000])
    assert start is not None  # the recording reached the speaker, sample for sample
    loud = np.flatnonzero(np.abs(heard[start : start + len(clip) + 8_000].astype(np.int32)) > 64)
    assert abs(loud[-1] - loud[0] - len(clip)) < 0.3 * 16_000  # and all of it was played


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def test_kill_9_mid_answer_loses_at_most_a_second(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    recordings = tmp_path / "rec"
    session = f"interview-sim-crash-{os.getpid()}"
    env = [f"-e{k}={v}" for k, v in virtual_audio.client_env.items()]
    command = f"exec {sys.executable} -m simulator --engine sphinx --recordings {recordings}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", *env, "-c", str(REPO_ROOT),
         command)  # fmt: skip
    try:
        pid = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").strip())
        time.sleep(2.0)
        tmux("send-keys", "-t", session, "Down", "Enter")
        deadline = time.monotonic() + 30
        while "Think time" not in tmux("capture-pane", "-t", session, "-p"):
            assert time.monotonic() < deadline, tmux("capture-pane", "-t", session, "-p")
            time.sleep(0.1)
        tmux("send-keys", "-t", session, "Space")
        while "REC" not in tmux("capture-pane", "-t", session, "-p"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        recording_since = time.monotonic()
        player = virtual_audio.play(CLIP.path)
        time.sleep(4.0)
        os.kill(pid, signal.SIGKILL)
        killed_after = time.monotonic() - recording_since
        player.wait(timeout=10)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)

    (left,) = History(recordings / HISTORY_FILE).attempts()
    assert left.status == "recording" and left.audio_path is not None

    bank = load_bank(SHIPPED_BANK)
    practice, notices = start_practice(bank, Settings(SHIPPED_BANK, recordings))
    assert "1 interrupted attempt(s) recovered: find them in the history (h)." in notices
    (recovered,) = practice.history.attempts()
    assert recovered.status == "interrupted"
    assert inspect_wav(left.audio_path).is_consistent
    kept = len(read_wav_int16(left.audio_path)[0]) / 16_000
    assert killed_after - 1.0 <= kept <= killed_after + 0.2
    assert recovered.duration_seconds == pytest.approx(kept, abs=0.01)
    transcript = practice.transcribe(Attempt.from_record(recovered, bank))
    assert "dashwood" in normalize(transcript.text)
    assert practice.history.attempt(recovered.id).transcript == transcript.text
