"""The settings screen (`,`): change settings with the keyboard, hear them, save them, keep them.

Engines are scripted (UI logic only); the speech and engine factories record what the
settings asked the practice service for.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, ProgressBar

from simulator.audio.models import ModelUnavailableError
from simulator.bank import load_bank
from simulator.practice.service import PREVIEW_TEXT
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.practice import PracticeScreen
from simulator.ui.screens.settings import SettingsScreen
from simulator.ui.widgets.setting_row import SettingRow
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import ScriptedEngine, ScriptedSpeech, scripted_practice

CONFIG = "# my interview-sim settings\n[speech]\nrate = 150  # slow enough\n"


class Made:
    """What the practice service was asked to make: speech outputs and engines."""

    def __init__(self) -> None:
        self.speech: list[tuple[str | None, int, ScriptedSpeech]] = []
        self.engines: list[tuple[str, str]] = []

    def speech_factory(self, voice: str | None, rate: int) -> ScriptedSpeech:
        speech = ScriptedSpeech()
        self.speech.append((voice, rate, speech))
        return speech

    def engine_factory(self, name: str, model: str) -> ScriptedEngine:
        self.engines.append((name, model))
        if model == "missing":
            raise ModelUnavailableError("no whisper model named missing")
        return ScriptedEngine(f"{name} {model}")


class GatedEngine(ScriptedEngine):
    """An engine whose model takes until the test says it is loaded."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.loaded = threading.Event()

    def load(self) -> float:
        self.loaded.wait(10)
        return 0.0


def make_app(
    tmp_path: Path, config: str = CONFIG, environ: dict[str, str] | None = None
) -> tuple[InterviewApp, Path, Made]:
    path = tmp_path / "config.toml"
    path.write_text(config)
    flags: dict[str, object] = {"paths.recordings": tmp_path, "paths.questions": SHIPPED_BANK}
    settings = Settings.resolve(flags, environ or {}, path)
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    made = Made()
    practice.speech_factory = made.speech_factory
    practice.engine_factory = made.engine_factory
    return InterviewApp(bank, settings, practice), path, made


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.press("comma")
    await pilot.pause(0.1)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def go_to(pilot: Pilot[None], name: str) -> SettingRow:
    """Move down (with the arrow keys) to the row of setting `name`."""
    for _ in range(30):
        focused = pilot.app.focused
        if isinstance(focused, SettingRow) and focused.spec.name == name:
            return focused
        await pilot.press("down")
    raise AssertionError(f"no row for {name}")


def note(row: SettingRow) -> str:
    label = row.query_one(".setting-note", Label)
    return str(label.content) if label.display else ""


def status(screen: SettingsScreen) -> str:
    return str(screen.query_one("#settings-status", Label).content)


async def test_changing_the_voice_and_rate_is_saved_heard_next_and_kept(tmp_path: Path) -> None:
    app, path, made = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await go_to(pilot, "speech.voice")
        await pilot.press("enter", *"gmw/en-gb", "enter")
        await go_to(pilot, "speech.rate")
        await pilot.press("enter", *"200", "enter")  # the old value is selected: typing replaces
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert app.settings.speech.voice == "gmw/en-gb"
        assert app.settings.speech.rate == 200
        assert app.settings.source("speech.voice") == "file"
        assert [(voice, rate) for voice, rate, _ in made.speech] == [("gmw/en-gb", 200)]
        await pilot.press("escape")  # nothing unsaved: it leaves at once
        await pilot.pause(0.1)
        await pilot.press("enter")  # practise the first question
        await pilot.pause(0.2)
        assert isinstance(app.screen, PracticeScreen)
        new_voice = made.speech[0][2]
        assert new_voice.spoken == [app.screen.run.current.text]  # read in the new voice
    assert path.read_text() == (
        '# my interview-sim settings\n[speech]\nrate = 200  # slow enough\nvoice = "gmw/en-gb"\n'
    )
    restarted = Settings.resolve({}, {}, path)
    assert (restarted.speech.voice, restarted.speech.rate) == ("gmw/en-gb", 200)


async def test_a_wrong_number_is_an_inline_error_and_nothing_is_saved(tmp_path: Path) -> None:
    app, path, made = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        row = await go_to(pilot, "speech.rate")
        await pilot.press("enter", "5", "enter")
        assert note(row) == 'rate must be a whole number from 80 to 400 words per minute, not "5"'
        assert row.field is not None  # still typing: the value can be put right
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        assert "a value is wrong" in [n.message for n in app._notifications][-1]
        assert screen.pending == {}
        assert app.settings.speech.rate == 150
    assert path.read_text() == CONFIG
    assert made.speech == []


