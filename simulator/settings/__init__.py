"""The settings: one object resolved once from flags, the environment, the file and defaults.

`fields` declares every setting (type, default, meaning, variable, flag); `file` reads
`config.toml`; `resolve` builds the `Settings` object; `paths` knows where things live.
No Textual here: the CLI, the practice service and the UI all import this package.
"""

from simulator.settings.fields import SECTIONS, SPECS, THEMES, Source, Spec
from simulator.settings.file import SettingsFileError, read_settings_file
from simulator.settings.paths import (
    APP_NAME,
    CONFIG_ENV,
    PACKAGE_DIR,
    QUESTIONS_ENV,
    RECORDINGS_ENV,
    bundled_questions,
    checkout_root,
    config_path,
    default_recordings_dir,
    log_dir,
)
from simulator.settings.resolve import Settings

__all__ = [
    "APP_NAME",
    "CONFIG_ENV",
    "PACKAGE_DIR",
    "QUESTIONS_ENV",
    "RECORDINGS_ENV",
    "SECTIONS",
    "SPECS",
    "THEMES",
    "Settings",
    "SettingsFileError",
    "Source",
    "Spec",
    "bundled_questions",
    "checkout_root",
    "config_path",
    "default_recordings_dir",
    "log_dir",
    "read_settings_file",
]
