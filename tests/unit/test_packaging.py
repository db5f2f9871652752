"""An installed wheel carries the bank and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_wheel_ships_the_bank_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    hatchling = Path(sys.executable).with_name("hatchling")
    subprocess.run(
        [str(hatchling), "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert (
            archive.read("simulator/questions.toml") == (REPO_ROOT / "questions.toml").read_bytes()
        )
    assert "simulator/ui/app.tcss" in names
    assert "simulator/audio/assets/doctor-check.wav" in names  # the doctor's known clip

    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)  # a wheel's files are laid out as they install
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(target), "HOME": str(home), "XDG_DATA_HOME": ""}
    env.pop("INTERVIEW_SIM_QUESTIONS", None)
    env.pop("INTERVIEW_SIM_RECORDINGS", None)
    probe = (
        "from simulator.settings import Settings; s = Settings.resolve(); "
        "print(s.questions_path); print(s.recordings_dir)"
    )
    paths = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert paths == [
        str(target / "simulator" / "questions.toml"),
        str(home / ".local" / "share" / "interview-sim" / "recordings"),
    ]
    check = subprocess.run(
        [sys.executable, "-m", "simulator", "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (check.returncode, check.stdout) == (0, "questions.toml: 10 questions in 8 topics, OK\n")
