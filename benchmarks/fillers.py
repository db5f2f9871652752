"""Filler-word benchmark: does prompting Whisper keep "um" and "uh", and at what cost?

    .venv/bin/python benchmarks/fillers.py [--model base] [--syntheses 3] [--json OUT.json]

Whisper is trained on cleaned-up transcripts, and the question's key terms given as hints make
it drop hesitations; a disfluent context (`simulator.audio.transcribe.FILLER_PROMPT`) makes it
write them. `WhisperEngine(keep_fillers=True)` ("prompt+hints") puts that context at the head
of faster-whisper's `hotwords`, ahead of the hints, and only when there are hints. Two
alternatives are measured by rewriting the options on their way into faster-whisper
(`Context`): the context as `initial_prompt`, which faster-whisper places after the hotwords
("initial_prompt+hints"), and the context without hints ("prompt").

Speech, spoken by the app's synthesizer (pyttsx3 + espeak-ng at 175 wpm): fourteen answers to
bank questions full of fillers (the prompt was chosen on the first eight, "fillers/tuning",
and checked on the other six, "fillers/held-out"), and the bank's ten fluent sample answers
("samples"), where a prompt can only cost.

Every script is spoken `--syntheses` times (3): espeak-ng's audio differs slightly from one
synthesis to the next, and so, now and then, does Whisper's transcript. Columns: runaway
transcripts (more than `RUNAWAY` times the script's words: Whisper repeating a hint or the
prompt until the window ends), fillers spoken (counted by
`simulator.feedback.delivery.find_fillers` on the script), fillers kept (per filler, the
smaller of spoken and transcribed, so a hallucinated "um" does not make up for a lost one), of
which um/uh, WER on the words other than hesitation sounds (so keeping or dropping "um" is not
itself an error), key-term recall (the bank terms the script says that the transcript has), key
points covered (`simulator.feedback.coverage.cover`, of the points the script covers), and
transcription time. Decoding is deterministic (temperature 0).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.audio.speech import Synthesizer  # noqa: E402
from simulator.audio.transcribe import (  # noqa: E402
    FILLER_PROMPT,
    Audio,
    WhisperEngine,
    load_audio,
)
from simulator.bank import Question, QuestionBank, load_bank  # noqa: E402
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

HELD_OUT = {
    "api-versioning": (
        "Um, so, versioning is, uh, mostly about backward compatibility. I mean, you put v1 or "
        "v2 in the URL, or, like, in a header. Then, uh, you deprecate the old version, you "
        "know, with a sunset date, and basically you document it with OpenAPI."
    ),
    "distributed-data-consistency": (
        "So, uh, ACID is, um, atomicity, consistency, isolation and durability. Across nodes "
        "you need, like, two-phase commit, or, you know, a saga. Uh, otherwise you accept "
        "eventual consistency. I mean, Spanner and CockroachDB actually give you, um, strong "
        "consistency."
    ),
    "cap-theorem": (
        "Well, um, the CAP theorem is, like, about trade-offs. So, uh, when the network "
        "partitions, you know, you pick consistency or availability. Basically you can't have "
        "all three, um, at the same time."
    ),
    "graphql-optimization": (
        "Um, GraphQL, uh, needs a good schema. So, like, resolvers can cause the N plus one "
        "problem, and, you know, DataLoader fixes it with batching. Um, I would also, uh, add "
        "caching and, like, cursor pagination."
    ),
    "chaos-engineering": (
        "So, um, chaos engineering, uh, means fault injection in production. Like, you run "
        "experiments, you know, with Gremlin or Chaos Monkey, and, um, you watch the metrics. "
        "I mean, you start small, uh, with a small blast radius, and basically you build "
        "resilience."
    ),
    "distributed-tracing": (
        "Um, I'd, uh, propagate context through every request, like, with OpenTelemetry. Then, "
        "you know, the spans go to Grafana Tempo or, um, Jaeger. So, uh, you add a correlation "
        "ID in the logs, basically."
    ),
}

RUNAWAY = 1.5
"""A transcript this many times longer than its script has Whisper repeating itself."""

CONFIGS = (
    # name, WhisperEngine(keep_fillers=...), hints, where else the context goes (see Context)
    ("plain", False, False, None),
    ("hints", False, True, None),
    ("prompt", False, False, "alone"),
    ("prompt+hints", True, True, None),
    ("initial_prompt+hints", True, True, "initial"),
)


class Context:
    """Wraps a faster-whisper model to try where `FILLER_PROMPT` goes, other than where the
    engine puts it: "initial" moves it from `hotwords` to `initial_prompt`; "alone" gives it
    as `hotwords` when there are no hints (the engine uses it only with hints)."""

    def __init__(self, model: Any, mode: str) -> None:
        self.model = model
        self.mode = mode

    def transcribe(self, audio: Any, **options: Any) -> Any:
        hotwords = options.get("hotwords") or ""
        if self.mode == "initial" and hotwords.startswith(FILLER_PROMPT):
            options["hotwords"] = hotwords[len(FILLER_PROMPT) :].strip() or None
            options["initial_prompt"] = FILLER_PROMPT
        elif self.mode == "alone" and not hotwords:
            options["hotwords"] = FILLER_PROMPT
        return self.model.transcribe(audio, **options)


@dataclass
class Row:
    config: str
    speech: str
    clips: int
    runaway: int
    spoken: int
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


def measure(
    engine: WhisperEngine,
    name: str,
    speech: str,
    items: dict[str, tuple[str, Audio]],
    hinted: bool,
    bank: QuestionBank,
) -> tuple[Row, dict[str, str]]:
    """Transcribe every (script, audio) of one set with one configuration and score it."""
    pairs, texts = [], {}
    spoken = kept = hes_spoken = hes_kept = caught = total = covered = points = 0
    hesitations = set(HESITATIONS.values())
    started = time.perf_counter()
    runaway = 0
    for key, (script, audio) in items.items():
        question = bank.get(key.partition("#")[0])
        hints = [t for p in question.key_points for t in p.terms] if hinted else []
        text = engine.transcribe(audio, hints).text
        texts[key] = text
        runaway += len(normalize(text).split()) > RUNAWAY * len(normalize(script).split())
        said, got = find_fillers(script), find_fillers(text)
        spoken += sum(said.values())
        kept += sum(min(n, got.get(f, 0)) for f, n in said.items())
        hes_spoken += sum(n for f, n in said.items() if f in hesitations)
        hes_kept += sum(min(n, got.get(f, 0)) for f, n in said.items() if f in hesitations)
        pairs.append((without_hesitations(script), without_hesitations(text)))
        heard_words = f" {normalize(text)} "
        terms = key_terms(question, script)
        caught += sum(f" {normalize(t)} " in heard_words for t in terms)
        total += len(terms)
        expected = cover(question.key_points, script, question.sample_answer)
        got_points = cover(question.key_points, text, question.sample_answer)
        points += sum(c.covered for c in expected)
        covered += sum(g.covered and e.covered for g, e in zip(got_points, expected, strict=True))
    row = Row(
        name,
        speech,
        len(items),
        runaway,
        spoken,
        kept,
        hes_spoken,
        hes_kept,
        corpus_wer(pairs),
        caught / total,
        covered / points,
        time.perf_counter() - started,
    )
    return row, texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="base")
    parser.add_argument("--json", type=Path, help="also write every transcript here")
    parser.add_argument(
        "--syntheses",
        type=int,
        default=3,
        help="speak every script this many times (espeak-ng's audio differs slightly each time)",
    )
    args = parser.parse_args()
    bank = load_bank(ROOT / "questions.toml")
    scripts = {
        "fillers/tuning": ANSWERS,
        "fillers/held-out": HELD_OUT,
        "samples": {q.id: q.sample_answer for q in bank.questions},
    }
    rows: list[Row] = []
    transcripts: dict[str, dict[str, dict[str, str]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        synthesizer = Synthesizer()
        sets = {
            speech: {
                f"{qid}#{n}": (
                    script,
                    load_audio(synthesizer.to_wav(script, Path(folder) / f"{i}-{qid}-{n}.wav")),
                )
                for n in range(args.syntheses)
                for qid, script in texts.items()
            }
            for i, (speech, texts) in enumerate(scripts.items())
        }
        synthesizer.close()
    for name, keep, hinted, mode in CONFIGS:
        engine = WhisperEngine(args.model, keep_fillers=keep)
        engine.load()
        if mode:
            engine._whisper = Context(engine._whisper, mode)
        for speech, items in sets.items():
            row, texts = measure(engine, name, speech, items, hinted, bank)
            rows.append(row)
            transcripts.setdefault(name, {})[speech] = texts
            print(f"measured {name} on {speech}", file=sys.stderr, flush=True)
    seconds = {
        s: sum(a.seconds for _, a in items.values()) / args.syntheses for s, items in sets.items()
    }
    print_table(rows, args.model, seconds, args.syntheses)
    if args.json:
        args.json.write_text(json.dumps(transcripts, indent=2), encoding="utf-8")


def print_table(rows: list[Row], model: str, seconds: dict[str, float], syntheses: int) -> None:
    sizes = ", ".join(f"{speech} {s:.0f} s" for speech, s in seconds.items())
    print(f"Fillers, whisper {model}; speech (each spoken {syntheses} times): {sizes}")
    header = (
        f"{'config':<21} {'speech':<16} {'runaway':>7} {'spoken':>6} {'kept':>5} "
        f"{'um/uh kept':>10} {'WER':>6} {'key terms':>9} {'points':>7} {'time s':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in sorted(rows, key=lambda r: list(seconds).index(r.speech)):
        um = f"{r.hesitations_kept}/{r.hesitations_spoken}"
        loops = f"{r.runaway}/{r.clips}"
        print(
            f"{r.config:<21} {r.speech:<16} {loops:>7} {r.spoken:>6} {r.kept:>5} {um:>10} "
            f"{r.wer:>6.3f} {r.key_terms:>9.1%} {r.points:>7.1%} {r.seconds:>7.1f}"
        )


if __name__ == "__main__":
    main()
