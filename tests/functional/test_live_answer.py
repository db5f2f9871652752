"""A long answer in the real app: the words appear under the countdown while they are spoken,
and the review's transcript is the one the recording gives through the file path."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from simulator.audio.speech import Synthesizer
from simulator.audio.transcribe import load_audio
from simulator.bank import load_bank
from simulator.practice import question_hints
from simulator.practice.startup import start_practice
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.practice import Phase, PracticeScreen
from simulator.ui.screens.review import ReviewScreen
from simulator.ui.widgets.live_transcript import LiveTranscript
from tests.conftest import SHIPPED_BANK
from tests.functional.test_end_to_end import wait_until
from tests.speech_corpus import normalize, word_error_rate
from tests.virtual_audio import VirtualAudio

pytestmark = [pytest.mark.audio, pytest.mark.slow]
ANSWER_IDS = ("event-driven-architecture", "distributed-tracing", "api-versioning")


async def test_a_minute_long_answer_is_on_screen_before_the_stop(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    bank_text = SHIPPED_BANK.read_text().replace("think_seconds = 10", "think_seconds = 0")
    (tmp_path / "bank.toml").write_text(bank_text)
    bank = load_bank(tmp_path / "bank.toml")
    said = " ".join(bank.get(i).sample_answer.strip() for i in ANSWER_IDS)
    synthesizer = Synthesizer("gmw/en-us-nyc", 150)  # not the tests' voice
    try:
        answer = synthesizer.to_wav(said, tmp_path / "answer.wav")
    finally:
        synthesizer.close()
    assert load_audio(answer).seconds >= 60
    settings = Settings(bank.path, tmp_path / "recordings")
    practice, notices = start_practice(bank, settings)
    assert notices == []
    practice.engine.load()
    app = InterviewApp(bank, settings, practice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "down", "enter")  # not read aloud: the microphone opens at once
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await wait_until(pilot, lambda: screen.phase is Phase.WAITING, timeout=20)
        player = virtual_audio.play(answer)
        await wait_until(pilot, lambda: screen.phase is Phase.RECORDING, timeout=20)
        seen: list[str] = []
        while player.poll() is None:
            await pilot.pause(1.0)
            seen.append(str(screen.query_one("#live-text", LiveTranscript).render()))
        await pilot.pause(1.5)
        on_screen = str(screen.query_one("#live-text", LiveTranscript).render())
        live_before_stop = screen.session.live_progress if screen.session else None
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), timeout=10)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await wait_until(pilot, lambda: review.attempt.feedback is not None, timeout=120)
        final = review.attempt.transcript
        assert final is not None and review.attempt.audio_path is not None
        shown = str(review.query_one("#answer-text", Static).render())
    # the screen grew while speaking: several different pictures, the last one the latest words
    assert len(set(seen)) >= 5
    assert live_before_stop is not None
    assert len(live_before_stop.text.split()) >= 0.75 * len(final.text.split())
    last_line = on_screen.splitlines()[-2]  # the line above the status line
    assert normalize(last_line) in normalize(live_before_stop.text)
    status = on_screen.splitlines()[-1]  # says what the text is, or how far behind it is
    behind = " s behind: catching up (the rest after you stop)"
    assert "Live transcript" in status or behind in status
    # the final transcript is the file path's, and it is what the review shows
    hints = question_hints(bank.get("event-driven-architecture"))
    from_file = practice.engine.transcribe(load_audio(review.attempt.audio_path), hints)
    assert word_error_rate(from_file.text, final.text) <= 0.02
    assert word_error_rate(said, final.text) <= 0.18  # measured 0.12 on this voice
    assert normalize(final.text.split()[-1]) in normalize(shown)
