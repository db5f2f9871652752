"""UI benchmark: event-loop stalls during the whole practice loop, and start-up time.

    .venv/bin/python benchmarks/ui.py [--runs 3] [--startup-runs 7] [--idle 5] [--trace-stalls]

Event-loop lateness: the real app (`start_practice(bank, settings)`: real
text-to-speech, recorder and faster-whisper "base") runs under `App.run_test(size=(80, 24))`
with a PulseAudio virtual microphone (tests/virtual_audio.py) started here and stopped on every
way out. A probe task on the app's own event loop sleeps 10 ms at a time and records its
lateness, the actual minus the expected wake time: a blocking call on the loop, or the loop
thread kept from running (GIL held elsewhere, garbage collection, no free CPU), shows up as one
wake as late as the stall. The benchmark drives the app as tests/functional/test_end_to_end.py
does: open the "event-driven-architecture" question, press space once the question has been
read, play a spoken answer (its sample answer twice, ~44 s, synthesised by the app's own
Synthesizer) into the microphone, press space, wait for the transcript. Waits poll with
`asyncio.sleep`, never block the loop. Each sample is filed under the phase the app is in when
the probe wakes: "home, model loading" (home shown while the warm-up worker loads the model),
"idle home" (--idle seconds after that), "speaking question" (practice screen while the
question is read aloud), "recording" (from space until the review screen), "transcribing"
(review screen until `attempt.transcript` is set). Per phase: samples, median, p99, max (the
longest stall) and wakes later than 50 ms, each the median over --runs runs. The baseline is a
minimal Textual app (one Static) under the same harness, idling as long as the app's phases
lasted in that run; "max x baseline" is a phase's max over the baseline's max, per run, then
the median. Every run of either is a fresh worker process of this script: each starts cold, as
the real app does, and the baseline holds only Textual's objects. Headless: no escape
sequences are written, but the compositor still renders every frame.
--trace-stalls also samples the loop thread's stack (and every other thread's innermost frame)
from a side thread every 5 ms while the probe is 20 ms overdue, times every garbage collection
with `gc.callbacks`, and prints both for each wake over 20 ms late (off by default: sampling
costs the loop a little).

Start-up to first screen: fresh `python -c` processes, so every import counts. The parent
reads time.perf_counter() just before spawning; the child reads it (both CLOCK_MONOTONIC,
system-wide on Linux) when the first frame of the home screen, with its questions listed,
reaches `App._display`; the difference is the start-up time, interpreter start included and
process teardown excluded. The real app is built as `interview-sim` builds it (the entry
point's module imported, `Settings.resolve` with a temp --recordings, `load_bank`,
`start_practice`, `InterviewApp`) and run with `app.run(headless=True, size=(80, 24))`; it
exits at once after that frame. Native stderr is not diverted (that only matters on a
terminal). The minimal app is one Static, timed to its first frame the same way. The children
get the virtual microphone's PULSE_SERVER, as a user with a sound server would; the app starts
without one too. Median of --startup-runs runs each, alternating; ratio is against the minimal
app. Targets: max stall < 50 ms; start-up within 1.5x the minimal app.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import wave
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Static  # noqa: E402

if TYPE_CHECKING:  # the baseline worker imports nothing of the app
    from simulator.ui.app import InterviewApp
    from tests.virtual_audio import VirtualAudio

QUESTION_ID = "event-driven-architecture"
SIZE = (80, 24)
PROBE_INTERVAL = 0.010
STALL_MS = 50.0
STARTUP_RATIO_TARGET = 1.5
TRACE_OVERDUE = 0.020
TRACE_PERIOD = 0.005
PHASES = ("home, model loading", "idle home", "speaking question", "recording", "transcribing")
BASELINE = "minimal app, idle"
STEP_TIMEOUT = 180.0

# --- event-loop lateness ------------------------------------------------------------------


@dataclass
class Stall:
    """A wake later than TRACE_OVERDUE: when it was due, when it came, what ran meanwhile."""

    phase: str
    due: float
    woke: float
    stacks: list[str] = field(default_factory=list)
    collections: list[tuple[int, float, str]] = field(default_factory=list)
    """Garbage collections overlapping the stall: (generation, ms inside it, thread)."""

    @property
    def ms(self) -> float:
        return (self.woke - self.due) * 1000


@dataclass
class Measured:
    """What one probe saw: lateness in ms by phase, the late wakes, seconds covered."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    stalls: list[Stall] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Measured:
        data = json.loads(text)
        stalls = [
            Stall(s["phase"], s["due"], s["woke"], s["stacks"],
                  [(g, ms, thread) for g, ms, thread in s["collections"]])
            for s in data["stalls"]
        ]  # fmt: skip
        return cls(data["samples"], stalls, data["seconds"])


