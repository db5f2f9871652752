"""Audio devices through PortAudio (sounddevice), loaded quietly and described plainly."""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal

from simulator.audio.native_output import native_stderr_silenced

Direction = Literal["input", "output"]


class AudioDeviceError(RuntimeError):
    """No usable device, or PortAudio itself missing; the message says what to do."""


@dataclass(frozen=True)
class Device:
    """One PortAudio device."""

    index: int
    name: str
    host_api: str
    max_input_channels: int
    max_output_channels: int
    default_sample_rate: float
    is_default_input: bool
    is_default_output: bool


@functools.cache
def portaudio() -> ModuleType:
    """The sounddevice module, imported with native chatter kept off the terminal."""
    try:
        with native_stderr_silenced():
            import sounddevice as module
    except OSError as error:  # sounddevice raises OSError when libportaudio is absent
        raise AudioDeviceError(
            f"PortAudio is not available ({error}); install it: apt-get install libportaudio2"
        ) from None
    loaded: ModuleType = module
    return loaded


def list_devices() -> list[Device]:
    """Every input and output device PortAudio sees."""
    sd = portaudio()
    with native_stderr_silenced():
        raw: Any = sd.query_devices()
        apis: Any = sd.query_hostapis()
        default_in, default_out = sd.default.device
    return [
        Device(
            index=index,
            name=str(info["name"]),
            host_api=str(apis[info["hostapi"]]["name"]),
            max_input_channels=int(info["max_input_channels"]),
            max_output_channels=int(info["max_output_channels"]),
            default_sample_rate=float(info["default_samplerate"]),
            is_default_input=index == default_in,
            is_default_output=index == default_out,
        )
        for index, info in enumerate(raw)
    ]


def default_device(direction: Direction) -> Device:
    """The default microphone or speaker, or AudioDeviceError naming the devices that exist."""
    devices = list_devices()
    channels = "max_input_channels" if direction == "input" else "max_output_channels"
    usable = [d for d in devices if getattr(d, channels) > 0]
    flag = "is_default_input" if direction == "input" else "is_default_output"
    for device in usable:
        if getattr(device, flag):
            return device
    if usable:
        return usable[0]
    what = "microphone (input device)" if direction == "input" else "speaker (output device)"
    found = ", ".join(f"{d.name} ({d.host_api})" for d in devices) or "none at all"
    raise AudioDeviceError(f"no {what} found. Devices PortAudio sees: {found}")


def describe_devices(devices: list[Device]) -> str:
    """A table for `interview-sim devices`."""
    if not devices:
        return "No audio devices found."
    lines = [f"{'':2} {'#':>3}  {'in':>3} {'out':>3}  {'rate':>6}  name (host API)"]
    for d in devices:
        mark = ("<" if d.is_default_input else " ") + (">" if d.is_default_output else " ")
        lines.append(
            f"{mark} {d.index:>3}  {d.max_input_channels:>3} {d.max_output_channels:>3}  "
            f"{d.default_sample_rate:>6.0f}  {d.name} ({d.host_api})"
        )
    lines.append("< default input, > default output")
    return "\n".join(lines)


def _pactl(*args: str) -> str | None:
    """What `pactl` prints, or None without pactl or a PulseAudio/PipeWire server."""
    if shutil.which("pactl") is None:
        return None
    try:
        done = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=3,
                              check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def sound_server_source() -> str | None:
    """The sound server's default source (microphone), if a PulseAudio-like server answers.

    PortAudio reaches it through ALSA's pulse plugin, which hides which source it records.
    """
    name = _pactl("get-default-source")
    return name.strip() or None if name else None


def sound_server_has_source(name: str) -> bool | None:
    """Whether the server still lists source `name`; None if it cannot be asked."""
    listing = _pactl("list", "short", "sources")
    if listing is None:
        return None
    return any(line.split("\t")[1:2] == [name] for line in listing.splitlines())
