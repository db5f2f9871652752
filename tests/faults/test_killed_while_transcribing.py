"""kill -9 after the answer ended but before its transcript was stored: at the next start the
attempt is found and transcribed in the background, unasked, and the history says so."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.bank import load_bank
from simulator.practice import Practice
from simulator.storage.history import HISTORY_FILE, AttemptRecord, History
from simulator.storage.sessions import reserve_session
from tests.conftest import SHIPPED_BANK
from tests.faults.conftest import app_env, no_traceback
from tests.functional.scripted import ScriptedEngine
from tests.speech_corpus import human_clips, normalize
from tests.virtual_audio import VirtualAudio

CLIP = human_clips()[0]


def test_only_complete_answers_of_dead_sessions_count_as_left_by_a_crash(tmp_path: Path) -> None:
    history = History(tmp_path / HISTORY_FILE)
    live = reserve_session(tmp_path, "20260301-120000")  # a copy still running: its own work

    def spoken(session: str, status: str, name: str) -> int:
        wav = tmp_path / session / f"{name}-1.wav"
        wav.parent.mkdir(exist_ok=True)
        shutil.copyfile(CLIP.path, wav)
        return history.add_attempt(session, name, "q", "t", status, wav)

    left = spoken("20260301-100000", "complete", "cap-theorem")
    spoken("20260301-100000", "interrupted", "rest-vs-grpc")  # the person chooses (t)
    spoken(live.session_id, "complete", "distributed-tracing")
    done = spoken("20260301-100000", "complete", "distributed-data-consistency")
    history.set_transcript(done, "words", "whisper", "base", {"text": "words"})
    history.add_typed("20260301-100000", "cap-theorem", "q", "t", "typed words", 3.0)
    gone = history.add_attempt("20260301-100000", "sharding", "q", "t", "complete",
                               tmp_path / "20260301-100000" / "sharding-1.wav")  # fmt: skip
    assert gone
    practice = Practice(load_bank(SHIPPED_BANK), tmp_path, history, ScriptedEngine("x"), None)
    assert [a.id for a in practice.left_untranscribed()] == [left]
    practice.close()
    live.release()


def latest(recordings: Path) -> AttemptRecord:
    history = History(recordings / HISTORY_FILE)
    try:
        return history.attempts()[0]
    finally:
        history.close()


@pytest.mark.audio
@pytest.mark.slow
def test_an_answer_killed_before_its_transcript_is_transcribed_at_the_next_start(
    virtual_audio: VirtualAudio,
    tmp_path: Path,
    terminals,  # type: ignore[no-untyped-def]
) -> None:
    recordings = tmp_path / "rec"
    env = app_env(tmp_path, virtual_audio.client_env)
    args = ["--recordings", str(recordings)]  # the real whisper engine
    for _try in range(3):
        app = terminals()
        app.start(args, env)
        app.wait_for("OBSERVABILITY", timeout=60)
        app.keys("Down", "Enter")
        app.wait_for("Think time")
        app.keys("Space")
        app.wait_for("REC")
        virtual_audio.play(CLIP.path).wait(timeout=20)
        app.keys("Space")
        app.wait_for("Transcribing")  # the review screen: the transcript is being made
        app.kill_9()
        left = latest(recordings)
        if left.transcript is None:
            break  # killed in time; otherwise the transcription won the race: again
        app.close()
    assert left.status == "complete" and left.transcript is None
    assert left.audio_path is not None and left.audio_path.is_file()

    again = terminals()
    again.start(args, env, keep_open=True)
    again.wait_for("Transcribing 1 answer left untranscribed by a crash…", timeout=60)
    again.wait_for("Transcribed 1 answer left by a crash: see the history (h).", timeout=120)
    after = History(recordings / HISTORY_FILE).attempt(left.id)
    assert after.transcript is not None and "dashwood" in normalize(after.transcript)
    assert after.engine == "whisper" and after.feedback_data is not None
    again.keys("h")  # the history screen: the row is complete with a score, not untranscribed
    # the rows are read in a worker: wait for the row, not just the header
    table = again.wait_for("Spoken Score Status", " complete").partition("Spoken Score Status")[2]
    assert re.match(r" \S+ \S+ .+ 0:0\d \d+ complete( |$)", table), table
    assert "complete, untranscribed" not in table
    no_traceback(again)
    again.keys("q")
    again.wait_for("EXITED 0")