async def test_p_reads_a_sample_in_the_voice_and_rate_shown(tmp_path: Path) -> None:
    app, _, made = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await go_to(pilot, "speech.rate")
        await pilot.press("enter", *"250", "enter", "p")
        await app.workers.wait_for_complete()
        ((voice, rate, sample),) = made.speech
        assert (voice, rate, sample.spoken) == (None, 250, [PREVIEW_TEXT])
        assert app.settings.speech.rate == 150  # heard, not saved
        await go_to(pilot, "speech.read_aloud")
        assert not screen.check_action("preview", ())


async def test_a_new_engine_loads_in_the_background_and_a_failed_one_is_not_used(
    tmp_path: Path,
) -> None:
    app, _, made = make_app(tmp_path)
    old_engine = app.practice.engine
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await go_to(pilot, "transcription.model")
        await pilot.press("enter", *"missing", "enter", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert app.practice.engine is old_engine
        assert status(screen) == ("no whisper model named missing. Still transcribing with "
                                  "scripted (none).")  # fmt: skip
        await pilot.press("enter", *"tiny.en", "enter", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert made.engines == [("whisper", "missing"), ("whisper", "tiny.en")]
        assert isinstance(app.practice.engine, ScriptedEngine)
        assert app.practice.engine.text == "whisper tiny.en"
        assert status(screen) == "Transcribing with the scripted engine from the next answer."
        assert app.engine_loading is None


async def test_a_model_loading_is_shown_until_it_is_loaded(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    slow = GatedEngine("slow")
    app.practice.engine_factory = lambda name, model: slow
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await go_to(pilot, "transcription.model")
        await pilot.press("enter", *"small.en", "enter", "ctrl+s")
        await pilot.pause(0.3)
        assert status(screen) == "Loading the whisper model small.en…"
        assert screen.query_one(ProgressBar).display
        assert app.practice.engine is not slow  # the old engine works on meanwhile
        slow.loaded.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert app.practice.engine is slow
        assert not screen.query_one(ProgressBar).display


async def test_the_theme_shows_at_once_and_comes_back_when_discarded(tmp_path: Path) -> None:
    app, path, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await go_to(pilot, "ui.theme")
        await pilot.press("right")
        assert app.theme == "textual-light"
        await pilot.press("escape")
        assert isinstance(app.screen, SettingsScreen)  # unsaved: a first Esc only warns
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.theme == "textual-dark"
    assert path.read_text() == CONFIG


async def test_toggles_apply_at_once_and_an_override_is_said(tmp_path: Path) -> None:
    app, path, _ = make_app(tmp_path, environ={"INTERVIEW_SIM_RATE": "180"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        row = await go_to(pilot, "speech.rate")
        assert note(row) == ("Set by $INTERVIEW_SIM_RATE for this run: a saved value applies "
                             "when it is not set.")  # fmt: skip
        await pilot.press("x")  # back to the default: out of the file
        await go_to(pilot, "practice.live_transcript")
        await pilot.press("enter", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert not app.live_transcript_shown
        assert app.settings.speech.rate == 180  # the variable still wins in this run
    assert path.read_text() == (
        "# my interview-sim settings\n[speech]\n\n[practice]\nlive_transcript = false\n"
    )


async def test_the_command_palette_opens_the_settings(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (command,) = [c for c in app.get_system_commands(app.screen) if "Settings" in c.title]
        assert command.help == "See and change every setting; saved in the settings file"
        await command.callback()
        await pilot.pause(0.1)
        assert isinstance(app.screen, SettingsScreen)


async def test_not_during_a_question_whose_timers_run(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("comma")
        await pilot.pause(0.1)
        assert isinstance(app.screen, PracticeScreen)
        assert "between questions" in [n.message for n in app._notifications][-1]


async def test_a_broken_file_is_not_saved_over(tmp_path: Path) -> None:
    broken = '[speech]\nvioce = "x"\n'
    app, path, _ = make_app(tmp_path, broken)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert "it has problems" in str(screen.query_one("#settings-file", Label).content)
        await pilot.press("enter", *"gmw/en-gb", "enter", "ctrl+s")
        await app.workers.wait_for_complete()
        assert status(screen) == (f'Not saved: {path}:2: unknown key "vioce" in [speech]; '
                                  'did you mean "voice"?')  # fmt: skip
        assert app.settings.speech.voice is None
    assert path.read_text() == broken


def test_snapshot(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80x24: the file line, sections, values with their source, and a variable's note."""
    monkeypatch.setenv("HOME", str(tmp_path))  # the file is shown as ~/config.toml
    app, _, _ = make_app(tmp_path, environ={"INTERVIEW_SIM_RATE": "180"})

    async def run_before(pilot: Pilot[None]) -> None:
        await open_settings(pilot)
        await pilot.press("down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
