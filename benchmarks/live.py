"""Live transcription benchmark: answers of 30 s, 2 min and 5 min spoken into the real app.

    .venv/bin/python benchmarks/live.py [--runs 3] [--lengths 30,120,300] [--voice VOICE]

Each run is a fresh worker process that starts the real app (`start_practice` with whisper
"base", the real recorder and live transcriber) under `App.run_test(size=(80, 24))` with a
PulseAudio virtual microphone (tests/virtual_audio.py), opens the "distributed-tracing"
question (think time 0, answer time the length + 30 s), plays the answer into the microphone
with `paplay`, presses space 0.5 s after it ends, and waits for the review to show the final
transcript and its score. The answer is the bank's sample answers spoken one after another by
the app's synthesizer (165 wpm), whole answers until the length is reached (so the reference
text is exact; the real length is printed).

Per length, the median over the runs of:
- stop -> final: from the space that ends the answer to the review showing the final
  transcript with its feedback (what the person waits for), and of which decoding: from the
  space to the live transcriber's last piece decoded;
- CPU while recording: the app process's CPU time over the recording's wall time (100% is one
  core of the machine's two);
- longest stall: the event loop's worst lateness while recording (a probe sleeping 10 ms, as
  in benchmarks/ui.py);
- WER and key terms (the tracing question's terms that were said, found in the transcript) of
  the live transcript, against the old batch path measured in the same run on the same
  recorded WAV: one whole-file faster-whisper call with the key terms as hotwords and its VAD
  filter, which starts only at the stop, so its decoding time is its stop -> final;
- most words missed in a row: the longest run of spoken words the transcript lacks (deleted or
  replaced), the "lost stretch" of a skipped window.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

QUESTION_ID = "distributed-tracing"
STEP_TIMEOUT = 400.0
DUMP = os.environ.get("BENCH_LIVE_DUMP")
"""A folder to write each run's texts to (live, batch, said), to see where they differ."""


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def key_terms_found(terms: list[str], said: str, heard: str) -> tuple[int, int]:
    from tests.speech_corpus import normalize

    spoken = [t for t in terms if f" {normalize(t)} " in f" {normalize(said)} "]
    found = [t for t in spoken if f" {normalize(t)} " in f" {normalize(heard)} "]
    return len(found), len(spoken)


def batch_baseline(wav: Path, hints: list[str]) -> tuple[str, float]:
    """The old path: one whole-file call, hints as hotwords, faster-whisper's VAD filter."""
    from faster_whisper import WhisperModel

    from simulator.audio.models import resolve_model
    from simulator.audio.transcribe import load_audio

    model = WhisperModel(str(resolve_model("base")), device="cpu", compute_type="int8",
                         cpu_threads=2, local_files_only=True)  # fmt: skip
    audio = load_audio(wav).as_float32()
    started = time.perf_counter()
    segments, _ = model.transcribe(
        audio, language="en", beam_size=5, temperature=0.0, condition_on_previous_text=False,
        word_timestamps=True, vad_filter=True, hotwords=" ".join(hints),
    )  # fmt: skip
    text = "".join(s.text for s in segments).strip()
    return text, time.perf_counter() - started


async def one_run(wav: Path, said: str, seconds: float, folder: Path) -> dict[str, float]:
    from ui import LatenessProbe, wait_until

    from simulator.audio import live
    from simulator.bank import load_bank
    from simulator.practice import question_hints
    from simulator.practice.startup import start_practice
    from simulator.settings import Settings
    from simulator.ui.app import InterviewApp
    from simulator.ui.screens.practice import Phase, PracticeScreen
    from simulator.ui.screens.review import ReviewScreen
    from tests.speech_corpus import longest_missing_run, word_error_rate

    finished_at: list[float] = []
    publish = live.LiveTranscriber._publish

    def timed_publish(self: live.LiveTranscriber, finished: bool) -> None:
        publish(self, finished)
        if finished:
            finished_at.append(time.perf_counter())

    live.LiveTranscriber._publish = timed_publish  # type: ignore[method-assign]
    text = (ROOT / "questions.toml").read_text()
    text = text.replace("think_seconds = 10", "think_seconds = 0")
    text = text.replace("answer_seconds = 120", f"answer_seconds = {int(seconds) + 30}")
    bank_path = folder / "bank.toml"
    bank_path.write_text(text)
    bank = load_bank(bank_path)
    practice, _ = start_practice(bank, Settings(bank_path, folder / "recordings"))
    practice.engine.load()
    app = InterviewApp(bank, Settings(bank_path, folder / "recordings"), practice)
    recording = {"on": False}
    probe = LatenessProbe(lambda: "recording" if recording["on"] else None)
    figures: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        task = asyncio.create_task(probe.run())
        await pilot.press("m")  # no reading aloud: the answer starts at once
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await wait_until(lambda: screen.phase is Phase.WAITING, "the microphone", STEP_TIMEOUT)
        player = subprocess.Popen(["paplay", str(wav)])
        await wait_until(lambda: screen.phase is Phase.RECORDING, "first audio", STEP_TIMEOUT)
        recording["on"] = True
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        await wait_until(lambda: player.poll() is not None, "the answer", STEP_TIMEOUT)
        await asyncio.sleep(0.5)
        figures["cpu_share"] = (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)
        recording["on"] = False
        stopped = time.perf_counter()  # the key's own handling counts too
        await pilot.press("space")

        def final_shown() -> bool:
            review = app.screen
            return (
                isinstance(review, ReviewScreen)
                and review.attempt.feedback is not None
                and "Score" in str(review.query_one("#feedback-summary").render())
            )

        await wait_until(final_shown, "the final transcript", 60.0)
        figures["stop_to_final"] = time.perf_counter() - stopped
        figures["stop_to_decoded"] = finished_at[-1] - stopped if finished_at else float("nan")
        task.cancel()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        attempt = review.attempt
    assert attempt.transcript is not None and attempt.audio_path is not None
    lateness = probe.measured.samples.get("recording", [0.0])
    figures["stall_ms"] = max(lateness)
    question = bank.get(QUESTION_ID)
    hints = question_hints(question)
    live_text = attempt.transcript.text
    figures["live_wer"] = word_error_rate(said, live_text)
    figures["live_missing"] = longest_missing_run(said, live_text)
    found, spoken = key_terms_found(hints, said, live_text)
    figures["live_terms"] = found / spoken if spoken else 1.0
    batch_text, batch_seconds = batch_baseline(attempt.audio_path, hints)
    figures["batch_wer"] = word_error_rate(said, batch_text)
    figures["batch_missing"] = longest_missing_run(said, batch_text)
    found, spoken = key_terms_found(hints, said, batch_text)
    figures["batch_terms"] = found / spoken if spoken else 1.0
    figures["batch_stop_to_final"] = batch_seconds
    if DUMP:
        Path(DUMP, f"live-{int(seconds)}.txt").write_text(live_text)
        Path(DUMP, f"batch-{int(seconds)}.txt").write_text(batch_text)
        Path(DUMP, f"said-{int(seconds)}.txt").write_text(said)
    return figures


