"""The practice loop's logic with scripted engines: phases, keys, session, typed answers."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from simulator.bank import QuestionBank, load_bank
from simulator.settings import Settings
from simulator.storage.history import History
from simulator.ui.app import InterviewApp
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import Phase, PracticeScreen
from simulator.ui.screens.review import ReviewScreen
from simulator.ui.screens.summary import SummaryScreen
from simulator.ui.widgets.transcript_view import TranscriptView, locate_words, render
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import (
    ScriptedEngine,
    ScriptedSpeech,
    record_answer,
    scripted_practice,
)


def make_app(tmp_path: Path, hold_speech: bool = False) -> InterviewApp:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path, hold_speech=hold_speech)
    return InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), practice)


def short_bank(tmp_path: Path) -> QuestionBank:
    text = SHIPPED_BANK.read_text().replace("think_seconds = 10", "think_seconds = 0")
    path = tmp_path / "bank.toml"
    path.write_text(text)
    return load_bank(path)


async def test_question_is_read_aloud_then_think_time(tmp_path: Path) -> None:
    app = make_app(tmp_path, hold_speech=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        speech = app.practice.speech
        assert isinstance(speech, ScriptedSpeech)
        await pilot.pause(0.1)
        assert speech.spoken == [screen.question.text]
        assert screen.phase is Phase.SPEAKING
        await pilot.press("r")
        await pilot.pause(0.1)
        assert speech.spoken == [screen.question.text] * 2
        assert speech.current is not None
        speech.current.finished.set()
        await pilot.pause(0.2)
        assert screen.phase is Phase.THINKING


async def test_mute_stops_speech_for_the_rest_of_the_run(tmp_path: Path) -> None:
    app = make_app(tmp_path, hold_speech=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("m")
        await pilot.pause(0.2)
        assert app.muted
        assert isinstance(app.screen, PracticeScreen) and app.screen.phase is Phase.THINKING


async def test_space_records_then_review_shows_transcript_beside_sample(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    engine = app.practice.engine
    assert isinstance(engine, ScriptedEngine)
    engine.release.clear()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("space")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.phase is Phase.RECORDING
        assert screen.has_class("-recording")
        await pilot.press("space")
        await pilot.pause(0.3)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "Transcribing" in str(review.query_one("#answer-text", Static).render())
        engine.release.set()
        await pilot.pause(0.5)
        answer = str(review.query_one("#answer-text", Static).render())
        assert "an answer about kafka and events" in answer
        sample = str(review.query_one("#sample-text", Static).render())
        assert sample.startswith("Designing a distributed tracing system")
        assert review.attempt.audio_path is not None and review.attempt.audio_path.exists()
        assert review.attempt.audio_path.parent.parent == tmp_path
        assert review.attempt.audio_path.name == "distributed-tracing-1.wav"
        await pilot.press("tab")
        assert app.focused is review.query_one("#sample-pane")
        await pilot.press("a")
        await pilot.pause(0.2)
        assert isinstance(app.screen, PracticeScreen)
    stored = History(tmp_path / "history.sqlite3").attempts("distributed-tracing")
    assert [a.transcript for a in stored] == ["an answer about kafka and events"]


async def test_escape_abandons_after_a_confirm(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("space")
        await pilot.pause(0.2)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("escape", "y")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HomeScreen)
    (stored,) = History(tmp_path / "history.sqlite3").attempts()
    assert stored.status == "abandoned"
    assert stored.audio_path is not None and stored.audio_path.exists()


async def test_session_runs_questions_in_a_row_and_ends_on_a_summary(tmp_path: Path) -> None:
    bank = short_bank(tmp_path)
    practice = scripted_practice(bank, tmp_path / "rec")
    app = InterviewApp(bank, Settings(bank.path, tmp_path / "rec"), practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"apis", "enter", "s")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert "1 / 2" in str(screen.query_one("#practice-topic").render())
        for _ in range(2):
            await pilot.pause(0.2)
            await pilot.press("space")
            await pilot.pause(0.4)
            assert isinstance(app.screen, ReviewScreen)
            await pilot.press("n")
            await pilot.pause(0.2)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        table = summary.query_one("#summary", DataTable)
        assert table.row_count == 2
        shown = [str(table.get_row_at(i)[1]) for i in range(2)]
        for text, question_id in zip(
            shown, ["api-versioning", "graphql-optimization"], strict=True
        ):
            assert bank.get(question_id).text.startswith(text.removesuffix("…"))  # cut to fit
        await pilot.press("down", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.attempt.question.id == "graphql-optimization"
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_typed_answer_by_choice(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("t", *"use jaeger", "ctrl+s")
        await pilot.pause(0.2)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "use jaeger" in str(review.query_one("#answer-text", Static).render())
        assert "Typed answer" in str(review.query_one("#playback").render())
    (stored,) = History(tmp_path / "history.sqlite3").attempts()
    assert (stored.status, stored.transcript, stored.audio_path) == ("typed", "use jaeger", None)


async def test_words_heard_unsure_are_in_italics_and_a_point_resting_on_them_says_so(
    tmp_path: Path,
) -> None:
    bank = load_bank(SHIPPED_BANK)
    said = "I would trace requests with Zipkin and put correlation IDs in logs"
    practice = scripted_practice(bank, tmp_path, said, unsure=frozenset({"Zipkin", "IDs"}))
    app = InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), practice)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # the first question: distributed tracing
        await record_answer(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        checklist = str(screen.query_one("#checklist", Static).render())
        lines = {line.split(" ", 1)[1]: line.split(" ", 1)[0] for line in checklist.splitlines()}
        assert lines["A tracing backend such as Jaeger or Zipkin (heard unsure: the words in "
                     "italics)"] == "✓?"  # fmt: skip
        # "correlation IDs": one of its two words was heard surely, so the tick stands
        assert lines["Correlation IDs in logs"] == "✓"
        assert lines["Instrument services to follow a request across components"] == "✓"
        view = screen.query_one("#answer-text", TranscriptView)
        drawn = render(view.text, view.words, locate_words(view.text, view.words))
        italic = {drawn.plain[span.start : span.end] for span in drawn.spans
                  if "italic" in str(span.style)}  # fmt: skip
        assert italic == {"Zipkin", "IDs"}
        assert "2 in italics: the recogniser was unsure of them" in view.footer


async def test_an_attempt_reopened_keeps_the_answering_time_it_had(tmp_path: Path) -> None:
    # answered with a 3-minute limit (as `--answer-seconds 180` gives), reopened with the bank's 2
    text = SHIPPED_BANK.read_text().replace("answer_seconds = 120", "answer_seconds = 180")
    (tmp_path / "long.toml").write_text(text)
    long_bank = load_bank(tmp_path / "long.toml")
    app = InterviewApp(
        long_bank, Settings(SHIPPED_BANK, tmp_path), scripted_practice(long_bank, tmp_path)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await record_answer(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.attempt.feedback is not None
        assert app.screen.attempt.feedback.delivery.limit_seconds == 180
    practice = scripted_practice(load_bank(SHIPPED_BANK), tmp_path)
    (summary,) = practice.summaries()
    for _ in range(2):  # and the second time, from what the first reopening stored
        reopened = practice.open_attempt(summary.record.id)
        assert reopened.feedback is not None
        assert reopened.feedback.delivery.limit_seconds == 180