class LatenessProbe:
    """Sleeps PROBE_INTERVAL at a time on the running loop and files its lateness by phase."""

    def __init__(self, classify: Callable[[], str | None]) -> None:
        self.classify = classify
        self.measured = Measured()
        self.due = time.perf_counter() + PROBE_INTERVAL
        self.loop_thread = threading.get_ident()

    async def run(self) -> None:
        self.loop_thread = threading.get_ident()
        while True:
            self.due = time.perf_counter() + PROBE_INTERVAL
            await asyncio.sleep(PROBE_INTERVAL)
            woke = time.perf_counter()
            lateness = (woke - self.due) * 1000
            phase = self.classify()
            if phase is None:
                continue
            self.measured.samples.setdefault(phase, []).append(lateness)
            self.measured.seconds += woke - self.due + PROBE_INTERVAL
            if lateness > TRACE_OVERDUE * 1000:
                self.measured.stalls.append(Stall(phase, self.due, woke))


class StallTracer:
    """Samples the loop thread's stack from a side thread while the probe is overdue, and
    times every garbage collection (it holds the GIL: no sample can see one running)."""

    def __init__(self, probe: LatenessProbe) -> None:
        self.probe = probe
        self.samples: list[tuple[float, str]] = []
        self.collections: list[tuple[int, float, float, str]] = []
        self._gc_started = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="stall-tracer", daemon=True)

    def __enter__(self) -> StallTracer:
        gc.callbacks.append(self._on_gc)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        gc.callbacks.remove(self._on_gc)
        for stall in self.probe.measured.stalls:
            stall.stacks = [s for t, s in self.samples if stall.due <= t <= stall.woke]
            stall.collections = [
                (generation, (min(end, stall.woke) - max(start, stall.due)) * 1000, thread)
                for generation, start, end, thread in self.collections
                if start < stall.woke and end > stall.due
            ]

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            thread = threading.current_thread().name
            self.collections.append(
                (info["generation"], self._gc_started, time.perf_counter(), thread)
            )

    def _sample(self) -> None:
        while not self._stop.wait(TRACE_PERIOD):
            now = time.perf_counter()
            if now - self.probe.due < TRACE_OVERDUE:
                continue
            frames = sys._current_frames()
            loop_frame = frames.get(self.probe.loop_thread)
            if loop_frame is None:
                continue
            others = [
                f"  [{t.name}] {innermost(frames[t.ident])}"
                for t in threading.enumerate()
                if t.ident in frames and t.ident != self.probe.loop_thread and t is not self._thread
            ]
            self.samples.append((now, format_stack(loop_frame) + "\n".join(others)))


def short_path(filename: str) -> str:
    for prefix in (f"{ROOT}/.venv/lib/python3.11/site-packages/", f"{ROOT}/"):
        if filename.startswith(prefix):
            return filename[len(prefix) :]
    return filename


def innermost(frame: FrameType) -> str:
    code = frame.f_code
    return f"{short_path(code.co_filename)}:{frame.f_lineno} {code.co_name}"


def format_stack(frame: FrameType, depth: int = 12) -> str:
    entries = traceback.extract_stack(frame)[-depth:]
    lines = [f"    {short_path(e.filename)}:{e.lineno} {e.name}" for e in entries]
    return "  loop thread, innermost last:\n" + "\n".join(lines) + "\n  other threads:\n"


