"""Where things live: the bundled bank, the default recordings folder, the log and settings file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "interview-sim"
QUESTIONS_ENV = "INTERVIEW_SIM_QUESTIONS"
RECORDINGS_ENV = "INTERVIEW_SIM_RECORDINGS"
CONFIG_ENV = "INTERVIEW_SIM_CONFIG"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `simulator` package folder."""


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or None when it is installed."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "questions.toml").is_file():
        return root
    return None


def bundled_questions() -> Path:
    """The bank shipped with the program: the checkout's copy, else the one inside the wheel."""
    root = checkout_root()
    return root / "questions.toml" if root else PACKAGE_DIR / "questions.toml"


def default_recordings_dir() -> Path:
    """`recordings/` in a checkout (git-ignored); the user data directory when installed."""
    root = checkout_root()
    if root:
        return root / "recordings"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "recordings"


def log_dir() -> Path:
    """Where details of unexpected errors go, so the terminal only shows one line."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The settings file: $INTERVIEW_SIM_CONFIG, else config.toml in the user config dir."""
    if environ.get(CONFIG_ENV):
        return Path(environ[CONFIG_ENV]).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"
