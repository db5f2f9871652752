"""What the settings screen relies on outside the UI: saved settings, the service's changes,
and what a row says (no terminal needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.audio.constants import DEFAULT_RATE
from simulator.audio.models import ModelUnavailableError
from simulator.audio.speech import SpeechUnavailableError
from simulator.bank import load_bank
from simulator.practice.service import PREVIEW_TEXT
from simulator.settings import SPECS, Settings
from simulator.ui.widgets.setting_row import applies, overridden, parse_entry
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import ScriptedEngine, ScriptedSpeech, scripted_practice


def test_saved_settings_are_what_a_restart_finds_and_overrides_stay(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[speech]\nrate = 150\n")
    settings = Settings.resolve({"practice.drill_size": 2}, {"INTERVIEW_SIM_THEME": "nord"}, path)
    saved = settings.saved({"speech.rate": None, "speech.voice": "x", "ui.theme": "dracula",
                            "practice.drill_size": 9})  # fmt: skip
    assert (saved.speech.rate, saved.source("speech.rate")) == (DEFAULT_RATE, "default")
    assert (saved.speech.voice, saved.source("speech.voice")) == ("x", "file")
    assert (saved.ui.theme, saved.source("ui.theme")) == ("nord", "env")  # the variable wins
    assert (saved.practice.drill_size, saved.source("practice.drill_size")) == (2, "flag")
    assert SPECS["paths.recordings"].default == settings.paths.recordings


def test_start_speech_replaces_and_closes_the_old_voice(tmp_path: Path) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    old = practice.speech
    assert isinstance(old, ScriptedSpeech)
    old.hold = True
    old.speak("a question")
    assert practice.start_speech("v", 200) is None
    assert practice.speech is not old
    assert old.current is not None and old.current.finished.is_set()  # closed: it stopped


def test_preview_voice_reads_the_sample_and_says_why_it_cannot(tmp_path: Path) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    made: list[tuple[str | None, int, ScriptedSpeech]] = []

    def factory(voice: str | None, rate: int) -> ScriptedSpeech:
        if voice == "nobody":
            raise SpeechUnavailableError("unknown voice 'nobody'")
        made.append((voice, rate, ScriptedSpeech()))
        return made[-1][2]

    practice.speech_factory = factory
    assert practice.preview_voice("gmw/en-gb", 220) is None
    assert [(v, r, s.spoken) for v, r, s in made] == [("gmw/en-gb", 220, [PREVIEW_TEXT])]
    notice = practice.preview_voice("nobody", 220)
    assert notice is not None and notice.startswith("unknown voice 'nobody'; run `interview")


class OneEngine:
    """A speech factory that fails the test if two speech outputs are alive at once, as
    pyttsx3 (one shared engine per process) cannot bear."""

    def __init__(self) -> None:
        self.made: list[tuple[str | None, int]] = []
        self.alive = 0

    def __call__(self, voice: str | None, rate: int) -> ScriptedSpeech:
        assert self.alive == 0, "a second text-to-speech engine while one is open"
        self.made.append((voice, rate))
        self.alive += 1
        factory = self

        class Closing(ScriptedSpeech):
            def close(self) -> None:
                super().close()
                factory.alive -= 1

        return Closing()


def test_a_preview_closes_the_questions_voice_and_starts_it_again(tmp_path: Path) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    practice.speech = None
    practice.speech_factory = factory = OneEngine()
    assert practice.start_speech("gmw/en", 170) is None
    assert practice.start_speech("gmw/en-gb", 190) is None
    assert practice.preview_voice("gmw/en-us", 250) is None
    assert factory.made == [("gmw/en", 170), ("gmw/en-gb", 190), ("gmw/en-us", 250),
                            ("gmw/en-gb", 190)]  # fmt: skip
    assert factory.alive == 1 and practice.speech is not None


def test_change_engine_loads_first_and_keeps_the_old_one_on_failure(tmp_path: Path) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    old = practice.engine

    class Broken(ScriptedEngine):
        def load(self) -> float:
            raise ModelUnavailableError("the whisper model in /m cannot be loaded: bad file")

    practice.engine_factory = lambda name, model: Broken("")
    assert practice.change_engine("whisper", "small.en") == (
        "the whisper model in /m cannot be loaded: bad file. Still transcribing with "
        "scripted (none)."
    )
    assert practice.engine is old
    practice.engine_factory = lambda name, model: ScriptedEngine(name)
    assert practice.change_engine("sphinx", "base") is None
    assert isinstance(practice.engine, ScriptedEngine) and practice.engine.text == "sphinx"


def test_a_typed_value_is_checked_by_its_setting() -> None:
    assert parse_entry(SPECS["speech.rate"], " 200 ") == 200
    assert parse_entry(SPECS["speech.voice"], "") is None  # none: the system's default voice
    assert parse_entry(SPECS["paths.recordings"], "rec") == Path.cwd() / "rec"
    with pytest.raises(ValueError, match=r"^rate must be a whole number from 80 to 400 words"):
        parse_entry(SPECS["speech.rate"], "fast")
    with pytest.raises(ValueError, match=r"^model must be a non-empty string"):
        parse_entry(SPECS["transcription.model"], " ")


def test_a_row_says_when_a_change_applies_and_what_overrides_it() -> None:
    assert applies(SPECS["ui.theme"]) == "applies at once"
    assert applies(SPECS["paths.recordings"]) == "applies after a restart"
    assert overridden(SPECS["speech.voice"], "flag") == (
        "Set by --voice for this run: a saved value applies on a run without it."
    )
    assert overridden(SPECS["speech.voice"], "file") is None