def interview_classifier(app: InterviewApp) -> Callable[[], str | None]:
    """A function naming the phase the app is in, as this benchmark names phases."""
    from textual.worker import WorkerState

    from simulator.ui.screens.home import HomeScreen
    from simulator.ui.screens.practice import Phase, PracticeScreen
    from simulator.ui.screens.review import ReviewScreen

    def phase() -> str | None:
        if not app.screen_stack:
            return None
        screen = app.screen
        if isinstance(screen, HomeScreen):
            loading = any(
                w.group == "engine" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                for w in app.workers
            )
            return "home, model loading" if loading else "idle home"
        if isinstance(screen, PracticeScreen):
            if screen.phase in (Phase.SPEAKING, Phase.THINKING):
                return "speaking question"
            return "recording"
        if isinstance(screen, ReviewScreen):
            attempt = screen.attempt
            if attempt.transcript is None and attempt.transcribe_error is None:
                return "transcribing"
        return None

    return phase


async def wait_until(condition: Callable[[], bool], what: str, timeout: float) -> None:
    """Poll without blocking the loop; RuntimeError naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def probing(classify: Callable[[], str | None], trace: bool) -> AsyncIterator[LatenessProbe]:
    """Run a probe (and the tracer, if asked) on this loop for the body of the block."""
    probe = LatenessProbe(classify)
    with StallTracer(probe) if trace else contextlib.nullcontext():
        task = asyncio.create_task(probe.run())
        try:
            yield probe
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def measure_interview(recordings: Path, idle: float, trace: bool) -> Measured:
    """One whole practice loop in the real app, with the probe running throughout.

    Runs in a worker process of its own; the parent plays the answer into the microphone
    when this prints PLAY, and answers PLAYED on stdin when it has finished.
    """
    from simulator.audio.transcribe import WhisperEngine
    from simulator.bank import load_bank
    from simulator.practice.startup import start_practice
    from simulator.settings import Settings
    from simulator.ui.app import InterviewApp
    from simulator.ui.screens.home import HomeScreen
    from simulator.ui.screens.practice import Phase, PracticeScreen
    from simulator.ui.screens.review import ReviewScreen

    bank = load_bank(ROOT / "questions.toml")
    settings = Settings(ROOT / "questions.toml", recordings)
    practice, notices = start_practice(bank, settings)
    if notices:
        raise RuntimeError(f"the app is not fully set up: {notices}")
    app = InterviewApp(bank, settings, practice, notices)
    classify = interview_classifier(app)
    async with app.run_test(size=SIZE) as pilot, probing(classify, trace) as probe:
        await wait_until(lambda: isinstance(app.screen, HomeScreen), "home", 30)
        await wait_until(lambda: classify() == "idle home", "model warm-up", STEP_TIMEOUT)
        if not isinstance(app.practice.engine, WhisperEngine):
            raise RuntimeError("the whisper model did not load; the app fell back to sphinx")
        await asyncio.sleep(idle)
        await pilot.press("down", "enter")
        screen = app.screen
        if not isinstance(screen, PracticeScreen) or screen.question.id != QUESTION_ID:
            raise RuntimeError(f"expected the practice screen of {QUESTION_ID}")
        await wait_until(lambda: screen.phase is Phase.THINKING, "think time", 60)
        await pilot.press("space")
        await wait_until(lambda: screen.phase is Phase.RECORDING, "recording", 10)
        print("PLAY", file=sys.__stdout__, flush=True)
        played = asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        await wait_until(played.done, "the answer to be played", STEP_TIMEOUT)
        await asyncio.sleep(0.5)
        await pilot.press("space")
        await wait_until(lambda: isinstance(app.screen, ReviewScreen), "review", 10)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        attempt = review.attempt
        await wait_until(
            lambda: attempt.transcript is not None or attempt.transcribe_error is not None,
            "the transcript",
            STEP_TIMEOUT,
        )
        if attempt.transcribe_error:
            raise RuntimeError(f"transcription failed: {attempt.transcribe_error}")
    return probe.measured


class MinimalApp(App[None]):
    """The baseline: a Textual app with one Static and nothing else."""

    def compose(self) -> ComposeResult:
        yield Static("interview-sim baseline")


async def idle_baseline(seconds: float, trace: bool) -> Measured:
    """The minimal app idling under the same harness (in a process of its own)."""
    async with MinimalApp().run_test(size=SIZE), probing(lambda: BASELINE, trace) as probe:
        await wait_until(lambda: probe.measured.seconds >= seconds, "idle", seconds + 30)
    return probe.measured


def run_worker(
    options: list[str], audio: VirtualAudio, answer_wav: Path | None, log: Path
) -> Measured:
    """Run this script as a worker process; play the answer when it asks; its figures."""
    with log.open("w") as stderr:
        worker = subprocess.Popen(
            [sys.executable, __file__, *options], env=audio.env(), text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
        )  # fmt: skip
    assert worker.stdin is not None and worker.stdout is not None
    result = ""
    try:
        for line in worker.stdout:
            if line.strip() == "PLAY" and answer_wav is not None:
                audio.play(answer_wav).wait(timeout=STEP_TIMEOUT)
                worker.stdin.write("PLAYED\n")
                worker.stdin.flush()
            elif line.startswith("{"):
                result = line
        worker.wait(timeout=STEP_TIMEOUT)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    if worker.returncode != 0 or not result:
        raise RuntimeError(f"worker {options} failed ({worker.returncode}):\n{log.read_text()}")
    return Measured.from_json(result)


@dataclass(frozen=True)
class Figures:
    samples: int
    median: float
    p99: float
    max: float
    stalls: int


def figures(lateness: list[float]) -> Figures:
    if len(lateness) > 1:
        p99 = statistics.quantiles(lateness, n=100, method="inclusive")[98]
    else:
        p99 = lateness[0]
    stalls = sum(x > STALL_MS for x in lateness)
    return Figures(len(lateness), statistics.median(lateness), p99, max(lateness), stalls)


def print_lateness(runs: list[tuple[Measured, Measured]]) -> None:
    print(f"Event-loop lateness (ms), median of {len(runs)} runs; probe every "
          f"{PROBE_INTERVAL * 1000:.0f} ms; target: max stall < {STALL_MS:.0f} ms")  # fmt: skip
    header = (f"{'phase':<20} {'samples':>7} {'median':>7} {'p99':>7} {'max':>7} "
              f"{'>50ms':>6} {'max x baseline':>15}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for phase in (*PHASES, BASELINE):
        per_run = []
        for app, base in runs:
            measured = base if phase == BASELINE else app
            if phase in measured.samples:
                base_max = max(base.samples[BASELINE])
                per_run.append((figures(measured.samples[phase]), base_max))
        if not per_run:
            continue
        median = statistics.median
        ratio = median(f.max / base for f, base in per_run)
        print(
            f"{phase:<20} {median(f.samples for f, _ in per_run):>7.0f} "
            f"{median(f.median for f, _ in per_run):>7.2f} "
            f"{median(f.p99 for f, _ in per_run):>7.2f} "
            f"{median(f.max for f, _ in per_run):>7.1f} "
            f"{median(f.stalls for f, _ in per_run):>6.0f} {ratio:>15.2f}"
        )
    worst = max(
        (max(lateness) for app, _ in runs for lateness in app.samples.values()),
        default=0.0,
    )
    verdict = "met" if worst < STALL_MS else "NOT met"
    print(f"longest stall of the app in any run: {worst:.1f} ms: target {verdict}")


def print_stall_traces(runs: list[tuple[Measured, Measured]]) -> None:
    late = TRACE_OVERDUE * 1000
    print(f"\nWhat ran on the loop during wakes over {late:.0f} ms late (sampled every "
          f"{TRACE_PERIOD * 1000:.0f} ms once {late:.0f} ms overdue)")  # fmt: skip
    any_stall = False
    for number, (app, base) in enumerate(runs, 1):
        for stall in [*app.stalls, *base.stalls]:
            any_stall = True
            collected = ", ".join(
                f"gen {g} {ms:.1f} ms on {thread}" for g, ms, thread in stall.collections
            )
            print(f"run {number} · {stall.phase} · {stall.ms:.1f} ms late · garbage "
                  f"collection: {collected or 'none'} · {len(stall.stacks)} sample(s)")  # fmt: skip
            for stack, count in Counter(stall.stacks).most_common(2):
                print(f"  seen in {count} sample(s):\n{stack}")
    if not any_stall:
        print("none")
    over = [stall for app, _ in runs for stall in app.stalls if stall.ms > STALL_MS]
    in_gc = [s for s in over if any(g == 2 for g, _, _ in s.collections)]
    print(f"app stalls over {STALL_MS:.0f} ms: {len(over)}, of which {len(in_gc)} overlap "
          f"a full (generation 2) garbage collection")  # fmt: skip


# --- start-up to first screen -------------------------------------------------------------

STARTUP_CHILD = """\
import sys, time
MODE, RECORDINGS = sys.argv[1], sys.argv[2]
if MODE == "python":
    print("STAGES", time.perf_counter(), time.perf_counter(), time.perf_counter(), flush=True)
    raise SystemExit
