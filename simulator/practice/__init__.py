"""The practice service and what it works with, outside the UI.

- `attempt`: the attempt model (`Attempt`, `SessionRun`, `AttemptRating`, `AttemptSummary`);
- `service`: `Practice`, which records, transcribes, assesses, stores and lists attempts;
- `recovery`: what a crash left behind, put right at start-up;
- `startup`: the one start-up the app and the commands share (history, backup, recovery,
  retention, engines from the settings);
- `speech`: what the service needs from text-to-speech; `errors`: its notices and errors.
"""

from simulator.practice.attempt import (
    Attempt,
    AttemptRating,
    AttemptSummary,
    SessionRun,
    question_hints,
)
from simulator.practice.errors import DOCTOR_HINT, RecordingsUnavailableError
from simulator.practice.recovery import recover, repair_recordings
from simulator.practice.service import Practice, RecorderFactory, question_plan
from simulator.practice.speech import Reading, SpeechOutput

__all__ = [
    "DOCTOR_HINT",
    "Attempt",
    "AttemptRating",
    "AttemptSummary",
    "Practice",
    "Reading",
    "RecorderFactory",
    "RecordingsUnavailableError",
    "SessionRun",
    "SpeechOutput",
    "question_hints",
    "question_plan",
    "recover",
    "repair_recordings",
]
