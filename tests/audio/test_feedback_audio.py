"""The feedback layer on real speech: the synthesizer speaks, the default engine transcribes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.audio.speech import Synthesizer
from simulator.audio.transcribe import WhisperEngine, load_audio
from simulator.audio.wav import read_wav_int16, write_wav_int16
from simulator.bank import Question
from simulator.feedback import assess_recording
from simulator.feedback.delivery import (
    LONG_PAUSE_SECONDS,
    assess_delivery,
    find_fillers,
    silences,
)
from simulator.feedback.score import content_score

pytestmark = pytest.mark.slow

RECIPE = (
    "To make a tomato soup, chop two onions and three cloves of garlic and fry them gently in "
    "olive oil until soft. Add a kilo of ripe tomatoes, a pinch of sugar and some salt, then "
    "simmer for twenty minutes. Blend until smooth, stir in a little cream, and serve it hot "
    "with fresh bread and butter."
)

HESITANT = {
    "event-driven-architecture": (
        "So, um, I would, uh, use Kafka, you know, for the events. Basically every service "
        "publishes, um, immutable events, and the consumers are, like, loosely coupled."
    ),
    "graphql-optimization": (
        "Um, GraphQL, uh, needs a good schema. So, like, resolvers can cause the N plus one "
        "problem, and, you know, DataLoader fixes it with batching. Um, I would also, uh, add "
        "caching and, like, cursor pagination."
    ),
}


def hints(question: Question) -> list[str]:
    return [term for point in question.key_points for term in point.terms]


def test_spoken_sample_answers_score_high(
    whisper: WhisperEngine, bank_questions: tuple[Question, ...], spoken_answers: dict[str, Path]
) -> None:
    scores = {}
    for question in bank_questions:
        transcript = whisper.transcribe(load_audio(spoken_answers[question.id]), hints(question))
        scores[question.id] = content_score(question, transcript)
    low = {qid: (s.score, s.explanation) for qid, s in scores.items() if s.score < 80}
    assert not low, low
    assert sum(s.covered for s in scores.values()) >= 0.95 * sum(s.total for s in scores.values())


def test_spoken_off_topic_answer_scores_low(
    whisper: WhisperEngine,
    synthesizer: Synthesizer,
    bank_questions: tuple[Question, ...],
    tmp_path: Path,
) -> None:
    wav = synthesizer.to_wav(RECIPE, tmp_path / "recipe.wav")
    for question in bank_questions:
        transcript = whisper.transcribe(load_audio(wav), hints(question))
        result = content_score(question, transcript)
        assert result.score <= 20, (question.id, transcript.text, result)


def test_inserted_silence_is_a_long_pause(
    whisper: WhisperEngine,
    bank_questions: tuple[Question, ...],
    spoken_answers: dict[str, Path],
    tmp_path: Path,
) -> None:
    question = bank_questions[0]
    samples, rate = read_wav_int16(spoken_answers[question.id])
    fluent = [end - start for start, end in silences(samples, rate)]
    assert max(fluent) < LONG_PAUSE_SECONDS  # the synthesizer never stops for long

    middle = len(samples) // 2
    paused = np.concatenate([samples[:middle], np.zeros(3 * rate, np.int16), samples[middle:]])
    wav = tmp_path / "paused.wav"
    write_wav_int16(wav, paused, rate)
    transcript = whisper.transcribe(load_audio(wav), hints(question))
    feedback = assess_recording(question, transcript, wav, question.answer_seconds)

    delivery = feedback.delivery
    assert delivery.long_pauses == 1
    (start, end), *_ = delivery.pauses
    assert 3.0 - 0.1 <= end - start <= 3.0 + max(fluent) + 0.1
    assert start - 0.1 <= middle / rate <= end - 3.0 + 0.1  # where the silence went in
    assert delivery.longest_silence_seconds == pytest.approx(end - start)
    assert delivery.recording_seconds == pytest.approx(len(paused) / rate, abs=0.01)
    span = transcript.words[-1].end - transcript.words[0].start  # the pause included
    assert delivery.words_per_minute == pytest.approx(delivery.words / span * 60, abs=0.1)
    assert 90 <= delivery.words_per_minute <= 180
    assert feedback.content.score >= 80


def test_pace_of_the_synthesizer(
    whisper: WhisperEngine, bank_questions: tuple[Question, ...], spoken_answers: dict[str, Path]
) -> None:
    question = bank_questions[2]
    samples, rate = read_wav_int16(spoken_answers[question.id])
    transcript = whisper.transcribe(load_audio(spoken_answers[question.id]), hints(question))
    with_timestamps = assess_delivery(transcript.text, transcript.words, samples, rate, 120)
    from_audio = assess_delivery(transcript.text, (), samples, rate, 120)
    # the synthesizer's 175 wpm leaves sentence pauses in: the pace is the words it said over
    # the time it spoke (~148 wpm on this answer), as the audio shows it
    said = len(question.sample_answer.split()) / from_audio.speaking_seconds * 60
    assert with_timestamps.words_per_minute == pytest.approx(said, rel=0.1)
    assert 120 <= with_timestamps.words_per_minute <= 210
    assert from_audio.words_per_minute == pytest.approx(with_timestamps.words_per_minute, rel=0.15)
    assert with_timestamps.long_pauses == 0
    assert with_timestamps.repeated_words == ()


def test_keep_fillers_writes_the_fillers_down(
    whisper: WhisperEngine,
    synthesizer: Synthesizer,
    bank_questions: tuple[Question, ...],
    tmp_path: Path,
) -> None:
    keeping = WhisperEngine(keep_fillers=True)
    spoken = kept = dropped = 0
    for qid, script in HESITANT.items():
        question = next(q for q in bank_questions if q.id == qid)
        audio = load_audio(synthesizer.to_wav(script, tmp_path / f"{qid}.wav"))
        with_context = keeping.transcribe(audio, hints(question))
        spoken += sum(find_fillers(script).values())
        kept += sum(find_fillers(with_context.text).values())
        dropped += sum(find_fillers(whisper.transcribe(audio, hints(question)).text).values())
        assert content_score(question, with_context).covered >= 4, with_context.text
    assert kept >= 0.6 * spoken
    assert kept > dropped
