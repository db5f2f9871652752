"""The feedback layer on hand-written answers: coverage, scores, spans, fillers, pace, pauses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from simulator.audio.transcribe import Transcript, Word
from simulator.audio.wav import write_wav_int16
from simulator.bank import KeyPoint, Question, load_bank
from simulator.feedback import Feedback, assess, assess_recording
from simulator.feedback.coverage import cover, find_term
from simulator.feedback.delivery import (
    assess_delivery,
    count_words,
    find_fillers,
    repeated_words,
    silences,
)
from simulator.feedback.score import content_score, significant_terms, term_overlap
from simulator.feedback.text import edit_distance, normalize_word, same_word, stem, tokenize
from tests.conftest import SHIPPED_BANK

QUESTIONS = load_bank(SHIPPED_BANK).questions
IDS = [q.id for q in QUESTIONS]
RATE = 16_000

RECIPE = (
    "To make a tomato soup, chop two onions and three cloves of garlic and fry them gently in "
    "olive oil until soft. Add a kilo of ripe tomatoes, a pinch of sugar and some salt, then "
    "simmer for twenty minutes. Blend until smooth, stir in a little cream, and serve it hot "
    "with fresh bread and butter."
)

PARAPHRASES = {
    "distributed-tracing": (
        "I'd add open telemetry to every service so that we can trace requests end to end, "
        "ship the spans to zip kin, and log a trace ID with every line."
    ),
    "event-driven-architecture": (
        "Services talk by publishing events to Kafka's topics. Producers and consumers are "
        "decoupled, so it is all asynchronous. Events are append only and never changed, and "
        "Flink does the stream processing."
    ),
    "cap-theorem": (
        "A distributed store can't have all three of being consistent, being available and "
        "partition tolerance: when the network partitions you choose between the two."
    ),
    "distributed-data-consistency": (
        "For atomicity and isolation across nodes I would run a two phase commit, or accept "
        "that replicas are eventually consistent. Spanner gives stronger guarantees, even "
        "with a network partition."
    ),
    "api-versioning": (
        "Put the version in the URL, v1 then v2, keep every change backwards compatible, "
        "deprecate old versions with a sunset date, and publish an open API spec."
    ),
    "graphql-optimization": (
        "Define the schema and the resolvers, use a data loader for batching to fix N plus "
        "one, cache the results, paginate with cursors, and allow only persisted queries."
    ),
    "kubernetes-orchestration": (
        "Kubernetes orchestrates containers, scales them with the horizontal pod autoscaler, "
        "load balances through an ingress, restarts crashed pods that fail their liveness "
        "checks, and keeps stateful replicas in a StatefulSet."
    ),
    "database-sharding": (
        "Split the data into shards by a shard key with consistent hashing, put Vitess in "
        "front for query routing, and avoid scatter gather queries across the shards."
    ),
    "chaos-engineering": (
        "We inject failures on purpose in controlled experiments using Gremlin, start small "
        "to limit the blast radius, watch the metrics for the steady state, and end up with "
        "a more resilient system."
    ),
    "secure-financial-api": (
        "Everything goes over TLS, users sign in with OAuth two, the tokens are JWTs, every "
        "request gets input validation and audit logging, and we stay PCI compliant."
    ),
}

# (question id, text, label of a key point the text must NOT cover): words that look or
# sound like a term but are not it.
NEAR_MISSES = [
    ("api-versioning", "We drew a graph of the services and their owners.", 3),
    ("graphql-optimization", "Paying in cash is faster than paying by card.", 2),
    ("database-sharding", "Each shard holds a slice of the users, split by region.", 2),
    ("database-sharding", "Add some citrus zest to the cake.", 2),
    ("distributed-data-consistency", "The design is based on a base layer of services.", 2),
    ("distributed-data-consistency", "Use a three phase plan for the migration.", 1),
    ("event-driven-architecture", "Calls are synchronous and tightly coupled.", 2),
    ("event-driven-architecture", "We attacked from the left flank with a stream of water.", 4),
    ("cap-theorem", "The results were inconsistent and unavailable.", 0),
    ("cap-theorem", "The results were inconsistent and unavailable.", 1),
    ("distributed-tracing", "Correlation does not imply causation.", 2),
    ("distributed-tracing", "Open the telemetry dashboard.", 3),
]


def question(qid: str) -> Question:
    return next(q for q in QUESTIONS if q.id == qid)


# --- text rules ---------------------------------------------------------------------------


def test_tokens_keep_their_spans() -> None:
    text = "Use Kafka's two-phase commit (2PC), N+1 — pub/sub!"
    tokens = tokenize(text)
    assert [t.raw for t in tokens] == [
        "Use", "Kafka's", "two", "phase", "commit", "2PC", "N", "1", "pub", "sub",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.raw for t in tokens)
    assert [t.norm for t in tokens[1:4]] == ["kafka", "2", "phase"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Kafka's", "kafka"), ("Kafka\u2019s", "kafka"), ("TWO", "2"), ("can't", "can't")],
)
def test_normal_form(word: str, expected: str) -> None:
    assert normalize_word(word) == expected


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (["shard", "shards", "sharding", "sharded"], True),
        (["instrument", "instruments", "instrumenting", "instrumented"], True),
        (["partition", "partitions", "partitioning", "partitioned"], True),
        (["cache", "caches", "cached", "caching"], True),
        (["query", "queries", "queried"], True),
        (["batch", "batches", "batching"], True),
        (["map", "mapping", "mapped"], True),
        (["speed", "speeds"], True),
        (["instrument", "instrumentation"], False),
        (["event", "eventual"], False),
        (["cash", "cache"], False),
        (["http", "https"], False),
        (["status", "statu"], False),
    ],
)
def test_stemmer_is_light(words: list[str], same: bool) -> None:
    stems = {stem(w) for w in words}
    assert (len(stems) == 1) is same, stems


def test_edit_distance_counts_swaps_as_one() -> None:
    assert edit_distance("zipkin", "zipken") == 1
    assert edit_distance("jaeger", "jaegre") == 1
    assert edit_distance("graph", "graphql") == 2
    assert edit_distance("", "abc") == 3


@pytest.mark.parametrize(
    ("expected", "heard", "same"),
    [
        ("Zipkin", "Zipken", True),
        ("Jaeger", "Jaegar", True),
        ("consistency", "consistancy", True),
        ("GraphQL", "graph", False),
        ("Citus", "citrus", False),
        ("consistent", "inconsistent", False),
        ("asynchronous", "synchronous", False),
        ("containers", "contained", False),
        ("JWT", "JWTs", True),
        ("BASE", "based", False),
        ("BASE", "Base", False),
    ],
)
def test_same_word(expected: str, heard: str, same: bool) -> None:
    assert same_word(tokenize(expected)[0], tokenize(heard)[0]) is same


def test_acronyms_ignore_case_only_in_text_typed_without_capitals() -> None:
    assert find_term("JWT", "we sign a jwt") != []
    assert find_term("JWT", "We sign a jwt") == []
    assert find_term("BASE", "It is built on a base layer.") == []


# --- coverage -----------------------------------------------------------------------------


@pytest.mark.parametrize("qid", IDS)
def test_sample_answer_covers_every_point_and_scores_100(qid: str) -> None:
    q = question(qid)
    coverage = cover(q.key_points, q.sample_answer, q.sample_answer)
    assert all(c.covered for c in coverage), [c.point.label for c in coverage if not c.covered]
    assert all(c.matches == c.sample_matches for c in coverage)
    result = content_score(q, q.sample_answer)
    assert result.score >= 95
    assert result.score == 100
    assert (result.covered, result.total, result.missed) == (len(coverage), len(coverage), ())
    assert result.term_overlap == 1.0


@pytest.mark.parametrize("qid", IDS)
def test_off_topic_answer_scores_near_zero(qid: str) -> None:
    result = content_score(question(qid), RECIPE)
    assert result.covered == 0
    assert result.score <= 10, result


@pytest.mark.parametrize("qid", IDS)
def test_paraphrase_with_spoken_spellings_covers_the_points(qid: str) -> None:
    q = question(qid)
    coverage = cover(q.key_points, PARAPHRASES[qid], q.sample_answer)
    assert all(c.covered for c in coverage), [c.point.label for c in coverage if not c.covered]
    result = content_score(q, PARAPHRASES[qid])
    assert result.score >= 70
    assert result.missed == ()


@pytest.mark.parametrize(("qid", "text", "index"), NEAR_MISSES)
def test_near_miss_words_do_not_cover(qid: str, text: str, index: int) -> None:
    q = question(qid)
    point = cover(q.key_points, text, q.sample_answer)[index]
    assert not point.covered, (point.point.label, point.matches)


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("OpenTelemetry", "we use open telemetry", ["open telemetry"]),
        ("open telemetry", "we use OpenTelemetry", ["OpenTelemetry"]),
        ("Zipkin", "zip kin, or Zipken", ["zip kin", "Zipken"]),
        ("two-phase commit", "2 phase commit or two phase commit", None),
        ("2PC", "two PC and 2 PC", ["two PC", "2 PC"]),
        ("Kafka", "Kafka's log", ["Kafka's"]),
        ("Apache Kafka", "we run Apache and Kafka", []),
        ("Apache Kafka", "we run Apache, um, Kafka", ["Apache, um, Kafka"]),
        ("track requests", "track the requests", ["track the requests"]),
        ("track requests", "track incoming requests", []),
        ("track requests", "track all requests", ["track all requests"]),
        ("N+1", "the N plus one problem", ["N plus one"]),
        ("correlation ID", "correlation IDs in logs", ["correlation IDs"]),
        ("trade-off", "the tradeoffs and trade offs", ["tradeoffs", "trade offs"]),
        ("impossible", "it's impossible", ["impossible"]),
        ("two of the three", "only two of the three", ["two of the three"]),
    ],
)
def test_terms_found_where_written(term: str, text: str, found: list[str] | None) -> None:
    spans = find_term(term, text)
    if found is None:
        found = ["2 phase commit", "two phase commit"]
    assert [text[s.start : s.end] for s in spans] == found
    assert all(s.term == term for s in spans)


def test_terms_of_stop_words_only_never_match() -> None:
    assert find_term("it is", "it is what it is") == []
    assert cover((KeyPoint("nothing", ("the", "of it")),), "the use of it", "")[0].covered is False


def test_spans_point_at_the_words_in_both_texts() -> None:
    q = question("distributed-tracing")
    text = PARAPHRASES[q.id]
    coverage = cover(q.key_points, text, q.sample_answer)
    found = [[text[s.start : s.end] for s in c.matches] for c in coverage]
    assert found == [["trace requests", "spans"], ["zip kin"], ["trace ID"], ["open telemetry"]]
    assert [s.term for s in coverage[1].matches] == ["Zipkin"]
    sample = [[q.sample_answer[s.start : s.end] for s in c.sample_matches] for c in coverage]
    assert sample[1] == ["Jaeger", "Zipkin"]
    assert sample[3] == ["OpenTelemetry"]


def test_overlapping_matches_keep_the_longest() -> None:
    point = KeyPoint("streams", ("Kafka", "Kafka Streams"))
    text = "Kafka Streams on Kafka"
    spans = cover((point,), text, "")[0].matches
    assert [(text[s.start : s.end], s.term) for s in spans] == [
        ("Kafka Streams", "Kafka Streams"),
        ("Kafka", "Kafka"),
    ]


def test_transcript_objects_are_accepted() -> None:
    q = question("cap-theorem")
    transcript = Transcript(q.sample_answer, (), "whisper", "base", 1.0, 0.1)
    assert cover(q.key_points, transcript, q.sample_answer) == cover(
        q.key_points, q.sample_answer, q.sample_answer
    )
    assert content_score(q, transcript).score == 100


# --- score --------------------------------------------------------------------------------


def test_explanation_names_what_was_missed() -> None:
    q = question("distributed-data-consistency")
    result = content_score(q, "ACID means atomicity. Spanner and CockroachDB help.")
    assert (result.covered, result.total) == (2, 5)
    assert result.missed == (
        "Distributed transactions with two-phase commit",
        "Eventual consistency as the alternative",
        "Network partitions make it hard",
    )
    assert result.explanation.startswith(
        "2 of 5 key points; missed: Distributed transactions with two-phase commit, "
        "Eventual consistency as the alternative, Network partitions make it hard; "
    )
    assert result.explanation.endswith("% of the sample answer's terms")
    assert result.score == round(100 * (0.7 * 2 / 5 + 0.3 * result.term_overlap))


def test_without_key_points_the_score_is_the_overlap() -> None:
    q = question("cap-theorem")
    bare = Question(q.id, q.topic, q.text, q.sample_answer, (), 120, 10)
    half = "The CAP theorem says a distributed system trades consistency and availability."
    result = content_score(bare, half)
    assert result.total == 0
    assert result.score == round(100 * result.term_overlap)
    assert 20 <= result.score <= 80
    assert result.explanation.startswith("no key points for this question; ")
    assert content_score(bare, q.sample_answer).score == 100
    assert content_score(bare, RECIPE).score <= 10


def test_term_overlap_counts_stems_once() -> None:
    terms = significant_terms("Shards and sharding, the shard: it is a cache; caching.")
    assert [t.norm for t in terms] == ["shards", "cache"]
    assert term_overlap("shards and caches", "a shard") == 0.5
    assert term_overlap("", "anything") == 0.0
    assert term_overlap("Use OpenTelemetry", "open telemetry") == 1.0


def test_empty_answer_scores_zero() -> None:
    result = content_score(question("cap-theorem"), "")
    assert (result.score, result.covered, result.term_overlap) == (0, 0, 0.0)


def test_scoring_is_deterministic() -> None:
    q = question("graphql-optimization")
    results = {content_score(q, PARAPHRASES[q.id]) for _ in range(3)}
    assert len(results) == 1


# --- delivery -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "So, um, I would, uh, use Kafka, you know, for the events.",
            {"so": 1, "um": 1, "uh": 1, "you know": 1},
        ),
        ("Tools like Jaeger or Zipkin, like Tempo.", {}),
        ("I like Kafka. I don't know what it's like.", {}),
        ("It is, like, fast. Like, we could shard it.", {"like": 2}),
        ("The broker is like... slow.", {"like": 1}),
        ("Do you know the key? You know the shard key.", {}),
        ("It scales, you know.", {"you know": 1}),
        ("I mean, it depends. I mean the primary key.", {"I mean": 1}),
        ("What kind of database? This sort of problem.", {}),
        ("It is kind of slow and sort of works.", {"kind of": 1, "sort of": 1}),
        (
            "Basically it actually, literally works.",
            {"basically": 1, "actually": 1, "literally": 1},
        ),
        ("It scales, so that it is fast, and so on.", {}),
        ("Well, it depends. So the broker scales.", {"well": 1, "so": 1}),
        ("Umm, uhh, hmm... er, erm, ah.", {"um": 1, "uh": 1, "hmm": 1, "er": 1, "erm": 1, "ah": 1}),
    ],
)
def test_filler_rules(text: str, expected: dict[str, int]) -> None:
    assert find_fillers(text) == expected


def test_like_between_pauses_is_a_filler_without_commas() -> None:
    text = "it is like fast"
    paused = [Word("it", 0.0, 0.2), Word("is", 0.3, 0.5), Word("like", 0.9, 1.1)]
    paused.append(Word("fast", 1.5, 1.8))
    assert find_fillers(text, paused) == {"like": 1}
    fluent = [Word(w, i * 0.3, i * 0.3 + 0.25) for i, w in enumerate(text.split())]
    assert find_fillers(text, fluent) == {}


def test_repeated_words() -> None:
    assert repeated_words("The the cache, I, I think it is is fast.") == ("the", "i", "is")
    assert repeated_words("It is done. Done! Um um, no.") == ()


def test_words_per_minute_from_timestamps() -> None:
    words = [Word(f"w{i}", 0.5 + i * 0.5, 0.9 + i * 0.5) for i in range(10)]  # 0.5 s to 5.4 s
    text = " ".join(w.text for w in words) + " um"
    delivery = assess_delivery(text, words, None, RATE, 90)
    assert delivery.words == 10  # the "um" is not a word
    assert delivery.words_per_minute == pytest.approx(10 / (4.9 / 60), abs=0.1)
    assert delivery.speaking_seconds == pytest.approx(4.9)
    assert delivery.limit_seconds == 90.0
    assert (delivery.fillers, delivery.filler_count) == ({"um": 1}, 1)


def test_words_per_minute_from_audio_without_timestamps() -> None:
    samples = bursts([1.0, 3.0, 1.0])  # 1 s silence, 3 s "speech", 1 s silence
    delivery = assess_delivery("one two three four five six", (), samples, RATE, 60)
    assert delivery.speaking_seconds == pytest.approx(3.0, abs=0.06)
    assert delivery.words_per_minute == pytest.approx(120, abs=3)
    assert delivery.recording_seconds == pytest.approx(5.0)


def test_typed_answer_has_no_pace() -> None:
    delivery = assess_delivery("I would use Kafka.", (), None, RATE, 120)
    assert (delivery.words, delivery.words_per_minute, delivery.speaking_seconds) == (4, 0.0, 0.0)
    assert (delivery.long_pauses, delivery.longest_silence_seconds) == (0, 0.0)
    assert count_words("um, Kafka") == 1


def bursts(
    layout: list[float], level_dbfs: float = -12.0, noise_dbfs: float | None = -70.0
) -> npt.NDArray[np.int16]:
    """Silence and a 220 Hz tone in turns, `layout` = [silence, tone, silence, ...] seconds,
    over faint white noise (a room) unless `noise_dbfs` is None."""
    rng = np.random.default_rng(7)
    parts = []
    for index, seconds in enumerate(layout):
        n = round(seconds * RATE)
        if index % 2:
            amplitude = 32768 * 10 ** (level_dbfs / 20) * np.sqrt(2)
            parts.append(amplitude * np.sin(2 * np.pi * 220 * np.arange(n) / RATE))
        else:
            parts.append(np.zeros(n))
    signal = np.concatenate(parts)
    if noise_dbfs is not None:
        signal += rng.normal(0, 32768 * 10 ** (noise_dbfs / 20), signal.size)
    samples: npt.NDArray[np.int16] = np.clip(signal, -32768, 32767).astype(np.int16)
    return samples


def test_silences_between_tone_bursts() -> None:
    samples = bursts([1.0, 1.0, 2.5, 1.0, 2.5, 1.0, 0.7])
    found = silences(samples, RATE)
    assert len(found) == 2
    for (start, end), (want_start, want_end) in zip(found, [(2.0, 4.5), (5.5, 8.0)], strict=True):
        assert start == pytest.approx(want_start, abs=0.1)
        assert end == pytest.approx(want_end, abs=0.1)
    delivery = assess_delivery("a b c", (), samples, RATE, 60)
    assert delivery.long_pauses == 2
    assert delivery.longest_silence_seconds == pytest.approx(2.5, abs=0.1)
    assert len(delivery.pauses) == 2


def test_short_gaps_are_not_long_pauses() -> None:
    samples = bursts([0.5, 1.0, 1.5, 1.0, 0.3, 1.0, 0.5])
    assert [round(e - s, 1) for s, e in silences(samples, RATE)] == [1.5, 0.3]
    assert assess_delivery("x", (), samples, RATE, 60).long_pauses == 0


def test_silence_threshold_follows_the_recording_level() -> None:
    quiet = bursts([1.0, 1.0, 2.5, 1.0, 1.0], level_dbfs=-40.0, noise_dbfs=-75.0)
    assert len(silences(quiet, RATE)) == 1
    loud_noise = bursts([1.0, 1.0, 2.5, 1.0, 1.0], level_dbfs=-6.0, noise_dbfs=-45.0)
    assert len(silences(loud_noise, RATE)) == 1  # noise 39 dB below the speech is silence


def test_all_quiet_or_empty_audio_has_no_pauses() -> None:
    assert silences(np.zeros(RATE * 3, dtype=np.int16), RATE) == []
    assert silences(np.zeros(0, dtype=np.int16), RATE) == []


def test_stereo_samples_are_mixed() -> None:
    mono = bursts([1.0, 1.0, 2.5, 1.0, 1.0])
    stereo = np.stack([mono, mono], axis=1)
    assert silences(stereo, RATE) == silences(mono, RATE)


# --- the whole --------------------------------------------------------------------------


def test_assess_gives_json_able_feedback() -> None:
    q = question("event-driven-architecture")
    text = "So, um, I'd use Kafka, you know, for the the events."
    words = [Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(text.split())]
    feedback = assess(q, text, words, bursts([0.5, 2.0, 2.2, 2.0, 0.5]), RATE)
    assert isinstance(feedback, Feedback)
    assert feedback.delivery.limit_seconds == q.answer_seconds
    assert feedback.delivery.repeated_words == ("the",)
    assert feedback.delivery.long_pauses == 1
    assert feedback.content.covered == 2
    data = json.loads(json.dumps(feedback.to_dict()))
    assert data["content"]["score"] == feedback.content.score
    assert data["coverage"][1]["label"] == q.key_points[1].label
    assert data["coverage"][1]["matches"] == [{"start": 16, "end": 21, "term": "Kafka"}]
    assert data["delivery"]["fillers"] == {"so": 1, "um": 1, "you know": 1}
    assert data["delivery"]["pauses"] == [list(p) for p in feedback.delivery.pauses]


def test_assess_recording_reads_the_wav(tmp_path: Path) -> None:
    q = question("cap-theorem")
    path = tmp_path / "answer.wav"
    write_wav_int16(path, bursts([0.5, 2.0, 3.0, 2.0, 0.5]), RATE)
    transcript = Transcript(q.sample_answer, (), "whisper", "base", 8.0, 1.0)
    feedback = assess_recording(q, transcript, path, 60)
    assert feedback.content.score == 100
    assert feedback.delivery.long_pauses == 1
    assert feedback.delivery.longest_silence_seconds == pytest.approx(3.0, abs=0.1)
    assert feedback.delivery.recording_seconds == pytest.approx(8.0)
    assert feedback.delivery.limit_seconds == 60.0
