"""Recordings on a small tmpfs that fills mid-answer: one clear message, the audio so far kept,
the history consistent with the files, earlier recordings untouched, and the app goes on."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.audio.wav import inspect_wav, read_wav_int16
from simulator.bank import load_bank
from simulator.practice.startup import start_practice
from simulator.storage.history import HISTORY_FILE, History
from tests.audio.sound_checks import find_exact
from tests.conftest import SHIPPED_BANK
from tests.faults.conftest import app_env, no_traceback, sphinx_settings
from tests.speech_corpus import human_clips
from tests.virtual_audio import VirtualAudio

pytestmark = [pytest.mark.audio]
CLIP = human_clips()[0]
EARLIER = human_clips()[1]
FREE_BYTES = 100_000
"""Left free once the app has started: about 3 s of 16 kHz mono 16-bit audio."""


def fill(folder: Path, leave: int) -> Path:
    """A file taking all the space of `folder`'s filesystem but `leave` bytes."""
    filler = folder / "filler.bin"
    with filler.open("wb") as out:
        out.write(b"\0" * max(0, shutil.disk_usage(folder).free - leave))
    return filler


def seconds_of(path: Path) -> float:
    return inspect_wav(path).actual_data_bytes / 32_000


def test_disk_full_mid_answer_keeps_the_audio_so_far_and_says_so(
    virtual_audio: VirtualAudio,
    tmp_path: Path,
    tmpfs,
    terminals,  # type: ignore[no-untyped-def]
) -> None:
    recordings = tmpfs(tmp_path / "rec", size="500k")
    earlier = recordings / "20250101-090000" / "cap-theorem-1.wav"
    earlier.parent.mkdir()
    shutil.copyfile(EARLIER.path, earlier)
    history = History(recordings / HISTORY_FILE)
    earlier_id = history.add_attempt(
        "20250101-090000",
        "cap-theorem",
        "q",
        "t",
        "complete",
        earlier,
        duration_seconds=seconds_of(earlier),
    )
    history.close()

    app = terminals()
    app.start(
        ["--engine", "sphinx", "--recordings", str(recordings)],
        app_env(tmp_path, virtual_audio.client_env),
        keep_open=True,
    )
    app.wait_for("OBSERVABILITY")
    filler = fill(recordings, FREE_BYTES)
    app.keys("Down", "Enter")
    app.wait_for("Think time")
    app.keys("Space")
    app.wait_for("REC")
    player = virtual_audio.play(CLIP.path)
    text = app.wait_for("The disk is full", "were kept", timeout=30)
    player.wait(timeout=15)
    kept_said = float(re.search(r"the first (\d+\.\d) s were kept", text).group(1))  # type: ignore[union-attr]
    assert "interview-sim doctor" in text
    no_traceback(app)
    app.keys("Escape")
    app.wait_for("OBSERVABILITY")  # the app goes on: back on the home screen
    app.keys("q")
    app.wait_for("EXITED 0")
    no_traceback(app)

    # what is on disk: the audio so far, a valid WAV, the beginning of the answer as spoken
    history = History(recordings / HISTORY_FILE)
    (new,) = [r for r in history.attempts() if r.id != earlier_id]
    history.close()
    assert new.audio_path is not None and inspect_wav(new.audio_path).is_consistent
    kept = seconds_of(new.audio_path)
    assert kept == pytest.approx(kept_said, abs=0.06)
    assert 0.5 < kept < 4.0
    samples, _ = read_wav_int16(new.audio_path)
    clip, _ = read_wav_int16(CLIP.path)
    assert find_exact(samples, clip[:4_000]) is not None
    assert new.status in ("interrupted", "recording")  # the row may not have been writable

    # at the next start (space freed) the history agrees with the file; nothing earlier lost
    filler.unlink()
    bank = load_bank(SHIPPED_BANK)
    practice, _notices = start_practice(bank, sphinx_settings(recordings), speech_now=False)
    after = practice.history.attempt(new.id)
    assert after.status == "interrupted"
    assert after.duration_seconds == pytest.approx(kept, abs=0.01)
    assert earlier.read_bytes() == EARLIER.path.read_bytes()
    assert practice.history.attempt(earlier_id).status == "complete"
    practice.close()
    practice.history.close()


def test_a_wav_writer_stopped_by_a_full_disk_leaves_a_valid_file(tmp_path: Path, tmpfs) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from simulator.audio.wav import StreamingWavWriter

    folder = tmpfs(tmp_path / "small", size="64k")
    writer = StreamingWavWriter(folder / "answer.wav", 16_000)
    block = (np.arange(1_600, dtype=np.int16) % 200 - 100).astype(np.int16)
    with pytest.raises(OSError):
        for _ in range(100):  # 100 x 3.2 KB: more than the 64 KB filesystem holds
            writer.write(block)
    with pytest.raises(OSError):
        writer.close()
    writer.close()  # a second close is harmless
    info = inspect_wav(folder / "answer.wav")
    assert info.is_consistent and info.actual_data_bytes > 32_000
    samples, _ = read_wav_int16(folder / "answer.wav")
    assert np.array_equal(samples[:1_600], block)  # what was written is intact
