"""How often a word is wrong at each probability Whisper gives it: the measurement behind
`simulator.audio.transcribe.UNSURE_BELOW` (the review's words in italics).

    .venv/bin/python benchmarks/confidence.py [--voices default,gmw/en-gb-scotland,gmw/en-us]

Speech: the bank's sample answers and two hesitant answers in each voice, transcribed through
the app's path with the question's hints. Each transcript word is lined up with the words
spoken (difflib on normalised words); a word not in a matching run is wrong. The table: per
probability band, how many words and what share of them were wrong, and the words flagged and
the errors caught at the threshold in use. Accuracy, not time: one run is exact on a machine.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.audio.transcribe import UNSURE_BELOW, WhisperEngine  # noqa: E402
from simulator.bank import load_bank  # noqa: E402
from tests.audio.test_feedback_audio import HESITANT  # noqa: E402
from tests.speech_corpus import normalize  # noqa: E402

BANDS = ((0.0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


def judged_words(reference: str, words: list[tuple[str, float | None]]) -> list[tuple[float, bool]]:
    """(probability, right) for each normalised transcript word that has a probability."""
    spoken = normalize(reference).split()
    heard: list[tuple[str, float | None]] = [
        (part, probability) for text, probability in words for part in normalize(text).split()
    ]
    matcher = difflib.SequenceMatcher(a=spoken, b=[w for w, _ in heard], autojunk=False)
    right = [False] * len(heard)
    for _, start, size in matcher.get_matching_blocks():
        right[start : start + size] = [True] * size
    return [(p, ok) for (_, p), ok in zip(heard, right, strict=True) if p is not None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", default="default,gmw/en-gb-scotland,gmw/en-us")
    args = parser.parse_args()
    from simulator.audio.speech import Synthesizer
    from simulator.audio.transcribe import load_audio

    questions = {q.id: q for q in load_bank(ROOT / "questions.toml").questions}
    engine = WhisperEngine()
    judged: list[tuple[float, bool]] = []
    with tempfile.TemporaryDirectory() as folder:
        for voice in args.voices.split(","):
            synthesizer = Synthesizer(None if voice == "default" else voice)
            scripts = [(q.id, q.sample_answer) for q in questions.values()]
            scripts += list(HESITANT.items())
            for number, (qid, text) in enumerate(scripts):
                path = synthesizer.to_wav(
                    text, Path(folder) / f"{voice.replace('/', '_')}{number}.wav"
                )
                hints = [t for p in questions[qid].key_points for t in p.terms]
                transcript = engine.transcribe(load_audio(path), hints)
                judged += judged_words(text, [(w.text, w.probability) for w in transcript.words])
            synthesizer.close()
    print(f"{len(judged)} words, voices {args.voices}")
    print(f"{'probability':>11} {'words':>6} {'wrong':>6}")
    for low, high in BANDS:
        band = [ok for p, ok in judged if low <= p < high]
        share = sum(not ok for ok in band) / len(band) if band else 0.0
        print(f"{low:.1f}-{min(high, 1.0):.1f}".rjust(11) + f" {len(band):>6} {share:>6.0%}")
    flagged = [ok for p, ok in judged if p < UNSURE_BELOW]
    errors = sum(not ok for _, ok in judged)
    caught = sum(not ok for ok in flagged)
    share = len(flagged) / len(judged)
    print(f"\nunder {UNSURE_BELOW} (in italics): {len(flagged)} words ({share:.0%}), "
          f"{caught} of the {errors} wrong words ({caught / max(1, errors):.0%})")  # fmt: skip


if __name__ == "__main__":
    main()
