"""Long answers in several voices and speeds: is the transcript true to what was said?

    .venv/bin/python benchmarks/long_answers.py [--voices V,V,...] [--rates 150,185]

For each voice and rate, four of the bank's sample answers are spoken in a row (espeak-ng, the
app's synthesizer: 90-140 s) and transcribed through the one transcription path the app uses
(`transcribe_samples`: VAD pieces, whisper "base", the first question's key terms as hints).
Per answer it prints:
- WER against the text spoken, hinted with the first question's key terms only (so most of the
  answer is off its hints: the case where hints could invent words) and with the key terms of
  all four questions it answers (its own vocabulary hinted, as an answer to one question is);
- the most spoken words in a row the transcript lacks (deleted or replaced);
- hint terms invented: key terms of the hinted question found more often than they were said
  (found as the review finds them);
- key points: those the transcript ticks against those the spoken text itself ticks (the same
  `assess` the review uses), and any difference.
The "Done when" of issue 10 asks WER <= 0.10, no run of more than 8 words, no invented term and
the same key points.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_VOICES = "gmw/en-us-nyc,gmw/en,gmw/en-gb-scotland,gmw/en-gb-x-rp"
DUMP = os.environ.get("BENCH_LONG_DUMP")
"""A folder to write each transcript to, to see where it differs from what was said."""
ANSWER_IDS = ("distributed-tracing", "event-driven-architecture", "cap-theorem",
              "distributed-data-consistency")  # fmt: skip


def count_term(term: str, text: str) -> int:
    """Places `text` says `term`, found as the review finds it (plurals and stems too: the
    speaker's "correlation IDs" is the transcript's "correlation ID")."""
    from simulator.feedback.coverage import find_term

    return len(find_term(term, text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", default=DEFAULT_VOICES)
    parser.add_argument("--rates", default="150,185")
    args = parser.parse_args()

    from simulator.audio.live import transcribe_samples
    from simulator.audio.speech import Synthesizer
    from simulator.audio.transcribe import WhisperEngine, load_audio
    from simulator.bank import load_bank
    from simulator.feedback import assess
    from simulator.practice import question_hints
    from tests.speech_corpus import longest_missing_run, word_error_rate

    bank = load_bank(ROOT / "questions.toml")
    by_id = {q.id: q for q in bank.questions}
    said = " ".join(by_id[i].sample_answer.strip() for i in ANSWER_IDS)
    hinted = by_id[ANSWER_IDS[0]]
    hints = question_hints(hinted)
    own_hints = list(dict.fromkeys(t for i in ANSWER_IDS for t in question_hints(by_id[i])))
    engine = WhisperEngine()
    engine.load()
    print("| voice | rate | length | WER one / own hints | most words missed in a row | "
          "terms invented | key points ticked / said | differ | decode s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-long-") as folder:
        for voice in args.voices.split(","):
            for rate in (int(r) for r in args.rates.split(",")):
                synthesizer = Synthesizer(voice, rate)
                try:
                    wav = synthesizer.to_wav(said, Path(folder) / f"{voice.replace('/', '_')}.wav")
                finally:
                    synthesizer.close()
                samples = load_audio(wav).samples()
                started = time.perf_counter()
                heard = transcribe_samples(engine, samples, hints).text
                seconds = time.perf_counter() - started
                heard_own = transcribe_samples(engine, samples, own_hints).text
                invented = [t for t in hints if count_term(t, heard) > count_term(t, said)]
                ticked = {c.point.label for c in assess(hinted, heard).coverage if c.covered}
                spoken = {c.point.label for c in assess(hinted, said).coverage if c.covered}
                differ = sorted(ticked ^ spoken)
                missing = max(longest_missing_run(said, text) for text in (heard, heard_own))
                wer_one, wer_own = word_error_rate(said, heard), word_error_rate(said, heard_own)
                print(
                    f"| {voice} | {rate} | {len(samples) / 16_000:.0f} s | "
                    f"{wer_one:.3f} / {wer_own:.3f} | {missing} | "
                    f"{', '.join(invented) or 'none'} | {len(ticked)} / {len(spoken)} | "
                    f"{'; '.join(differ) or 'none'} | {seconds:.1f} |",
                    flush=True,
                )
                if DUMP:
                    name = f"{voice.replace('/', '_')}-{rate}"
                    Path(DUMP, f"{name}-one.txt").write_text(heard)
                    Path(DUMP, f"{name}-own.txt").write_text(heard_own)


if __name__ == "__main__":
    main()