def make_answer(seconds: float, voice: str | None, folder: Path) -> tuple[Path, str, float]:
    """Whole sample answers spoken in a row until `seconds` is reached; the words said.

    Whole answers, not a cut, so the reference text is exact (a word cut in half is neither said
    nor missing); the answer is a little longer than asked and its real length is printed.
    """
    import numpy as np

    from simulator.audio.speech import Synthesizer
    from simulator.audio.transcribe import load_audio
    from simulator.audio.wav import StreamingWavWriter
    from simulator.bank import load_bank

    questions = load_bank(ROOT / "questions.toml").questions
    synthesizer = Synthesizer(voice, 165)
    parts, words, total = [], [], 0
    try:
        for index in range(100):
            question = questions[index % len(questions)]
            path = synthesizer.to_wav(question.sample_answer, folder / f"part-{index}.wav")
            samples = load_audio(path).samples()  # espeak-ng writes 22.05 kHz: made 16 kHz
            if total >= int((seconds - 10) * 16_000):  # within 10 s of the length asked
                break
            words.extend(question.sample_answer.split())
            parts.append(samples)
            total += len(samples)
    finally:
        synthesizer.close()
    out = folder / f"answer-{int(seconds)}.wav"
    writer = StreamingWavWriter(out, 16_000)
    writer.write(np.concatenate(parts))
    writer.close()
    return out, " ".join(words), total / 16_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lengths", default="30,120,300")
    parser.add_argument("--voice", default=None, help="espeak-ng voice of the answers")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        wav, said_file, seconds = args.worker
        with tempfile.TemporaryDirectory(prefix="bench-live-run-") as folder:
            said = Path(said_file).read_text()
            print(json.dumps(asyncio.run(one_run(Path(wav), said, float(seconds),
                                                 Path(folder)))))  # fmt: skip
        return

    from ui import virtual_microphone

    lengths = [float(x) for x in args.lengths.split(",")]
    results: dict[float, list[dict[str, float]]] = {}
    durations: dict[float, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-live-") as folder, virtual_microphone() as mic:
        for length in lengths:
            wav, said, duration = make_answer(length, args.voice, Path(folder))
            durations[length] = duration
            said_file = Path(folder) / f"said-{int(length)}.txt"
            said_file.write_text(said)
            for _ in range(args.runs):
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", str(wav), str(said_file), str(duration)],
                    env=mic.env(), capture_output=True, text=True, check=False,
                )  # fmt: skip
                if done.returncode != 0:
                    raise SystemExit(f"worker failed:\n{done.stderr[-3000:]}")
                results.setdefault(length, []).append(json.loads(done.stdout.splitlines()[-1]))
    print(f"voice: {args.voice or 'default'}; median of {args.runs} runs on 2 cores\n")
    print("| answer | stop -> final (live) | of which decoding | batch (old) | ratio | "
          "CPU recording | "
          "longest stall | WER live / batch | most words missed in a row live / batch | "
          "key terms live / batch |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for length, runs in results.items():
        m = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        print(
            f"| {durations[length]:.0f} s | {m['stop_to_final']:.2f} s | "
            f"{m['stop_to_decoded']:.2f} s | "
            f"{m['batch_stop_to_final']:.2f} s | "
            f"{m['stop_to_final'] / m['batch_stop_to_final']:.2f}x | {m['cpu_share']:.0%} | "
            f"{m['stall_ms']:.1f} ms | {m['live_wer']:.3f} / {m['batch_wer']:.3f} | "
            f"{m['live_missing']:.0f} / {m['batch_missing']:.0f} | "
            f"{m['live_terms']:.0%} / {m['batch_terms']:.0%} |"
        )


if __name__ == "__main__":
    main()
