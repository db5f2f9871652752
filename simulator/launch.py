"""Run the app full screen with the real engines and a clean terminal."""

from __future__ import annotations

import sys

from simulator.audio.native_output import divert_native_stderr
from simulator.bank import QuestionBank
from simulator.practice.startup import start_practice
from simulator.settings import Settings, log_dir


def run_fullscreen(bank: QuestionBank, settings: Settings, start_drill: bool = False) -> int:
    """Run the app; native libraries' stderr goes to a log file, never onto the screen.

    `start_drill` opens it in a drill (of at most `[practice] drill_size` questions).
    """
    from simulator.ui.app import InterviewApp

    practice, notices = start_practice(bank, settings, speech_now=False)
    terminal = divert_native_stderr(log_dir() / "native.log")
    sys.stderr = terminal
    setattr(sys, "__stderr__", terminal)  # noqa: B010 - Textual's driver draws on sys.__stderr__
    app = InterviewApp(bank, settings, practice, notices, start_speech=True,
                       start_drill=start_drill)  # fmt: skip
    try:
        app.run()
    finally:
        practice.close()
    return app.return_code or 0