if MODE == "interview-sim":
    import simulator.cli  # the console script's module, as `interview-sim` imports it
    from simulator.bank import load_bank
    from simulator.settings import Settings
    from simulator.ui.app import InterviewApp
    from simulator.practice.startup import start_practice
    from simulator.ui.screens.home import HomeScreen
    imported = time.perf_counter()
    settings = Settings.resolve({"paths.recordings": Path(RECORDINGS)})
    bank = load_bank(settings.questions_path)
    # as run_fullscreen builds it: text-to-speech starts after the first frame
    practice, notices = start_practice(bank, settings, speech_now=False)
    app = InterviewApp(bank, settings, practice, notices, start_speech=True)

    def is_first(screen):
        return isinstance(screen, HomeScreen) and screen.query_one("#questions").option_count
else:
    from textual.app import App
    from textual.widgets import Static
    imported = time.perf_counter()

    class Minimal(App[None]):
        def compose(self):
            yield Static("interview-sim baseline")

    app = Minimal()

    def is_first(screen):
        return True
built = time.perf_counter()
display = app._display

def first_frame(screen, renderable):
    display(screen, renderable)
    if renderable is not None and is_first(screen) and app.return_code is None:
        print("STAGES", imported, built, time.perf_counter(), flush=True)
        app.exit()

