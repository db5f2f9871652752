"""Filler-word benchmark: does prompting Whisper keep "um" and "uh", and at what cost?

    .venv/bin/python benchmarks/fillers.py [--model base] [--json OUT.json]

Whisper is trained on cleaned-up transcripts and drops hesitations; a disfluent
`initial_prompt` (`simulator.audio.transcribe.FILLER_PROMPT`) makes it write them. faster-whisper
keeps the hotwords (the question's key terms) in the context beside that prompt, but the two
share it, so this measures both together. Speech: eight answers to bank questions, full of
fillers, spoken by the app's synthesizer (pyttsx3 + espeak-ng at 175 wpm), three of them
longer than Whisper's 30 s window (the prompt only reaches the first window).

Columns: fillers spoken (counted by `simulator.feedback.delivery.find_fillers` on the script),
fillers heard (the same on the transcript), fillers kept (per filler, the smaller of the two,
so a hallucinated "um" does not make up for a lost one), WER on the words other than
hesitation sounds (so keeping or dropping "um" is not itself an error), key-term recall (the
bank terms the script says that the transcript has), and key points covered
(`simulator.feedback.coverage.cover`). Transcription is deterministic (temperature 0).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.audio.speech import Synthesizer  # noqa: E402
from simulator.audio.transcribe import WhisperEngine, load_audio  # noqa: E402
from simulator.bank import Question, load_bank  # noqa: E402
from simulator.feedback.coverage import cover  # noqa: E402
from simulator.feedback.delivery import find_fillers  # noqa: E402
from simulator.feedback.text import HESITATIONS  # noqa: E402
from tests.speech_corpus import corpus_wer, normalize  # noqa: E402

ANSWERS = {
    "event-driven-architecture": (
        "So, um, I would, uh, use Kafka, you know, for the events. Basically every service "
        "publishes, um, immutable events, and the consumers are, like, loosely coupled."
    ),
    "distributed-tracing": (
        "Um, so first I would, uh, instrument every service with OpenTelemetry. Then, like, "
        "the spans go to Jaeger or, um, Zipkin, and I mean, we put the trace ID in the logs."
    ),
    "cap-theorem": (
        "So the CAP theorem, um, says that you can't have, uh, consistency, availability and "
        "partition tolerance, you know, all at once. Basically during a network partition you "
        "have to, um, choose between consistency and availability."
    ),
    "database-sharding": (
        "Uh, sharding is, um, kind of splitting the data into shards. So you pick a shard key, "
        "like, a hash of the user ID, and, uh, tools like Vitess or Cassandra actually handle "
        "the routing. Cross-shard queries are, you know, expensive, so, um, you avoid them."
    ),
    "secure-financial-api": (
        "So, um, for a financial API I would, uh, use HTTPS everywhere, and OAuth for "
        "authentication, you know, with JWT tokens for authorization. Um, then input "
        "validation, encryption at rest, and, like, audit logging. And basically we need PCI "
        "DSS compliance, so, uh, regular security audits. I mean, that is, um, the baseline, "
        "and then, uh, we add rate limiting, and, you know, we actually rotate the keys, um, "
        "every few months, like, automatically."
    ),
    "kubernetes-orchestration": (
        "Um, Kubernetes is, uh, a container orchestration platform. So it, like, schedules "
        "pods, and a deployment keeps, um, the right number of replicas running. Basically "
        "the horizontal pod autoscaler does the scaling, and, uh, services give you load "
        "balancing. Um, if a container crashes, it, you know, restarts it, and liveness and "
        "readiness probes, uh, are the health checks. I mean, that is, like, self-healing, "
        "and, um, it gives you high availability, actually, across nodes."
    ),
    "graphql-optimization": (
        "So, uh, in GraphQL you define a schema, um, with queries and mutations. Then, like, "
        "DataLoader does batching, so, you know, you avoid the N plus one problem. Um, "
        "caching matters too, and, uh, cursor pagination, and, basically, persisted queries."
    ),
    "chaos-engineering": (
        "Um, chaos engineering is, uh, injecting faults on purpose. So you run, like, "
        "controlled experiments with Chaos Monkey or, um, Gremlin. You start small, you "
        "know, and limit the blast radius. Uh, you monitor the metrics, the steady state, and, "
        "um, basically you stop the experiment if, like, the error rate goes up. I mean, the "
        "point is, uh, resilience, you know, finding the weaknesses, um, before the customers "
        "actually find them, and, uh, then you fix them and, like, run it again."
    ),
}

CONFIGS = (
    ("plain", False, False),
    ("hints", False, True),
    ("prompt", True, False),
    ("prompt+hints", True, True),
)


@dataclass
class Row:
    config: str
    spoken: int
    heard: int
    kept: int
    hesitations_spoken: int
    hesitations_kept: int
    wer: float
    key_terms: float
    points: float
    seconds: float


def without_hesitations(text: str) -> str:
    """Normalised words (tests.speech_corpus.normalize) with um, uh... removed."""
    return " ".join(w for w in normalize(text).split() if w not in HESITATIONS)


def key_terms(question: Question, script: str) -> list[str]:
    """The bank terms the script says."""
    said = f" {normalize(script)} "
    return [t for p in question.key_points for t in p.terms if f" {normalize(t)} " in said]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="base")
    parser.add_argument("--json", type=Path, help="also write every transcript here")
    args = parser.parse_args()
    bank = load_bank(ROOT / "questions.toml")
    rows: list[Row] = []
    transcripts: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        synthesizer = Synthesizer()
        audio = {
            qid: load_audio(synthesizer.to_wav(script, Path(folder) / f"{qid}.wav"))
            for qid, script in ANSWERS.items()
        }
        synthesizer.close()
        seconds = {qid: a.seconds for qid, a in audio.items()}
        print("answers (s): " + ", ".join(f"{q} {s:.0f}" for q, s in seconds.items()))
        engines = {keep: WhisperEngine(args.model, keep_fillers=keep) for keep in (False, True)}
        for name, keep, hinted in CONFIGS:
            engine = engines[keep]
            engine.load()
            pairs, texts = [], {}
            spoken = heard = kept = hes_spoken = hes_kept = caught = total = 0
            covered = points = 0
            started = time.perf_counter()
            for qid, script in ANSWERS.items():
                question = bank.get(qid)
                hints = [t for p in question.key_points for t in p.terms] if hinted else []
                text = engine.transcribe(audio[qid], hints).text
                texts[qid] = text
                said, got = find_fillers(script), find_fillers(text)
                spoken += sum(said.values())
                heard += sum(got.values())
                kept += sum(min(n, got.get(f, 0)) for f, n in said.items())
                hes = set(HESITATIONS.values())
                hes_spoken += sum(n for f, n in said.items() if f in hes)
                hes_kept += sum(min(n, got.get(f, 0)) for f, n in said.items() if f in hes)
                pairs.append((without_hesitations(script), without_hesitations(text)))
                heard_words = f" {normalize(text)} "
                terms = key_terms(question, script)
                caught += sum(f" {normalize(t)} " in heard_words for t in terms)
                total += len(terms)
                expected = cover(question.key_points, script, question.sample_answer)
                got_points = cover(question.key_points, text, question.sample_answer)
                points += sum(c.covered for c in expected)
                covered += sum(
                    g.covered and e.covered for g, e in zip(got_points, expected, strict=True)
                )
            transcripts[name] = texts
            rows.append(
                Row(
                    name,
                    spoken,
                    heard,
                    kept,
                    hes_spoken,
                    hes_kept,
                    corpus_wer(pairs),
                    caught / total,
                    covered / points,
                    time.perf_counter() - started,
                )
            )
    print_table(rows, args.model, sum(seconds.values()))
    if args.json:
        args.json.write_text(json.dumps(transcripts, indent=2), encoding="utf-8")


def print_table(rows: list[Row], model: str, audio_seconds: float) -> None:
    print(f"Fillers, whisper {model}, {len(ANSWERS)} answers, {audio_seconds:.0f} s of speech")
    header = (
        f"{'config':<13} {'spoken':>6} {'heard':>6} {'kept':>6} {'um/uh kept':>11} "
        f"{'WER':>6} {'key terms':>9} {'points':>7} {'time s':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        um = f"{r.hesitations_kept}/{r.hesitations_spoken}"
        print(
            f"{r.config:<13} {r.spoken:>6} {r.heard:>6} {r.kept:>6} {um:>11} "
            f"{r.wer:>6.3f} {r.key_terms:>9.1%} {r.points:>7.1%} {r.seconds:>7.1f}"
        )


if __name__ == "__main__":
    main()
