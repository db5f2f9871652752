"""The settings: one table of fields, resolved flag > env > file > default, located file errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

from simulator import cli
from simulator.bank import load_bank
from simulator.settings import SECTIONS, SPECS, THEMES, Settings, read_settings_file
from simulator.settings.file import SettingsFileError, write_setting, write_settings
from tests.conftest import REPO_ROOT, SHIPPED_BANK


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_every_setting_is_documented_and_has_an_environment_variable() -> None:
    assert len(SPECS) >= 14
    for spec in SPECS.values():
        assert spec.doc.strip(), spec.name
        assert spec.env and spec.env.startswith("INTERVIEW_SIM_"), spec.name
    assert list(SECTIONS) == ["speech", "transcription", "practice", "ui", "retention", "paths"]
    assert len({spec.env for spec in SPECS.values()}) == len(SPECS)


def test_themes_are_textual_themes() -> None:
    assert set(THEMES) <= set(BUILTIN_THEMES)


def test_flag_beats_env_beats_file_beats_default(tmp_path: Path) -> None:
    text = '[speech]\nrate = 150\nvoice = "file-voice"\n[transcription]\nengine = "sphinx"\n'
    path = write(tmp_path, text + '[ui]\ntheme = "nord"\n')
    env = {"INTERVIEW_SIM_RATE": "160", "INTERVIEW_SIM_ENGINE": "whisper"}
    settings = Settings.resolve({"speech.rate": 170}, env, path)
    assert (settings.speech.rate, settings.source("speech.rate")) == (170, "flag")
    assert (settings.transcription.engine, settings.source("transcription.engine")) == (
        "whisper", "env"
    )  # fmt: skip
    assert (settings.speech.voice, settings.source("speech.voice")) == ("file-voice", "file")
    assert (settings.ui.theme, settings.source("ui.theme")) == ("nord", "file")
    assert (settings.practice.drill_size, settings.source("practice.drill_size")) == (5, "default")
    assert settings.problems == ()
    no_flag = Settings.resolve({}, env, path)
    assert (no_flag.speech.rate, no_flag.source("speech.rate")) == (160, "env")
    assert Settings.resolve({}, {}, path).speech.rate == 150


def test_file_values_of_every_section(tmp_path: Path) -> None:
    path = write(tmp_path, "[speech]\nread_aloud = false\n[practice]\nthink_seconds = 0\n"
                           "answer_seconds = 60\ndrill_size = 8\nlive_transcript = false\n"
                           "[retention]\nkeep_last = 3\nkeep_days = 30\n"
                           '[paths]\nquestions = "bank.toml"\n'
                           'recordings = "/data/rec"\n')  # fmt: skip
    settings = Settings.resolve({}, {}, path)
    assert settings.speech.read_aloud is False
    assert settings.practice.think_seconds == 0
    assert settings.practice.answer_seconds == 60
    assert settings.practice.drill_size == 8
    assert settings.practice.live_transcript is False
    assert (settings.retention.keep_last, settings.retention.keep_days) == (3, 30)
    assert settings.questions_path == tmp_path / "bank.toml"  # relative to the file
    assert settings.recordings_dir == Path("/data/rec")
    assert read_settings_file(tmp_path / "absent.toml") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[speech]\nrate = 150\n\n[spech]\n",
         ':4: unknown section [spech]; did you mean "speech"?'),
        ("# voices\n[speech]\nvioce = \"x\"\n",
         ':3: unknown key "vioce" in [speech]; did you mean "voice"?'),
        ("[retention]\nkeep_lats = 3\n", ':2: unknown key "keep_lats" in [retention]; '
                                         'did you mean "keep_last"?'),
        ("[speech]\nrate = \"fast\"\n",
         ':2: "rate" in [speech] must be a whole number from 80 to 400 words per minute, '
         'not "fast"'),
        ("[speech]\n\nread_aloud = 1\n",
         ':3: "read_aloud" in [speech] must be true or false, not 1'),
        ("[practice]\nanswer_seconds = 2\n",
         ':2: "answer_seconds" in [practice] must be a whole number from 5 to 1800 seconds, not 2'),
        ("[practice]\nthink_seconds = 601\n", ':2: "think_seconds" in [practice] must be a whole '
                                              "number from 0 to 600 seconds, not 601"),
        ("[practice]\ndrill_size = 0\n", ':2: "drill_size" in [practice] must be a whole number '
                                         "of 1 or more, not 0"),
        ("[ui]\ntheme = \"nordd\"\n", ':2: unknown theme "nordd" in [ui]; did you mean "nord"?'),
        ("[transcription]\nengine = \"vosk\"\n",
         ':2: unknown engine "vosk" in [transcription] (known: whisper, sphinx)'),
        ("practice = 3\n", ':1: "practice" must be a table: [practice]'),
        ("voice = \"x\"\n", ':1: "voice" must be in a section: it belongs in [speech]'),
        ("[speech]\nrate = 150\n[retention\n", ":3: TOML syntax error: "),
    ],
)  # fmt: skip
def test_file_errors_are_located(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SettingsFileError) as caught:
        read_settings_file(path)
    assert str(caught.value).startswith(f"{path}{message}")


def test_a_broken_file_is_ignored_with_a_located_notice(tmp_path: Path) -> None:
    path = write(tmp_path, '[speech]\nrate = 150\n[ui]\ntheme = "nordd"\n')
    settings = Settings.resolve({}, {}, path)
    assert settings.speech.rate == 175  # the whole file is ignored
    assert settings.source("speech.rate") == "default"
    assert settings.problems == (
        f'{path}:4: unknown theme "nordd" in [ui]; did you mean "nord"? Using the defaults.',
    )


def test_a_bad_environment_variable_is_ignored_on_its_own(tmp_path: Path) -> None:
    env = {"INTERVIEW_SIM_RATE": "fast", "INTERVIEW_SIM_READ_ALOUD": "no"}
    settings = Settings.resolve({}, env, tmp_path / "x.toml")
    assert settings.speech.rate == 175
    assert settings.speech.read_aloud is False
    assert settings.problems == (
        '$INTERVIEW_SIM_RATE must be a whole number from 80 to 400 words per minute, not "fast"; '
        "it is ignored.",
    )


def test_overrides_replace_every_questions_timing(tmp_path: Path) -> None:
    bank = load_bank(SHIPPED_BANK)
    settings = Settings.resolve({"practice.answer_seconds": 30}, {}, tmp_path / "x.toml")
    timed = settings.practice.apply(bank)
    assert {q.answer_seconds for q in timed.questions} == {30}
    assert [q.think_seconds for q in timed.questions] == [q.think_seconds for q in bank.questions]
    assert Settings().practice.apply(bank) is bank


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith("INTERVIEW_SIM_"):
            monkeypatch.delenv(name)
    path = tmp_path / "config.toml"
    monkeypatch.setenv("INTERVIEW_SIM_CONFIG", str(path))
    return path


def test_config_json_gives_value_and_source_by_section(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.write_text('[ui]\ntheme = "dracula"\n')
    monkeypatch.setenv("INTERVIEW_SIM_KEEP_DAYS", "30")
    assert cli.main(["--rate", "120", "--no-read-aloud", "config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == list(SECTIONS)
    assert {key for section in data.values() for key in section} == {
        spec.key for spec in SPECS.values()
    }
    assert data["speech"]["rate"] == {"value": 120, "source": "flag"}
    assert data["speech"]["read_aloud"] == {"value": False, "source": "flag"}
    assert data["speech"]["voice"] == {"value": None, "source": "default"}
    assert data["retention"]["keep_days"] == {"value": 30, "source": "env"}
    assert data["ui"]["theme"] == {"value": "dracula", "source": "file"}
    assert data["paths"]["questions"]["source"] == "default"
    assert isinstance(data["paths"]["recordings"]["value"], str)


def test_config_lists_every_setting_with_its_source(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--engine", "sphinx", "config"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"settings file: {clean_env} (none)"
    assert len(lines) == 1 + len(SPECS)
    assert lines[1].split() == ["speech.voice", "none", "(the", "system's", "default", "voice)",
                                "(default)"]  # fmt: skip
    assert lines[4].split() == ["transcription.engine", "sphinx", "(flag)"]


def test_config_with_a_broken_file_says_where_and_exits_2(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.write_text('[speech]\nvioce = "x"\n')
    assert cli.main(["config"]) == 2
    out, err = capsys.readouterr()
    assert err == (f'{clean_env}:2: unknown key "vioce" in [speech]; did you mean "voice"? '
                   "Using the defaults.\n")  # fmt: skip
    assert out.splitlines()[0] == f"settings file: {clean_env} (ignored: it has problems)"
    assert "speech.voice" in out


def test_other_commands_warn_once_and_go_on(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.write_text("[speech]\nrate = 1\n")
    assert cli.main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out == "questions.toml: 10 questions in 8 topics, OK\n"
    assert err.count("\n") == 1
    assert err.startswith(f'interview-sim: {clean_env}:2: "rate" in [speech] must be')


def test_writing_a_setting_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "# mine\n[practice]\nlive_transcript = true  # while answering\n"
                           "drill_size = 3\n")  # fmt: skip
    write_setting(path, "practice.live_transcript", False)
    assert path.read_text() == ("# mine\n[practice]\nlive_transcript = false  # while answering\n"
                                "drill_size = 3\n")  # fmt: skip
    path.write_text("[practice]\ndrill_size = 3\n\n[ui]\ntheme = 'nord'\n")
    write_setting(path, "practice.live_transcript", False)
    assert path.read_text() == (
        "[practice]\ndrill_size = 3\nlive_transcript = false\n\n[ui]\ntheme = 'nord'\n"
    )
    path.write_text("[ui]\ntheme = 'nord'\n")
    write_setting(path, "practice.live_transcript", True)
    assert path.read_text() == "[ui]\ntheme = 'nord'\n\n[practice]\nlive_transcript = true\n"
    fresh = tmp_path / "new" / "config.toml"
    write_setting(fresh, "practice.live_transcript", False)
    assert Settings.resolve({}, {}, fresh).practice.live_transcript is False


def test_saving_settings_keeps_comments_layout_and_order(tmp_path: Path) -> None:
    """tomlkit edits the person's file in place: comments (whole-line and after a value),
    blank lines, quoting and the order of keys survive; None takes a key out."""
    text = ("# My interview-sim settings\n\n[speech]  # how questions sound\n"
            "# a calm voice\nvoice = 'gmw/en-gb'  # British\nrate = 150\n\n"
            "[paths]\nrecordings = \"/tmp/old\"\n\n# the end\n")  # fmt: skip
    path = write(tmp_path, text)
    write_settings(path, {"speech.rate": 190, "speech.voice": None,
                          "paths.recordings": tmp_path / "rec", "ui.theme": "nord"})  # fmt: skip
    assert path.read_text() == (
        "# My interview-sim settings\n\n[speech]  # how questions sound\n# a calm voice\n"
        "rate = 190\n\n[paths]\n"
        f'recordings = "{tmp_path / "rec"}"\n\n# the end\n\n[ui]\ntheme = "nord"\n'
    )
    settings = Settings.resolve({}, {}, path)
    assert (settings.speech.rate, settings.speech.voice) == (190, None)
    assert settings.paths.recordings == tmp_path / "rec"
    assert settings.source("ui.theme") == "file"
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, renamed


def test_an_inline_table_is_edited_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, "practice = { drill_size = 3 }\n")
    write_setting(path, "practice.live_transcript", False)
    assert Settings.resolve({}, {}, path).practice.live_transcript is False
    assert Settings.resolve({}, {}, path).practice.drill_size == 3


@pytest.mark.parametrize("text", ["[speech]\nvioce = 1\n", "[speech\nrate = 1\n"])
def test_a_file_that_cannot_be_edited_safely_is_left_alone(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SettingsFileError):
        write_setting(path, "practice.live_transcript", False)
    assert path.read_text() == text


def test_a_wrong_value_is_never_written(tmp_path: Path) -> None:
    path = write(tmp_path, "[speech]\nrate = 150\n")
    with pytest.raises(ValueError, match="from 80 to 400"):
        write_settings(path, {"speech.voice": "x", "speech.rate": 5})
    assert path.read_text() == "[speech]\nrate = 150\n"


def test_the_readmes_example_file_is_valid_and_names_every_setting(tmp_path: Path) -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme[readme.index("## Settings") : readme.index("## Command line")]
    example = section.split("```toml\n")[1].split("```")[0]
    values = read_settings_file(write(tmp_path, example))
    assert set(values) == set(SPECS)
    for spec in SPECS.values():
        assert spec.env is not None and spec.env in section, spec.name
        assert spec.flag is None or spec.flag.removeprefix("--") in readme, spec.name
