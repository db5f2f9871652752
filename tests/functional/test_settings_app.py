"""The app applies the settings: theme, read aloud, live transcript; a broken file is a notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import cli
from simulator.bank import QuestionBank, load_bank
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.practice import Phase, PracticeScreen
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import ScriptedSpeech, scripted_practice


def make_app(tmp_path: Path, config: str) -> InterviewApp:
    path = tmp_path / "config.toml"
    path.write_text(config)
    settings = Settings.resolve({"paths.recordings": tmp_path}, {}, path)
    bank = load_bank(SHIPPED_BANK)
    return InterviewApp(bank, settings, scripted_practice(bank, tmp_path))


async def test_a_broken_settings_file_is_a_notice_and_the_app_starts_on_defaults(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, '[ui]\ntheme = "nord"\n\n[speech]\nvioce = "x"\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages[0] == (f'{tmp_path / "config.toml"}:5: unknown key "vioce" in [speech]; '
                               'did you mean "voice"? Using the defaults.')  # fmt: skip
        assert app.theme == "textual-dark"  # the file's theme is not applied either


async def test_theme_read_aloud_and_live_transcript_come_from_the_settings(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, '[ui]\ntheme = "nord"\n[speech]\nread_aloud = false\n'
                             "[practice]\nlive_transcript = false\n")  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "nord"
        assert app.muted
        assert not app.live_transcript_shown
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        speech = app.practice.speech
        assert isinstance(speech, ScriptedSpeech)
        assert speech.spoken == []  # muted from the start: the question is shown, not read
        assert screen.phase is Phase.THINKING
        assert not [n for n in app._notifications if n.severity != "information"]


def test_the_app_gets_the_bank_with_the_timing_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[QuestionBank, Settings]] = []

    def fake_run(bank: QuestionBank, settings: Settings, start_drill: bool = False) -> int:
        seen.append((bank, settings))
        return 0

    monkeypatch.setattr("simulator.launch.run_fullscreen", fake_run)
    monkeypatch.setenv("INTERVIEW_SIM_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("INTERVIEW_SIM_THINK_SECONDS", "0")
    assert cli.main(["--answer-seconds", "30", "--recordings", str(tmp_path)]) == 0
    ((bank, settings),) = seen
    assert {(q.think_seconds, q.answer_seconds) for q in bank.questions} == {(0, 30)}
    assert settings.source("practice.think_seconds") == "env"
    assert settings.recordings_dir == tmp_path


async def test_the_live_transcript_toggle_is_remembered_in_the_settings_file(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, "[practice]\ndrill_size = 3\n")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.live_transcript_shown
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("space")
        await pilot.pause(0.2)
        assert isinstance(app.screen, PracticeScreen)
        assert app.screen.phase in (Phase.WAITING, Phase.RECORDING)
        await pilot.press("l")
        await app.workers.wait_for_complete()
        assert not app.live_transcript_shown
    path = tmp_path / "config.toml"
    assert path.read_text() == "[practice]\ndrill_size = 3\nlive_transcript = false\n"
    assert Settings.resolve({}, {}, path).practice.live_transcript is False


def test_drill_takes_its_size_from_the_flag_then_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, bool]] = []

    def fake_run(bank: QuestionBank, settings: Settings, start_drill: bool = False) -> int:
        seen.append((settings.practice.drill_size, start_drill))
        return 0

    monkeypatch.setattr("simulator.launch.run_fullscreen", fake_run)
    config = tmp_path / "config.toml"
    config.write_text("[practice]\ndrill_size = 7\n")
    monkeypatch.setenv("INTERVIEW_SIM_CONFIG", str(config))
    assert cli.main(["--recordings", str(tmp_path), "drill"]) == 0
    assert cli.main(["--recordings", str(tmp_path), "drill", "--drill-size", "2"]) == 0
    assert cli.main(["--drill-size", "3", "--recordings", str(tmp_path), "drill"]) == 0
    assert seen == [(7, True), (2, True), (3, True)]
