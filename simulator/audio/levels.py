"""Where speech is in a recording: frame levels and the speech/silence rule.

The delivery figures (pauses, speaking time) use this rule; the transcriber finds speech with
the Silero VAD instead (`segmenter`). The samples are cut into `FRAME_SECONDS` frames and each
frame's RMS level taken in dBFS; the recording's speech level is its
`SPEECH_PERCENTILE`th-percentile frame, and a frame is silent when it is more than
`RELATIVE_THRESHOLD_DB` below that, or below `FLOOR_DBFS` in any case, so a quiet microphone
and a loud one are judged alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

FRAME_SECONDS = 0.05
SPEECH_PERCENTILE = 95
RELATIVE_THRESHOLD_DB = 30.0
FLOOR_DBFS = -50.0
SILENCE_DBFS = -96.0


def _mono(samples: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    import numpy as np

    data = np.asarray(samples, dtype=np.float64)
    return data.mean(axis=1) if data.ndim == 2 else data


def frame_levels(samples: npt.NDArray[Any], sample_rate: int) -> npt.NDArray[np.float64]:
    """RMS level of each whole `FRAME_SECONDS` frame in dBFS (int16 full scale), channels mixed."""
    import numpy as np

    data = _mono(samples)
    size = max(1, round(FRAME_SECONDS * sample_rate))
    count = len(data) // size
    if count == 0:
        return np.zeros(0, dtype=np.float64)
    frames = data[: count * size].reshape(count, size)
    rms = np.sqrt(np.mean(np.square(frames), axis=1))
    with np.errstate(divide="ignore"):
        levels: npt.NDArray[np.float64] = 20 * np.log10(rms / 32768.0)
    return np.maximum(levels, SILENCE_DBFS)


def speech_frames(samples: npt.NDArray[Any], sample_rate: int) -> npt.NDArray[np.bool_]:
    """Which frames hold speech, by the level rule of the module docstring (none if all quiet)."""
    import numpy as np

    levels = frame_levels(samples, sample_rate)
    if levels.size == 0:
        return np.zeros(0, dtype=np.bool_)
    speech_level = float(np.percentile(levels, SPEECH_PERCENTILE))
    if speech_level <= FLOOR_DBFS:
        return np.zeros(levels.size, dtype=np.bool_)
    threshold = max(speech_level - RELATIVE_THRESHOLD_DB, FLOOR_DBFS)
    result: npt.NDArray[np.bool_] = levels > threshold
    return result
