"""A typed answer has no speaking time, pace or pauses: no screen or report gives it one."""

from __future__ import annotations

from pathlib import Path

from simulator.bank import load_bank
from simulator.feedback import assess
from simulator.practice import Attempt
from simulator.report import render, session_entries
from simulator.storage.history import History
from simulator.ui.screens.compare import figures


def test_a_typed_answer_shows_no_pace_in_the_comparison_or_the_report(tmp_path: Path) -> None:
    bank = load_bank(Path(__file__).resolve().parents[2] / "questions.toml")
    question = bank.questions[0]
    text = question.sample_answer  # typed in 20 s: as speech that would be hundreds of wpm
    history = History(tmp_path / "history.sqlite3")
    history.add_session("s1", str(bank.path))
    attempt_id = history.add_typed("s1", question.id, question.text, question.topic, text, 20.0)
    feedback = assess(question, text)
    history.set_feedback(attempt_id, feedback.to_dict())

    attempt = Attempt(attempt_id, "s1", question, 1, None, status="typed", seconds=20.0,
                      typed_text=text, feedback=feedback)  # fmt: skip
    line = figures(attempt)
    assert "typed" in line and "wpm" not in line
    assert f"score {feedback.content.score}" in line

    report = render("s1", session_entries(history.attempts(), bank), "md")
    assert "typed" in report and "wpm" not in report
    assert f"score {feedback.content.score}/100" in report
