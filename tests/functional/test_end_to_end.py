"""The whole practice loop with the real engines and the PulseAudio virtual microphone."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from simulator.audio.speech import Synthesizer
from simulator.bank import load_bank
from simulator.practice.startup import start_practice
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.practice import Phase, PracticeScreen
from simulator.ui.screens.review import ReviewScreen
from simulator.ui.screens.summary import SummaryScreen
from tests.conftest import REPO_ROOT, SHIPPED_BANK
from tests.speech_corpus import normalize, word_error_rate
from tests.virtual_audio import VirtualAudio

pytestmark = [pytest.mark.audio, pytest.mark.slow]

SPOKEN_ANSWER = (
    "Event driven architecture relies on events and messages between services. I would use a "
    "message broker like Apache Kafka or RabbitMQ for asynchronous communication."
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True,
                          text=True, check=True, cwd=REPO_ROOT, timeout=120)  # fmt: skip


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.1)


async def test_answer_spoken_into_the_microphone_appears_beside_the_sample(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    answer_wav = Synthesizer().to_wav(SPOKEN_ANSWER, tmp_path / "spoken.wav")
    bank = load_bank(SHIPPED_BANK)
    settings = Settings(SHIPPED_BANK, tmp_path / "recordings")
    practice, notices = start_practice(bank, settings)
    assert notices == []
    app = InterviewApp(bank, settings, practice, notices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert screen.question.id == "event-driven-architecture"
        await wait_until(pilot, lambda: screen.phase is Phase.THINKING, timeout=30)
        await pilot.press("space")
        await wait_until(pilot, lambda: screen.phase is Phase.RECORDING, timeout=10)
        virtual_audio.play(answer_wav).wait(timeout=60)
        await pilot.pause(0.5)
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), timeout=10)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        view = review.query_one("#answer-text", Static)
        # the worker sets the transcript, assesses it, then tells the screen: wait for the screen
        await wait_until(pilot, lambda: "Transcribing" not in str(view.render()), timeout=120)
        transcript = review.attempt.transcript
        assert transcript is not None
        assert word_error_rate(SPOKEN_ANSWER, transcript.text) <= 0.15, transcript.text
        # the question was read aloud into the same sink: none of it may be in the answer
        assert "principles" not in normalize(transcript.text)
        shown = str(view.render())
        assert "Kafka" in shown and "RabbitMQ" in shown
        assert str(review.query_one("#sample-text", Static).render()) == (
            bank.get("event-driven-architecture").sample_answer
        )
        await pilot.press("p")
        await pilot.pause(1.0)
        assert review.player is not None and review.player.position > 0.3
        await pilot.press("space")
        paused_at = review.player.position
        await pilot.pause(0.5)
        assert review.player.position == paused_at
        assert review.attempt.audio_path is not None
        assert review.attempt.audio_path.is_relative_to(tmp_path / "recordings")

        # the feedback agrees everywhere: review, summary, history --json, report, command line
        feedback = review.attempt.feedback
        assert feedback is not None
        score = feedback.content.score
        assert score >= 40  # broker, asynchronous communication and events are covered
        shown = str(review.query_one("#feedback-summary", Static).render())
        assert f"Score {score}/100" in shown
        checklist = str(review.query_one("#checklist", Static).render())
        assert checklist.count("✓") == feedback.content.covered
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), timeout=5)
        table = app.screen.query_one("#summary", DataTable)
        assert table.get_row_at(0)[2] == str(score)
    recordings = ["--recordings", str(tmp_path / "recordings")]
    listed = json.loads(cli(*recordings, "history", "--json").stdout)
    assert listed[0]["score"] == score
    assert (
        listed[0]["feedback"]["coverage"] == json.loads(json.dumps(feedback.to_dict()))["coverage"]
    )
    report = json.loads(cli(*recordings, "export", "--format", "json").stdout)
    assert report["answers"][0]["content"]["score"] == score
    markdown = cli(*recordings, "export").stdout
    assert f"score {score}/100" in markdown
    assessed = json.loads(cli("feedback", "--question", "event-driven-architecture",
                              str(review.attempt.audio_path), "--json").stdout)  # fmt: skip
    assert assessed["feedback"]["content"]["score"] == score
