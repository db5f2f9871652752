"""When is the speech after a piece's last decoded word decoded again? A table per threshold.

    .venv/bin/python benchmarks/rests.py [--thresholds 0.7,1.0,0.4]
                                         [--voices default,gmw/en-us,gmw/en-gb-scotland]

Whisper sometimes ends a piece's text early; `simulator.audio.live.undecoded_rest` decodes the
speech the VAD heard after the last word again when there is `UNDECODED_SPEECH_SECONDS` of it.
Too high a threshold loses the last words ("token based [authorization]"), too low decodes the
VAD's own tail after a complete piece, where Whisper invents ("You're ready!").

Speech: the bank's sample answers and two hesitant answers (with fillers) in each voice, and the
five LibriVox clips of Debian pocketsphinx-testdata; hints as in the app. For each threshold:
corpus WER, the rests decoded, and every piece's seconds of speech after its last word (the
same at every threshold for the pieces themselves). Accuracy, not time: one run is exact on a
given machine; the first threshold is the baseline of the WER ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import simulator.audio.live as live  # noqa: E402
from simulator.audio.constants import SAMPLE_RATE  # noqa: E402
from simulator.audio.segmenter import Piece  # noqa: E402
from simulator.audio.transcribe import WhisperEngine, load_audio  # noqa: E402
from simulator.bank import load_bank  # noqa: E402
from tests.audio.test_feedback_audio import HESITANT  # noqa: E402
from tests.speech_corpus import corpus_wer, human_clips, word_error_rate  # noqa: E402


@dataclass
class Tally:
    """What one threshold gave over the whole set."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    after_last_word: list[float] = field(default_factory=list)
    rests: int = 0
    per_answer: dict[str, float] = field(default_factory=dict)


def seconds_after_last_word(result: live.DecodedPiece) -> float:
    """Seconds of VAD speech in the piece after its last decoded word's end."""
    return sum(b - a for a, b in live.speech_after_last_word(result)) / SAMPLE_RATE


def measure(threshold: float, items: list[tuple[str, Path, str, list[str]]]) -> Tally:
    tally = Tally()
    found = live.undecoded_rest

    def counted(result: live.DecodedPiece) -> Piece | None:
        rest = found(result)
        if result.tokens:
            tally.after_last_word.append(seconds_after_last_word(result))
        tally.rests += rest is not None
        return rest

    live.UNDECODED_SPEECH_SECONDS = threshold
    live.undecoded_rest = counted
    engine = WhisperEngine()
    try:
        for name, path, reference, hints in items:
            text = engine.transcribe(load_audio(path), hints).text
            tally.pairs.append((reference, text))
            tally.per_answer[name] = word_error_rate(reference, text)
    finally:
        live.undecoded_rest = found
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--thresholds", default=f"{live.UNDECODED_SPEECH_SECONDS},1.0,0.4")
    parser.add_argument("--voices", default="default,gmw/en-us,gmw/en-gb-scotland,gmw/en-gb-x-rp")
    args = parser.parse_args()
    from simulator.audio.speech import Synthesizer

    questions = {q.id: q for q in load_bank(ROOT / "questions.toml").questions}
    with tempfile.TemporaryDirectory() as folder:
        items: list[tuple[str, Path, str, list[str]]] = []
        for voice in args.voices.split(","):
            synthesizer = Synthesizer(None if voice == "default" else voice)
            scripts = [(q.id, q.id, q.sample_answer) for q in questions.values()]
            scripts += [(f"hesitant {qid}", qid, text) for qid, text in HESITANT.items()]
            for name, qid, text in scripts:
                path = synthesizer.to_wav(text, Path(folder) / f"{len(items)}.wav")
                hints = [t for p in questions[qid].key_points for t in p.terms]
                items.append((f"{voice}: {name}", path, text, hints))
            synthesizer.close()
        items += [(f"human: {c.path.stem}", c.path, c.reference, []) for c in human_clips()]
        tallies = {float(t): measure(float(t), items) for t in args.thresholds.split(",")}
    print_tables(tallies, len(items))


def print_tables(tallies: dict[float, Tally], answers: int) -> None:
    base = next(iter(tallies.values()))
    base_wer = corpus_wer(base.pairs)
    print(f"{answers} answers, {len(base.after_last_word)} pieces; ratio against the first row")
    print(f"{'threshold s':>11} {'WER':>7} {'ratio':>6} {'rests':>6} {'better':>7} {'worse':>6}")
    for threshold, tally in tallies.items():
        wer = corpus_wer(tally.pairs)
        better = sum(tally.per_answer[n] < base.per_answer[n] - 1e-9 for n in tally.per_answer)
        worse = sum(tally.per_answer[n] > base.per_answer[n] + 1e-9 for n in tally.per_answer)
        print(f"{threshold:>11.2f} {wer:>7.4f} {wer / base_wer:>6.3f} {tally.rests:>6} "
              f"{better:>7} {worse:>6}")  # fmt: skip
    print("\nspeech after a piece's last word (first threshold's pieces)")
    bins = Counter(min(int(s * 10), 20) for s in base.after_last_word)
    for tenth in sorted(bins):
        label = ">= 2.0 s" if tenth == 20 else f"{tenth / 10:.1f}-{(tenth + 1) / 10:.1f} s"
        print(f"{label:>11} {bins[tenth]:>5}")
    for threshold, tally in tallies.items():
        changed = {n: (base.per_answer[n], w) for n, w in tally.per_answer.items()
                   if abs(w - base.per_answer[n]) > 1e-9}  # fmt: skip
        for name, (before, after) in changed.items():
            print(f"at {threshold:.2f}: {name}: WER {before:.3f} -> {after:.3f}")


if __name__ == "__main__":
    main()
