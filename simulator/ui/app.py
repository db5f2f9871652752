"""The application: owns the practice service and moves between screens."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from simulator.bank import Question, QuestionBank
from simulator.practice import DOCTOR_HINT, Attempt, Practice, SessionRun
from simulator.practice.errors import transcription_failures
from simulator.settings import Settings, SettingsFileError
from simulator.settings.file import write_setting
from simulator.ui.messages import (
    AgainChosen,
    AnswerAbandoned,
    AnswerOpened,
    AnswerRecorded,
    AttemptOpened,
    AttemptTranscribed,
    ComparisonChosen,
    DrillChosen,
    HomeChosen,
    NextChosen,
    PracticeChosen,
    ProgressChosen,
    ReviewLeft,
    TranscriptionProgressed,
    TranscriptionRequested,
)
from simulator.ui.screens.home import HomeScreen
from simulator.ui.settings_host import SettingsHost

if TYPE_CHECKING:
    from simulator.audio.live import LiveTranscriber

# The other screens are imported where they are opened: the first frame waits for nothing
# but the home screen (start-up is measured in benchmarks/ui.py).


class InterviewApp(SettingsHost):
    """interview-sim's full-screen app (its settings screen: `SettingsHost`). Engines come in
    through `practice`, so tests choose."""

    CSS_PATH = "app.tcss"
    TITLE = "interview-sim"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key, per screen"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave interview-sim"),
    ]

    def __init__(
        self,
        bank: QuestionBank,
        settings: Settings,
        practice: Practice,
        notices: Iterable[str] = (),
        start_speech: bool = False,
        start_drill: bool = False,
    ) -> None:
        """`start_speech`: start text-to-speech (voice and rate of `settings`) after the first
        frame, unless the settings say not to read aloud. `start_drill`: open in a drill.

        The settings' problems (a broken settings file) are shown first among the notices.
        """
        super().__init__()
        self.bank = bank
        self.settings = settings
        self.practice = practice
        self.muted = not settings.speech.read_aloud
        self.live_transcript = settings.practice.live_transcript
        self.theme = settings.ui.theme
        self._notices = list(notices)
        self._start_speech = start_speech
        self._start_drill = start_drill
        self.sub_title = bank.title

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.bank))
        for problem in self.settings.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=15)
        for notice in self._notices:
            self.notify(notice, timeout=10)
        if self._start_drill:
            self.begin_drill()
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        """After the first frame: load the model, and take start-up objects out of the GC.

        A full garbage collection walks every object on the UI thread (measured: 23-50 ms
        with ~75k objects, most from imports); frozen objects are never walked again.
        """
        gc.freeze()
        if self._start_speech and self.settings.speech.read_aloud:  # else muted for the run
            self.start_speech(self.settings.speech.voice, self.settings.speech.rate)
        self.warm_up_engine()
        self.transcribe_left_over()

    def on_unmount(self) -> None:
        self.practice.close_speech()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette lists every action of the current screen, then the app's."""
        yield from super().get_system_commands(screen)
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and active.enabled:
                yield SystemCommand(
                    f"{binding.description} ({key})",
                    binding.tooltip or binding.description,
                    lambda action=binding.action, node=active.node: self.run_action(action, node),
                )

    # navigation: the screens say what the person chose, the app decides where it leads

    def start_practice(self, questions: list[Question], drill: bool = False) -> None:
        from simulator.ui.screens.practice import PracticeScreen

        run = SessionRun(list(questions), drill=drill)
        self.muted = not self.settings.speech.read_aloud
        self.push_screen(PracticeScreen(run))

    @on(PracticeChosen)
    def _practice_chosen(self, message: PracticeChosen) -> None:
        self.start_practice(message.questions, message.drill)

    @on(DrillChosen)
    def begin_drill(self) -> None:
        """A drill of the questions due now (the order `interview-sim due` lists), or a notice
        that nothing is due."""
        questions = self.practice.drill()
        if questions:
            self.start_practice(questions, drill=True)
            return
        soonest = min(self.practice.plan(), key=lambda s: s.due, default=None)
        when = f" The next is due {soonest.due.astimezone():%a %d %b %H:%M}." if soonest else ""
        self.notify(f"Nothing is due now.{when}", title="Drill")

    @on(AnswerRecorded)
    def _answer_recorded(self, message: AnswerRecorded) -> None:
        """The answer is in: show it, and finish its transcript in the background."""
        from simulator.ui.screens.review import ReviewScreen

        attempt = message.attempt
        if attempt.notice:
            self.notify(attempt.notice, severity="error", timeout=15)
            attempt.notice = None
        if attempt.audio_path is not None:
            self.transcribe(attempt, message.live)
        self.switch_screen(ReviewScreen(message.run, attempt))

    @on(AgainChosen)
    def _again_chosen(self, message: AgainChosen) -> None:
        from simulator.ui.screens.practice import PracticeScreen

        self.switch_screen(PracticeScreen(message.run))

    @on(NextChosen)
    def _next_chosen(self, message: NextChosen) -> None:
        from simulator.ui.screens.practice import PracticeScreen
        from simulator.ui.screens.summary import SummaryScreen

        run = message.run
        if run.has_next:
            run.advance()
            self.switch_screen(PracticeScreen(run))
        else:
            self.switch_screen(SummaryScreen(run))

    @on(AnswerOpened)
    def _answer_opened(self, message: AnswerOpened) -> None:
        from simulator.ui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(message.run, message.attempt))

    @on(ReviewLeft)
    def _review_left(self) -> None:
        from simulator.ui.screens.history import HistoryScreen
        from simulator.ui.screens.summary import SummaryScreen

        below = self.screen_stack[-2] if len(self.screen_stack) > 2 else None
        if isinstance(below, SummaryScreen | HistoryScreen):
            self.pop_screen()
        else:
            self.go_home()

    @on(AttemptOpened)
    def _attempt_opened(self, message: AttemptOpened) -> None:
        from simulator.ui.screens.review import ReviewScreen

        attempt = message.attempt
        self.push_screen(ReviewScreen(SessionRun([attempt.question], attempts=[attempt]), attempt))

    @on(ComparisonChosen)
    def _comparison_chosen(self, message: ComparisonChosen) -> None:
        from simulator.ui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(message.earlier, message.later))

    @on(ProgressChosen)
    def _progress_chosen(self) -> None:
        from simulator.ui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    @on(TranscriptionRequested)
    def _transcription_requested(self, message: TranscriptionRequested) -> None:
        self.transcribe(message.attempt)

    def action_history(self) -> None:
        from simulator.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    @on(AnswerAbandoned)
    @on(HomeChosen)
    def go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    # what the screens read and change

    @property
    def live_transcript_shown(self) -> bool:
        return self.live_transcript

    def toggle_live_transcript(self) -> None:
        """Show or hide the transcript while answering; remembered as `[practice]
        live_transcript` in the settings file (when the app was given one)."""
        self.live_transcript = not self.live_transcript
        self.settings = self.settings.saved({"practice.live_transcript": self.live_transcript})
        self.notify("Live transcript " + ("shown." if self.live_transcript_shown else "hidden."))
        self.save_live_transcript(self.live_transcript)

    @work(thread=True, exclusive=True, group="settings-file")
    def save_live_transcript(self, shown: bool) -> None:
        if self.settings.file is None:
            return
        try:
            write_setting(self.settings.file, "practice.live_transcript", shown)
        except (SettingsFileError, OSError) as error:
            self.call_from_thread(self.notify, f"Not remembered for the next run: {error}",
                                  severity="warning", timeout=10)  # fmt: skip

    def action_help(self) -> None:
        from simulator.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # background work

    @work(thread=True, exclusive=True, group="speech-start")
    def start_speech(self, voice: str | None, rate: int) -> None:
        notice = self.practice.start_speech(voice, rate)
        if notice:
            self.call_from_thread(self.notify, notice, severity="warning", timeout=10)

    @work(thread=True, exclusive=True, group="engine")
    def warm_up_engine(self) -> None:
        """Load the speech-to-text model now, so the first answer does not wait for it."""
        self.practice.load_engine()

    @work(thread=True, group="transcribe")
    def transcribe(self, attempt: Attempt, live: LiveTranscriber | None = None) -> None:
        def progressed(fraction: float) -> None:
            self._post_to_screens(TranscriptionProgressed(attempt, fraction))

        try:
            transcript = self.practice.transcribe(attempt, progressed, live)
        except transcription_failures() as error:
            attempt.transcribe_error = str(error)
            self._post_to_screens(AttemptTranscribed(attempt, None, str(error)))
            return
        if attempt.notice:
            self.call_from_thread(self.notify, attempt.notice, severity="error", timeout=15)
            attempt.notice = None
        self._post_to_screens(AttemptTranscribed(attempt, transcript, None))

    @work(thread=True, exclusive=True, group="left-over")
    def transcribe_left_over(self) -> None:
        """Transcribe, unasked, the answers a killed copy of the app left without a transcript."""
        attempts = self.practice.left_untranscribed()
        if not attempts:
            return
        count = f"{len(attempts)} answer{'s' if len(attempts) > 1 else ''}"
        self.call_from_thread(
            self.notify, f"Transcribing {count} left untranscribed by a crash…", timeout=10
        )
        failures = []
        for attempt in attempts:
            try:
                transcript = self.practice.transcribe(attempt)
            except transcription_failures() as error:
                failures.append(str(error))
                continue
            self._post_to_screens(AttemptTranscribed(attempt, transcript, None))
        if failures:
            self.call_from_thread(
                self.notify, f"Not transcribed: {failures[0]}; press t in the history (h) to "
                f"try again, or {DOCTOR_HINT}.", severity="error", timeout=15,
            )  # fmt: skip
        else:
            self.call_from_thread(
                self.notify, f"Transcribed {count} left by a crash: see the history (h).",
                timeout=10,
            )  # fmt: skip

    def _post_to_screens(self, message: AttemptTranscribed | TranscriptionProgressed) -> None:
        """Tell the screen in front; screens behind read the attempt again when they resume."""
        self.call_from_thread(lambda: self.screen.post_message(message))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """One error path for every worker: a readable notice, never a traceback."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "engine":
            notice = self.practice.fall_back_to_sphinx(error)
            self.notify(notice, severity="warning", timeout=12)
        else:
            self.notify(f"Something went wrong: {error}", severity="error", timeout=12)
