"""Speech-to-text benchmark: WER, real-time factor, load time and peak memory per engine.

    .venv/bin/python benchmarks/stt.py [--runs 3] [--configs whisper:base,whisper:tiny.en,sphinx]
                                       [--voice gmw/en-us-nyc] [--rate 165]

Each engine runs in its own process so its peak memory (max RSS) is its own. Speech:
the bank's ten sample answers spoken by the app's synthesizer (pyttsx3 + espeak-ng at 175 wpm)
and five LibriVox clips with reference transcripts (Debian pocketsphinx-testdata). "bias"
gives the engine the question's key-point terms. RTF is processing time over audio time, the
median of --runs runs over the whole set; ratios are against the first configuration
measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.audio.constants import DEFAULT_RATE  # noqa: E402
from simulator.audio.transcribe import SphinxEngine, WhisperEngine, load_audio  # noqa: E402
from simulator.bank import Question, load_bank  # noqa: E402
from tests.speech_corpus import corpus_wer, human_clips, normalize  # noqa: E402

DEFAULT_CONFIGS = "sphinx,whisper:tiny.en,whisper:base"


def key_terms(question: Question) -> list[str]:
    answer = f" {normalize(question.sample_answer)} "
    return [t for p in question.key_points for t in p.terms if f" {normalize(t)} " in answer]


def worker(config: str, speech_dir: Path, runs: int) -> dict[str, object]:
    """Measure one engine configuration; returns figures as JSON-able data."""
    name, _, model = config.partition(":")
    engine = SphinxEngine() if name == "sphinx" else WhisperEngine(model)
    load_seconds = engine.load()
    questions = load_bank(ROOT / "questions.toml").questions
    synthetic = [(q, load_audio(speech_dir / f"{q.id}.wav")) for q in questions]
    human = [(c.reference, load_audio(c.path)) for c in human_clips()]
    results: dict[str, object] = {"config": config, "load_seconds": load_seconds}
    for label, items, biased in (
        ("synthetic", [(q.sample_answer, a, q) for q, a in synthetic], False),
        ("synthetic+bias", [(q.sample_answer, a, q) for q, a in synthetic], True),
        ("human", [(r, a, None) for r, a in human], False),
    ):
        if biased and name == "sphinx":
            continue
        audio_seconds = sum(a.seconds for _, a, _ in items)
        timings, texts = [], []
        for _ in range(runs):
            started = time.perf_counter()
            texts = []
            for _, audio, question in items:
                hints = (
                    [t for p in question.key_points for t in p.terms] if biased and question else []
                )
                texts.append(engine.transcribe(audio, hints).text)
            timings.append(time.perf_counter() - started)
        caught = total = 0
        for (_, _, question), text in zip(items, texts, strict=True):
            if question is not None:
                heard = f" {normalize(text)} "
                terms = key_terms(question)
                caught += sum(f" {normalize(t)} " in heard for t in terms)
                total += len(terms)
        results[label] = {
            "wer": corpus_wer(
                [(ref, text) for (ref, _, _), text in zip(items, texts, strict=True)]
            ),
            "rtf": statistics.median(timings) / audio_seconds,
            "audio_seconds": audio_seconds,
            "key_terms": caught / total if total else None,
        }
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--configs", default=DEFAULT_CONFIGS)
    parser.add_argument("--voice", help="espeak-ng voice of the synthetic answers (say --voices)")
    parser.add_argument("--rate", type=int, default=None, help="its words per minute")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--speech-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.speech_dir, args.runs)))
        return

    from simulator.audio.speech import Synthesizer

    with tempfile.TemporaryDirectory() as folder:
        speech_dir = Path(folder)
        synthesizer = Synthesizer(args.voice, args.rate or DEFAULT_RATE)
        for question in load_bank(ROOT / "questions.toml").questions:
            synthesizer.to_wav(question.sample_answer, speech_dir / f"{question.id}.wav")
        synthesizer.close()
        rows = []
        for config in args.configs.split(","):
            output = subprocess.run(
                [sys.executable, __file__, "--worker", config, "--speech-dir", str(speech_dir),
                 "--runs", str(args.runs)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            rows.append(json.loads(output.strip().splitlines()[-1]))
    print(f"synthetic voice: {args.voice or 'default'} at {args.rate or DEFAULT_RATE} wpm")
    print_table(rows, args.runs)


def print_table(rows: list[dict[str, object]], runs: int) -> None:
    base = rows[0]
    print(f"Speech-to-text, median of {runs} runs; ratios against {base['config']}")
    header = (f"{'engine':<16} {'speech':<15} {'WER':>6} {'key terms':>9} {'RTF':>6} "
              f"{'RTF x':>6} {'load s':>7} {'peak MB':>8}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for row in rows:
        for label in ("synthetic", "synthetic+bias", "human"):
            figures = row.get(label)
            if not isinstance(figures, dict):
                continue
            base_figures = base.get(label) or base.get("synthetic")
            assert isinstance(base_figures, dict)
            ratio = figures["rtf"] / base_figures["rtf"]
            terms = "" if figures["key_terms"] is None else f"{figures['key_terms']:.1%}"
            print(
                f"{row['config']:<16} {label:<15} {figures['wer']:>6.3f} {terms:>9} "
                f"{figures['rtf']:>6.3f} {ratio:>6.2f} {row['load_seconds']:>7.2f} "
                f"{row['peak_mb']:>8.0f}"
            )


if __name__ == "__main__":
    main()
