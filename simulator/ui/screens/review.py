"""Review: the transcript beside the sample answer, and replay of the recording."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Label, ProgressBar, Static

from simulator.bank import KeyPoint
from simulator.feedback import Feedback
from simulator.practice import Attempt, AttemptRating, SessionRun
from simulator.practice.errors import PlaybackError
from simulator.schedule import RATING_KEYS, Rating
from simulator.timefmt import clock
from simulator.ui.messages import (
    AgainChosen,
    AttemptTranscribed,
    NextChosen,
    ReviewLeft,
    TranscriptionProgressed,
)
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.widgets.rating_line import RatingLine
from simulator.ui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from simulator.audio.player import Player

SEEK_SECONDS = 5.0


def describe_points(points: tuple[KeyPoint, ...]) -> Text:
    text = Text()
    for point in points:
        text.append(f"· {point.label}\n", style="dim")
    return text


def checklist_text(feedback: Feedback, unsure: Collection[str] = ()) -> Text:
    """One line per key point: covered in green with a tick, missed in red with a cross; a
    point covered only by words the recogniser was unsure of (labels in `unsure`) says so."""
    text = Text()
    for item in feedback.coverage:
        if item.covered and item.point.label in unsure:
            text.append("✓? ", style="bold yellow")
            text.append(f"{item.point.label} (heard unsure: the words in italics)\n")
        elif item.covered:
            text.append("✓ ", style="bold green")
            text.append(f"{item.point.label}\n")
        else:
            text.append("✗ ", style="bold red")
            text.append(f"{item.point.label}\n", style="dim")
    return text


def summary_text(feedback: Feedback, spoken: bool = True) -> Text:
    """Score and delivery in two lines (a typed answer has no delivery to speak of)."""
    content, delivery = feedback.content, feedback.delivery
    text = Text()
    text.append(f"Score {content.score}/100", style="bold")
    text.append(f" · {content.covered} of {content.total} key points · "
                f"{content.term_overlap:.0%} of the sample's terms\n")  # fmt: skip
    if not spoken:
        text.append(f"Typed answer · {delivery.words} words", style="dim")
        return text
    fillers = ", ".join(f"{word} {n}" for word, n in sorted(delivery.fillers.items()))
    text.append(
        f"{clock(delivery.speaking_seconds)} of {clock(delivery.limit_seconds)} · "
        f"{delivery.words_per_minute:.0f} wpm · "
        f"{delivery.filler_count} filler{'s' * (delivery.filler_count != 1)}"
        + (f" ({fillers})" if fillers else "")
        + f" · longest pause {delivery.longest_silence_seconds:.1f} s"
        + f" ({delivery.long_pauses} long)"
        + (f" · repeated: {', '.join(delivery.repeated_words)}" if delivery.repeated_words else ""),
        style="dim",
    )
    return text


class ReviewScreen(InterviewScreen):
    """What was said beside what a good answer says."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "play", "Play", id="play", tooltip="Play the recording from the start"),
        Binding("space", "pause", "Pause", id="pause", tooltip="Pause or resume playback"),
        Binding("left", "seek(-5)", "-5s", id="back", tooltip="Back 5 seconds", priority=True,
                show=False),
        Binding("right", "seek(5)", "+5s", id="forward", tooltip="Forward 5 seconds",
                priority=True, show=False),
        Binding("w", "word(1)", "Word", id="next-word", tooltip="Move the word cursor forward",
                show=False),
        Binding("b", "word(-1)", "←Word", id="previous-word", tooltip="Move the word cursor back",
                show=False),
        Binding("enter", "play_from_word", "Play word", id="play-word",
                tooltip="Play from the word under the cursor", show=False),
        *(Binding(key, f"rate({int(rating)})", f"Rate {rating.name}", id=f"rate-{key}", show=False,
                  tooltip=f"Rate this answer {rating.name} for the schedule")
          for key, rating in RATING_KEYS.items()),
        Binding("a", "again", "Again", id="again", tooltip="Answer this question again"),
        Binding("n", "next", "Next", id="next", tooltip="Next question of the session"),
        Binding("escape", "leave", "Home", id="home", tooltip="Back to the question list"),
    ]  # fmt: skip

    def __init__(self, run: SessionRun, attempt: Attempt) -> None:
        super().__init__()
        self.run = run
        self.attempt = attempt
        self.player: Player | None = None
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.attempt.question.text, id="review-question")
        with Horizontal(id="panes"):
            with VerticalScroll(id="answer-pane", classes="pane") as answer:
                answer.border_title = "Your answer"
                yield ProgressBar(total=1.0, show_eta=False, id="transcribing")
                yield TranscriptView(id="answer-text")
            with VerticalScroll(id="sample-pane", classes="pane") as sample:
                sample.border_title = "Sample answer"
                yield Static(id="checklist")
                yield TranscriptView(id="sample-text")
        yield Static(id="feedback-summary")
        yield RatingLine(id="rating")
        yield Label(id="playback")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#answer-pane").focus()
        self.show_answer()
        self._ticker = self.set_interval(0.1, self._show_position)

    def on_screen_resume(self) -> None:
        self.show_answer()

    def on_unmount(self) -> None:
        if self.player is not None:
            self.player.stop()

    def show_answer(self) -> None:
        attempt = self.attempt
        progress = self.query_one("#transcribing", ProgressBar)
        view = self.query_one("#answer-text", TranscriptView)
        waiting = attempt.audio_path is not None and attempt.transcript is None
        progress.display = waiting and attempt.transcribe_error is None
        feedback = attempt.feedback
        marks = [(m.start, m.end) for c in feedback.coverage for m in c.matches] if feedback else []
        if attempt.transcribe_error:
            view.show(f"Not transcribed: {attempt.transcribe_error}")
        elif waiting:
            view.show("Transcribing… (you can go on; the transcript will be kept)")
        elif not attempt.answer_text:
            view.show("(nothing was recognised)", footer=f"0 words · {clock(attempt.seconds)}")
        else:
            words = attempt.transcript.words if attempt.transcript else ()
            count = len(attempt.answer_text.split())
            footer = f"{count} words · {clock(attempt.seconds)}"
            unsure = sum(word.unsure for word in words)
            if unsure:
                footer += f" · {unsure} in italics: the recogniser was unsure of them"
            view.show(attempt.answer_text, words, footer, marks)
        self.show_feedback()
        self._show_position()

    def show_feedback(self) -> None:
        """The key-point checklist, the score with its reason, and the delivery figures."""
        feedback = self.attempt.feedback
        sample = self.query_one("#sample-text", TranscriptView)
        checklist = self.query_one("#checklist", Static)
        summary = self.query_one("#feedback-summary", Static)
        if feedback is None:
            sample.show(self.attempt.question.sample_answer)
            checklist.update(describe_points(self.attempt.question.key_points))
            summary.update("")
            self._show_rating()
            return
        sample_marks = [(m.start, m.end) for c in feedback.coverage for m in c.sample_matches]
        sample.show(self.attempt.question.sample_answer, marks=sample_marks)
        checklist.update(checklist_text(feedback, self._points_heard_unsure(feedback)))
        summary.update(summary_text(feedback, spoken=self.attempt.audio_path is not None))
        self._show_rating()

    def _points_heard_unsure(self, feedback: Feedback) -> set[str]:
        """The covered key points whose every match is in words heard unsure (as the answer
        pane, drawn just before, shows them)."""
        view = self.query_one("#answer-text", TranscriptView)
        return {
            item.point.label
            for item in feedback.coverage
            if item.covered and all(view.heard_unsure((m.start, m.end)) for m in item.matches)
        }

    @work(thread=True, exclusive=True, group="rating")
    def _show_rating(self, chosen: Rating | None = None) -> None:
        """The answer's rating for the schedule and when its question is next due (read, or
        with `chosen` stored, from the history: a worker)."""
        practice = self.interview.practice
        if chosen is None:
            rated = practice.rating(self.attempt.id)
        elif (rated := practice.rate(self.attempt.id, chosen)) is None:
            self.app.call_from_thread(
                self.notify, "This answer has no score yet, so it cannot be rated.",
                severity="warning",
            )  # fmt: skip
            return
        self.call_while_shown(self._rating_read, rated)

    def _rating_read(self, rated: AttemptRating | None) -> None:
        feedback = self.attempt.feedback
        score = feedback.content.score if feedback else None
        self.query_one("#rating", RatingLine).show(rated, score, self.interview.practice.now())

    def action_rate(self, value: int) -> None:
        """Keys 1-4: override the answer's rating (Again, Hard, Good, Easy); stored."""
        self._show_rating(Rating(value))

    def _show_position(self) -> None:
        playing = self.player is not None and not self.player.finished.is_set()
        view = self.query_one("#answer-text", TranscriptView)
        view.follow(self.player.position if playing and self.player else None)
        label = self.query_one("#playback", Label)
        if self.attempt.audio_path is None:
            label.update("Typed answer: no recording")
            return
        if self.player is None:
            label.update(f"Recording {clock(self.attempt.seconds)} · p plays · ←/→ ±5 s · "
                         "w/b pick a word, Enter plays it")  # fmt: skip
            return
        state = "⏸" if self.player.paused else "■" if self.player.finished.is_set() else "▶"
        duration = self.player.duration or 1
        width = max(10, self.size.width - 24)
        filled = round(width * self.player.position / duration)
        label.update(
            f"{state} {clock(self.player.position)} [{'━' * filled}{'─' * (width - filled)}] "
            f"{clock(self.player.duration)}"
        )

    @on(AttemptTranscribed)
    def _transcribed(self, message: AttemptTranscribed) -> None:
        if message.attempt is self.attempt:
            self.show_answer()

    @on(TranscriptionProgressed)
    def _progressed(self, message: TranscriptionProgressed) -> None:
        if message.attempt is self.attempt:
            self.query_one("#transcribing", ProgressBar).update(progress=message.fraction)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "pause", "seek"):
            return self.attempt.audio_path is not None
        if action in ("word", "play_from_word"):
            return bool(self.attempt.transcript and self.attempt.transcript.words)
        return True

    def action_word(self, step: int) -> None:
        self.query_one("#answer-text", TranscriptView).move_cursor(step)

    def action_play_from_word(self) -> None:
        word = self.query_one("#answer-text", TranscriptView).cursor_word()
        if word is not None:
            self.action_play(start=word.start)

    def action_play(self, start: float = 0.0) -> None:
        if self.attempt.audio_path is None:
            return
        if self.player is not None:
            self.player.stop()
            self.player = None
        self._start_playing(start)

    @work(thread=True, exclusive=True, group="playback")
    def _start_playing(self, start: float) -> None:
        """Read the recording and open the speaker in a worker; the player comes back."""
        try:
            player = self.interview.practice.play(self.attempt, start)
        except PlaybackError as error:
            self.app.call_from_thread(
                self.notify, f"Cannot play the recording: {error}", severity="error", timeout=8
            )
            return
        self.app.call_from_thread(self._playing, player)

    def _playing(self, player: Player) -> None:
        if not self.shown:  # the screen was left while the file was read
            player.stop()
            return
        self.player = player
        self._show_position()

    def action_pause(self) -> None:
        if self.player is not None:
            self.player.toggle_pause()
            self._show_position()

    def action_seek(self, seconds: float) -> None:
        if self.player is not None:
            self.player.skip(seconds)
            self._show_position()

    def action_again(self) -> None:
        self.post_message(AgainChosen(self.run))

    def action_next(self) -> None:
        self.post_message(NextChosen(self.run))

    def action_leave(self) -> None:
        self.post_message(ReviewLeft(self.run))
