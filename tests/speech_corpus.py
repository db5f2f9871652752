"""Real speech for tests and benchmarks: synthetic (the app's own TTS) and human (LibriVox).

The human clips are five LibriVox recordings of "Sense and Sensibility" with reference
transcripts, from Debian's `pocketsphinx-testdata` (the same files ship in pocketsphinx's
source distribution). The synthetic clips are the bank's sample answers spoken by the
project's Synthesizer (pyttsx3 driving espeak-ng).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jiwer

LIBRIVOX_DIR = Path("/usr/share/pocketsphinx/test/data/librivox")

_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "vs": "versus"}


@dataclass(frozen=True)
class Clip:
    """A recording and what was said in it."""

    path: Path
    reference: str


def human_clips() -> list[Clip]:
    """The LibriVox clips with their reference transcripts."""
    clips = []
    for line in (LIBRIVOX_DIR / "transcription").read_text(encoding="utf-8").splitlines():
        match = re.match(r"<s> (.*) </s> \((.*)\)", line.strip())
        if match:
            clips.append(Clip(LIBRIVOX_DIR / f"{match.group(2)}.wav", match.group(1)))
    return clips


def normalize(text: str) -> str:
    """Lower case, words only: hyphens split words, numbers up to 12 and titles spelled out."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    words = []
    for word in text.split():
        word = word.strip("'")
        if word.isdigit() and int(word) < len(_NUMBERS):
            word = _NUMBERS[int(word)]
        words.append(_ABBREVIATIONS.get(word, word))
    return " ".join(w for w in words if w)


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER after `normalize` on both sides."""
    return float(jiwer.wer(normalize(reference), normalize(hypothesis)))


def corpus_wer(pairs: list[tuple[str, str]]) -> float:
    """WER over several (reference, hypothesis) pairs, weighted by reference length."""
    return float(jiwer.wer([normalize(r) for r, _ in pairs], [normalize(h) for _, h in pairs]))


def longest_missing_run(reference: str, hypothesis: str) -> int:
    """The most spoken words in a row that the transcript does not have (after `normalize`).

    A word counts as missing when the alignment deletes it or puts another word in its place; a
    run ends at the first reference word the transcript has right. This is the "lost stretch" a
    person would notice: Whisper skipping part of a window shows as one long run.
    """
    output = jiwer.process_words(normalize(reference), normalize(hypothesis))
    longest = run = 0
    for chunk in output.alignments[0]:
        width = chunk.ref_end_idx - chunk.ref_start_idx
        if chunk.type == "equal":
            run = 0
        else:
            run += width
            longest = max(longest, run)
    return longest
