"""The start-up notices of a bad day point to `interview-sim doctor`."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.audio.devices import AudioDeviceError
from simulator.bank import load_bank
from simulator.practice.startup import start_practice
from simulator.storage.history import HISTORY_FILE
from tests.conftest import SHIPPED_BANK
from tests.faults.conftest import sphinx_settings
from tests.virtual_audio import VirtualAudio

HINT = "run `interview-sim doctor` for details"


@pytest.mark.audio
def test_no_microphone_says_so_and_points_to_doctor_and_leaves_no_attempt(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice, _ = start_practice(bank, sphinx_settings(tmp_path), speech_now=False)
    server = VirtualAudio().start()  # a private server, killed: the suite's one stays up
    try:
        server.kill()
        server.rescan_devices()
        with pytest.raises(AudioDeviceError) as raised:
            practice.start_recording(bank.questions[0])
    finally:
        server.stop()
    assert str(raised.value).startswith("no microphone (input device) found")
    assert str(raised.value).endswith(HINT)
    assert practice.history.attempts() == []  # nothing half-made is left behind
    assert list(tmp_path.glob("*/*.wav")) == []
    practice.close()


def test_an_unusable_recordings_folder_is_one_notice_pointing_to_doctor(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    bank = load_bank(SHIPPED_BANK)
    practice, notices = start_practice(bank, sphinx_settings(blocker / "rec"), speech_now=False)
    assert notices == [
        f"The recordings folder {blocker / 'rec'} cannot be used (not a directory): nothing "
        f"will be saved and answers can only be typed; {HINT}."
    ]
    typed = practice.save_typed(bank.questions[0], "an answer", 10.0)
    assert typed.feedback is not None and typed.notice is None  # kept for this run, in memory
    assert [r.transcript for r in practice.history.attempts()] == ["an answer"]
    assert not (blocker / "rec" / HISTORY_FILE).exists()
