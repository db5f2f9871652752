"""A real PulseAudio server with a 16 kHz mono virtual microphone, started by the test suite.

A null sink (`vmic_sink`) is the virtual speaker; a remap source of its monitor (`vmic`) is the
virtual microphone; both are the defaults. Whatever is played into the sink (`paplay`, or our
own Player) is captured sample-exact by sounddevice from the default input. PortAudio reaches
it through ALSA's pulse plugin. Everything lives in a temp dir: HOME, XDG_RUNTIME_DIR, the
socket, the cookie; no other PulseAudio on the machine is touched.

Measured details the configuration depends on:
- a keep-alive loopback and a suspend/resume cycle, or an idle null sink delivers its first
  audio 1.2-1.9 s late to a new recording stream;
- `norewinds=1`, or a recording of the monitor loses the first samples of each playback;
- `--disable-shm=yes`, or the log fills with memfd errors.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATE = 16_000
STARTUP_TIMEOUT = 10.0

_SCRIPT = """\
load-module module-native-protocol-unix auth-anonymous=1 socket={socket}
load-module module-null-sink sink_name=vmic_sink norewinds=1 rate={rate} channels=1 \
format=s16le channel_map=mono sink_properties=device.description=vmic_sink
load-module module-remap-source master=vmic_sink.monitor source_name=vmic rate={rate} \
channels=1 format=s16le channel_map=mono master_channel_map=mono \
source_properties=device.description=vmic
{keep_alive}set-default-sink vmic_sink
set-default-source vmic
{resume}"""
_KEEP_ALIVE = """\
load-module module-null-sink sink_name=vmic_keepalive rate={rate} channels=1 format=s16le \
channel_map=mono sink_properties=device.description=vmic_keepalive
load-module module-loopback source=vmic_sink.monitor sink=vmic_keepalive latency_msec=20 \
source_dont_move=true sink_dont_move=true
"""
_SUSPEND_ON_IDLE = """\
load-module module-suspend-on-idle timeout=1
"""
_RESUME = """\
suspend-sink vmic_sink 1
suspend-sink vmic_sink 0
"""


class VirtualAudio:
    """Starts and stops the PulseAudio server; `client_env` lets any process reach it.

    `keep_alive=False` is a stock server's microphone: no keep-alive loopback, and idle
    devices suspended after 1 s (`module-suspend-on-idle`, which a default PulseAudio loads),
    so a new recording waits for the source to wake.
    """

    def __init__(self, keep_alive: bool = True) -> None:
        self.keep_alive = keep_alive
        self.dir = Path(tempfile.mkdtemp(prefix="vmic.", dir="/tmp"))  # socket path < 108 bytes
        socket = self.dir / "native"
        self.client_env = {
            "PULSE_SERVER": f"unix:{socket}",
            "PULSE_CLIENTCONFIG": str(self.dir / "client.conf"),
            "PULSE_COOKIE": str(self.dir / "cookie"),
        }
        self._process: subprocess.Popen[bytes] | None = None
        self._saved_env: dict[str, str | None] = {}

    def start(self, rescan: bool = True) -> VirtualAudio:
        """Start the server, wait until it answers, and point this process at it.

        After `kill()`, `start()` brings the server back on the same socket, as a sound server
        restarting would; `rescan=False` leaves PortAudio's device list as it was.
        """
        for sub in ("home", "xdg", "runtime", "state", "config/pulse"):
            (self.dir / sub).mkdir(parents=True, mode=0o700, exist_ok=True)
        socket = self.dir / "native"
        script = _SCRIPT.format(
            socket=socket,
            rate=RATE,
            keep_alive=_KEEP_ALIVE.format(rate=RATE) if self.keep_alive else "",
            resume=_RESUME if self.keep_alive else _SUSPEND_ON_IDLE,
        )
        (self.dir / "vmic.pa").write_text(script)
        (self.dir / "client.conf").write_text(
            f"autospawn = no\ndefault-server = unix:{socket}\nenable-shm = no\n"
        )
        daemon_env = {k: v for k, v in os.environ.items() if k not in self.client_env}
        daemon_env.update(
            HOME=str(self.dir / "home"),
            XDG_RUNTIME_DIR=str(self.dir / "xdg"),
            XDG_CONFIG_HOME=str(self.dir / "config"),
            PULSE_RUNTIME_PATH=str(self.dir / "runtime"),
            PULSE_STATE_PATH=str(self.dir / "state"),
        )
        with (self.dir / "pulse.log").open("wb") as log:
            self._process = subprocess.Popen(
                ["pulseaudio", "--daemonize=no", "-n", "-F", str(self.dir / "vmic.pa"),
                 "--exit-idle-time=-1", "--use-pid-file=no", "--realtime=no",
                 "--high-priority=no", "--disable-shm=yes", "--log-target=stderr"],
                env=daemon_env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"PulseAudio did not start; see {self.dir / 'pulse.log'}")
            time.sleep(0.05)
        if not self._saved_env:  # a restart after kill() keeps the environment saved first
            self._saved_env = {k: os.environ.get(k) for k in self.client_env}
        os.environ.update(self.client_env)
        if rescan:
            self.rescan_devices()
        return self

    def stop(self) -> None:
        """Stop the server, restore this process's environment and remove the temp dir."""
        if self._process is not None and self._process.poll() is None:
            subprocess.run(["pactl", "exit"], env=self.env(), capture_output=True, check=False)
            try:
                self._process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}
        self.rescan_devices()
        shutil.rmtree(self.dir, ignore_errors=True)

    def kill(self) -> None:
        """Kill the server abruptly, as a device vanishing would."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()

    def env(self) -> dict[str, str]:
        """The environment for a child process that should use this server."""
        return {**os.environ, **self.client_env}

    def play(self, wav: Path) -> subprocess.Popen[bytes]:
        """Start playing a WAV into the virtual microphone (`paplay`), returning at once."""
        return subprocess.Popen(["paplay", str(wav)], env=self.env())

    def record_monitor(self, out: Path) -> subprocess.Popen[bytes]:
        """Start recording what the virtual speaker plays (16 kHz mono WAV) until terminated."""
        return subprocess.Popen(
            ["parecord", "--device=vmic_sink.monitor", "--rate=16000", "--channels=1",
             "--format=s16le", "--file-format=wav", str(out)],
            env=self.env(),
        )  # fmt: skip

    def _answers(self) -> bool:
        result = subprocess.run(["pactl", "info"], env=self.env(), capture_output=True, text=True,
                                check=False)  # fmt: skip
        return result.returncode == 0 and "Default Source: vmic\n" in result.stdout

    @staticmethod
    def rescan_devices() -> None:
        """PortAudio lists devices once, at initialisation: make it look again."""
        sd = sys.modules.get("sounddevice")
        if sd is not None:
            sd._terminate()
            sd._initialize()
