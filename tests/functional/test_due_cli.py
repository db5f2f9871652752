"""`interview-sim due` and `drill` as a user runs them: a separate process."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from simulator.settings import RECORDINGS_ENV
from simulator.storage.history import HISTORY_FILE, History
from tests.unit.test_cli import run_cli


def test_due_lists_the_bank_in_drill_order(tmp_path: Path) -> None:
    history = History(tmp_path / HISTORY_FILE)
    yesterday = datetime.now(UTC) - timedelta(days=1, hours=1)
    for question, score in (("cap-theorem", 95), ("api-versioning", 30)):
        attempt = history.add_attempt("s", question, question, "T", "typed", None,
                                      started_at=yesterday)  # fmt: skip
        history.set_feedback(attempt, {"content": {"score": score}, "coverage": []})
    env = {RECORDINGS_ENV: str(tmp_path)}
    listed = json.loads(run_cli("due", "--json", env=env).stdout)
    assert [q["id"] for q in listed][:2] == ["api-versioning", "distributed-tracing"]
    assert listed[-1]["id"] == "cap-theorem"  # easy yesterday: due last
    assert [q["due_now"] for q in listed] == [True] * 9 + [False]
    assert listed[0]["last_score"] == 30 and listed[1]["last_score"] is None
    assert datetime.fromisoformat(listed[-1]["due"]) > datetime.now(UTC) + timedelta(days=5)
    text = run_cli("due", env=env)
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert lines[1].split() == ["1", "due", "now", "30", "api-versioning"]
    assert lines[2].split() == ["2", "never", "tried", "—", "distributed-tracing"]
    assert lines[10].split()[:4] == ["10", "in", "7", "days"] or "in 8 days" in lines[10]
    assert lines[-1].startswith("9 of 10 due now")


def test_drill_size_must_be_a_whole_number_and_settings_errors_are_one_line(
    tmp_path: Path,
) -> None:
    bad = run_cli("drill", "--drill-size", "0")
    assert bad.returncode == 2
    assert "'0' is not a whole number of 1 or more" in bad.stderr
    config = tmp_path / "config.toml"
    config.write_text("[practice]\ndrill_size = -1\n")
    result = run_cli("drill", env={"INTERVIEW_SIM_CONFIG": str(config),
                                   RECORDINGS_ENV: str(tmp_path)})  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == f'{config}:2: "drill_size" must be a whole number of 1 or more\n'
