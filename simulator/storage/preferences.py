"""Choices the person makes in the app and expects to find again (a small JSON file).

Kept apart from `config.toml`, which the person writes by hand: the app never rewrites that.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from simulator.settings import APP_NAME

PREFERENCES_ENV = "INTERVIEW_SIM_PREFERENCES"


def preferences_path() -> Path:
    """$INTERVIEW_SIM_PREFERENCES, else preferences.json in the user state directory."""
    if os.environ.get(PREFERENCES_ENV):
        return Path(os.environ[PREFERENCES_ENV]).expanduser()
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "preferences.json"


@dataclass
class Preferences:
    """What the app remembers between runs."""

    live_transcript: bool = True
    """Show the transcript under the countdown while answering (`l` toggles it)."""

    @classmethod
    def load(cls, path: Path) -> Preferences:
        """The saved choices; the defaults when the file is missing or unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        value = data.get("live_transcript") if isinstance(data, dict) else None
        return cls(live_transcript=value if isinstance(value, bool) else True)

    def save(self, path: Path) -> None:
        """Write the choices (atomically: a crash leaves the old file or the new one)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self)), encoding="utf-8")
        temporary.replace(path)
