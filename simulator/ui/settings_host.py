"""The app's settings part: `,` opens the settings screen, and what it saves is applied here.

Kept out of `app.py` so that the app's navigation stays readable: `InterviewApp` inherits
this. Applying a change goes through the practice service (speech, engine) or the app's own
state (theme, mute, live transcript); whatever needs a start-up (the bank's timings,
retention, the folders) waits for the next run, and the settings screen says so.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType

from simulator.practice import Practice
from simulator.settings import Settings
from simulator.ui.messages import EngineChanged, SettingsApplied, SettingsSaved

SPEECH = ("speech.voice", "speech.rate", "speech.read_aloud")
ENGINE = ("transcription.engine", "transcription.model")


def engine_label(name: str, model: str) -> str:
    """ "the whisper model base", "the sphinx engine"."""
    return f"the whisper model {model}" if name == "whisper" else f"the {name} engine"


class SettingsHost(App[None]):
    """Opens the settings screen and applies the settings it saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("comma", "settings", "Settings", id="settings", show=False,
                tooltip="See and change every setting; saved in the settings file"),
    ]  # fmt: skip

    settings: Settings
    practice: Practice
    muted: bool
    live_transcript: bool
    engine_loading: str | None = None
    """What the engine is being changed to, while it loads (the settings screen shows it)."""

    def action_settings(self) -> None:
        """Open the settings over the screen in front; not during a question, whose timers
        would go on under them (and whose answer would replace them when it ends)."""
        from simulator.ui.screens.practice import PracticeScreen
        from simulator.ui.screens.settings import SettingsScreen

        if any(isinstance(screen, PracticeScreen) for screen in self.screen_stack):
            self.notify("The settings open between questions: press , on the review once this "
                        "answer is in, or Esc to abandon it.", title="Settings")  # fmt: skip
        elif not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    @on(SettingsSaved)
    def _settings_saved(self, message: SettingsSaved) -> None:
        """Run on the saved settings from now on: apply what a running app can."""
        old, new = self.settings, self.settings.saved(message.values)
        self.settings = new
        changed = {name for name in message.values if new.value(name) != old.value(name)}
        if "ui.theme" in changed:
            self.theme = new.ui.theme
        if "practice.live_transcript" in changed:
            self.live_transcript = new.practice.live_transcript
        if "practice.drill_size" in changed:
            self.practice.drill_size = new.practice.drill_size
        if "speech.read_aloud" in changed:
            self.muted = not new.speech.read_aloud
        speech = new.speech
        if changed & set(SPEECH) and speech.read_aloud:
            self.restart_speech(speech.voice, speech.rate)
        chosen = new.transcription
        if changed & set(ENGINE) and (
            "transcription.engine" in changed or chosen.engine == "whisper"
        ):
            self.engine_loading = engine_label(chosen.engine, chosen.model)
            self.change_engine(chosen.engine, chosen.model)
        self.screen.post_message(SettingsApplied())

    @work(thread=True, exclusive=True, group="speech-restart")
    def restart_speech(self, voice: str | None, rate: int) -> None:
        """The next question is read in this voice and at this rate."""
        notice = self.practice.start_speech(voice, rate)
        if notice:
            self.call_from_thread(self.notify, notice, severity="warning", timeout=10)

    @work(thread=True, exclusive=True, group="engine-change")
    def change_engine(self, name: str, model: str) -> None:
        """Load the chosen engine (seconds for a whisper model) and use it once it is loaded;
        if it cannot be loaded, the engine in use stays and the notice says why."""
        notice = self.practice.change_engine(name, model)
        engine = self.practice.engine
        done = f"Transcribing with {engine_label(engine.name, engine.model)} from the next answer."
        self.call_from_thread(self._engine_changed, done, notice)

    def _engine_changed(self, done: str, notice: str | None) -> None:
        self.engine_loading = None
        if notice is None:
            self.notify(done, title="Settings")
        else:
            self.notify(notice, title="Settings", severity="error", timeout=15)
        self.screen.post_message(EngineChanged(done, notice))