app._display = first_frame
app.run(headless=True, size=(80, 24))
"""
STARTUP_APPS = ("interview-sim", "minimal Textual", "python")
Stages = tuple[float, ...]


def startup_once(mode: str, recordings: Path, env: dict[str, str]) -> Stages:
    """Seconds from spawn to each stage in the child: imports, app built, first frame."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_CHILD, mode, str(recordings)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False,
    )  # fmt: skip
    stages = [line.split()[1:] for line in result.stdout.splitlines() if line.startswith("STAGES")]
    if result.returncode != 0 or not stages:
        raise RuntimeError(f"start-up run of {mode} failed ({result.returncode}):\n"
                           f"{result.stdout}\n{result.stderr}")  # fmt: skip
    return tuple(float(t) - started for t in stages[0])


def measure_startup(runs: int, workdir: Path, env: dict[str, str]) -> dict[str, list[Stages]]:
    timings: dict[str, list[Stages]] = {mode: [] for mode in STARTUP_APPS}
    for run in range(runs):
        for mode in STARTUP_APPS:
            recordings = workdir / f"startup-{mode.split()[0]}-{run}"
            timings[mode].append(startup_once(mode, recordings, env))
    return timings


def print_startup(timings: dict[str, list[Stages]]) -> None:
    runs = len(timings["minimal Textual"])
    first = {mode: statistics.median(t[2] for t in rows) for mode, rows in timings.items()}
    base = first["minimal Textual"]
    print(f"Start-up to first screen (s), median of {runs} runs; from spawn (parent clock) to "
          f"the first frame; target: within {STARTUP_RATIO_TARGET}x minimal")  # fmt: skip
    header = f"{'app':<17} {'median':>7} {'ratio':>6} {'imports':>8} {'built':>7}"
    print(header)
    print("-" * len(header))
    for mode, rows in timings.items():
        if mode == "python":
            continue
        imports = statistics.median(t[0] for t in rows)
        built = statistics.median(t[1] for t in rows)
        print(f"{mode:<17} {first[mode]:>7.3f} {first[mode] / base:>6.2f} "
              f"{imports:>8.3f} {built:>7.3f}")  # fmt: skip
    print(f"(python -c with no import: {first['python']:.3f} s; imports and built are the "
          f"medians of when the child had imported everything and had built the app)")  # fmt: skip
    ratio = first["interview-sim"] / base
    verdict = "met" if ratio <= STARTUP_RATIO_TARGET else "NOT met"
    print(f"interview-sim / minimal: {ratio:.2f}x: target {verdict}")


