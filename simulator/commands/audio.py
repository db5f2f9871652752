"""`devices`, `say`, `record` and `transcribe`: the sound layer from the command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from simulator.audio.constants import DEFAULT_RATE, ENGINES
from simulator.commands.common import load_question
from simulator.errors import UserError
from simulator.settings import Settings

METER_WIDTH = 30


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the audio sub-commands."""
    devices = commands.add_parser("devices", help="list audio input and output devices")
    devices.set_defaults(handler=run_devices)

    say = commands.add_parser("say", help="read TEXT aloud")
    say.add_argument("text", metavar="TEXT", nargs="*")
    say.add_argument(
        "--voice",
        default=argparse.SUPPRESS,
        help="voice id (espeak-ng: e.g. gmw/en-US; --voices lists them)",
    )
    say.add_argument(
        "--rate",
        type=int,
        default=argparse.SUPPRESS,
        help=f"words per minute (default: [speech] rate, or {DEFAULT_RATE})",
    )
    say.add_argument("--voices", action="store_true", help="list the voices and exit")
    say.add_argument("--output", metavar="WAV", type=Path, help="write a WAV instead of playing")
    say.set_defaults(handler=run_say)

    record = commands.add_parser(
        "record", help="record the microphone to a WAV file (a microphone check with a meter)"
    )
    record.add_argument("output", metavar="OUT.wav", type=Path)
    record.add_argument("--seconds", type=float, default=5.0, help="length (default 5)")
    record.set_defaults(handler=run_record)

    transcribe = commands.add_parser("transcribe", help="print the transcript of an audio file")
    transcribe.add_argument("file", metavar="FILE.wav", type=Path)
    transcribe.add_argument(
        "--engine",
        choices=ENGINES,
        default=argparse.SUPPRESS,
        help="whisper or sphinx (default: [transcription] engine, or whisper)",
    )
    transcribe.add_argument(
        "--model",
        metavar="NAME|PATH",
        help="whisper model: base (default, bundled), tiny.en (bundled), a model folder, or a "
        "hub name such as small.en (downloaded where the hub is reachable)",
    )
    transcribe.add_argument(
        "--question", metavar="ID", help="bias recognition toward this question's key terms"
    )
    transcribe.add_argument(
        "--json",
        action="store_true",
        help="print JSON: text, words with timestamps, engine, model, audio and processing seconds",
    )
    transcribe.set_defaults(handler=run_transcribe)


# The handlers import the sound layer themselves: numpy, PortAudio and the engines load only
# for the command that needs them, so `--help`, `check` and the app start quickly.


def run_devices(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.audio.devices import describe_devices, list_devices

    print(describe_devices(list_devices()))
    return 0


def run_say(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.audio.speech import Speaker, SpeechUnavailableError, Synthesizer

    text = " ".join(args.text)
    if not text and not args.voices:
        raise UserError("say: give the TEXT to read aloud")
    try:
        synthesizer = Synthesizer(
            voice=getattr(args, "voice", settings.speech.voice),
            rate=getattr(args, "rate", settings.speech.rate),
        )
    except SpeechUnavailableError as error:
        raise UserError(str(error), exit_code=1) from None
    try:
        if args.voices:
            for voice in synthesizer.voices():
                print(f"{voice.id:<28} {voice.name}")
            return 0
        if args.output:
            synthesizer.to_wav(text, args.output)
            print(args.output)
            return 0
        utterance = Speaker(synthesizer).speak(text)
        utterance.wait()
        if utterance.error:
            raise UserError(f"cannot read aloud: {utterance.error}", exit_code=1)
        return 0
    finally:
        synthesizer.close()


def level_bar(dbfs: float, width: int = METER_WIDTH) -> str:
    """A text meter: -60 dBFS and below empty, 0 dBFS full."""
    from simulator.meter import meter_fill

    filled = meter_fill(dbfs, width)
    return "#" * filled + "-" * (width - filled)


def run_record(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.audio.devices import AudioDeviceError
    from simulator.audio.levels import SILENCE_DBFS
    from simulator.audio.recorder import Recorder

    if args.seconds <= 0:
        raise UserError("--seconds must be positive")
    recorder = Recorder(args.output, max_seconds=args.seconds)
    try:
        recorder.start()
    except (AudioDeviceError, OSError) as error:
        raise UserError(str(error), exit_code=1) from None
    live = sys.stdout.isatty()
    try:
        while not recorder.finished.wait(0.1):
            if live:
                level = recorder.meter.level_dbfs
                print(
                    f"\rREC {recorder.seconds:5.1f}/{args.seconds:.1f}s [{level_bar(level)}] "
                    f"{level:6.1f} dBFS",
                    end="",
                    flush=True,
                )
    except KeyboardInterrupt:
        recorder.stop()
    result = recorder.wait()
    assert result is not None
    peak = recorder.meter.peak_dbfs
    print(
        ("\n" if live else "") + f"{result.path}: {result.seconds:.1f} s recorded, peak "
        f"{peak:.1f} dBFS ({result.reason.value})"
    )
    if peak <= SILENCE_DBFS:
        print(
            "warning: the recording is digital silence: is the microphone muted?", file=sys.stderr
        )
    if result.error:
        raise UserError(
            f"recording ended early: {result.error}; what was captured is kept", exit_code=1
        )
    return 0


def run_transcribe(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.audio.transcribe import TranscriptionError, load_audio, open_engine
    from simulator.practice import question_hints

    hints = question_hints(load_question(settings, args.question)) if args.question else []
    try:
        audio = load_audio(args.file)
        engine, notice = open_engine(
            getattr(args, "engine", settings.transcription.engine),
            args.model or settings.transcription.model,
        )
        if notice:
            print(f"warning: {notice}", file=sys.stderr)
        started = time.perf_counter()
        transcript = engine.transcribe(audio, hints)
    except TranscriptionError as error:
        raise UserError(str(error)) from None
    if args.json:
        data = transcript.to_dict()
        data["total_seconds"] = round(time.perf_counter() - started, 3)
        print(json.dumps(data, indent=2))
    else:
        print(transcript.text)
    return 0