# --- main ---------------------------------------------------------------------------------


@contextlib.contextmanager
def virtual_microphone() -> Iterator[VirtualAudio]:
    """PulseAudio for the run, stopped on every way out, SIGTERM included."""
    from tests.virtual_audio import VirtualAudio

    def terminated(_signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(143)

    previous = signal.signal(signal.SIGTERM, terminated)
    audio = VirtualAudio().start()
    try:
        yield audio
    finally:
        audio.stop()
        signal.signal(signal.SIGTERM, previous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="whole practice loops (0 skips)")
    parser.add_argument("--startup-runs", type=int, default=7, help="start-ups per app (0 skips)")
    parser.add_argument("--idle", type=float, default=5.0, help="seconds idle on home")
    parser.add_argument("--trace-stalls", action="store_true", help="sample stacks of stalls")
    parser.add_argument("--baseline-worker", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--interview-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_worker is not None:
        print(asyncio.run(idle_baseline(args.baseline_worker, args.trace_stalls)).to_json())
        return
    if args.interview_worker is not None:
        measured = asyncio.run(
            measure_interview(args.interview_worker, args.idle, args.trace_stalls)
        )
        print(measured.to_json())
        return

    from simulator.audio.speech import Synthesizer
    from simulator.bank import load_bank

    started = time.perf_counter()
    trace = ["--trace-stalls"] if args.trace_stalls else []
    runs: list[tuple[Measured, Measured]] = []
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as folder, virtual_microphone() as audio:
        workdir = Path(folder)
        startup = measure_startup(args.startup_runs, workdir, audio.env())
        if args.runs:
            question = load_bank(ROOT / "questions.toml").get(QUESTION_ID)
            synthesizer = Synthesizer()
            try:
                answer = f"{question.sample_answer} {question.sample_answer}"
                answer_wav = synthesizer.to_wav(answer, workdir / "answer.wav")
            finally:
                synthesizer.close()
            with wave.open(str(answer_wav)) as wav:
                answer_seconds = wav.getnframes() / wav.getframerate()
        for run in range(args.runs):
            recordings = workdir / f"recordings-{run}"
            options = ["--interview-worker", str(recordings), "--idle", str(args.idle), *trace]
            app = run_worker(options, audio, answer_wav, workdir / f"interview-{run}.log")
            options = ["--baseline-worker", str(app.seconds), *trace]
            base = run_worker(options, audio, None, workdir / f"baseline-{run}.log")
            runs.append((app, base))
    if runs:
        print_lateness(runs)
        print(f"(the spoken answer played into the microphone: {answer_seconds:.1f} s)")
        if args.trace_stalls:
            print_stall_traces(runs)
    if args.startup_runs:
        if runs:
            print()
        print_startup(startup)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
